"""Hardened parsing of an ISO 20022 payload into an lxml tree, with message-sized bounds.

Same hardening as ``bankwire.xmlsafe`` (no DTD, no entities, no network); here the bounds
are tightened to what a payment message can need: CBPR+ messages are well under 1 MiB (the
largest real sample, every optional element filled, is 129 KB) and nest about 12 levels
deep. The depth check is one precompiled XPath evaluated in C, so it costs little on the
hot path, and the parser is built once per thread.
"""

from __future__ import annotations

import threading
from typing import Final

from lxml import etree

from bankwire.errors import ParseError
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError

__all__ = ["MX_BYTES_MAX", "MX_DEPTH_MAX", "parse_mx_tree", "read_tree"]

MX_BYTES_MAX: Final[int] = 2 * 1024 * 1024
MX_DEPTH_MAX: Final[int] = 48
_TOO_DEEP: Final = etree.XPath("boolean(/" + "*/" * MX_DEPTH_MAX + "*)")
_THREAD: Final = threading.local()
_PROLOG_SCAN_BYTES: Final[int] = 8192
_DTD_MARKERS: Final[tuple[bytes, bytes]] = (b"<!DOCTYPE", b"<!ENTITY")


def _parser() -> etree.XMLParser:
    """One parser per thread, with ``bankwire.xmlsafe``'s options.

    Building a parser costs as much as parsing a whole message, so it is built once; lxml
    parsers must not be shared between threads, hence one per thread.
    """
    parser: etree.XMLParser | None = getattr(_THREAD, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            collect_ids=False,
        )
        _THREAD.parser = parser
    return parser


def read_tree(data: bytes) -> etree._Element:
    """Parse; raises ``XmlSecurityError`` or ``XmlSyntaxError`` (the validator's two layers).

    The refusals are ``bankwire.xmlsafe``'s: size first, then any DOCTYPE or ENTITY
    declaration, checked again on the parsed tree.
    """
    if len(data) > MX_BYTES_MAX:
        raise XmlSecurityError(
            f"ISO 20022 message: {len(data)} bytes exceeds the limit of {MX_BYTES_MAX} bytes"
        )
    # A DOCTYPE (the only place ENTITY declarations live) belongs to the prolog: the head of
    # the data is scanned before parsing, the parsed tree's doctype checked after it.
    if _declares_dtd(data):
        raise XmlSecurityError(
            "ISO 20022 message: a DOCTYPE/ENTITY declaration is not allowed (refused to "
            "prevent external-entity and entity-expansion attacks)"
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise XmlSyntaxError(
            f"ISO 20022 message: not well-formed XML at line {line}, column {column}: {exc.msg}"
        ) from exc
    if root is None:
        raise XmlSyntaxError("ISO 20022 message: empty document")
    doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
    if doctype:
        raise XmlSecurityError("ISO 20022 message: a DOCTYPE declaration is not allowed")
    if _TOO_DEEP(root):
        raise XmlSecurityError(
            f"ISO 20022 message: elements nest deeper than {MX_DEPTH_MAX} levels"
        )
    return root


def _declares_dtd(data: bytes) -> bool:
    """Whether ``<!DOCTYPE`` or ``<!ENTITY`` occurs in the first ``_PROLOG_SCAN_BYTES``.

    A substring search costs about a nanosecond a byte, microseconds per message; a single
    byte is found with memchr, ten times faster. ``!`` is rare in a payment message (comments,
    CDATA, declarations, the odd text), so each one found is checked where it stands.
    """
    position = data.find(b"!", 1, _PROLOG_SCAN_BYTES)
    while position != -1:
        if data.startswith(_DTD_MARKERS, position - 1, _PROLOG_SCAN_BYTES):
            return True
        position = data.find(b"!", position + 1, _PROLOG_SCAN_BYTES)
    return False


def parse_mx_tree(data: bytes) -> etree._Element:
    """Parse for ``parse_message``: every refusal is a ``ParseError``."""
    try:
        return read_tree(data)
    except (XmlSecurityError, XmlSyntaxError) as exc:
        raise ParseError(str(exc)) from exc
