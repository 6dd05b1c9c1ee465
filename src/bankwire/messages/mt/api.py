"""Parse FIN user messages into the model: one entry point that dispatches on block 2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from bankwire.errors import ParseError, UnsupportedMessage
from bankwire.messages.model import Message
from bankwire.messages.mt import mt103, mt202, mt900, mt_n9x
from bankwire.messages.mt.fin import FinMessage, assemble, split_blocks, split_messages

__all__ = ["SUPPORTED_TYPES", "from_fin", "parse", "parse_fin_message"]

_Mapper = Callable[..., Message]
_MAPPERS: Final[dict[str, _Mapper]] = {
    "103": mt103.from_fin,
    "202": mt202.from_fin,
    "205": mt202.from_fin,
    "192": mt_n9x.from_fin,
    "292": mt_n9x.from_fin,
    "196": mt_n9x.from_fin,
    "296": mt_n9x.from_fin,
    "199": mt_n9x.from_fin,
    "299": mt_n9x.from_fin,
    "900": mt900.from_fin,
    "910": mt900.from_fin,
}
SUPPORTED_TYPES: Final[frozenset[str]] = frozenset(_MAPPERS)


def parse(data: bytes | str, *, received: datetime | None = None, lenient: bool = False) -> Message:
    """Parse one FIN user message (MT103, 202/205 [COV], n92, n96, n99, 900, 910).

    ``received`` stands in for the creation time of input-form messages, which carry none.
    ``lenient`` accepts the envelope faults listed in ``fin`` (``validate`` reports them).
    Raises ``ParseError`` (envelope), ``SchemaViolation`` (field format or content),
    ``UnsupportedMessage`` (system messages, other MT types).
    """
    return from_fin(parse_fin_message(data, lenient=lenient), received=received)


def parse_fin_message(data: bytes | str, *, lenient: bool = False) -> FinMessage:
    """The blocks of exactly one user message (not an ACK/NAK or system message)."""
    defects: list[str] | None = [] if lenient else None
    messages = split_messages(split_blocks(data, defects))
    if len(messages) != 1:
        raise ParseError(f"FIN: expected one message (got {len(messages)} block-1 headers)")
    fin = assemble(messages[0], defects)
    if fin.basic_header.service_id != "01":
        raise UnsupportedMessage(
            f"FIN block 1: service {fin.basic_header.service_id} marks an ACK/NAK service "
            "message; expected a user message (service 01)"
        )
    return fin


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    kind = fin.message_type
    if fin.application_header is None:
        raise ParseError("FIN block 2: missing application header (needed for the type)")
    if fin.system_text or kind.startswith("0"):
        raise UnsupportedMessage(
            f"MT{kind}: a system message (MT0xx); expected a user message (MT1xx-MT9xx)"
        )
    if not fin.has_text_block:
        raise ParseError(f"FIN block 4: missing text block in MT{kind}")
    mapper = _MAPPERS.get(kind)
    if mapper is None:
        raise UnsupportedMessage(
            f"MT{kind}: not supported (supported: {', '.join(sorted(SUPPORTED_TYPES))})"
        )
    return mapper(fin, received=received)
