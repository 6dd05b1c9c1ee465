"""The business application header (head.001.001.02 and .04) to and from ``BusinessHeader``.

Both versions name the elements the model keeps identically. Rendering always writes
head.001.001.02, the version CBPR+ uses; a related header (``Rltd``) is kept in full so
that status reports and returns render back with it.
"""

from __future__ import annotations

from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.iso20022.common import (
    Element,
    children,
    element_path,
    institution_bic,
    read_datetime,
    require,
    text_of,
    valid_bic,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import BusinessHeader, fast_constructor

__all__ = ["HEADER_NAMESPACE", "read_business_header", "write_business_header"]

HEADER_NAMESPACE: Final[str] = "urn:iso:std:iso:20022:tech:xsd:head.001.001.02"
_new_business_header: Final = fast_constructor(BusinessHeader)
# The header's plain texts by element name: one lookup per child instead of a chain of tests.
_TEXTS: Final[dict[str, str]] = {
    "BizMsgIdr": "business_message_id",
    "MsgDefIdr": "message_definition_id",
    "BizSvc": "business_service",
    "CpyDplct": "copy_duplicate",
    "Prty": "priority",
}


def read_business_header(element: Element) -> BusinessHeader:
    """Map an ``AppHdr`` (or its ``Rltd``) element."""
    values: dict[str, object] = {}
    for name, child in children(element):
        if (field := _TEXTS.get(name)) is not None:
            values[field] = text_of(child)
        elif name == "Fr":
            values["from_bic"] = _party_bic(child)
        elif name == "To":
            values["to_bic"] = _party_bic(child)
        elif name == "CreDt":
            values["created"] = read_datetime(child)
        elif name == "PssblDplct":
            values["possible_duplicate"] = text_of(child) == "true"
        elif name == "Rltd" and "related" not in values:
            related = read_business_header(child)
            values["related"] = related
            values["related_reference"] = related.business_message_id
    for name, field in (
        ("Fr", "from_bic"),
        ("To", "to_bic"),
        ("BizMsgIdr", "business_message_id"),
        ("MsgDefIdr", "message_definition_id"),
        ("CreDt", "created"),
    ):
        require(values.get(field), element, name)
    header: BusinessHeader = _new_business_header(**values)
    return header


def _party_bic(element: Element) -> str:
    """``Fr``/``To``: CBPR+ requires ``FIId/FinInstnId/BICFI``."""
    leaf = institution_bic(element)
    if leaf is not None:
        try:
            return valid_bic(text_of(leaf))
        except ValueError as exc:
            raise SchemaViolation(f"{element_path(leaf)}: {exc}") from exc
    raise SchemaViolation(
        f"{element_path(element)}: must identify a financial institution by "
        "FIId/FinInstnId/BICFI (got none)"
    )


def write_business_header(header: BusinessHeader, local: str = "AppHdr") -> Element:
    writer = Writer(HEADER_NAMESPACE)
    element = writer.root(local)
    _write_into(writer, element, header)
    return element


def _write_into(writer: Writer, element: Element, header: BusinessHeader) -> None:
    for name, bic in (("Fr", header.from_bic), ("To", header.to_bic)):
        institution = writer.node(writer.node(writer.node(element, name), "FIId"), "FinInstnId")
        writer.leaf(institution, "BICFI", bic)
    writer.leaf(element, "BizMsgIdr", header.business_message_id)
    writer.leaf(element, "MsgDefIdr", header.message_definition_id)
    writer.leaf(element, "BizSvc", header.business_service)
    writer.moment(element, "CreDt", header.created)
    writer.leaf(element, "CpyDplct", header.copy_duplicate)
    if header.possible_duplicate:
        writer.leaf(element, "PssblDplct", "true")
    writer.leaf(element, "Prty", header.priority)
    if header.related is not None:
        _write_into(writer, writer.node(element, "Rltd"), header.related)
