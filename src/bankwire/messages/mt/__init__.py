"""SWIFT MT (FIN): parse, validate and render user messages, and handle ACK/NAK and system
messages.

``parse(data) -> Message`` for MT103 (STP, REMIT), MT202/205 (COV), MT192/292, MT196/296,
MT199/299, MT900/910; ``render(message) -> bytes`` the inverse; ``validate(data)`` reports
every FIN-layer problem with its block and field; ``parse_system(data)`` reads ACK/NAK and
MT0xx messages, and ``build_ack`` / ``build_nak`` write the network's acknowledgements.
"""

from __future__ import annotations

from bankwire.messages.mt.api import SUPPORTED_TYPES, parse, parse_fin_message
from bankwire.messages.mt.blocks import split_rje
from bankwire.messages.mt.fin import FinMessage, parse_fin
from bankwire.messages.mt.render import render
from bankwire.messages.mt.system import (
    SystemKind,
    SystemMessage,
    build_ack,
    build_nak,
    parse_system,
)
from bankwire.messages.mt.validate import validate

__all__ = [
    "SUPPORTED_TYPES",
    "FinMessage",
    "SystemKind",
    "SystemMessage",
    "build_ack",
    "build_nak",
    "parse",
    "parse_fin",
    "parse_fin_message",
    "parse_system",
    "render",
    "split_rje",
    "validate",
]
