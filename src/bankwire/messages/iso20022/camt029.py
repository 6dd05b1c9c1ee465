"""camt.029 ResolutionOfInvestigation: the answer to a cancellation request (MT196/296).

Each ``CxlDtls/TxInfAndSts`` becomes a ``Cancellation`` whose ``resolution_status`` is the
transaction's ``TxCxlSts`` or else the message's ``Sts/Conf``; an answer without
transaction details becomes one cancellation of the resolved case.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.assignment import (
    read_assignment,
    read_case,
    write_assignment,
    write_case,
)
from bankwire.messages.iso20022.common import (
    Element,
    body_of,
    children,
    require,
    text_of,
)
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

__all__ = ["NAMESPACE", "read_camt029", "write_camt029"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:camt.029.001.09"


def read_camt029(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    body = body_of(document)
    assignment = None
    shared: dict[str, object] = {}
    entries: list[Element] = []
    for name, child in children(body):
        if name == "Assgnmt":
            assignment = child
        elif name == "RslvdCase":
            read_case(child, shared)
        elif name == "Sts":
            for kind, status in children(child):
                if kind == "Conf":
                    shared["resolution_status"] = text_of(status)
        elif name == "CxlDtls":
            entries.extend(tx for part, tx in children(child) if part == "TxInfAndSts")
    require(assignment, body, "Assgnmt")
    assert assignment is not None
    header, parties = read_assignment(assignment, max(len(entries), 1))
    shared = {"case_id": header.message_id, **parties, **shared}
    cancellations = tuple(_read_entry(entry, shared) for entry in entries)
    return Message(
        message_type=message_type,
        format=MessageFormat.MX,
        header=business_header,
        group_header=header,
        cancellations=cancellations or (Cancellation(**shared),),  # type: ignore[arg-type]
    )


def _read_entry(element: Element, shared: dict[str, object]) -> Cancellation:
    single, reasons = collect(element)
    values = dict(shared)
    if (case := single.get("RslvdCase")) is not None:
        read_case(case, values)
    read_original(single, values, with_created=True)
    read_reasons(reasons, values)
    if (found := single.get("TxCxlSts")) is not None:
        values["resolution_status"] = text_of(found)
    if (found := single.get("Assgnr")) is not None:
        values["assigner"] = read_party_or_agent(found)
    if (found := single.get("Assgne")) is not None:
        values["assignee"] = read_party_or_agent(found)
    return Cancellation(**values)  # type: ignore[arg-type]


def write_camt029(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "RsltnOfInvstgtn")
    assert message.group_header is not None
    first = message.cancellations[0]
    write_assignment(writer, body, message.group_header, first)
    write_case(writer, body, "RslvdCase", first)
    writer.leaf(writer.node(body, "Sts"), "Conf", first.resolution_status)
    details = writer.node(body, "CxlDtls")
    for cancellation in message.cancellations:
        _write_entry(writer, writer.node(details, "TxInfAndSts"), cancellation, first)
    return document


def _write_entry(
    writer: Writer, element: Element, cancellation: Cancellation, first: Cancellation
) -> None:
    """PaymentTransaction102 order; case and status only where they differ from the first."""
    if (cancellation.case_id, cancellation.case_creator) != (first.case_id, first.case_creator):
        write_case(writer, element, "RslvdCase", cancellation)
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
    if cancellation.resolution_status != first.resolution_status:
        writer.leaf(element, "TxCxlSts", cancellation.resolution_status)
    write_reason(
        writer,
        element,
        "CxlStsRsnInf",
        cancellation.reason_code,
        cancellation.additional_information,
    )
    writer.amount(element, "OrgnlIntrBkSttlmAmt", cancellation.original_amount)
    writer.day(element, "OrgnlIntrBkSttlmDt", cancellation.original_settlement_date)
    if cancellation.assigner != first.assigner and cancellation.assigner is not None:
        writer.agent(writer.node(element, "Assgnr"), "Agt", cancellation.assigner)
    if cancellation.assignee != first.assignee and cancellation.assignee is not None:
        writer.agent(writer.node(element, "Assgne"), "Agt", cancellation.assignee)
