"""Which reader and writer handle which ISO 20022 message, by message name without version.

A reader accepts every version of its message whose element names the mapping knows (the
CBPR+ versions, the Fedwire ones, and the newer versions in the shared samples); a writer
renders the CBPR+ version named here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from bankwire.messages.iso20022 import camt029, camt056, pacs002, pacs004, pacs008, pacs009
from bankwire.messages.iso20022.common import Element
from bankwire.messages.model import BusinessHeader, Message

__all__ = ["HANDLERS", "Handler", "handler_for"]


@dataclass(frozen=True, slots=True)
class Handler:
    read: Callable[[Element, str, BusinessHeader | None], Message]
    write: Callable[[Message], Element]
    rendered_version: str
    """The full message identifier written by ``write``, e.g. ``pacs.008.001.08``."""


HANDLERS: Final[dict[str, Handler]] = {
    "pacs.008": Handler(pacs008.read_pacs008, pacs008.write_pacs008, "pacs.008.001.08"),
    "pacs.009": Handler(pacs009.read_pacs009, pacs009.write_pacs009, "pacs.009.001.08"),
    "pacs.002": Handler(pacs002.read_pacs002, pacs002.write_pacs002, "pacs.002.001.10"),
    "pacs.004": Handler(pacs004.read_pacs004, pacs004.write_pacs004, "pacs.004.001.09"),
    "camt.056": Handler(camt056.read_camt056, camt056.write_camt056, "camt.056.001.08"),
    "camt.029": Handler(camt029.read_camt029, camt029.write_camt029, "camt.029.001.09"),
}


def handler_for(message_type: str) -> Handler | None:
    """``pacs.008.001.12`` -> the pacs.008 handler; None for messages not modelled."""
    return HANDLERS.get(message_type[:8])
