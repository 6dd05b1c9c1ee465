"""pacs.004 PaymentReturn: funds of an earlier transfer sent back (.09 CBPR+, .10 Fedwire).

Each ``TxInf`` becomes a ``PaymentReturn``. In the return chain the debtor and creditor
may be parties or agents (``Party40Choice``); both are kept as parties (an agent keeps its
name, address, BIC and LEI). Rendering writes version .09, whose return chain needs both a
debtor and a creditor: a chain with only one of them is left out.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.common import (
    Element,
    body_of,
    children,
    read_agent,
    read_amount,
    read_date,
    read_party,
    require,
    text_of,
)
from bankwire.messages.iso20022.grouphdr import read_group_header, write_group_header
from bankwire.messages.iso20022.original import (
    collect,
    read_original,
    read_party_or_agent,
    read_reasons,
    write_original_group,
    write_reason,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import BusinessHeader, Message, MessageFormat, Party, PaymentReturn

__all__ = ["NAMESPACE", "read_pacs004", "write_pacs004"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:pacs.004.001.09"


def read_pacs004(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    body = body_of(document)
    header = None
    returns = []
    for name, child in children(body):
        if name == "GrpHdr":
            header = read_group_header(child)
        elif name == "TxInf":
            returns.append(_read_return(child))
    require(header, body, "GrpHdr")
    require(returns or None, body, "TxInf")
    return Message(
        message_type=message_type,
        format=MessageFormat.MX,
        header=business_header,
        group_header=header,
        returns=tuple(returns),
    )


def _read_return(element: Element) -> PaymentReturn:
    single, reasons = collect(element)
    values: dict[str, object] = {}
    read_original(single, values)
    read_reasons(reasons, values)
    amount = single.get("RtrdIntrBkSttlmAmt")
    require(amount, element, "RtrdIntrBkSttlmAmt")
    assert amount is not None
    values["returned_amount"] = read_amount(amount)
    if (found := single.get("RtrId")) is not None:
        values["return_id"] = text_of(found)
    if (found := single.get("IntrBkSttlmDt")) is not None:
        values["settlement_date"] = read_date(found)
    if (found := single.get("ChrgBr")) is not None:
        values["charge_bearer"] = text_of(found)
    if (found := single.get("InstgAgt")) is not None:
        values["instructing_agent"] = read_agent(found)
    if (found := single.get("InstdAgt")) is not None:
        values["instructed_agent"] = read_agent(found)
    if (chain := single.get("RtrChain")) is not None:
        _read_chain(chain, values)
    return PaymentReturn(**values)  # type: ignore[arg-type]


def _as_party(element: Element) -> Party:
    for name, child in children(element):
        if name == "Pty":
            return read_party(child)
    agent = read_party_or_agent(element)
    return Party(name=agent.name, address=agent.address, bic=agent.bic, lei=agent.lei)


def _read_chain(element: Element, values: dict[str, object]) -> None:
    for name, child in children(element):
        if name == "Dbtr":
            values["original_debtor"] = _as_party(child)
        elif name == "Cdtr":
            values["original_creditor"] = _as_party(child)
        elif name == "DbtrAgt":
            values["original_debtor_agent"] = read_agent(child)
        elif name == "CdtrAgt":
            values["original_creditor_agent"] = read_agent(child)


def write_pacs004(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "PmtRtr")
    assert message.group_header is not None
    write_group_header(writer, body, message.group_header)
    for payment_return in message.returns:
        _write_return(writer, writer.node(body, "TxInf"), payment_return)
    return document


def _write_return(writer: Writer, element: Element, payment_return: PaymentReturn) -> None:
    """PaymentTransaction112 order."""
    writer.leaf(element, "RtrId", payment_return.return_id)
    write_original_group(
        writer, element, payment_return.original_message_id, payment_return.original_message_type
    )
    writer.leaf(element, "OrgnlInstrId", payment_return.original_instruction_id)
    writer.leaf(element, "OrgnlEndToEndId", payment_return.original_end_to_end_id)
    writer.leaf(element, "OrgnlUETR", payment_return.original_uetr)
    writer.amount(element, "OrgnlIntrBkSttlmAmt", payment_return.original_amount)
    writer.day(element, "OrgnlIntrBkSttlmDt", payment_return.original_settlement_date)
    writer.amount(element, "RtrdIntrBkSttlmAmt", payment_return.returned_amount)
    writer.day(element, "IntrBkSttlmDt", payment_return.settlement_date)
    writer.leaf(element, "ChrgBr", payment_return.charge_bearer)
    writer.agent(element, "InstgAgt", payment_return.instructing_agent)
    writer.agent(element, "InstdAgt", payment_return.instructed_agent)
    if payment_return.original_debtor is not None and payment_return.original_creditor is not None:
        chain = writer.node(element, "RtrChain")
        writer.party(writer.node(chain, "Dbtr"), "Pty", payment_return.original_debtor)
        writer.agent(chain, "DbtrAgt", payment_return.original_debtor_agent)
        writer.agent(chain, "CdtrAgt", payment_return.original_creditor_agent)
        writer.party(writer.node(chain, "Cdtr"), "Pty", payment_return.original_creditor)
    write_reason(
        writer,
        element,
        "RtrRsnInf",
        payment_return.reason_code,
        payment_return.additional_information,
    )
