"""The ports flows need from storage, as Protocols, and the records that cross them.

Flows never import SQLAlchemy: they receive a ``NetworkStore`` and run each pipeline step in
one ``store.transaction()``. The SQL implementation (``store/network.py``) serves SQLite and
PostgreSQL with one schema. Records here are plain frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from bankwire.frozen import fast_replace
from bankwire.ledger.model import Account, Transfer
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.money import Amount
from bankwire.network.delivery import Delivery
from bankwire.network.participants import Participant
from bankwire.network.rma import RmaAuthorisation

__all__ = [
    "Advance",
    "Event",
    "HoldRecord",
    "HoldState",
    "LedgerPort",
    "LicenceRecord",
    "MessageHead",
    "MessageState",
    "NetworkStore",
    "NetworkTransaction",
    "QueueItem",
    "StoredMessage",
    "replace_message",
]


class MessageState(StrEnum):
    """Where a message is in the pipeline; each step moves it forward in one transaction."""

    ACCEPTED = "accepted"
    """ACK'd and stored; not yet screened."""
    DECIDED = "decided"
    """Screened and decided; the decision is stored, postings not yet made."""
    HELD = "held"
    """Funds pending in the ledger; waits for an analyst."""
    SETTLED = "settled"
    """Posted in the ledger; not yet queued to the receiver."""
    QUEUED = "queued"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    BLOCKED = "blocked"


TERMINAL_STATES = frozenset(
    {MessageState.ACKNOWLEDGED, MessageState.REJECTED, MessageState.BLOCKED}
)
WAITING_STATES = frozenset({MessageState.HELD, MessageState.QUEUED, MessageState.DELIVERED})


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    sender: str
    receiver: str
    uetr: str | None
    message_id: str
    message_type: str
    digest: str
    body: bytes
    state: MessageState
    received_at: datetime
    outcome: str | None = None
    """The policy outcome once decided: pass, hold, reject, block."""
    decision: dict[str, Any] = field(default_factory=dict)
    """The decision as JSON: reasons, list versions, licence, ledger transfer ids."""
    origin: str = "participant"
    """``participant`` for submitted messages, ``network`` for pacs.002 the network issued."""


replace_message: Callable[..., StoredMessage] = fast_replace(StoredMessage)
"""``dataclasses.replace`` for a stored message, without the frozen ``__init__``: a
payment's message changes state several times on its way (``bankwire.frozen``)."""


@dataclass(frozen=True, slots=True)
class MessageHead:
    """A stored message without its bytes and its decision: what acks and fetches read.

    Reading the whole message costs the decision's JSON (screening details and reasons) and
    the bytes, which a receiver's acknowledgement never looks at.
    """

    id: int
    sender: str
    receiver: str
    uetr: str | None
    message_id: str
    message_type: str
    digest: str
    state: MessageState
    origin: str = "participant"


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the append-only audit trail, and one hop of the tracker."""

    at: datetime
    kind: str
    uetr: str | None = None
    message_pk: int | None = None
    participant: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QueueItem:
    id: int
    """Queue position: the order messages were queued in."""
    receiver: str
    sequence: int | None
    """The receiver's output sequence number, given at first delivery (None before)."""
    message_pk: int
    delivery: Delivery
    possible_duplicate: bool = False


class HoldState(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class HoldRecord:
    message_pk: int
    uetr: str | None
    opened_at: datetime
    state: HoldState
    reviews: tuple[dict[str, Any], ...] = ()
    """Each analyst's judgement: who, what, when, why (four-eyes needs two)."""


@dataclass(frozen=True, slots=True)
class LicenceRecord:
    reference: str
    data: dict[str, Any]
    """The licence as the policy package serialises it."""
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class Advance:
    """One compare-and-set move of a message's state, for ``advance_many``."""

    pk: int
    expected: MessageState
    new: MessageState
    outcome: str | None = None
    decision: dict[str, Any] | None = None


class NetworkTransaction(Protocol):
    """Everything one pipeline step may read or write, inside one transaction."""

    def add_operator(self, name: str, token_sha256: str) -> None: ...
    def operator_by_token(self, token_sha256: str) -> str | None: ...
    def participant(self, bic: str) -> Participant | None: ...
    def participants(self) -> list[Participant]: ...
    def participant_by_token(self, token_sha256: str) -> Participant | None: ...
    def save_participant(self, participant: Participant) -> None: ...
    def rma(
        self, sender: str | None = None, receiver: str | None = None
    ) -> list[RmaAuthorisation]: ...
    def grant_rma(self, authorisation: RmaAuthorisation) -> None: ...
    def remember_signature(self, sender: str, digest: str, nonce: str, at: datetime) -> bool: ...
    def find_message(
        self, sender: str, uetr: str | None, message_id: str
    ) -> StoredMessage | None: ...
    def message(self, pk: int) -> StoredMessage | None: ...
    def messages_by_pk(self, pks: Sequence[int]) -> dict[int, StoredMessage]: ...
    def message_heads(self, pks: Sequence[int]) -> dict[int, MessageHead]: ...
    def messages_to_deliver(self, pks: Sequence[int]) -> dict[int, tuple[MessageHead, bytes]]: ...
    def messages_by_uetr(self, uetr: str) -> list[StoredMessage]: ...
    def messages_in(self, states: Sequence[MessageState]) -> list[StoredMessage]: ...
    def insert_message(self, message: StoredMessage) -> int: ...
    def advance(
        self,
        pk: int,
        expected: MessageState,
        new: MessageState,
        outcome: str | None = None,
        decision: dict[str, Any] | None = None,
    ) -> bool: ...
    def advance_many(self, moves: Sequence[Advance]) -> bool: ...
    def append_event(self, event: Event) -> None: ...
    def append_events(self, batch: Sequence[Event]) -> None: ...
    def events(self, uetr: str) -> list[Event]: ...
    def audit(self, limit: int) -> list[Event]: ...
    def undelivered_count(self, receiver: str) -> int: ...
    def enqueue(self, receiver: str, message_pk: int) -> int: ...
    def enqueue_many(self, items: Sequence[tuple[str, int]]) -> dict[int, int]: ...
    def assign_sequence(self, item_id: int, receiver: str) -> int: ...
    def assign_sequences(self, receiver: str, item_ids: Sequence[int]) -> list[int]: ...
    def queue_items_by_sequence(
        self, receiver: str, sequences: Sequence[int]
    ) -> dict[int, QueueItem]: ...
    def update_deliveries(self, updates: Sequence[tuple[int, Delivery, bool]]) -> None: ...
    def queue_items(self, receiver: str, limit: int) -> list[QueueItem]: ...
    def queue_item(self, receiver: str, sequence: int) -> QueueItem | None: ...
    def queue_item_for(self, message_pk: int) -> QueueItem | None: ...
    def update_delivery(
        self, item_id: int, delivery: Delivery, possible_duplicate: bool
    ) -> None: ...
    def open_hold(self, hold: HoldRecord) -> None: ...
    def hold(self, message_pk: int) -> HoldRecord | None: ...
    def holds(self, state: HoldState | None) -> list[HoldRecord]: ...
    def save_hold(self, hold: HoldRecord) -> None: ...
    def save_licence(self, licence: LicenceRecord) -> None: ...
    def licences(self) -> list[LicenceRecord]: ...
    def record_licence_usage(self, licence_key: str, message_pk: int, amount: Amount) -> None: ...
    def licence_usage(self) -> dict[str, tuple[str, str]]: ...


class NetworkStore(Protocol):
    def transaction(self) -> AbstractContextManager[NetworkTransaction]: ...


class LedgerPort(Protocol):
    """The settlement ledger as flows use it: TigerBeetle's batch calls, results as values.

    The in-memory ``bankwire.ledger.Ledger`` and the durable SQL ledger both satisfy it. Every
    transfer id the pipeline uses is derived from the message, so a step re-run after a crash
    gets ``exists`` instead of moving money twice.
    """

    def create_accounts(
        self, batch: Sequence[Account]
    ) -> list[tuple[int, CreateAccountResult]]: ...
    def create_transfers(
        self, batch: Sequence[Transfer]
    ) -> list[tuple[int, CreateTransferResult]]: ...
    def lookup_accounts(self, ids: Iterable[int]) -> list[Account]: ...
    def joined(self) -> AbstractContextManager[Callable[[object], bool]]:
        """Batches made inside go into the transaction given to the ``join`` it yields, when
        the ledger can write there (the durable ledger and the network store on one
        database); ``join`` says whether it could. Open the transaction inside the block."""
        ...
