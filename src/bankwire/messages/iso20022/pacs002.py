"""pacs.002 FIToFIPaymentStatusReport: the status of earlier transfers (ACSC, RJCT ...).

Each ``TxInfAndSts`` becomes a ``StatusReport``; a report that gives only a group status
(``OrgnlGrpInfAndSts`` without transactions) becomes one report of that status. The group
header has no ``NbOfTxs``; the model's count is the number of reports.
"""

from __future__ import annotations

from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.iso20022.common import (
    Element,
    body_of,
    children,
    element_path,
    read_agent,
    read_amount,
    read_date,
    read_datetime,
    require,
    text_of,
)
from bankwire.messages.iso20022.grouphdr import read_group_header, write_group_header
from bankwire.messages.iso20022.original import (
    collect,
    read_original,
    read_reasons,
    write_original_group,
    write_reason,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import BusinessHeader, Message, MessageFormat, StatusReport

__all__ = ["NAMESPACE", "read_pacs002", "write_pacs002"]

NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10"


def read_pacs002(
    document: Element, message_type: str, business_header: BusinessHeader | None = None
) -> Message:
    body = body_of(document)
    group_header = None
    group_values: dict[str, object] = {}
    entries: list[Element] = []
    for name, child in children(body):
        if name == "GrpHdr":
            group_header = child
        elif name == "OrgnlGrpInfAndSts" and not group_values:
            _read_group_status(child, group_values)
        elif name == "TxInfAndSts":
            entries.append(child)
    require(group_header, body, "GrpHdr")
    assert group_header is not None
    reports = [_read_entry(entry, group_values) for entry in entries]
    if not reports:
        reports.append(_report(body, dict(group_values)))
    return Message(
        message_type=message_type,
        format=MessageFormat.MX,
        header=business_header,
        group_header=read_group_header(group_header, count=len(reports)),
        status_reports=tuple(reports),
    )


def _read_group_status(element: Element, values: dict[str, object]) -> None:
    single, reasons = collect(element)
    for name, field in (
        ("OrgnlMsgId", "original_message_id"),
        ("OrgnlMsgNmId", "original_message_type"),
        ("GrpSts", "status"),
    ):
        if (found := single.get(name)) is not None:
            values[field] = text_of(found)
    read_reasons(reasons, values)


def _read_entry(element: Element, group_values: dict[str, object]) -> StatusReport:
    single, reasons = collect(element)
    values = dict(group_values)
    read_original(single, values)
    read_reasons(reasons, values)
    if (found := single.get("TxSts")) is not None:
        values["status"] = text_of(found)
    if (found := single.get("AccptncDtTm")) is not None:
        values["acceptance_time"] = read_datetime(found)
    if (found := single.get("InstgAgt")) is not None:
        values["instructing_agent"] = read_agent(found)
    if (found := single.get("InstdAgt")) is not None:
        values["instructed_agent"] = read_agent(found)
    if (reference := single.get("OrgnlTxRef")) is not None:
        for name, child in children(reference):
            if name == "IntrBkSttlmAmt":
                values["original_amount"] = read_amount(child)
            elif name == "IntrBkSttlmDt":
                values["original_settlement_date"] = read_date(child)
    return _report(element, values)


def _report(element: Element, values: dict[str, object]) -> StatusReport:
    for field in ("original_message_id", "original_message_type", "status"):
        if values.get(field) is None:
            raise SchemaViolation(
                f"{element_path(element)}: a status report needs {field} "
                "(OrgnlGrpInf/OrgnlMsgId, OrgnlMsgNmId and TxSts or GrpSts; got none)"
            )
    return StatusReport(**values)  # type: ignore[arg-type]


def write_pacs002(message: Message) -> Element:
    writer = Writer(NAMESPACE)
    document = writer.root("Document")
    body = writer.node(document, "FIToFIPmtStsRpt")
    assert message.group_header is not None
    write_group_header(writer, body, message.group_header, with_count=False)
    for report in message.status_reports:
        _write_entry(writer, writer.node(body, "TxInfAndSts"), report)
    return document


def _write_entry(writer: Writer, element: Element, report: StatusReport) -> None:
    write_original_group(writer, element, report.original_message_id, report.original_message_type)
    writer.leaf(element, "OrgnlInstrId", report.original_instruction_id)
    writer.leaf(element, "OrgnlEndToEndId", report.original_end_to_end_id)
    writer.leaf(element, "OrgnlUETR", report.original_uetr)
    writer.leaf(element, "TxSts", report.status)
    write_reason(writer, element, "StsRsnInf", report.reason_code, report.additional_information)
    writer.moment(element, "AccptncDtTm", report.acceptance_time)
    writer.agent(element, "InstgAgt", report.instructing_agent)
    writer.agent(element, "InstdAgt", report.instructed_agent)
    if report.original_amount is not None or report.original_settlement_date is not None:
        reference = writer.node(element, "OrgnlTxRef")
        writer.amount(reference, "IntrBkSttlmAmt", report.original_amount)
        writer.day(reference, "IntrBkSttlmDt", report.original_settlement_date)
