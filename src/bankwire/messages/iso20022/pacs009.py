"""pacs.009 FinancialInstitutionCreditTransfer: bank-to-bank transfers, incl. COV and ADV.

The debtor and creditor are institutions (``debtor_fi``/``creditor_fi``). A COV carries the
customer transfer it covers in ``UndrlygCstmrCdtTrf``, mapped to ``CreditTransfer.underlying``
so that its debtor and creditor are screened like those of a pacs.008.
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
    write_remittance,
    write_underlying_agents,
)
from bankwire.messages.iso20022.transfer_message import read_transfer_message
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import (
    BusinessHeader,
    CreditTransfer,
    Message,
)

__all__ = ["NAMESPACE", "read_pacs009", "write_pacs009"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"


def read_pacs009(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    return read_transfer_message(document, message_type, business_header, institutions=True)


def write_pacs009(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "FICdtTrf")
    assert message.group_header is not None
    write_group_header(writer, body, message.group_header)
    for transfer in message.transfers:
        _write_transaction(writer, writer.node(body, "CdtTrfTxInf"), transfer)
    return document


def _write_transaction(writer: Writer, element: Element, transfer: CreditTransfer) -> None:
    """CreditTransferTransaction36 order."""
    write_payment_id(writer, element, transfer)
    write_payment_type(writer, element, transfer)
    writer.amount(element, "IntrBkSttlmAmt", transfer.interbank_settlement_amount)
    writer.day(element, "IntrBkSttlmDt", transfer.settlement_date)
    write_agent_chain(writer, element, transfer)
    writer.agent(element, "Dbtr", transfer.debtor_fi)
    writer.account(element, "DbtrAcct", transfer.debtor_account)
    writer.agent(element, "DbtrAgt", transfer.debtor_agent)
    writer.account(element, "DbtrAgtAcct", transfer.debtor_agent_account)
    writer.agent(element, "CdtrAgt", transfer.creditor_agent)
    writer.account(element, "CdtrAgtAcct", transfer.creditor_agent_account)
    writer.agent(element, "Cdtr", transfer.creditor_fi)
    writer.account(element, "CdtrAcct", transfer.creditor_account)
    write_instructions(writer, element, transfer)
    writer.choice(element, "Purp", transfer.purpose)
    write_remittance(writer, element, transfer, structured=False)
    if transfer.underlying is not None:
        _write_underlying(writer, writer.node(element, "UndrlygCstmrCdtTrf"), transfer.underlying)


def _write_underlying(writer: Writer, element: Element, transfer: CreditTransfer) -> None:
    """CreditTransferTransaction37 order."""
    writer.party(element, "UltmtDbtr", transfer.ultimate_debtor)
    writer.party(element, "InitgPty", transfer.initiating_party)
    writer.party(element, "Dbtr", transfer.debtor)
    writer.account(element, "DbtrAcct", transfer.debtor_account)
    writer.agent(element, "DbtrAgt", transfer.debtor_agent)
    writer.account(element, "DbtrAgtAcct", transfer.debtor_agent_account)
    write_underlying_agents(writer, element, transfer)
    writer.agent(element, "CdtrAgt", transfer.creditor_agent)
    writer.account(element, "CdtrAgtAcct", transfer.creditor_agent_account)
    writer.party(element, "Cdtr", transfer.creditor)
    writer.account(element, "CdtrAcct", transfer.creditor_account)
    writer.party(element, "UltmtCdtr", transfer.ultimate_creditor)
    write_instructions(writer, element, transfer)
    write_remittance(writer, element, transfer)
    writer.amount(element, "InstdAmt", transfer.instructed_amount)
