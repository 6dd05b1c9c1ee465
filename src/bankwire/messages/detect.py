"""Which format and message type a payload is, from its content alone.

FIN starts with a basic header block ``{1:``. ISO 20022 is XML whose ``Document`` namespace
names the message (``urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08``). Three layouts are
met: a bare ``Document`` (the Fedwire flavour), a bare ``AppHdr`` (header only, refused
later for lacking a document), and a wrapper of any name holding ``AppHdr`` and
``Document`` (``<Envelope xmlns="urn:swift:xsd:envelope">``, ``<Request>``,
``<RequestPayload>`` ...). Wrappers have no schema; the two parts are validated separately.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from lxml import etree

from bankwire.errors import ParseError
from bankwire.messages.model import MessageFormat

__all__ = ["Detected", "MxParts", "detect", "is_fin", "locate", "namespace_type"]

_ISO_NAMESPACE: Final = re.compile(
    r"^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.[0-9]{3}\.[0-9]{3}\.[0-9]{2})$"
)
_WRAPPER_DEPTH_MAX: Final[int] = 3  # Envelope/Body/AppHdr is the deepest layout seen.
_BOM: Final[bytes] = b"\xef\xbb\xbf"
_TYPE_CACHE_SIZE: Final[int] = 256  # Bounded: hostile input may invent namespaces.
_all_children: Final = operator.itemgetter(slice(None))


@dataclass(frozen=True, slots=True)
class Detected:
    format: MessageFormat
    message_type: str | None
    """``pacs.008.001.08``; for FIN the caller's parser names the MT type."""


@dataclass(frozen=True, slots=True)
class MxParts:
    """The located parts of an ISO 20022 payload."""

    root: etree._Element
    header: etree._Element | None
    document: etree._Element | None
    header_type: str | None
    """``head.001.001.02`` from the AppHdr namespace."""
    message_type: str | None
    """``pacs.008.001.08`` from the Document namespace."""


def is_fin(data: bytes) -> bool:
    return data.lstrip(b" \t\r\n").removeprefix(_BOM).startswith(b"{1:")


@lru_cache(maxsize=_TYPE_CACHE_SIZE)
def namespace_type(tag: str) -> str | None:
    """``{urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08}Document`` -> ``pacs.008.001.08``.

    Cached: a network sees a few dozen message namespaces, each on every message.
    """
    if not tag.startswith("{"):
        return None
    match = _ISO_NAMESPACE.match(tag[1 : tag.find("}")])
    return match.group(1) if match else None


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def locate(root: etree._Element) -> MxParts:
    """Find ``AppHdr`` and ``Document`` at the root or inside a wrapper (breadth first)."""
    header = None
    document = None
    level = [root]
    for _ in range(_WRAPPER_DEPTH_MAX):
        for element in level:
            tag = element.tag
            if tag.__class__ is not str:
                continue
            if tag.endswith("}Document") or tag == "Document":
                document = document if document is not None else element
            elif tag.endswith("}AppHdr") or tag == "AppHdr":
                header = header if header is not None else element
        if document is not None and (header is not None or level[0] is root):
            break  # Both parts found, or a bare Document that nothing wraps.
        # Slicing builds each child list in C; iterating an element is three times slower.
        level = [child for element in level for child in _all_children(element)]
    return MxParts(
        root=root,
        header=header,
        document=document,
        header_type=namespace_type(header.tag) if header is not None else None,
        message_type=namespace_type(document.tag) if document is not None else None,
    )


def detect(data: bytes) -> Detected:
    """Detect format and type; raises ``ParseError`` for content that is neither."""
    if is_fin(data):
        return Detected(MessageFormat.MT, None)
    stripped = data.lstrip(b" \t\r\n").removeprefix(_BOM)
    if not stripped.startswith(b"<"):
        raise ParseError(
            "message: neither ISO 20022 XML (starting with '<') nor FIN (starting with '{1:') "
            f"(got {stripped[:20]!r})"
        )
    from bankwire.messages.mxtree import parse_mx_tree

    parts = locate(parse_mx_tree(data))
    return Detected(MessageFormat.MX, parts.message_type)
