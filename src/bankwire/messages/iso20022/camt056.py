"""camt.056 FIToFIPaymentCancellationRequest: a request to cancel earlier transfers.

Each ``Undrlyg/TxInf`` becomes a ``Cancellation``. Its case is the transaction's own
``Case`` or else the message's; with no case at all the assignment id stands for it, as
CBPR+ recommends using the same value for both.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.assignment import (
    read_assignment,
    read_case,
    write_assignment,
    write_case,
)
from bankwire.messages.iso20022.common import Element, body_of, children, require
from bankwire.messages.iso20022.original import (
    collect,
    read_original,
    read_party_or_agent,
    read_reasons,
    write_original_group,
    write_reason,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import BusinessHeader, Cancellation, Message, MessageFormat

__all__ = ["NAMESPACE", "read_camt056", "write_camt056"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"


def read_camt056(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    body = body_of(document)
    assignment = None
    shared: dict[str, object] = {}
    entries: list[Element] = []
    for name, child in children(body):
        if name == "Assgnmt":
            assignment = child
        elif name == "Case":
            read_case(child, shared)
        elif name == "Undrlyg":
            entries.extend(tx for part, tx in children(child) if part == "TxInf")
    require(assignment, body, "Assgnmt")
    assert assignment is not None
    header, parties = read_assignment(assignment, len(entries))
    shared = {"case_id": header.message_id, **parties, **shared}
    cancellations = tuple(_read_entry(entry, shared) for entry in entries)
    require(cancellations or None, body, "Undrlyg/TxInf")
    return Message(
        message_type=message_type,
        format=MessageFormat.MX,
        header=business_header,
        group_header=header,
        cancellations=cancellations,
    )


def _read_entry(element: Element, shared: dict[str, object]) -> Cancellation:
    single, reasons = collect(element)
    values = dict(shared)
    if (case := single.get("Case")) is not None:
        read_case(case, values)
    read_original(single, values, with_created=True)
    read_reasons(reasons, values)
    if (found := single.get("Assgnr")) is not None:
        values["assigner"] = read_party_or_agent(found)
    if (found := single.get("Assgne")) is not None:
        values["assignee"] = read_party_or_agent(found)
    return Cancellation(**values)  # type: ignore[arg-type]


def write_camt056(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "FIToFIPmtCxlReq")
    assert message.group_header is not None
    first = message.cancellations[0]
    write_assignment(writer, body, message.group_header, first)
    underlying = writer.node(body, "Undrlyg")
    for cancellation in message.cancellations:
        _write_entry(writer, writer.node(underlying, "TxInf"), cancellation, first)
    return document


def _write_entry(
    writer: Writer, element: Element, cancellation: Cancellation, first: Cancellation
) -> None:
    """PaymentTransaction106 order."""
    write_case(writer, element, "Case", cancellation)
    write_original_group(
        writer,
        element,
        cancellation.original_message_id,
        cancellation.original_message_type,
        cancellation.original_created,
    )
    writer.leaf(element, "OrgnlInstrId", cancellation.original_instruction_id)
    writer.leaf(element, "OrgnlEndToEndId", cancellation.original_end_to_end_id)
    writer.leaf(element, "OrgnlUETR", cancellation.original_uetr)
    writer.amount(element, "OrgnlIntrBkSttlmAmt", cancellation.original_amount)
    writer.day(element, "OrgnlIntrBkSttlmDt", cancellation.original_settlement_date)
    if cancellation.assigner != first.assigner and cancellation.assigner is not None:
        writer.agent(writer.node(element, "Assgnr"), "Agt", cancellation.assigner)
    if cancellation.assignee != first.assignee and cancellation.assignee is not None:
        writer.agent(writer.node(element, "Assgne"), "Agt", cancellation.assignee)
    write_reason(
        writer, element, "CxlRsnInf", cancellation.reason_code, cancellation.additional_information
    )
