"""Validate FIN bytes: envelope, headers, text-block terminator and size, field formats,
mandatory fields per message type. Every issue names its block and field.

Unlike ``parse``, validation does not stop at the first problem: the envelope is split
leniently, every field is checked against its format, and only then is the typed mapping
tried (which reports the first content error, such as an unknown currency).
"""

from __future__ import annotations

import re
from typing import Final

from bankwire.errors import MessageError, ParseError, SchemaViolation, UnsupportedMessage
from bankwire.messages.mt import mt103, mt202, mt900
from bankwire.messages.mt.api import SUPPORTED_TYPES, from_fin
from bankwire.messages.mt.fields import FIELD_FORMATS, check_format, decode_amount, decode_date
from bankwire.messages.mt.fin import (
    TEXT_SIZE_MAX,
    FinMessage,
    assemble,
    split_blocks,
    split_messages,
)
from bankwire.messages.mt.system import parse_system
from bankwire.messages.report import Layer, ValidationIssue, ValidationReport

__all__ = ["validate"]

_VARIANTS: Final[frozenset[str]] = frozenset({"STP", "REMIT", "COV"})
_SERVICE_ACK_NAK: Final = "21"  # Block 1 service id of an ACK/NAK.
_UETR = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_USER_HEADER_FORMATS: Final[dict[str, re.Pattern[str]]] = {
    "103": re.compile(r"[A-Z]{3}"),
    "108": re.compile(r"[A-Za-z0-9/\-?:().,'+ ]{1,16}"),
    "113": re.compile(r"[A-Za-z0-9/\-?:().,'+ ]{4}"),
    "119": re.compile(r"[A-Z0-9]{1,8}"),
    "121": _UETR,
}
_MANDATORY: Final[dict[str, tuple[str, ...]]] = {
    "103": mt103.MANDATORY,
    "202": mt202.MANDATORY,
    "205": mt202.MANDATORY,
    "900": mt900.MANDATORY,
    "910": mt900.MANDATORY,
    "192": ("20", "21", "11S"),
    "292": ("20", "21", "11S"),
    "196": ("20", "21", "76"),
    "296": ("20", "21", "76"),
    "199": ("20", "79"),
    "299": ("20", "79"),
}


def validate(data: bytes | str) -> ValidationReport:
    """All FIN-layer issues of one user message, as values; never raises ``MessageError``."""
    issues: list[ValidationIssue] = []
    fin = _envelope(data, issues)
    if fin is None:
        return ValidationReport(None, tuple(issues))
    if fin.basic_header.service_id == _SERVICE_ACK_NAK:
        return ValidationReport(_service_type(data, issues), tuple(issues))
    variant = fin.user_header_value("119")
    message_type = f"MT{fin.message_type}" + (variant if variant in _VARIANTS else "")
    issues.extend(_headers(fin))
    issues.extend(_fields(fin))
    if fin.has_text_block:
        # Without block 4 (already reported) every mandatory field would be listed as absent.
        issues.extend(_mandatory(fin))
    if not issues and fin.message_type in SUPPORTED_TYPES:
        try:
            from_fin(fin)
        except MessageError as exc:
            issues.append(_issue("FIN_CONTENT", _location(str(exc)), str(exc)))
    return ValidationReport(message_type, tuple(issues))


def _service_type(data: bytes | str, issues: list[ValidationIssue]) -> str:
    """``ACK`` or ``NAK`` once the service fields (177, 451, 405) read correctly."""
    if issues:
        # The envelope is already faulty; a strict re-read would only repeat the fault.
        return "ACK/NAK"
    try:
        return parse_system(data).message_type
    except MessageError as exc:
        issues.append(_issue("FIN_SERVICE", _location(str(exc)), str(exc)))
        return "ACK/NAK"


def _issue(code: str, location: str, text: str) -> ValidationIssue:
    return ValidationIssue(Layer.FIN, code, location, text)


def _location(text: str) -> str:
    """``block 4 field 32A: ...`` -> ``block 4 field 32A``."""
    head, separator, _ = text.partition(":")
    head = head.removeprefix("FIN ")
    if separator and head.startswith("block"):
        return head
    return "FIN" if text.startswith("FIN") else "block 4"


def _envelope(data: bytes | str, issues: list[ValidationIssue]) -> FinMessage | None:
    defects: list[str] = []
    try:
        blocks = split_blocks(data, defects)
        messages = split_messages(blocks)
        # An ACK/NAK (block 1 service 21) has no block 2 and is followed by the message it
        # acknowledges: two messages are its normal form, not an envelope fault.
        service = dict(messages[0]).get("1", "")[1:3] == _SERVICE_ACK_NAK
        if len(messages) > (2 if service else 1):
            expected = "an ACK/NAK and the message it acknowledges" if service else "one message"
            issues.append(
                _issue("FIN_ENVELOPE", "FIN", f"expected {expected} (got {len(messages)})")
            )
        fin = assemble(messages[0], defects)
    except (ParseError, UnsupportedMessage, SchemaViolation) as exc:
        issues.append(_issue("FIN_ENVELOPE", _location(str(exc)), str(exc)))
        return None
    for defect in defects:
        issues.append(_issue("FIN_ENVELOPE", _location(defect), defect))
    found = {block_id for block_id, _ in messages[0]}
    for block_id in ("4",) if service else ("2", "4"):
        if block_id not in found:
            issues.append(
                _issue("FIN_BLOCK_MISSING", f"block {block_id}", f"block {block_id}: missing")
            )
    text = dict(messages[0]).get("4")
    if text is not None and not fin.system_text:
        issues.extend(_text_block(text))
    return fin


def _text_block(text: str) -> list[ValidationIssue]:
    found = []
    if not text.endswith("\n"):
        found.append(
            _issue(
                "FIN_TERMINATOR",
                "block 4",
                f"block 4: must end with CRLF '-}}' on its own line (got {text[-12:]!r}-}})",
            )
        )
    if not text.startswith(("\r\n", "\n")):
        found.append(
            _issue("FIN_TERMINATOR", "block 4", "block 4: must start with CRLF after '{4:'")
        )
    size = len(text.replace("\r\n", "\n").replace("\n", "\r\n"))
    if size > TEXT_SIZE_MAX:
        found.append(
            _issue(
                "FIN_SIZE",
                "block 4",
                f"block 4: text of {size} characters exceeds the FIN limit of {TEXT_SIZE_MAX}",
            )
        )
    return found


def _headers(fin: FinMessage) -> list[ValidationIssue]:
    found = []
    for tag, value in fin.user_header:
        pattern = _USER_HEADER_FORMATS.get(tag)
        if pattern is not None and not pattern.fullmatch(value):
            found.append(
                _issue(
                    "FIN_HEADER_FORMAT",
                    f"block 3 field {tag}",
                    f"block 3 field {tag}: must match {pattern.pattern} (got {value!r})",
                )
            )
    return found


def _fields(fin: FinMessage) -> list[ValidationIssue]:
    found = []
    for tag, value in fin.text if not fin.system_text else ():
        problem = _field_problem(tag, value)
        if problem is not None:
            found.append(_issue("FIN_FIELD_FORMAT", f"block 4 field {tag}", problem))
    return found


def _field_problem(tag: str, value: str) -> str | None:
    try:
        if tag in {"32A", "33B", "71F", "71G", "32B"}:
            _amount_field(tag, value)
        elif tag in FIELD_FORMATS:
            check_format(tag, value)
    except SchemaViolation as exc:
        return str(exc)
    return None


def _amount_field(tag: str, value: str) -> None:
    """Date, currency and amount separately, so the message says which part is wrong."""
    rest = value
    if tag == "32A":
        decode_date(tag, value[:6])
        rest = value[6:]
    check_format(tag, value)
    decode_amount(tag, rest[:3], rest[3:])


def _mandatory(fin: FinMessage) -> list[ValidationIssue]:
    if fin.system_text:
        return []
    wanted = _MANDATORY.get(fin.message_type, ())
    text = fin.text
    if fin.message_type in {"202", "205"}:
        text = next(
            (text[:index] for index, (tag, _) in enumerate(text) if tag.startswith("50")), text
        )
    present = {tag for tag, _ in text}
    found = []
    for tag in wanted:
        number = tag[:-1] if tag.endswith("a") else None
        if (number and any(key[:2] == number for key in present)) or tag in present:
            continue
        found.append(
            _issue(
                "FIN_FIELD_MISSING",
                f"block 4 field {tag}",
                f"block 4 field {tag}: mandatory in MT{fin.message_type} but absent",
            )
        )
    return found
