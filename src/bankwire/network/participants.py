"""The participant directory: who may use the network, with which key, from when to when.

A participant is a bank identified by its BIC. The directory answers lookups by BIC11 and by
BIC8 (a BIC11 ending in ``XXX`` is the primary office, so ``PRMSRUMMXXX`` and ``PRMSRUMM``
are the same participant), and says whether a participant may send at a given moment: the
2022-03-12 removal of Russian banks from SWIFT is a disconnection *from a date*, and a
licence can reconnect a bank for a narrow purpose.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bankwire.ids import Bic, bic8

__all__ = [
    "AccessState",
    "Directory",
    "Participant",
    "ParticipantStatus",
    "hash_token",
]


class ParticipantStatus(StrEnum):
    ACTIVE = "active"
    DISCONNECTED = "disconnected"
    """Cut off from ``disconnected_from`` on; before that date it was active."""
    RECONNECTED_UNDER_LICENCE = "reconnected_under_licence"
    """Disconnected, but a licence (``licence_reference``) lets it send what the licence covers."""


class AccessState(StrEnum):
    """What the directory says about one participant at one moment."""

    ACTIVE = "active"
    DISCONNECTED = "disconnected"
    LICENCE_ONLY = "licence_only"
    """Only messages covered by the participant's licence may pass; policy decides which."""


@dataclass(frozen=True, slots=True)
class Participant:
    bic: Bic
    """As registered: an 8-character institution BIC (or an 11-character branch)."""
    name: str
    country: str
    currencies: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    """Whose sanctions law the participant applies on top of the network's (``US``, ``EU``)."""
    public_key: bytes
    """Raw 32-byte Ed25519 public key that verifies the participant's signatures."""
    token_sha256: str
    """Hex sha256 of the bearer token; the token itself is never stored."""
    status: ParticipantStatus = ParticipantStatus.ACTIVE
    disconnected_from: date | None = None
    licence_reference: str | None = None

    def __post_init__(self) -> None:
        if len(self.public_key) != 32:
            raise ValueError(
                f"participant {self.bic}: public key must be 32 bytes (got {len(self.public_key)})"
            )
        if self.status is not ParticipantStatus.ACTIVE and self.disconnected_from is None:
            raise ValueError(f"participant {self.bic}: status {self.status} needs a date")
        if self.status is ParticipantStatus.RECONNECTED_UNDER_LICENCE and not (
            self.licence_reference
        ):
            raise ValueError(f"participant {self.bic}: reconnection needs a licence reference")

    def access_at(self, moment: datetime) -> AccessState:
        """Access on the day of ``moment``: a disconnection applies from its date onward."""
        if self.disconnected_from is None or moment.date() < self.disconnected_from:
            return AccessState.ACTIVE
        if self.status is ParticipantStatus.RECONNECTED_UNDER_LICENCE:
            return AccessState.LICENCE_ONLY
        return AccessState.DISCONNECTED

    def token_matches(self, token: str) -> bool:
        return hash_token(token) == self.token_sha256


def hash_token(token: str) -> str:
    """Tokens are stored hashed, like passwords: a database leak does not leak credentials."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Directory:
    """BIC directory over a set of participants; lookups by BIC8 or BIC11."""

    __slots__ = ("_by_bic",)

    def __init__(self, participants: Iterable[Participant]) -> None:
        self._by_bic: dict[str, Participant] = {}
        for participant in participants:
            self._by_bic[participant.bic] = participant

    def lookup(self, bic: str) -> Participant | None:
        """The participant for ``bic``: the exact branch first, then its institution (BIC8)."""
        candidate = bic.strip().upper()
        if candidate.endswith("XXX") and len(candidate) == 11:
            candidate = candidate[:8]
        found = self._by_bic.get(candidate)
        if found is not None:
            return found
        return self._by_bic.get(bic8(candidate))

    def __len__(self) -> int:
        return len(self._by_bic)

    def __iter__(self) -> Iterator[Participant]:
        return iter(self._by_bic.values())
