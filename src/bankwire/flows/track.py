"""Tracking, gpi-style: every hop and event of a payment with its timestamp.

The tracker reads the append-only events of a UETR and the messages carrying it (the payment
and the network's status reports), and states where the payment is now.
"""

from __future__ import annotations

from dataclasses import dataclass

from bankwire.flows.services import Services
from bankwire.store.base import Event, StoredMessage

__all__ = ["Tracking", "track"]


@dataclass(frozen=True, slots=True)
class Tracking:
    uetr: str
    messages: tuple[StoredMessage, ...]
    events: tuple[Event, ...]

    @property
    def found(self) -> bool:
        return bool(self.messages)

    @property
    def payment(self) -> StoredMessage | None:
        """The participant's message (not the network's pacs.002 about it)."""
        return next((m for m in self.messages if m.origin == "participant"), None)


def track(services: Services, uetr: str) -> Tracking:
    key = uetr.strip().lower()
    with services.store.transaction() as tx:
        messages = tuple(tx.messages_by_uetr(key))
        events = tuple(tx.events(key))
    return Tracking(key, messages, events)
