"""MT202 / MT205 and their COV variants: sequence A is the FI transfer, B the customer one."""

from __future__ import annotations

from bankwire.messages import mt
from bankwire.messages.model import Account, Agent, PostalAddress

from .samples import fin_bytes


def test_cov_sequence_b_is_the_underlying_transfer() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT202__pacs.009.001.08__mt2mx__c_29_2_2__mt202_pacs_009COV_A_B.fin")
    )
    assert message.message_type == "MT202COV"
    transfer = message.transfers[0]
    assert (transfer.instruction_id, transfer.end_to_end_id) == (
        "pacs9bizmsgidr01", "pcs008bzmsgidr-1",
    )  # fmt: skip
    assert transfer.debtor_fi == Agent(bic="MYMBGB2LXXX")
    assert transfer.creditor_fi == Agent(bic="GEBABEBBXXX")
    assert transfer.creditor_agent == Agent(bic="RZBRROBUXXX")
    assert transfer.previous_instructing_agents == (Agent(bic="INGBROBUXXX"),)
    underlying = transfer.underlying
    assert underlying is not None
    assert underlying.interbank_settlement_amount == transfer.interbank_settlement_amount
    assert underlying.debtor is not None
    assert underlying.debtor.name == "Debtor Co"
    assert underlying.debtor_account == Account(other_id="25698745")
    assert underlying.creditor is not None
    assert underlying.creditor.address == PostalAddress(
        country="RO", town_name="Bucharest", lines=("Main Street",)
    )
    assert underlying.creditor_agent == Agent(bic="GEBABEBBXXX")


def test_reimbursement_agents_make_a_cover_settlement() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT202__pacs.009.001.08__mt2mx__c_29_4_1__mt202_pacs_009ADV_B_E.fin")
    )
    group = message.group_header
    assert group is not None
    assert group.settlement_method == "COVE"
    assert group.instructing_reimbursement_agent is not None


def test_beneficiary_narrative_is_remittance() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT202__pacs.009.001.08__mt2mx__p_2_2_1__mt202_pacs_009_B_C.fin")
    )
    assert message.transfers[0].remittance_information == ("/BNF/Invoice: 456464-9663",)
    assert b":72:/BNF/Invoice: 456464-9663\r\n" in mt.render(message)


def test_agent_accounts_move_to_their_slots() -> None:
    message = mt.parse(fin_bytes("prowide/user/MT202__MT202ParserTest_L236.fin"))
    transfer = message.transfers[0]
    assert transfer.debtor_account == Account(other_id="/FOOUBGLLARLLXXXL2S504060227")
    assert transfer.creditor_account == Account(other_id="AR4100940060792840000017")
    assert message.group_header is not None
    reimbursement = message.group_header.instructing_reimbursement_agent
    assert reimbursement == Agent(bic="FOOOOOOO", account=Account(other_id="1010A060227ARES00071"))
