"""The network's SQL store: participants, RMA, messages, queues, holds, audit.

One schema for SQLite and PostgreSQL (``network_tables.py``). Every pipeline step is one
``transaction()``; state changes are compare-and-set (``advance`` moves a message only from
the state the step expects), so a step re-run after a crash does nothing twice. The events
table is append-only: nothing here updates or deletes an event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bankwire.errors import StoreError
from bankwire.store.base import Event, HoldRecord, HoldState, MessageState, StoredMessage
from bankwire.store.network_directory import DirectoryOperations
from bankwire.store.network_queue import QueueOperations
from bankwire.store.network_tables import (
    event_from_row,
    events,
    hold_from_row,
    holds,
    message_from_row,
    messages,
)

__all__ = ["SqlNetworkStore", "SqlNetworkTransaction", "messages"]


_INSERT_EVENT = insert(events)
"""Built once: the audit trail is the hottest insert, one or more per pipeline step."""

# The per-payment statements, built once with bound parameters: a statement object built per
# call costs more CPU to construct and to key for the compiled cache than its execution on
# SQLite; a module-level one keeps its cache key memoised.
_BY_MSGID = select(messages).where(
    messages.c.sender == bindparam("sender"), messages.c.message_id == bindparam("message_id")
)
_BY_UETR = (
    select(messages)
    .where(messages.c.uetr == bindparam("uetr"), messages.c.sender == bindparam("sender"))
    .order_by(messages.c.id)
)
_BY_PK = select(messages).where(messages.c.id == bindparam("pk"))
_INSERT_MESSAGE = insert(messages)
_ADVANCE_WHERE = update(messages).where(
    messages.c.id == bindparam("pk"), messages.c.state == bindparam("expected")
)
_ADVANCE = {
    (with_outcome, with_decision): _ADVANCE_WHERE.values(
        state=bindparam("new_state"),
        **({"outcome": bindparam("new_outcome")} if with_outcome else {}),
        **({"decision": bindparam("new_decision")} if with_decision else {}),
    )
    for with_outcome in (False, True)
    for with_decision in (False, True)
}


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


class SqlNetworkTransaction(DirectoryOperations, QueueOperations):
    """The operations of one pipeline step on one open connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # Messages.

    def find_message(self, sender: str, uetr: str | None, message_id: str) -> StoredMessage | None:
        """The sender's earlier message with this MsgId or UETR, if any.

        Two indexed lookups rather than one ``OR``: SQLite would scan the table for the
        ``OR``, which grows with every message the network ever carried.
        """
        row = self._c.execute(_BY_MSGID, {"sender": sender, "message_id": message_id}).first()
        if row is None and uetr is not None:
            row = self._c.execute(_BY_UETR, {"uetr": uetr, "sender": sender}).first()
        return None if row is None else message_from_row(row)

    def message(self, pk: int) -> StoredMessage | None:
        row = self._c.execute(_BY_PK, {"pk": pk}).first()
        return None if row is None else message_from_row(row)

    def messages_by_uetr(self, uetr: str) -> list[StoredMessage]:
        rows = self._c.execute(select(messages).where(messages.c.uetr == uetr).order_by("id"))
        return [message_from_row(row) for row in rows]

    def messages_in(self, states: Sequence[MessageState]) -> list[StoredMessage]:
        rows = self._c.execute(
            select(messages)
            .where(messages.c.state.in_([state.value for state in states]))
            .order_by(messages.c.id)
        )
        return [message_from_row(row) for row in rows]

    def insert_message(self, message: StoredMessage) -> int:
        try:
            result = self._c.execute(
                _INSERT_MESSAGE,
                {
                    "sender": message.sender,
                    "receiver": message.receiver,
                    "uetr": message.uetr,
                    "message_id": message.message_id,
                    "message_type": message.message_type,
                    "digest": message.digest,
                    "body": message.body,
                    "state": message.state.value,
                    "received_at": message.received_at,
                    "outcome": message.outcome,
                    "decision": json.dumps(message.decision, sort_keys=True),
                    "origin": message.origin,
                },
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
        values: dict[str, Any] = {"pk": pk, "expected": expected.value, "new_state": new.value}
        if outcome is not None:
            values["new_outcome"] = outcome
        if decision is not None:
            values["new_decision"] = json.dumps(decision, sort_keys=True)
        statement = _ADVANCE[outcome is not None, decision is not None]
        changed = self._c.execute(statement, values).rowcount
        return bool(changed == 1)

    # Events: append-only.

    def append_event(self, event: Event) -> None:
        self.append_events([event])

    def append_events(self, batch: Sequence[Event]) -> None:
        """Several audit lines in one statement (executemany)."""
        self._c.execute(
            _INSERT_EVENT,
            [
                {
                    "at": event.at,
                    "kind": event.kind,
                    "uetr": event.uetr,
                    "message_pk": event.message_pk,
                    "participant": event.participant,
                    "detail": json.dumps(event.detail, sort_keys=True),
                }
                for event in batch
            ],
        )

    def events(self, uetr: str) -> list[Event]:
        rows = self._c.execute(select(events).where(events.c.uetr == uetr).order_by(events.c.id))
        return [event_from_row(row) for row in rows]

    def audit(self, limit: int) -> list[Event]:
        rows = self._c.execute(select(events).order_by(events.c.id.desc()).limit(limit))
        return [event_from_row(row) for row in reversed(list(rows))]

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
        return None if row is None else hold_from_row(row)

    def holds(self, state: HoldState | None) -> list[HoldRecord]:
        query = select(holds).order_by(holds.c.message_pk)
        if state is not None:
            query = query.where(holds.c.state == state.value)
        return [hold_from_row(row) for row in self._c.execute(query)]

    def save_hold(self, hold: HoldRecord) -> None:
        changed = self._c.execute(
            update(holds)
            .where(holds.c.message_pk == hold.message_pk)
            .values(state=hold.state.value, reviews=json.dumps(list(hold.reviews), sort_keys=True))
        ).rowcount
        assert changed == 1, f"hold {hold.message_pk} missing"
