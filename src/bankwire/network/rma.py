"""Relationship Management Application: which correspondent may send a receiver what.

In FIN a receiver must have authorised a sender (and the message categories) before the
network accepts a message between them; an unauthorised message is NAK'd at the sender's
door. Authorisations name message families (``pacs.008``, ``MT103``); a message's full type
(``pacs.008.001.08``) is folded onto its family before the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from bankwire.ids import bic8

__all__ = ["KNOWN_FAMILIES", "RmaAuthorisation", "RmaBook", "message_family"]


# The message families the network carries (``message_family`` of every type it accepts):
# an RMA for any other name could never match a message, so it is refused as a typo.
KNOWN_FAMILIES: Final[frozenset[str]] = frozenset({
    "pacs.008", "pacs.009", "pacs.002", "pacs.004", "camt.056", "camt.029",
    "MT103", "MT103STP", "MT103REMIT", "MT202", "MT202COV", "MT205", "MT205COV",
    "MT192", "MT292", "MT196", "MT296", "MT199", "MT299", "MT900", "MT910",
})  # fmt: skip


def message_family(message_type: str) -> str:
    """``pacs.008.001.08`` -> ``pacs.008``; ``MT202COV`` -> ``MT202COV``; case kept for MT."""
    if message_type.upper().startswith("MT"):
        return message_type.upper()
    parts = message_type.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else message_type


@dataclass(frozen=True, slots=True)
class RmaAuthorisation:
    """The receiver lets the sender send it these message families."""

    sender: str
    receiver: str
    message_types: frozenset[str]

    def __post_init__(self) -> None:
        if not self.message_types:
            raise ValueError(f"RMA {self.sender}->{self.receiver}: at least one message type")


class RmaBook:
    """All authorisations, indexed by institution (BIC8) pair."""

    __slots__ = ("_types",)

    def __init__(self, authorisations: Iterable[RmaAuthorisation]) -> None:
        self._types: dict[tuple[str, str], set[str]] = {}
        for item in authorisations:
            key = (bic8(item.sender), bic8(item.receiver))
            self._types.setdefault(key, set()).update(item.message_types)

    def allows(self, sender: str, receiver: str, message_type: str) -> bool:
        allowed = self._types.get((bic8(sender), bic8(receiver)))
        return allowed is not None and message_family(message_type) in allowed
