"""Common group messages: MT192/292 (request for cancellation), MT196/296 (answer),
MT199/299 (free format).

CBPR+ mapping of 192/292 to camt.056: 20 -> case id, 21 -> original message and instruction
id, 11S -> original message type and date, 79 ``/CODE/`` -> cancellation reason, 79
``/UETR/`` -> original UETR, copied 32A -> original amount and settlement date. Of 196/296
to camt.029: 20 -> business message id, 21 -> resolved case id, 76 ``/CODE/`` -> status,
77A ``/UETR/`` -> original UETR, 11R -> original type and date. Copied fields of the
original message (any other tag after 11S/11R) and 199/299 field 79 go to ``free_text``
verbatim: they name parties, so they must be screened.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.model import BusinessHeader, Cancellation, Message, MessageFormat
from bankwire.messages.mt.builder import free_field
from bankwire.messages.mt.encode import amount_text, checked
from bankwire.messages.mt.fields import (
    check_format,
    decode_amount,
    decode_date,
    field_error,
    lines_of,
)
from bankwire.messages.mt.fin import FinMessage
from bankwire.messages.mt.header import header_from_fin

__all__ = ["MT_OF_MX", "MX_OF_MT", "from_fin", "to_fields"]

MX_OF_MT: Final[dict[str, str]] = {
    "103": "pacs.008",
    "202": "pacs.009",
    "205": "pacs.009",
    "200": "pacs.009",
    "102": "pacs.008",
}
"""Original message type in 11S/11R -> ISO 20022 message name (``OrgnlMsgNmId``)."""
MT_OF_MX: Final[dict[str, str]] = {"pacs.008": "103", "pacs.009": "202"}
_CODE = re.compile(r"/([A-Z0-9]{4})/(.*)")
_UETR_LINE = "/UETR/"
_MANDATORY: Final[dict[str, tuple[str, ...]]] = {
    "92": ("20", "21", "11S"),
    "96": ("20", "21", "76"),
    "99": ("20", "79"),
}


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    kind = fin.message_type
    name = f"MT{kind}"
    present = {tag for tag, _ in fin.text}
    for tag in _MANDATORY[kind[1:]]:
        if tag not in present:
            raise SchemaViolation(f"block 4 field {tag}: mandatory in {name} but absent")
    reference = check_format("20", _first(fin, "20"))[0] or ""
    related = _first(fin, "21") if "21" in present else None
    if related is not None:
        related = check_format("21", related)[0]
    header = header_from_fin(fin, name, reference, received=received, related_reference=related)
    if kind[1:] == "99":
        return _free_format(fin, name, header)
    cancellation, free_text = _cancellation(fin, kind[1:] == "96", related or "")
    return Message(
        message_type=name,
        format=MessageFormat.MT,
        header=header,
        group_header=None,
        cancellations=(cancellation,),
        free_text=tuple(free_text),
    )


def _first(fin: FinMessage, tag: str) -> str:
    return next(value for key, value in fin.text if key == tag)


def _free_format(fin: FinMessage, name: str, header: BusinessHeader) -> Message:
    free_text = []
    for tag, value in fin.text:
        if tag in {"20", "21"}:
            continue
        if tag != "79":
            raise field_error(tag, f"not allowed in {name}")
        check_format(tag, value)
        free_text.append(free_field(tag, value))
    return Message(name, MessageFormat.MT, header, None, free_text=tuple(free_text))


def _cancellation(fin: FinMessage, answer: bool, related: str) -> tuple[Cancellation, list[str]]:
    values: dict[str, object] = {}
    free_text: list[str] = []
    reference = _first(fin, "20")
    if answer:
        values["case_id"] = related
    else:
        values["case_id"] = reference
        values["original_message_id"] = related
        values["original_instruction_id"] = related
    for tag, value in fin.text:
        if tag in {"20", "21"}:
            continue
        if tag in {"11S", "11R"}:
            _original_reference(tag, value, values)
        elif tag in {"79", "76", "77A", "75"}:
            check_format(tag, value)
            _narrative(tag, value, values, answer)
        elif tag == "32A":
            raw_date, currency, amount = check_format(tag, value)
            assert raw_date is not None and currency is not None and amount is not None
            values["original_settlement_date"] = decode_date(tag, raw_date)
            values["original_amount"] = decode_amount(tag, currency, amount)
        else:
            free_text.append(free_field(tag, value))
    return Cancellation(**values), free_text  # type: ignore[arg-type]


def _original_reference(tag: str, value: str, values: dict[str, object]) -> None:
    kind, raw_date, _, _ = check_format(tag, value)
    assert kind is not None and raw_date is not None
    values["original_message_type"] = MX_OF_MT.get(kind, f"MT{kind}")
    values["original_created"] = datetime.combine(decode_date(tag, raw_date), time(), UTC)


def _narrative(tag: str, value: str, values: dict[str, object], answer: bool) -> None:
    """``/CODE/text`` first line -> reason (79) or status (76); ``/UETR/`` -> UETR."""
    lines = _joined_lines(value)
    information: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith(_UETR_LINE):
            values["original_uetr"] = line[len(_UETR_LINE) :]
            continue
        code = _CODE.fullmatch(line) if index == 0 and tag in {"79", "76"} else None
        if code is not None:
            values["resolution_status" if answer else "reason_code"] = code.group(1)
            if code.group(2):
                information.append(code.group(2))
        else:
            information.append(line)
    if information:
        values["additional_information"] = (
            *_strings(values.get("additional_information", ())),
            *information,
        )


def _joined_lines(value: str) -> list[str]:
    """``//`` lines continue the previous one (77A ``/UETR/`` split over two lines)."""
    lines: list[str] = []
    for line in lines_of(value):
        if line.startswith("//") and lines:
            lines[-1] += line[2:]
        else:
            lines.append(line)
    return lines


def _strings(found: object) -> tuple[str, ...]:
    assert isinstance(found, tuple)
    return found


def to_fields(message: Message, *, fit: bool = False) -> list[tuple[str, str]]:
    """Block-4 fields of an MT192/292/196/296/199/299 ``Message``."""
    header = message.header
    reference = header.business_message_id if header else ""
    kind = message.message_type[2:]
    if kind[1:] == "99":
        fields = [check_field("20", reference, fit)]
        if header is not None and header.related_reference:
            fields.append(check_field("21", header.related_reference, fit))
        fields.extend(_kept(message.free_text))
        return fields
    if len(message.cancellations) != 1:
        raise SchemaViolation(
            f"{message.message_type}: must carry one cancellation "
            f"(got {len(message.cancellations)})"
        )
    cancellation = message.cancellations[0]
    if kind[1:] == "92":
        related = cancellation.original_message_id or cancellation.original_instruction_id or ""
        fields = [check_field("20", cancellation.case_id, fit), check_field("21", related, fit)]
        fields.append(check_field("11S", _original_reference_value(cancellation), fit))
        fields.append(check_field("79", _coded_lines(cancellation.reason_code, cancellation), fit))
    else:
        fields = [
            check_field("20", reference, fit),
            check_field("21", cancellation.case_id, fit),
        ]
        answers, rest = _answers(cancellation)
        fields.append(check_field("76", answers, fit))
        if rest or cancellation.original_uetr:
            fields.append(check_field("77A", _answer_narrative(rest, cancellation), fit))
        # 11R is optional in an answer (mandatory 11S in a request): omit it when the
        # original message is not named at all.
        if cancellation.original_message_type or cancellation.original_created:
            fields.append(check_field("11R", _original_reference_value(cancellation), fit))
    if cancellation.original_amount is not None and cancellation.original_settlement_date:
        amount = amount_text(cancellation.original_amount)
        fields.append(
            check_field("32A", f"{cancellation.original_settlement_date:%y%m%d}{amount}", fit)
        )
    fields.extend(_kept(message.free_text))
    return fields


def check_field(tag: str, value: str, fit: bool = False) -> tuple[str, str]:
    return checked(tag, value, fit)


def _kept(free_text: tuple[str, ...]) -> list[tuple[str, str]]:
    fields = []
    for item in free_text:
        tag, _, value = item[1:].partition(":")
        fields.append((tag, value))
    return fields


def _original_reference_value(cancellation: Cancellation) -> str:
    original = cancellation.original_message_type or ""
    kind = MT_OF_MX.get(original[:8], original.removeprefix("MT")[:3])
    if cancellation.original_created is None:
        raise SchemaViolation("block 4 field 11S/11R: the original message date is mandatory")
    return f"{kind}\n{cancellation.original_created:%y%m%d}"


def _coded_lines(code: str | None, cancellation: Cancellation | None) -> str:
    lines = [f"/{code}/" if code else ""]
    if cancellation is not None:
        if cancellation.original_uetr:
            lines.append(_UETR_LINE + cancellation.original_uetr)
        for text in cancellation.additional_information:
            lines.extend(_continued(text, 50))
    return "\n".join(line for line in lines if line)


def _answers(cancellation: Cancellation) -> tuple[str, tuple[str, ...]]:
    """Field 76 of an answer, and the free texts left for 77A.

    76 (6*35x) is mandatory. With a status it is the ``/CODE/`` line; without one it carries
    the answer's first free texts whole, as far as they fit, which is where a message that
    had them there was read them from (``_narrative``). A text that would read back as a
    code or a UETR stays in 77A.
    """
    if cancellation.resolution_status:
        return _coded_lines(
            cancellation.resolution_status, None
        ), cancellation.additional_information
    texts = cancellation.additional_information
    lines: list[str] = []
    taken = 0
    for text in texts:
        if taken == 0 and (_CODE.fullmatch(text) or text.startswith(_UETR_LINE)):
            break
        continued = _continued(text, 35)
        if len(lines) + len(continued) > 6:
            break
        lines.extend(continued)
        taken += 1
    return "\n".join(lines), texts[taken:]


def _answer_narrative(texts: tuple[str, ...], cancellation: Cancellation) -> str:
    lines: list[str] = []
    for text in texts:
        lines.extend(_continued(text, 35))
    if cancellation.original_uetr:
        lines.extend(_continued(_UETR_LINE + cancellation.original_uetr, 35))
    return "\n".join(lines)


def _continued(text: str, width: int) -> list[str]:
    """A text longer than a line: the rest on ``//`` lines, which parsing joins back on.

    Cut without them, the pieces would come back as separate texts (a 41-character 77A
    line read from two lines, ``UETR/...`` and ``//...``, came back as two).
    """
    if len(text) <= width:
        return [text]
    return [text[:width], *("//" + part for part in _chunks(text[width:], width - 2))]


def _chunks(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]
