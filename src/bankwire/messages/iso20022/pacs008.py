"""pacs.008 FIToFICustomerCreditTransfer: a customer credit transfer (MT103's successor).

Reads any version whose element names match the model (CBPR+ .08, Fedwire .08, newer .12);
renders version .08 in CreditTransferTransaction39 order.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.common import Element
from bankwire.messages.iso20022.grouphdr import write_group_header
from bankwire.messages.iso20022.transaction_writer import (
    write_agent_chain,
    write_instructions,
    write_payment_id,
    write_payment_type,
    write_regulatory_reporting,
    write_remittance,
)
from bankwire.messages.iso20022.transfer_message import read_transfer_message
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import (
    BusinessHeader,
    CreditTransfer,
    Message,
)

__all__ = ["NAMESPACE", "read_pacs008", "write_pacs008"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"


def read_pacs008(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    """Map a pacs.008 ``Document`` (the header is attached by the caller)."""
    return read_transfer_message(document, message_type, business_header, institutions=False)


def write_pacs008(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "FIToFICstmrCdtTrf")
    assert message.group_header is not None
    write_group_header(writer, body, message.group_header)
    for transfer in message.transfers:
        _write_transaction(writer, writer.node(body, "CdtTrfTxInf"), transfer)
    return document


def _write_transaction(writer: Writer, element: Element, transfer: CreditTransfer) -> None:
    write_payment_id(writer, element, transfer)
    write_payment_type(writer, element, transfer)
    writer.amount(element, "IntrBkSttlmAmt", transfer.interbank_settlement_amount)
    writer.day(element, "IntrBkSttlmDt", transfer.settlement_date)
    writer.amount(element, "InstdAmt", transfer.instructed_amount)
    writer.leaf(element, "XchgRate", transfer.exchange_rate)
    writer.leaf(element, "ChrgBr", transfer.charge_bearer)
    for amount, agent in transfer.charges:
        charge = writer.node(element, "ChrgsInf")
        writer.amount(charge, "Amt", amount)
        writer.agent(charge, "Agt", agent)
    write_agent_chain(writer, element, transfer)
    writer.party(element, "UltmtDbtr", transfer.ultimate_debtor)
    writer.party(element, "InitgPty", transfer.initiating_party)
    writer.party(element, "Dbtr", transfer.debtor)
    writer.account(element, "DbtrAcct", transfer.debtor_account)
    writer.agent(element, "DbtrAgt", transfer.debtor_agent)
    writer.account(element, "DbtrAgtAcct", transfer.debtor_agent_account)
    writer.agent(element, "CdtrAgt", transfer.creditor_agent)
    writer.account(element, "CdtrAgtAcct", transfer.creditor_agent_account)
    writer.party(element, "Cdtr", transfer.creditor)
    writer.account(element, "CdtrAcct", transfer.creditor_account)
    writer.party(element, "UltmtCdtr", transfer.ultimate_creditor)
    write_instructions(writer, element, transfer)
    writer.choice(element, "Purp", transfer.purpose)
    write_regulatory_reporting(writer, element, transfer)
    write_remittance(writer, element, transfer)
