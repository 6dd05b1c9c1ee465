"""Bytes in, typed ``Message`` out, and back: the entry points for both wire formats.

``parse_message`` maps the content; it checks what the model promises (identifiers, amounts
in the currency's decimals, mandatory elements) but not the XSD or usage rules, which are
``validate_message``'s job. FIN payloads are handed to ``bankwire.messages.mt``.

``render_mx`` writes the AppHdr and Document inside a ``urn:swift:xsd:envelope`` Envelope
(the CBPR+ layout), or a bare Document when the message has no business header (Fedwire).
"""

from __future__ import annotations

import dataclasses
from typing import Final

from lxml import etree

from bankwire.errors import SchemaViolation, UnsupportedMessage
from bankwire.messages.detect import MxParts, is_fin, locate
from bankwire.messages.iso20022.apphdr import read_business_header, write_business_header
from bankwire.messages.iso20022.common import element_path
from bankwire.messages.iso20022.registry import handler_for
from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.mxtree import parse_mx_tree

__all__ = ["ENVELOPE_NAMESPACE", "message_from_parts", "parse_message", "render_mx"]

ENVELOPE_NAMESPACE: Final[str] = "urn:swift:xsd:envelope"


def parse_message(data: bytes) -> Message:
    """Parse an ISO 20022 or FIN message into the format-independent model.

    Raises:
        ParseError: not well-formed, or refused for safety (DTD, size, depth).
        SchemaViolation: a mandatory element is missing or a value is invalid.
        UnsupportedMessage: a message type the model does not cover.
    """
    if is_fin(data):
        # Imported here so that ISO 20022 users never pay for loading the FIN package.
        from bankwire.messages.mt import parse as parse_fin

        return parse_fin(data)
    return message_from_parts(locate(parse_mx_tree(data)))


def message_from_parts(parts: MxParts) -> Message:
    """Map located parts; the validator calls this on the tree it already parsed."""
    if parts.document is None:
        raise SchemaViolation(
            f"/{_local(parts.root.tag)}: no ISO 20022 Document element found (got none)"
        )
    message_type = parts.message_type
    if message_type is None:
        raise UnsupportedMessage(
            f"{element_path(parts.document)}: namespace {_namespace(parts.document.tag)!r} "
            "is not an ISO 20022 message namespace"
        )
    handler = handler_for(message_type)
    if handler is None:
        raise UnsupportedMessage(
            f"{message_type}: not modelled (supported: pacs.008, pacs.009, pacs.002, pacs.004, "
            "camt.056, camt.029)"
        )
    header = read_business_header(parts.header) if parts.header is not None else None
    return handler.read(parts.document, message_type, header)


def render_mx(message: Message) -> bytes:
    """Render as ISO 20022 XML that validates against the shipped XSDs."""
    handler = handler_for(message.message_type)
    if handler is None or message.format is not MessageFormat.MX:
        raise UnsupportedMessage(
            f"{message.message_type}: cannot be rendered as ISO 20022; translate it first"
        )
    document = handler.write(message)
    header = message.header
    if header is None:
        root = document
    else:
        if header.message_definition_id[:8] == handler.rendered_version[:8]:
            # The Document is written in the rendered version; the header must name it.
            header = dataclasses.replace(header, message_definition_id=handler.rendered_version)
        root = etree.Element(
            f"{{{ENVELOPE_NAMESPACE}}}Envelope",
            nsmap={None: ENVELOPE_NAMESPACE},  # type: ignore[dict-item]  # None: default ns.
        )
        root.append(write_business_header(header))
        root.append(document)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


def _local(tag: object) -> str:
    text = str(tag)
    return text[text.rfind("}") + 1 :]


def _namespace(tag: object) -> str:
    text = str(tag)
    return text[1 : text.find("}")] if text.startswith("{") else ""
