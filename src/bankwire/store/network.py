"""The network's tables and their SQL store: participants, RMA, messages, queues, audit.

One schema for SQLite and PostgreSQL. Every pipeline step is one ``transaction()``; state
changes are compare-and-set (``advance`` moves a message only from the state the step
expects), so a step re-run after a crash does nothing twice. The events table is
append-only: nothing here updates or deletes an event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bankwire.errors import StoreError
from bankwire.money import Amount
from bankwire.network.delivery import Delivery, DeliveryState
from bankwire.network.participants import Participant, ParticipantStatus
from bankwire.network.rma import RmaAuthorisation
from bankwire.store.base import (
    Event,
    HoldRecord,
    HoldState,
    LicenceRecord,
    MessageState,
    QueueItem,
    StoredMessage,
)
from bankwire.store.db import metadata

__all__ = ["SqlNetworkStore", "SqlNetworkTransaction"]

participants = Table(
    "nw_participants",
    metadata,
    Column("bic", String(11), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("currencies", Text, nullable=False),
    Column("jurisdictions", Text, nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("status", String(32), nullable=False),
    Column("disconnected_from", Date, nullable=True),
    Column("licence_reference", Text, nullable=True),
)

rma = Table(
    "nw_rma",
    metadata,
    Column("sender", String(11), primary_key=True),
    Column("receiver", String(11), primary_key=True),
    Column("message_type", String(32), primary_key=True),
)

signatures = Table(
    "nw_signatures_seen",
    metadata,
    Column("sender", String(11), primary_key=True),
    Column("digest", String(64), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

messages = Table(
    "nw_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sender", String(11), nullable=False),
    Column("receiver", String(11), nullable=False),
    Column("uetr", String(36), nullable=True),
    Column("message_id", String(64), nullable=False),
    Column("message_type", String(32), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("state", String(16), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("decision", Text, nullable=False),
    Column("origin", String(16), nullable=False),
    UniqueConstraint("sender", "message_id", name="uq_nw_messages_sender_msgid"),
    Index("ix_nw_messages_uetr", "uetr"),
    Index("ix_nw_messages_state", "state"),
)

events = Table(
    "nw_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("uetr", String(36), nullable=True),
    Column("message_pk", Integer, nullable=True),
    Column("participant", String(11), nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_nw_events_uetr", "uetr"),
)

queue = Table(
    "nw_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("receiver", String(11), nullable=False),
    Column("sequence", Integer, nullable=True),
    Column("message_pk", Integer, nullable=False, unique=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("deadline", DateTime(timezone=True), nullable=True),
    Column("possible_duplicate", Boolean, nullable=False),
    UniqueConstraint("receiver", "sequence", name="uq_nw_queue_receiver_sequence"),
    Index("ix_nw_queue_receiver_state", "receiver", "state"),
)

queue_counters = Table(
    "nw_queue_counters",
    metadata,
    Column("receiver", String(11), primary_key=True),
    Column("last_sequence", Integer, nullable=False),
)

holds = Table(
    "nw_holds",
    metadata,
    Column("message_pk", Integer, primary_key=True),
    Column("uetr", String(36), nullable=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reviews", Text, nullable=False),
)

licences = Table(
    "nw_licences",
    metadata,
    Column("reference", String(128), primary_key=True),
    Column("data", Text, nullable=False),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
)

licence_usage = Table(
    "nw_licence_usage",
    metadata,
    Column("licence_key", String(160), primary_key=True),
    Column("message_pk", Integer, primary_key=True),
    Column("minor_units", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
)

operators = Table(
    "nw_operators",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("name", Text, nullable=False),
)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC, so say so again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime:
    result = _utc(moment)
    assert result is not None
    return result


class SqlNetworkStore:
    """The network's durable state on one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[SqlNetworkTransaction]:
        try:
            with self.engine.begin() as connection:
                yield SqlNetworkTransaction(connection)
        except SQLAlchemyError as exc:
            raise StoreError(f"network store on {self.engine.url!r}: {exc}") from exc


class SqlNetworkTransaction:
    """The operations of one pipeline step on one open connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # Operators, participants and RMA.

    def add_operator(self, name: str, token_sha256: str) -> None:
        self._c.execute(insert(operators).values(name=name, token_sha256=token_sha256))

    def operator_by_token(self, token_sha256: str) -> str | None:
        row = self._c.execute(
            select(operators.c.name).where(operators.c.token_sha256 == token_sha256)
        ).first()
        return None if row is None else str(row.name)

    def participant(self, bic: str) -> Participant | None:
        row = self._c.execute(select(participants).where(participants.c.bic == bic)).first()
        return None if row is None else _participant(row)

    def participants(self) -> list[Participant]:
        rows = self._c.execute(select(participants).order_by(participants.c.bic))
        return [_participant(row) for row in rows]

    def participant_by_token(self, token_sha256: str) -> Participant | None:
        row = self._c.execute(
            select(participants).where(participants.c.token_sha256 == token_sha256)
        ).first()
        return None if row is None else _participant(row)

    def save_participant(self, participant: Participant) -> None:
        values = {
            "name": participant.name,
            "country": participant.country,
            "currencies": ",".join(participant.currencies),
            "jurisdictions": ",".join(participant.jurisdictions),
            "public_key": participant.public_key,
            "token_sha256": participant.token_sha256,
            "status": participant.status.value,
            "disconnected_from": participant.disconnected_from,
            "licence_reference": participant.licence_reference,
        }
        changed = self._c.execute(
            update(participants).where(participants.c.bic == participant.bic).values(**values)
        ).rowcount
        if changed == 0:
            self._c.execute(insert(participants).values(bic=participant.bic, **values))

    def rma(self) -> list[RmaAuthorisation]:
        grouped: dict[tuple[str, str], set[str]] = {}
        for row in self._c.execute(select(rma)):
            grouped.setdefault((row.sender, row.receiver), set()).add(row.message_type)
        return [
            RmaAuthorisation(sender, receiver, frozenset(types))
            for (sender, receiver), types in sorted(grouped.items())
        ]

    def grant_rma(self, authorisation: RmaAuthorisation) -> None:
        existing = {
            row.message_type
            for row in self._c.execute(
                select(rma.c.message_type).where(
                    rma.c.sender == authorisation.sender, rma.c.receiver == authorisation.receiver
                )
            )
        }
        new = sorted(authorisation.message_types - existing)
        if new:
            self._c.execute(
                insert(rma),
                [
                    {
                        "sender": authorisation.sender,
                        "receiver": authorisation.receiver,
                        "message_type": message_type,
                    }
                    for message_type in new
                ],
            )

    def remember_signature(self, sender: str, digest: str, nonce: str, at: datetime) -> bool:
        """False when this (sender, digest, nonce) was seen before: a replay."""
        seen = self._c.execute(
            select(signatures.c.sender).where(
                signatures.c.sender == sender,
                signatures.c.digest == digest,
                signatures.c.nonce == nonce,
            )
        ).first()
        if seen is not None:
            return False
        self._c.execute(
            insert(signatures).values(sender=sender, digest=digest, nonce=nonce, seen_at=at)
        )
        return True

    # Messages.

    def find_message(self, sender: str, uetr: str | None, message_id: str) -> StoredMessage | None:
        condition = messages.c.message_id == message_id
        if uetr is not None:
            condition = condition | (messages.c.uetr == uetr)
        row = self._c.execute(
            select(messages).where(messages.c.sender == sender, condition).order_by(messages.c.id)
        ).first()
        return None if row is None else _message(row)

    def message(self, pk: int) -> StoredMessage | None:
        row = self._c.execute(select(messages).where(messages.c.id == pk)).first()
        return None if row is None else _message(row)

    def messages_by_uetr(self, uetr: str) -> list[StoredMessage]:
        rows = self._c.execute(select(messages).where(messages.c.uetr == uetr).order_by("id"))
        return [_message(row) for row in rows]

    def messages_in(self, states: Sequence[MessageState]) -> list[StoredMessage]:
        rows = self._c.execute(
            select(messages)
            .where(messages.c.state.in_([state.value for state in states]))
            .order_by(messages.c.id)
        )
        return [_message(row) for row in rows]

    def insert_message(self, message: StoredMessage) -> int:
        try:
            result = self._c.execute(
                insert(messages).values(
                    sender=message.sender,
                    receiver=message.receiver,
                    uetr=message.uetr,
                    message_id=message.message_id,
                    message_type=message.message_type,
                    digest=message.digest,
                    body=message.body,
                    state=message.state.value,
                    received_at=message.received_at,
                    outcome=message.outcome,
                    decision=json.dumps(message.decision, sort_keys=True),
                    origin=message.origin,
                )
            )
        except IntegrityError as exc:
            raise StoreError(
                f"message {message.sender}/{message.message_id}: already stored ({exc.orig})"
            ) from exc
        pk = result.inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def advance(
        self,
        pk: int,
        expected: MessageState,
        new: MessageState,
        outcome: str | None = None,
        decision: dict[str, Any] | None = None,
    ) -> bool:
        """Compare-and-set the state; False when another run already moved the message."""
        values: dict[str, Any] = {"state": new.value}
        if outcome is not None:
            values["outcome"] = outcome
        if decision is not None:
            values["decision"] = json.dumps(decision, sort_keys=True)
        changed = self._c.execute(
            update(messages)
            .where(messages.c.id == pk, messages.c.state == expected.value)
            .values(**values)
        ).rowcount
        return bool(changed == 1)

    # Events: append-only.

    def append_event(self, event: Event) -> None:
        self._c.execute(
            insert(events).values(
                at=event.at,
                kind=event.kind,
                uetr=event.uetr,
                message_pk=event.message_pk,
                participant=event.participant,
                detail=json.dumps(event.detail, sort_keys=True),
            )
        )

    def events(self, uetr: str) -> list[Event]:
        rows = self._c.execute(select(events).where(events.c.uetr == uetr).order_by(events.c.id))
        return [_event(row) for row in rows]

    def audit(self, limit: int) -> list[Event]:
        rows = self._c.execute(select(events).order_by(events.c.id.desc()).limit(limit))
        return [_event(row) for row in reversed(list(rows))]

    # Queues.

    def undelivered_count(self, receiver: str) -> int:
        count = self._c.execute(
            select(func.count()).where(
                queue.c.receiver == receiver,
                queue.c.state.in_([DeliveryState.QUEUED.value, DeliveryState.IN_FLIGHT.value]),
            )
        ).scalar_one()
        return int(count)

    def enqueue(self, receiver: str, message_pk: int) -> int:
        """Put the message at the end of the receiver's queue; returns its queue position."""
        result = self._c.execute(
            insert(queue).values(
                receiver=receiver,
                sequence=None,
                message_pk=message_pk,
                state=DeliveryState.QUEUED.value,
                attempts=0,
                deadline=None,
                possible_duplicate=False,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def assign_sequence(self, item_id: int, receiver: str) -> int:
        """Give a queued message the receiver's next output sequence number, at first output.

        Numbers are assigned when a message is first handed out, not when queued, so a message
        withdrawn before delivery (re-screened into a block) leaves no gap. The counter row is
        updated first: on PostgreSQL its row lock serialises concurrent fetches of a receiver,
        and a rolled-back step gives its number back.
        """
        from bankwire.network.queues import next_sequence

        bumped = self._c.execute(
            update(queue_counters)
            .where(queue_counters.c.receiver == receiver)
            .values(last_sequence=queue_counters.c.last_sequence + 1)
        ).rowcount
        if bumped == 0:
            self._c.execute(insert(queue_counters).values(receiver=receiver, last_sequence=1))
        sequence = int(
            self._c.execute(
                select(queue_counters.c.last_sequence).where(queue_counters.c.receiver == receiver)
            ).scalar_one()
        )
        previous = self._c.execute(
            select(func.max(queue.c.sequence)).where(queue.c.receiver == receiver)
        ).scalar_one()
        assert next_sequence(int(previous or 0)) == sequence, "queue sequence gap"
        changed = self._c.execute(
            update(queue)
            .where(queue.c.id == item_id, queue.c.sequence.is_(None))
            .values(sequence=sequence)
        ).rowcount
        assert changed == 1, f"queue item {item_id} already numbered"
        return sequence

    def queue_items(self, receiver: str, limit: int) -> list[QueueItem]:
        rows = self._c.execute(
            select(queue)
            .where(
                queue.c.receiver == receiver,
                queue.c.state.in_([DeliveryState.QUEUED.value, DeliveryState.IN_FLIGHT.value]),
            )
            .order_by(queue.c.id)
            .limit(limit)
        )
        return [_queue_item(row) for row in rows]

    def queue_item(self, receiver: str, sequence: int) -> QueueItem | None:
        row = self._c.execute(
            select(queue).where(queue.c.receiver == receiver, queue.c.sequence == sequence)
        ).first()
        return None if row is None else _queue_item(row)

    def queue_item_for(self, message_pk: int) -> QueueItem | None:
        row = self._c.execute(select(queue).where(queue.c.message_pk == message_pk)).first()
        return None if row is None else _queue_item(row)

    def update_delivery(self, item_id: int, delivery: Delivery, possible_duplicate: bool) -> None:
        changed = self._c.execute(
            update(queue)
            .where(queue.c.id == item_id)
            .values(
                state=delivery.state.value,
                attempts=delivery.attempts,
                deadline=delivery.deadline,
                possible_duplicate=possible_duplicate,
            )
        ).rowcount
        assert changed == 1, f"queue item {item_id} missing"

    # Holds and licences.

    def open_hold(self, hold: HoldRecord) -> None:
        self._c.execute(
            insert(holds).values(
                message_pk=hold.message_pk,
                uetr=hold.uetr,
                opened_at=hold.opened_at,
                state=hold.state.value,
                reviews=json.dumps(list(hold.reviews), sort_keys=True),
            )
        )

    def hold(self, message_pk: int) -> HoldRecord | None:
        row = self._c.execute(select(holds).where(holds.c.message_pk == message_pk)).first()
        return None if row is None else _hold(row)

    def holds(self, state: HoldState | None) -> list[HoldRecord]:
        query = select(holds).order_by(holds.c.message_pk)
        if state is not None:
            query = query.where(holds.c.state == state.value)
        return [_hold(row) for row in self._c.execute(query)]

    def save_hold(self, hold: HoldRecord) -> None:
        changed = self._c.execute(
            update(holds)
            .where(holds.c.message_pk == hold.message_pk)
            .values(state=hold.state.value, reviews=json.dumps(list(hold.reviews), sort_keys=True))
        ).rowcount
        assert changed == 1, f"hold {hold.message_pk} missing"

    def save_licence(self, licence: LicenceRecord) -> None:
        values = {
            "data": json.dumps(licence.data, sort_keys=True),
            "valid_from": licence.valid_from,
            "valid_to": licence.valid_to,
        }
        changed = self._c.execute(
            update(licences).where(licences.c.reference == licence.reference).values(**values)
        ).rowcount
        if changed == 0:
            self._c.execute(insert(licences).values(reference=licence.reference, **values))

    def record_licence_usage(self, licence_key: str, message_pk: int, amount: Amount) -> None:
        """What a payment moved under a licence, once per payment (a re-run adds nothing)."""
        seen = self._c.execute(
            select(licence_usage.c.message_pk).where(
                licence_usage.c.licence_key == licence_key,
                licence_usage.c.message_pk == message_pk,
            )
        ).first()
        if seen is None:
            self._c.execute(
                insert(licence_usage).values(
                    licence_key=licence_key,
                    message_pk=message_pk,
                    minor_units=amount.minor_units,
                    currency=amount.currency.code,
                )
            )

    def licence_usage(self) -> dict[str, tuple[str, str]]:
        """Licence key -> (decimal amount, currency) moved under it so far."""
        totals: dict[str, Amount] = {}
        for row in self._c.execute(select(licence_usage)):
            amount = Amount.of(row.minor_units, row.currency)
            previous = totals.get(row.licence_key)
            totals[row.licence_key] = amount if previous is None else previous + amount
        return {
            key: (value.to_decimal_string(), value.currency.code) for key, value in totals.items()
        }

    def licences(self) -> list[LicenceRecord]:
        rows = self._c.execute(select(licences).order_by(licences.c.reference))
        return [
            LicenceRecord(row.reference, json.loads(row.data), row.valid_from, row.valid_to)
            for row in rows
        ]


def _participant(row: Any) -> Participant:
    return Participant(
        bic=row.bic,
        name=row.name,
        country=row.country,
        currencies=tuple(filter(None, row.currencies.split(","))),
        jurisdictions=tuple(filter(None, row.jurisdictions.split(","))),
        public_key=bytes(row.public_key),
        token_sha256=row.token_sha256,
        status=ParticipantStatus(row.status),
        disconnected_from=row.disconnected_from,
        licence_reference=row.licence_reference,
    )


def _message(row: Any) -> StoredMessage:
    return StoredMessage(
        id=row.id,
        sender=row.sender,
        receiver=row.receiver,
        uetr=row.uetr,
        message_id=row.message_id,
        message_type=row.message_type,
        digest=row.digest,
        body=bytes(row.body),
        state=MessageState(row.state),
        received_at=_aware(row.received_at),
        outcome=row.outcome,
        decision=json.loads(row.decision),
        origin=row.origin,
    )


def _event(row: Any) -> Event:
    return Event(
        at=_aware(row.at),
        kind=row.kind,
        uetr=row.uetr,
        message_pk=row.message_pk,
        participant=row.participant,
        detail=json.loads(row.detail),
    )


def _queue_item(row: Any) -> QueueItem:
    delivery = Delivery(DeliveryState(row.state), row.attempts, _utc(row.deadline))
    return QueueItem(
        row.id, row.receiver, row.sequence, row.message_pk, delivery, row.possible_duplicate
    )


def _hold(row: Any) -> HoldRecord:
    return HoldRecord(
        message_pk=row.message_pk,
        uetr=row.uetr,
        opened_at=_aware(row.opened_at),
        state=HoldState(row.state),
        reviews=tuple(json.loads(row.reviews)),
    )
