"""extract_parties: every party, agent and free text, including a COV's underlying transfer."""

from __future__ import annotations

from bankwire.messages.api import parse_message
from bankwire.messages.model import (
    Account,
    Agent,
    CreditTransfer,
    Message,
    MessageFormat,
    Party,
    PartyRole,
    PostalAddress,
)
from bankwire.messages.parties import extract_parties
from bankwire.money import Amount

from .mx_samples import CAMT056, PACS004, PACS008, PACS009_COV


def test_customer_transfer_parties() -> None:
    records = extract_parties(parse_message(PACS008.read_bytes()))
    debtor = next(record for record in records if record.role is PartyRole.DEBTOR)
    assert debtor.location == "CdtTrfTxInf[1]/Dbtr"
    assert debtor.name == "GB Engineering "
    assert debtor.address_lines == ("Industrial Park", "Cambridge")
    assert debtor.country == "GB"
    assert debtor.account == "96325874"
    assert debtor.is_institution is False
    roles = [record.role for record in records]
    assert roles.count(PartyRole.INTERMEDIARY_AGENT) == 1
    remittance = [record for record in records if record.role is PartyRole.FREE_TEXT]
    assert [(record.location, record.name) for record in remittance] == [
        ("CdtTrfTxInf[1]/RmtInf/Ustrd[1]", "/ROC/E2E04044506271305")
    ]


def test_cover_includes_the_underlying_customers() -> None:
    """The customers of a COV travel only in UndrlygCstmrCdtTrf; losing them is the risk."""
    records = extract_parties(parse_message(PACS009_COV.read_bytes()))
    customers = {
        (record.role, record.name, record.location)
        for record in records
        if record.role in (PartyRole.DEBTOR, PartyRole.CREDITOR)
    }
    assert customers == {
        (PartyRole.DEBTOR, "A Debiter", "CdtTrfTxInf[1]/UndrlygCstmrCdtTrf/Dbtr"),
        (PartyRole.CREDITOR, "B Creditor Co", "CdtTrfTxInf[1]/UndrlygCstmrCdtTrf/Cdtr"),
    }
    institutions = {record.bic for record in records if record.role is PartyRole.DEBTOR_FI}
    assert institutions == {"CLYDGB2S"}
    creditor = next(record for record in records if record.name == "B Creditor Co")
    assert creditor.identifiers == (("", "NOTPROVIDED"),)


def test_return_chain_and_reason_text() -> None:
    records = extract_parties(parse_message(PACS004.read_bytes()))
    names = {(record.role, record.name) for record in records if record.name}
    assert (PartyRole.CREDITOR, "GB Engineering ") in names


def test_cancellation_case_creator() -> None:
    records = extract_parties(parse_message(CAMT056.read_bytes()))
    creator = next(record for record in records if record.location.endswith("Case/Cretr"))
    assert (creator.name, creator.address_lines) == ("NOTPROVIDED", ("NOTPROVIDED",))
    assert [record.name for record in records if record.role is PartyRole.FREE_TEXT] == [
        "NOTPROVIDED"
    ]


def test_mt_messages_are_located_by_field_tag() -> None:
    """The model is format-independent; for MT the location is the FIN field."""
    transfer = CreditTransfer(
        end_to_end_id="REF",
        interbank_settlement_amount=Amount.of(100, "EUR"),
        debtor=Party(name="ACME", address=PostalAddress(lines=("1 MAIN ST",))),
        debtor_account=Account(iban="GB29NWBK60161331926819"),
        creditor_agent=Agent(bic="DEUTDEFFXXX"),
        intermediary_agents=(Agent(bic="CHASUS33XXX"),),
        instructions_for_next_agent=("/ACC/PLEASE ADVISE",),
    )
    message = Message(
        message_type="MT103",
        format=MessageFormat.MT,
        header=None,
        group_header=None,
        transfers=(transfer,),
        free_text=("NARRATIVE",),
    )
    located = [(record.role, record.location) for record in extract_parties(message)]
    assert located == [
        (PartyRole.INTERMEDIARY_AGENT, "4:56a"),
        (PartyRole.DEBTOR, "4:50a"),
        (PartyRole.CREDITOR_AGENT, "4:57a"),
        (PartyRole.FREE_TEXT, "4:72"),
        (PartyRole.FREE_TEXT, "4:79"),
    ]
    debtor = extract_parties(message)[1]
    assert (debtor.account, debtor.address_lines) == ("GB29NWBK60161331926819", ("1 MAIN ST",))
