"""Model -> FIN bytes: blocks 1-3 from the header, block 4 from the type's encoder, block 5.

The output is the form the network delivers (``O`` application header) unless
``direction="I"`` asks for the form a bank submits. Lines end with CRLF as on the wire; the
text block is checked against the FIN size limit before anything is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

from bankwire.errors import SchemaViolation, UnsupportedMessage
from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.mt import mt_n9x
from bankwire.messages.mt.encode import encode_confirmation, encode_mt103, encode_mt202
from bankwire.messages.mt.fin import TEXT_SIZE_MAX
from bankwire.messages.mt.header import render_envelope
from bankwire.messages.mt.mt103 import transfer_of

__all__ = ["render", "render_text"]

_VARIANTS: Final[tuple[str, ...]] = ("COV", "STP", "REMIT")


def _mt103(message: Message, *, fit: bool) -> list[tuple[str, str]]:
    return encode_mt103(message, transfer_of(message), fit=fit)


def _mt202(message: Message, *, fit: bool) -> list[tuple[str, str]]:
    return encode_mt202(message, transfer_of(message), fit=fit)


_ENCODERS: Final[dict[str, Callable[..., list[tuple[str, str]]]]] = {
    "103": _mt103,
    "202": _mt202,
    "205": _mt202,
    "192": mt_n9x.to_fields,
    "292": mt_n9x.to_fields,
    "196": mt_n9x.to_fields,
    "296": mt_n9x.to_fields,
    "199": mt_n9x.to_fields,
    "299": mt_n9x.to_fields,
    "900": encode_confirmation,
    "910": encode_confirmation,
}


def render(message: Message, *, direction: Literal["O", "I"] = "O", fit: bool = False) -> bytes:
    """FIN bytes of an MT ``Message``; raises ``SchemaViolation`` when a value does not fit.

    ``fit=True`` cuts and transliterates values to fit their fields instead (used by
    ``translate``, which reports the differences as losses).
    """
    if message.format is not MessageFormat.MT:
        raise UnsupportedMessage(
            f"{message.message_type}: is ISO 20022; translate it to MT before rendering FIN"
        )
    if message.header is None:
        raise SchemaViolation(f"{message.message_type}: a FIN message needs a header")
    kind, variant = _kind(message.message_type)
    encoder = _ENCODERS.get(kind)
    if encoder is None:
        raise UnsupportedMessage(f"{message.message_type}: rendering is not supported")
    text = render_text(encoder(message, fit=fit))
    user_header = []
    if variant:
        user_header.append(("119", variant))
    uetr = _uetr(message)
    service_levels = message.transfers[0].service_level if message.transfers else ()
    for level in service_levels:
        if len(level) == 4 and level.startswith("G"):
            user_header.insert(0, ("111", level[1:]))
    if uetr:
        user_header.append(("121", uetr))
    envelope = render_envelope(message.header, kind, user_header, direction=direction)
    trailer = "{5:{PDE:}}" if message.header.possible_duplicate else ""
    return (envelope + text + trailer).encode("ascii")


def render_text(fields: list[tuple[str, str]]) -> str:
    """Block 4 with CRLF lines, checked against the 10,000-character FIN limit."""
    body = "".join(
        f"\r\n:{tag}:{value.replace(chr(10), chr(13) + chr(10))}" for tag, value in fields
    )
    if len(body) > TEXT_SIZE_MAX:
        raise SchemaViolation(
            f"block 4: text of {len(body)} characters exceeds the FIN limit of {TEXT_SIZE_MAX}"
        )
    return "{4:" + body + "\r\n-}"


def _kind(message_type: str) -> tuple[str, str | None]:
    body = message_type.removeprefix("MT")
    for variant in _VARIANTS:
        if body.endswith(variant):
            return body[: -len(variant)], variant
    return body, None


def _uetr(message: Message) -> str | None:
    if message.transfers:
        return message.transfers[0].uetr
    if message.cancellations:
        return message.cancellations[0].original_uetr
    return None
