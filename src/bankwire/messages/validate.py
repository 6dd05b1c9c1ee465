"""Validation in layers, each finding with an XPath-like location and a stable code.

Layers run in order on one parsed tree (nothing is parsed twice): security and
well-formedness (a failure stops here), the XSD of each part (AppHdr and Document
separately; wrappers have no schema), CBPR+ usage rules, business checks. A FIN payload is
validated by ``bankwire.messages.mt.validate``.

Codes (stable; clients may act on them):

=========================== ========== ====================================================
code                        layer      meaning
=========================== ========== ====================================================
MX_SECURITY                 security   DTD/entity declaration, over 2 MiB, over 48 levels deep
MX_NOT_WELL_FORMED          well_formed not well-formed XML (line and column in the text)
MX_NO_DOCUMENT              schema     no ISO 20022 ``Document`` element found
MX_UNKNOWN_NAMESPACE        schema     AppHdr/Document namespace is not an ISO 20022 one
XSD                         schema     the part breaks its official XSD (libxml2's message)
MX_MAPPING                  schema     valid so far, yet the model cannot be built (text says why)
CBPR_APPHDR_BIC             usage      AppHdr Fr/To without FIId/FinInstnId/BICFI
CBPR_MSGDEFIDR_MISMATCH     usage      AppHdr MsgDefIdr differs from the Document's message
CBPR_BIC_MISMATCH           usage      AppHdr Fr/To differ from instructing/instructed agent
CBPR_SINGLE_TRANSACTION     usage      not exactly one transaction, or NbOfTxs is not 1
CBPR_UETR_MISSING           usage      UETR (or OrgnlUETR in answers) missing
CBPR_SETTLEMENT_METHOD      usage      SttlmMtd other than INDA/INGA
CBPR_CHARGE_BEARER          usage      pacs.008 ChrgBr other than DEBT/CRED/SHAR
CBPR_REFERENCE_SLASH        usage      InstrId/EndToEndId starts/ends with "/" or holds "//"
CBPR_ADDRESS_TOWN_COUNTRY   usage      structured/hybrid address without TwnNm and Ctry
CBPR_ADDRESS_LINES          usage      over 3 AdrLine (unstructured) or 2 (hybrid)
CBPR_PARTY_NAME             usage      a party (Dbtr, Cdtr, ultimate, Orgtr ...) without Nm/AnyBIC
CBPR_REMITTANCE_CHOICE      usage      RmtInf with both Ustrd and Strd
CBPR_ORIGINAL_MESSAGE_NAME  usage      OrgnlMsgNmId that names no payment message
AMOUNT_DECIMALS             usage      more decimals than the currency has (JPY 1.5)
UETR_INVALID                business   UETR/OrgnlUETR not a lower-case UUIDv4
BIC_INVALID                 business   BIC with an unknown country or wrong length
IBAN_INVALID                business   IBAN country format or check digits wrong
LEI_INVALID                 business   LEI check digits wrong
CURRENCY_UNSUPPORTED        business   Ccy not a national ISO 4217 currency (XAU, EU ...)
=========================== ========== ====================================================

CBPR_* rules apply only to messages with an AppHdr (a bare Document is the Fedwire flavour).
Versions without a shipped XSD (the newer ones) skip the XSD layer; messages the model does
not cover (camt.052, pain.001 ...) get the XSD, reference, address and business layers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Final, cast

from lxml import etree

from bankwire.errors import MessageError
from bankwire.messages.api import message_from_parts
from bankwire.messages.cbpr import check_header, check_message
from bankwire.messages.cbpr_tree import header_bics
from bankwire.messages.detect import MxParts, is_fin, locate
from bankwire.messages.iso20022.common import (
    Element,
    element_path,
    share_children,
    stop_sharing_children,
)
from bankwire.messages.iso20022.registry import handler_for
from bankwire.messages.model import Message
from bankwire.messages.mxtree import may_read_compact, read_tree
from bankwire.messages.report import Layer, ValidationIssue, ValidationReport
from bankwire.messages.scan import scan_part
from bankwire.messages.schemas import schema_for
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError

__all__ = ["validate_message", "validate_mx"]

_LAYER_ORDER: Final[dict[Layer, int]] = {
    layer: rank
    for rank, layer in enumerate(
        (Layer.SECURITY, Layer.WELL_FORMED, Layer.SCHEMA, Layer.FIN, Layer.USAGE, Layer.BUSINESS)
    )
}
# The ``{namespace}`` of a qualified name (``{urn:...}Ccy``): braces right before a name, not
# a pattern's quantifier (``[A-Z]{3,3}``, ``a{2}b``) nor a class escape (``\p{Lu}``).
_NAMESPACE_IN_TEXT: Final = re.compile(r"(?<!\\[pP])\{(?![\d,]*\})[^{}\s]+\}(?=[^\W\d])")
_SCHEMA_ERRORS_MAX: Final[int] = 50  # Bound the report on hostile input.


def validate_message(data: bytes) -> ValidationReport:
    """Validate an ISO 20022 or FIN message; never raises on bad input, reports it."""
    if is_fin(data) or _looks_like_broken_fin(data):
        # Imported here so that ISO 20022 users never pay for loading the FIN package.
        from bankwire.messages.mt import validate as validate_fin

        return validate_fin(data)
    head = data.lstrip(b" \t\r\n").removeprefix(b"\xef\xbb\xbf")
    if not head:
        return _stop(Layer.WELL_FORMED, "MSG_EMPTY", "the message is empty")
    if not head.startswith(b"<"):
        return _stop(
            Layer.WELL_FORMED,
            "MSG_UNKNOWN_FORMAT",
            "not a payment message: expected ISO 20022 XML (starting with '<') or FIN "
            f"(starting with '{{1:'), got {head[:16]!r}",
        )
    report, _ = validate_mx(data)
    return report


def _looks_like_broken_fin(data: bytes) -> bool:
    """FIN that lost its basic header still starts with a block: ``{2:``, ``{4:`` ...

    Reported by the FIN validator ("block 1: missing"), not as malformed XML.
    """
    head = data.lstrip(b" \t\r\n")[:3]
    return len(head) == 3 and head[0:1] == b"{" and head[1:2] in b"12345" and head[2:3] == b":"


def validate_mx(data: bytes) -> tuple[ValidationReport, Message | None]:
    """Validate ISO 20022 bytes; also return the typed message when it could be built."""
    if may_read_compact(data) and (found := _validate_compact(data)) is not None:
        return found
    try:
        root = read_tree(data)
    except XmlSecurityError as exc:
        return _stop(Layer.SECURITY, "MX_SECURITY", str(exc)), None
    except XmlSyntaxError as exc:
        return _stop(Layer.WELL_FORMED, "MX_NOT_WELL_FORMED", str(exc)), None
    parts = locate(root)
    issues = _check_structure(parts)
    if parts.document is None or parts.message_type is None:
        return ValidationReport(parts.message_type, tuple(issues)), None
    issues.extend(_check_schemas(parts))
    return _check_rules(root, parts, issues)


def _validate_compact(data: bytes) -> tuple[ValidationReport, Message | None] | None:
    """``validate_mx`` on a compact tree (see ``read_tree``), or None to parse in full.

    Kept only when the message has both located parts' schemas and passes them: then no
    element whose text anything reads holds child elements, so leaving out the blank text
    between elements changes no finding and no typed field. Anything else (malformed,
    refused, unknown namespace, no shipped XSD, a schema error) is validated again on the
    full tree, where its report has always been made.
    """
    try:
        root = read_tree(data, compact=True)
    except (XmlSecurityError, XmlSyntaxError):
        return None
    parts = locate(root)
    if parts.document is None or parts.message_type is None:
        return None
    for part, message_id in (
        (parts.header, parts.header_type),
        (parts.document, parts.message_type),
    ):
        if part is None:
            continue
        schema = schema_for(message_id) if message_id is not None else None
        if schema is None or not schema.validate(part):
            return None
        # The XSDs' only open content (``xs:any``, where mixed content may hide): the
        # supplementary data envelope and the AppHdr signature.
        namespace = part.tag[: part.tag.find("}") + 1]
        if next(part.iter(f"{namespace}Envlp", f"{namespace}Sgntr"), None) is not None:
            return None
    return _check_rules(root, parts, [])


def _check_rules(
    root: Element, parts: MxParts, issues: list[ValidationIssue]
) -> tuple[ValidationReport, Message | None]:
    """The CBPR+ and business layers and the mapping, after the schema layer."""
    assert parts.message_type is not None
    # lxml makes a Python proxy for an element when it is first touched and frees it with
    # its last reference, so every pass over the tree (rules, then mapping) would make them
    # all again. Holding them until validation ends lets the passes share them, and with
    # them the child lists both passes ask for (parties, addresses, the AppHdr).
    proxies = list(root.iter())
    sharing = share_children()
    try:
        message = _check_parts(parts, issues)
    finally:
        stop_sharing_children(sharing)
        del proxies  # Kept alive until here on purpose (see above).
    issues.sort(key=lambda issue: _LAYER_ORDER[issue.layer])
    return ValidationReport(parts.message_type, tuple(issues)), message


def _check_parts(parts: MxParts, issues: list[ValidationIssue]) -> Message | None:
    """CBPR+ and business layers of located parts; the typed message if it maps."""
    assert parts.document is not None and parts.message_type is not None
    cbpr = parts.header is not None
    bics = None
    if parts.header is not None:
        bics = header_bics(parts.header)
        issues.extend(check_header(parts, bics))
        header_findings = scan_part(parts.header, parts.header_type)
    document_findings = scan_part(parts.document, parts.message_type, bics)
    # The order the layers have always reported in: agents, tree rules, then the values
    # of the header and of the Document (the final sort by layer is stable).
    issues.extend(document_findings.agents)
    issues.extend(document_findings.tree)
    if parts.header is not None:
        issues.extend(header_findings.values)
    issues.extend(document_findings.values)
    message = None
    if handler_for(parts.message_type) is not None:
        message = _build(parts, issues)
        if message is not None and cbpr:
            issues.extend(check_message(message, parts))
    return message


def _stop(layer: Layer, code: str, text: str) -> ValidationReport:
    return ValidationReport(None, (ValidationIssue(layer, code, "/", text),))


def _namespace_text(namespace: str | None) -> str:
    expected = "an ISO 20022 message namespace (urn:iso:std:iso:20022:tech:xsd:<message>)"
    if not namespace:
        return f"the element has no namespace; expected {expected}"
    return f"namespace {namespace!r} is not {expected}"


def _check_structure(parts: MxParts) -> list[ValidationIssue]:
    if parts.document is None:
        root = f"/{etree.QName(parts.root).localname}"
        return [
            ValidationIssue(
                Layer.SCHEMA, "MX_NO_DOCUMENT", root, "no ISO 20022 Document element found"
            )
        ]
    issues = []
    for part, found in ((parts.header, parts.header_type), (parts.document, parts.message_type)):
        if part is not None and found is None:
            issues.append(
                ValidationIssue(
                    Layer.SCHEMA,
                    "MX_UNKNOWN_NAMESPACE",
                    element_path(part),
                    _namespace_text(etree.QName(part).namespace),
                )
            )
    return issues


def _check_schemas(parts: MxParts) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    for part, message_id in (
        (parts.header, parts.header_type),
        (parts.document, parts.message_type),
    ):
        if part is None or message_id is None:
            continue
        schema = schema_for(message_id)
        if schema is None or schema.validate(part):
            continue
        errors = cast(Iterable[etree._LogEntry], schema.error_log)
        for error in itertools.islice(errors, _SCHEMA_ERRORS_MAX):
            text = _NAMESPACE_IN_TEXT.sub("", error.message)
            issues.append(
                ValidationIssue(
                    Layer.SCHEMA, "XSD", _schema_location(part, error), f"{message_id}: {text}"
                )
            )
    return issues


def _schema_location(part: Element, error: etree._LogEntry) -> str:
    """Turn libxml2's path (relative to the part) into named steps.

    In the default namespace libxml2 writes ``/*/*/*[2]/*[4]``: positions among all element
    children. With a prefix it writes ``/pacs:Document/pacs:GrpHdr/pacs:MsgId`` and
    ``pacs:CdtTrfTxInf[2]``: positions among the children of that name.
    """
    node = part
    path = error.path or ""
    for step in path.strip("/").split("/")[1:]:
        bracket = step.find("[")
        index = int(step[bracket + 1 : -1]) if bracket >= 0 and step.endswith("]") else 1
        name = step[:bracket] if bracket >= 0 else step
        elements = list(node.iterchildren(etree.Element))  # No comments or PIs.
        if name != "*":
            local = name.rpartition(":")[2]
            elements = [child for child in elements if etree.QName(child).localname == local]
        if index > len(elements):
            return f"{element_path(node)} (line {error.line})"
        node = elements[index - 1]
    return element_path(node)


def _build(parts: MxParts, issues: list[ValidationIssue]) -> Message | None:
    try:
        return message_from_parts(parts)
    except MessageError as exc:
        if not issues:
            issues.append(ValidationIssue(Layer.SCHEMA, "MX_MAPPING", "/", str(exc)))
        return None
