"""The group header (``GrpHdr``) of pacs.008, pacs.009, pacs.004 and pacs.002.

pacs.002 carries no ``NbOfTxs``; its count is the number of status entries, passed in by
the caller, and the renderer leaves the element out for that message again.
"""

from __future__ import annotations

from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.iso20022.common import (
    Element,
    children,
    element_path,
    read_account,
    read_agent,
    read_amount,
    read_choice,
    read_date,
    read_datetime,
    require,
    text_of,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import GroupHeader, fast_constructor

__all__ = ["read_group_header", "write_group_header"]

_new_group_header: Final = fast_constructor(GroupHeader)
_REIMBURSEMENT: Final[tuple[tuple[str, str], ...]] = (
    ("InstgRmbrsmntAgt", "instructing_reimbursement_agent"),
    ("InstdRmbrsmntAgt", "instructed_reimbursement_agent"),
    ("ThrdRmbrsmntAgt", "third_reimbursement_agent"),
)


def read_group_header(element: Element, count: int | None = None) -> GroupHeader:
    """Map ``GrpHdr``; ``count`` stands in for ``NbOfTxs`` where the message has none."""
    values: dict[str, object] = {}
    for name, child in children(element):
        if name == "MsgId":
            values["message_id"] = text_of(child)
        elif name == "CreDtTm":
            values["created"] = read_datetime(child)
        elif name == "NbOfTxs":
            values["number_of_transactions"] = _count(child)
        elif name == "TtlIntrBkSttlmAmt":
            values["total_amount"] = read_amount(child)
        elif name == "IntrBkSttlmDt":
            values["settlement_date"] = read_date(child)
        elif name == "SttlmInf":
            _read_settlement(child, values)
        elif name == "InstgAgt":
            values["instructing_agent"] = read_agent(child)
        elif name == "InstdAgt":
            values["instructed_agent"] = read_agent(child)
    require(values.get("message_id"), element, "MsgId")
    require(values.get("created"), element, "CreDtTm")
    if count is not None:
        values["number_of_transactions"] = count
    require(values.get("number_of_transactions"), element, "NbOfTxs")
    header: GroupHeader = _new_group_header(**values)
    return header


def _count(element: Element) -> int:
    text = text_of(element)
    # isascii: str.isdigit accepts superscripts and other digits that int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 15:
        raise SchemaViolation(f"{element_path(element)}: must be 1-15 digits (got {text!r})")
    return int(text)


def _read_settlement(element: Element, values: dict[str, object]) -> None:
    single = dict(children(element))
    if (found := single.get("SttlmMtd")) is not None:
        values["settlement_method"] = text_of(found)
    if (found := single.get("SttlmAcct")) is not None:
        values["settlement_account"] = read_account(found)
    if (found := single.get("ClrSys")) is not None:
        values["clearing_system"] = read_choice(found)
    for name, field in _REIMBURSEMENT:
        if (found := single.get(name)) is not None:
            values[field] = read_agent(found, single.get(f"{name}Acct"))


def write_group_header(
    writer: Writer, parent: Element, header: GroupHeader, *, with_count: bool = True
) -> None:
    """Emit ``GrpHdr`` in GroupHeader93 order (``with_count=False`` for pacs.002)."""
    element = writer.node(parent, "GrpHdr")
    writer.leaf(element, "MsgId", header.message_id)
    writer.moment(element, "CreDtTm", header.created)
    if with_count:
        writer.leaf(element, "NbOfTxs", str(header.number_of_transactions))
        writer.amount(element, "TtlIntrBkSttlmAmt", header.total_amount)
        writer.day(element, "IntrBkSttlmDt", header.settlement_date)
        _write_settlement(writer, element, header)
    writer.agent(element, "InstgAgt", header.instructing_agent)
    writer.agent(element, "InstdAgt", header.instructed_agent)


def _write_settlement(writer: Writer, parent: Element, header: GroupHeader) -> None:
    if header.settlement_method is None:
        return
    element = writer.node(parent, "SttlmInf")
    writer.leaf(element, "SttlmMtd", header.settlement_method)
    writer.account(element, "SttlmAcct", header.settlement_account)
    writer.choice(element, "ClrSys", header.clearing_system, code_max=3)
    for name, field in _REIMBURSEMENT:
        writer.agent_with_account(element, name, getattr(header, field))
