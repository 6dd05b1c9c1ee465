"""FIN service and system messages: ACK/NAK, MT010, MT011, MT015, MT019 (and other MT0xx).

An ACK or NAK is a service message (block 1 service ``21``) whose block 4 is a list of
``{tag:value}``: ``{177:YYMMDDHHMM}`` when, ``{451:0}`` accepted or ``{451:1}`` rejected with
``{405:code}``, and optionally ``{108:MUR}``. SWIFT returns it followed by the acknowledged
message, which ``SystemMessage.original`` keeps. System messages (MT0xx) use the same
tagged block 4: 106 MIR, 107 MOR, 108 MUR, 175 time, 431 status, 432 abort reason, 405
rejection reason, 102 address, 104 priority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bankwire.errors import ParseError
from bankwire.messages.mt.fin import FinMessage, assemble, split_blocks, split_messages

__all__ = ["SystemKind", "SystemMessage", "build_ack", "build_nak", "parse_system"]


class SystemKind(StrEnum):
    ACK = "ack"
    NAK = "nak"
    NON_DELIVERY_WARNING = "mt010"
    DELIVERY_NOTIFICATION = "mt011"
    DELAYED_NAK = "mt015"
    ABORT_NOTIFICATION = "mt019"
    OTHER = "other"
    """Any other MT0xx (retrievals 020-023, 024/025, 028/031, broadcasts 094, FINCopy 096)."""


_KINDS = {
    "010": SystemKind.NON_DELIVERY_WARNING,
    "011": SystemKind.DELIVERY_NOTIFICATION,
    "015": SystemKind.DELAYED_NAK,
    "019": SystemKind.ABORT_NOTIFICATION,
}


@dataclass(frozen=True, slots=True)
class SystemMessage:
    """A service or system message, its decoded meaning, and the message it refers to."""

    kind: SystemKind
    message_type: str
    """``ACK``/``NAK`` for service messages, the three digits (``011``) for MT0xx."""
    logical_terminal: str
    session_number: str
    sequence_number: str
    fields: tuple[tuple[str, str], ...]
    """Block 4 ``{tag:value}`` items in order (175 and 177 may repeat)."""
    time: datetime | None = None
    """177 (ACK/NAK, MT028/031) or the first 175 with the MIR date (MT011, MT019)."""
    accepted: bool | None = None
    error_code: str | None = None
    """405 of a NAK or MT015: the SWIFT rejection reason (``T13``, ``H25`` ...)."""
    user_reference: str | None = None
    """108: message user reference of the message this one is about."""
    input_reference: str | None = None
    """106: MIR of the message this one is about."""
    output_reference: str | None = None
    """107: MOR under which it was delivered (MT011)."""
    status_code: str | None = None
    """431 (MT010 non-delivery reason) or 432 (MT019 abort reason)."""
    original: FinMessage | None = None
    """The acknowledged message that follows an ACK/NAK, when present."""

    def value(self, tag: str) -> str | None:
        return next((value for key, value in self.fields if key == tag), None)


def parse_system(data: bytes | str) -> SystemMessage:
    """Parse a service (ACK/NAK) or system (MT0xx) message; raises ``ParseError``."""
    messages = split_messages(split_blocks(data))
    head = assemble(messages[0])
    if len(messages) > 2:
        raise ParseError(
            f"FIN: expected a system message and at most one original (got {len(messages)})"
        )
    original = assemble(messages[1], []) if len(messages) == 2 else None
    service = head.basic_header.service_id == "21"
    kind_code = head.application_header.message_type if head.application_header else None
    if not service and (kind_code is None or not kind_code.startswith("0")):
        service_id = head.basic_header.service_id
        raise ParseError(
            f"FIN block 1/2: not a service or system message (service {service_id}, "
            f"type {kind_code})"
        )
    if not head.system_text:
        raise ParseError("FIN block 4: a system message needs {tag:value} fields")
    fields = head.text
    values = {tag: value for tag, value in reversed(fields)}
    accepted = _accepted(values.get("451")) if service else None
    if service:
        kind = SystemKind.ACK if accepted else SystemKind.NAK
        message_type = kind.value.upper()
    else:
        assert kind_code is not None
        kind = _KINDS.get(kind_code, SystemKind.OTHER)
        message_type = kind_code
    basic = head.basic_header
    return SystemMessage(
        kind=kind,
        message_type=message_type,
        logical_terminal=basic.logical_terminal,
        session_number=basic.session_number,
        sequence_number=basic.sequence_number,
        fields=fields,
        time=_time(values),
        accepted=accepted,
        error_code=values.get("405"),
        user_reference=values.get("108"),
        input_reference=values.get("106"),
        output_reference=values.get("107"),
        status_code=values.get("431") or values.get("432"),
        original=original,
    )


def _accepted(flag: str | None) -> bool:
    if flag not in {"0", "1"}:
        raise ParseError(f"FIN block 4 field 451: must be 0 (ACK) or 1 (NAK) (got {flag!r})")
    return flag == "0"


def _time(values: dict[str, str]) -> datetime | None:
    stamp = values.get("177")
    if stamp is None and "175" in values and "106" in values:
        stamp = values["106"][:6] + values["175"]
    if stamp is None:
        return None
    try:
        return datetime.strptime(stamp, "%y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError as exc:
        raise ParseError(f"FIN block 4 field 177: must be YYMMDDHHMM (got {stamp!r})") from exc


def build_ack(message: FinMessage, at: datetime, *, original: bytes | None = None) -> bytes:
    """The positive acknowledgement the network returns for ``message`` at time ``at``."""
    return _service(message, at, "{451:0}", original)


def build_nak(
    message: FinMessage, at: datetime, error_code: str, *, original: bytes | None = None
) -> bytes:
    """The negative acknowledgement, with the SWIFT error code (``T13``, ``H25`` ...)."""
    if not (3 <= len(error_code) <= 4 and error_code.isalnum()):
        raise ValueError(
            f"NAK error code: must be 3-4 letters/digits like T13 (got {error_code!r})"
        )
    return _service(message, at, f"{{451:1}}{{405:{error_code}}}", original)


def _service(message: FinMessage, at: datetime, status: str, original: bytes | None) -> bytes:
    basic = message.basic_header
    mur = message.user_header_value("108")
    reference = f"{{108:{mur}}}" if mur else ""
    stamp = f"{at.astimezone(UTC):%y%m%d%H%M}"
    ack = (
        f"{{1:F21{basic.logical_terminal}{basic.session_number}{basic.sequence_number}}}"
        f"{{4:{{177:{stamp}}}{status}{reference}}}"
    )
    return ack.encode("ascii") + (original or b"")
