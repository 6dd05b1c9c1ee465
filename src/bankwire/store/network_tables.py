"""The network's tables: one schema for SQLite and PostgreSQL, and row <-> record mapping.

Registered on the shared ``metadata`` (``store/tables.py`` imports ``store/network.py``, which
imports this), so ``create_schema`` builds them with every other area's tables. The events
table is append-only: no code updates or deletes an event.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bankwire.network.delivery import Delivery, DeliveryState
from bankwire.network.participants import Participant, ParticipantStatus
from bankwire.store.base import (
    Event,
    HoldRecord,
    HoldState,
    MessageHead,
    MessageState,
    QueueItem,
    StoredMessage,
)
from bankwire.store.db import metadata

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

directory_version = Table(
    "nw_directory_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)
"""One row that every write to the participants, the licences and the licence usage counts
up in its own transaction: a directory read once is read again only when it moved."""

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


def utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC, so say so again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def aware(moment: datetime | None) -> datetime:
    result = utc(moment)
    assert result is not None
    return result


def participant_from_row(row: Any) -> Participant:
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


def head_from_row(row: Any) -> MessageHead:
    return MessageHead(
        id=row.id,
        sender=row.sender,
        receiver=row.receiver,
        uetr=row.uetr,
        message_id=row.message_id,
        message_type=row.message_type,
        digest=row.digest,
        state=MessageState(row.state),
        origin=row.origin,
    )


def message_from_row(row: Any) -> StoredMessage:
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
        received_at=aware(row.received_at),
        outcome=row.outcome,
        decision=json.loads(row.decision),
        origin=row.origin,
    )


def event_from_row(row: Any) -> Event:
    return Event(
        at=aware(row.at),
        kind=row.kind,
        uetr=row.uetr,
        message_pk=row.message_pk,
        participant=row.participant,
        detail=json.loads(row.detail),
    )


def queue_item_from_row(row: Any) -> QueueItem:
    delivery = Delivery(DeliveryState(row.state), row.attempts, utc(row.deadline))
    return QueueItem(
        row.id, row.receiver, row.sequence, row.message_pk, delivery, row.possible_duplicate
    )


def hold_from_row(row: Any) -> HoldRecord:
    return HoldRecord(
        message_pk=row.message_pk,
        uetr=row.uetr,
        opened_at=aware(row.opened_at),
        state=HoldState(row.state),
        reviews=tuple(json.loads(row.reviews)),
    )
