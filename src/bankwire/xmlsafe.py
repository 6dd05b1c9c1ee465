"""Hardened XML parsing shared by every reader of untrusted XML (lists and messages).

Untrusted XML is parsed with no DTD, no entity resolution, no network access and a size
bound. A document that declares a DOCTYPE is refused outright: neither sanctions lists nor
ISO 20022 messages use one, and refusing it closes external-entity (XXE) and
entity-expansion ("billion laughs") attacks before they start.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

__all__ = ["XML_BYTES_MAX", "XmlSecurityError", "XmlSyntaxError", "parse_xml", "syntax_text"]

XML_BYTES_MAX: Final[int] = 256 * 1024 * 1024
_DEPTH_MAX: Final[int] = 256


class XmlSecurityError(ValueError):
    """The document uses a feature refused for safety (DTD, entities) or is too large."""


class XmlSyntaxError(ValueError):
    """The document is not well-formed XML; the message names line and column."""


_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")


def syntax_text(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message without the ", line N, column M" lxml appends: the caller says where,
    and the message would say it twice."""
    return _POSITION_SUFFIX.sub("", str(exc.msg))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        collect_ids=False,
    )


def _depth_ok(root: etree._Element) -> bool:
    # Iterative walk: recursion on hostile input is itself a way to crash.
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > _DEPTH_MAX:
            return False
        stack.extend((child, depth + 1) for child in element)
    return True


def parse_xml(
    data: bytes, *, what: str = "document", size_max: int = XML_BYTES_MAX, check_depth: bool = True
) -> etree._Element:
    """Parse untrusted bytes into an element tree, or raise a clear error.

    Args:
        data: the raw document.
        what: how to name the document in errors ("UN list un.xml", "pacs.008 message").
        size_max: refuse larger documents before parsing.
        check_depth: refuse nesting deeper than 256 levels.

    Raises:
        XmlSecurityError: DOCTYPE/ENTITY declarations, oversize or overdeep documents.
        XmlSyntaxError: not well-formed XML, with line and column.
    """
    if len(data) > size_max:
        raise XmlSecurityError(f"{what}: {len(data)} bytes exceeds the limit of {size_max} bytes")
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in head:
        raise XmlSecurityError(
            f"{what}: a DOCTYPE/ENTITY declaration is not allowed (DTDs and entities are "
            "refused to prevent external-entity and entity-expansion attacks)"
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise XmlSyntaxError(
            f"{what}: not well-formed XML at line {line}, column {column}: {syntax_text(exc)}"
        ) from exc
    if root is None:
        raise XmlSyntaxError(f"{what}: empty document")
    doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
    if doctype:
        raise XmlSecurityError(f"{what}: a DOCTYPE declaration is not allowed")
    if check_depth and not _depth_ok(root):
        raise XmlSecurityError(f"{what}: elements nest deeper than {_DEPTH_MAX} levels")
    return root
