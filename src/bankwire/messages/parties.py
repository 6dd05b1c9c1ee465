"""Every party of a message as a flat list for screening, from either wire format.

A party lost here is a party never screened, so the walk covers every slot of the model:
the business header's sender and receiver, the group header's agents and reimbursement
agents, each transaction's parties, agents (previous instructing, intermediary, charges)
and their accounts, the customer transfer underlying a COV, the return chain, the
cancellation's assigner, assignee and case creator, and every free text (remittance
information, instructions to agents, regulatory details, reasons, MT narrative). Free text
is a ``FREE_TEXT`` record whose ``name`` holds the text, so name screening reads it.

Locations use the ISO 20022 element names (``CdtTrfTxInf[1]/Cdtr``) for MX messages and
the FIN block and field tag (``4:59``) for MT messages.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.model import (
    Account,
    Agent,
    Cancellation,
    CreditTransfer,
    Message,
    MessageFormat,
    Party,
    PartyRecord,
    PartyRole,
    PaymentReturn,
    PostalAddress,
    StatusReport,
)

__all__ = ["extract_parties"]

# Where each ISO 20022 element travels in an MT103/MT202 (CBPR+ translation rules).
_MT_FIELDS: Final[dict[str, str]] = {
    "AppHdr/Fr": "1", "AppHdr/To": "2", "Dbtr": "4:50a", "DbtrAgt": "4:52a",
    "InstgRmbrsmntAgt": "4:53a", "InstdRmbrsmntAgt": "4:54a", "ThrdRmbrsmntAgt": "4:55a",
    "IntrmyAgt1": "4:56a", "IntrmyAgt2": "4:56a", "IntrmyAgt3": "4:56a", "CdtrAgt": "4:57a",
    "Cdtr": "4:59a", "RmtInf": "4:70", "InstrForCdtrAgt": "4:72", "InstrForNxtAgt": "4:72",
    "RgltryRptg": "4:77B", "ChrgsInf": "4:71F", "UltmtDbtr": "4:50a", "UltmtCdtr": "4:59a",
    "free_text": "4:79", "AddtlInf": "4:79",
}  # fmt: skip


class _Collector:
    """Accumulates records; ``location`` maps an MX path to the message's own notation."""

    __slots__ = ("is_mt", "records")

    def __init__(self, message_format: MessageFormat) -> None:
        self.is_mt = message_format is MessageFormat.MT
        self.records: list[PartyRecord] = []

    def location(self, path: str) -> str:
        if not self.is_mt:
            return path
        for step in reversed(path.split("/")):
            field = _MT_FIELDS.get(step.split("[")[0])
            if field is not None:
                return field
        return _MT_FIELDS.get(path, "4")

    def party(
        self, role: PartyRole, path: str, party: Party | None, account: Account | None = None
    ) -> None:
        if party is None:
            return
        address = party.address
        self.records.append(
            PartyRecord(
                role=role,
                location=self.location(path),
                name=party.name,
                address_lines=_address_lines(address),
                country=(address.country if address else None) or party.country_of_residence,
                account=_account_id(account),
                bic=party.bic,
                lei=party.lei,
                identifiers=party.other_ids,
            )
        )

    def agent(
        self, role: PartyRole, path: str, agent: Agent | None, account: Account | None = None
    ) -> None:
        if agent is None:
            return
        identifiers: tuple[tuple[str, str], ...] = ()
        if agent.member_id is not None:
            identifiers = ((agent.clearing_system or "clearing_member", agent.member_id),)
        self.records.append(
            PartyRecord(
                role=role,
                location=self.location(path),
                name=agent.name,
                address_lines=_address_lines(agent.address),
                country=agent.address.country if agent.address else None,
                account=_account_id(account or agent.account),
                bic=agent.bic,
                lei=agent.lei,
                identifiers=identifiers,
                is_institution=True,
            )
        )

    def texts(self, path: str, texts: tuple[str, ...]) -> None:
        for number, text in enumerate(texts, start=1):
            if text.strip():
                self.records.append(
                    PartyRecord(
                        role=PartyRole.FREE_TEXT,
                        location=self.location(f"{path}[{number}]"),
                        name=text,
                    )
                )


def extract_parties(message: Message) -> list[PartyRecord]:
    """Flatten every party, agent and free text of ``message`` (MX or MT) for screening."""
    collector = _Collector(message.format)
    _header(collector, message)
    for number, transfer in enumerate(message.transfers, start=1):
        _transfer(collector, f"CdtTrfTxInf[{number}]", transfer)
    for number, report in enumerate(message.status_reports, start=1):
        _status(collector, f"TxInfAndSts[{number}]", report)
    for number, payment_return in enumerate(message.returns, start=1):
        _return(collector, f"TxInf[{number}]", payment_return)
    for number, cancellation in enumerate(message.cancellations, start=1):
        _cancellation(collector, f"TxInf[{number}]", cancellation)
    collector.texts("free_text", message.free_text)
    return collector.records


def _header(collector: _Collector, message: Message) -> None:
    header = message.header
    if header is not None:
        collector.agent(PartyRole.SENDER, "AppHdr/Fr", Agent(bic=header.from_bic))
        collector.agent(PartyRole.RECEIVER, "AppHdr/To", Agent(bic=header.to_bic))
    group = message.group_header
    if group is None:
        return
    collector.agent(PartyRole.INSTRUCTING_AGENT, "GrpHdr/InstgAgt", group.instructing_agent)
    collector.agent(PartyRole.INSTRUCTED_AGENT, "GrpHdr/InstdAgt", group.instructed_agent)
    for name, agent in (
        ("InstgRmbrsmntAgt", group.instructing_reimbursement_agent),
        ("InstdRmbrsmntAgt", group.instructed_reimbursement_agent),
        ("ThrdRmbrsmntAgt", group.third_reimbursement_agent),
    ):
        collector.agent(PartyRole.REIMBURSEMENT_AGENT, f"GrpHdr/SttlmInf/{name}", agent)


def _transfer(collector: _Collector, path: str, transfer: CreditTransfer) -> None:
    role = PartyRole
    collector.agent(role.INSTRUCTING_AGENT, f"{path}/InstgAgt", transfer.instructing_agent)
    collector.agent(role.INSTRUCTED_AGENT, f"{path}/InstdAgt", transfer.instructed_agent)
    for number, agent in enumerate(transfer.previous_instructing_agents, start=1):
        collector.agent(role.PREVIOUS_INSTRUCTING_AGENT, f"{path}/PrvsInstgAgt{number}", agent)
    for number, agent in enumerate(transfer.intermediary_agents, start=1):
        collector.agent(role.INTERMEDIARY_AGENT, f"{path}/IntrmyAgt{number}", agent)
    for number, (_, charging_agent) in enumerate(transfer.charges, start=1):
        location = f"{path}/ChrgsInf[{number}]/Agt"
        collector.agent(role.INTERMEDIARY_AGENT, location, charging_agent)
    collector.party(role.ULTIMATE_DEBTOR, f"{path}/UltmtDbtr", transfer.ultimate_debtor)
    collector.party(role.INITIATING_PARTY, f"{path}/InitgPty", transfer.initiating_party)
    collector.party(role.DEBTOR, f"{path}/Dbtr", transfer.debtor, transfer.debtor_account)
    collector.agent(role.DEBTOR_FI, f"{path}/Dbtr", transfer.debtor_fi, transfer.debtor_account)
    collector.agent(
        role.DEBTOR_AGENT, f"{path}/DbtrAgt", transfer.debtor_agent, transfer.debtor_agent_account
    )
    collector.agent(
        role.CREDITOR_AGENT,
        f"{path}/CdtrAgt",
        transfer.creditor_agent,
        transfer.creditor_agent_account,
    )
    collector.party(role.CREDITOR, f"{path}/Cdtr", transfer.creditor, transfer.creditor_account)
    collector.agent(
        role.CREDITOR_FI, f"{path}/Cdtr", transfer.creditor_fi, transfer.creditor_account
    )
    collector.party(role.ULTIMATE_CREDITOR, f"{path}/UltmtCdtr", transfer.ultimate_creditor)
    collector.texts(f"{path}/InstrForCdtrAgt", transfer.instructions_for_creditor_agent)
    collector.texts(f"{path}/InstrForNxtAgt", transfer.instructions_for_next_agent)
    collector.texts(f"{path}/RgltryRptg", transfer.regulatory_reporting)
    collector.texts(f"{path}/RmtInf/Ustrd", transfer.remittance_information)
    collector.texts(f"{path}/RmtInf/Strd", transfer.structured_remittance)
    if transfer.underlying is not None:
        _transfer(collector, f"{path}/UndrlygCstmrCdtTrf", transfer.underlying)


def _status(collector: _Collector, path: str, report: StatusReport) -> None:
    collector.agent(PartyRole.INSTRUCTING_AGENT, f"{path}/InstgAgt", report.instructing_agent)
    collector.agent(PartyRole.INSTRUCTED_AGENT, f"{path}/InstdAgt", report.instructed_agent)
    collector.texts(f"{path}/StsRsnInf/AddtlInf", report.additional_information)


def _return(collector: _Collector, path: str, payment_return: PaymentReturn) -> None:
    role = PartyRole
    collector.agent(role.INSTRUCTING_AGENT, f"{path}/InstgAgt", payment_return.instructing_agent)
    collector.agent(role.INSTRUCTED_AGENT, f"{path}/InstdAgt", payment_return.instructed_agent)
    chain = f"{path}/RtrChain"
    collector.party(role.DEBTOR, f"{chain}/Dbtr", payment_return.original_debtor)
    collector.agent(role.DEBTOR_AGENT, f"{chain}/DbtrAgt", payment_return.original_debtor_agent)
    collector.agent(role.CREDITOR_AGENT, f"{chain}/CdtrAgt", payment_return.original_creditor_agent)
    collector.party(role.CREDITOR, f"{chain}/Cdtr", payment_return.original_creditor)
    collector.texts(f"{path}/RtrRsnInf/AddtlInf", payment_return.additional_information)


def _cancellation(collector: _Collector, path: str, cancellation: Cancellation) -> None:
    collector.agent(PartyRole.INSTRUCTING_AGENT, "Assgnmt/Assgnr", cancellation.assigner)
    collector.agent(PartyRole.INSTRUCTED_AGENT, "Assgnmt/Assgne", cancellation.assignee)
    creator = cancellation.case_creator
    if isinstance(creator, Agent):
        collector.agent(PartyRole.INITIATING_PARTY, f"{path}/Case/Cretr", creator)
    else:
        collector.party(PartyRole.INITIATING_PARTY, f"{path}/Case/Cretr", creator)
    collector.texts(f"{path}/CxlRsnInf/AddtlInf", cancellation.additional_information)


def _address_lines(address: PostalAddress | None) -> tuple[str, ...]:
    """Unstructured lines first, then the structured parts composed into lines."""
    if address is None:
        return ()
    composed = (
        " ".join(part for part in (address.department,) if part),
        " ".join(
            part
            for part in (address.street_name, address.building_number, address.building_name)
            if part
        ),
        " ".join(part for part in (address.floor, address.room, address.post_box) if part),
        " ".join(
            part
            for part in (address.post_code, address.town_name, address.town_location_name)
            if part
        ),
        " ".join(part for part in (address.district_name, address.country_subdivision) if part),
    )
    return address.lines + tuple(line for line in composed if line)


def _account_id(account: Account | None) -> str | None:
    if account is None:
        return None
    return account.iban or account.other_id or account.proxy
