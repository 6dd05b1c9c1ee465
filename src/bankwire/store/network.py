"""The network's SQL store: participants, RMA, messages, queues, holds, audit.

One schema for SQLite and PostgreSQL (``network_tables.py``). Every pipeline step is one
``transaction()``; state changes are compare-and-set (``advance`` moves a message only from
the state the step expects), so a step re-run after a crash does nothing twice. The events
table is append-only: nothing here updates or deletes an event.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from bankwire.errors import StoreError
from bankwire.store.base import (
    Advance,
    Event,
    HoldRecord,
    HoldState,
    MessageHead,
    MessageState,
    StoredMessage,
)
from bankwire.store.network_directory import DirectoryCache, DirectoryOperations
from bankwire.store.network_queue import QueueOperations
from bankwire.store.network_raw import (
    RawInStatement,
    RawStatement,
    in_list,
    integrity_errors,
    store_errors,
)
from bankwire.store.network_tables import (
    event_from_row,
    events,
    head_from_row,
    hold_from_row,
    holds,
    message_from_row,
    messages,
)

__all__ = ["SqlNetworkStore", "SqlNetworkTransaction", "messages"]


_to_json = json.JSONEncoder(sort_keys=True).encode
"""``json.dumps(value, sort_keys=True)``, without building an encoder for each value (a
payment stores a decision and several event details)."""

_EVENT_COLUMNS = ("at", "kind", "uetr", "message_pk", "participant", "detail")
_INSERT_EVENT = RawStatement(insert(events), _EVENT_COLUMNS)
"""The audit trail is the hottest insert, several lines per payment."""

# The per-payment statements, built once with bound parameters: a statement object built per
# call costs more CPU to construct and to key for the compiled cache than its execution on
# SQLite; a module-level one keeps its cache key memoised.
_BY_MSGID = RawStatement(
    select(messages).where(
        messages.c.sender == bindparam("sender"), messages.c.message_id == bindparam("message_id")
    )
)
_BY_UETR = RawStatement(
    select(messages)
    .where(messages.c.uetr == bindparam("uetr"), messages.c.sender == bindparam("sender"))
    .order_by(messages.c.id)
    .limit(1)
)
_BY_PK = RawStatement(select(messages).where(messages.c.id == bindparam("pk")))
_BY_PKS = RawInStatement(lambda size: select(messages).where(messages.c.id.in_(in_list(size))))
_HEAD = (
    messages.c.id, messages.c.sender, messages.c.receiver, messages.c.uetr,
    messages.c.message_id, messages.c.message_type, messages.c.digest, messages.c.state,
    messages.c.origin,
)  # fmt: skip
_HEADS_BY_PKS = RawInStatement(lambda size: select(*_HEAD).where(messages.c.id.in_(in_list(size))))
_TO_DELIVER_BY_PKS = RawInStatement(
    lambda size: select(*_HEAD, messages.c.body).where(messages.c.id.in_(in_list(size)))
)
_MESSAGE_COLUMNS = (
    "sender", "receiver", "uetr", "message_id", "message_type", "digest", "body", "state",
    "received_at", "outcome", "decision", "origin",
)  # fmt: skip
_INSERT_MESSAGE = RawStatement(insert(messages).returning(messages.c.id), _MESSAGE_COLUMNS)
_ADVANCE_WHERE = update(messages).where(
    messages.c.id == bindparam("pk"), messages.c.state == bindparam("expected")
)
_ADVANCE = {
    (with_outcome, with_decision): RawStatement(
        _ADVANCE_WHERE.values(
            state=bindparam("new_state"),
            **({"outcome": bindparam("new_outcome")} if with_outcome else {}),
            **({"decision": bindparam("new_decision")} if with_decision else {}),
        )
    )
    for with_outcome in (False, True)
    for with_decision in (False, True)
}


class SqlNetworkStore:
    """The network's durable state on one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._queued_lock = threading.Lock()
        self._queued: set[str] = set()
        self._directory = DirectoryCache()

    @contextmanager
    def transaction(self) -> Iterator[SqlNetworkTransaction]:
        caught = store_errors(self.engine.dialect)
        try:
            with self.engine.begin() as connection:
                tx = SqlNetworkTransaction(connection, self._directory)
                yield tx
        except caught as exc:
            raise StoreError(f"network store on {self.engine.url!r}: {exc}") from exc
        if tx.queued_to:
            with self._queued_lock:
                self._queued |= tx.queued_to

    def take_queued(self) -> set[str]:
        """The receivers that committed transactions of this store queued messages for since
        the last call: whose long polls to wake."""
        with self._queued_lock:
            taken, self._queued = self._queued, set()
        return taken


class SqlNetworkTransaction(DirectoryOperations, QueueOperations):
    """The operations of one pipeline step on one open connection."""

    def __init__(self, connection: Connection, directory: DirectoryCache) -> None:
        self._c = connection
        self._directory = directory
        self._directory_version: int | None = None
        self._directory_written = False
        self.queued_to: set[str] = set()
        """The receivers this transaction queued messages for."""

    def connection_on(self, engine: Engine) -> Connection | None:
        """This transaction's connection if it is on ``engine``, for another store of the
        same database to write in it (the ledger's batch, committed with the settlements)."""
        return self._c if self._c.engine is engine else None

    # Messages.

    def find_message(self, sender: str, uetr: str | None, message_id: str) -> StoredMessage | None:
        """The sender's earlier message with this MsgId or UETR, if any.

        Two indexed lookups rather than one ``OR``: SQLite would scan the table for the
        ``OR``, which grows with every message the network ever carried.
        """
        row = _BY_MSGID.first(self._c, {"sender": sender, "message_id": message_id})
        if row is None and uetr is not None:
            row = _BY_UETR.first(self._c, {"uetr": uetr, "sender": sender})
        return None if row is None else message_from_row(row)

    def message(self, pk: int) -> StoredMessage | None:
        row = _BY_PK.first(self._c, {"pk": pk})
        return None if row is None else message_from_row(row)

    def messages_by_pk(self, pks: Sequence[int]) -> dict[int, StoredMessage]:
        """Several messages by id in one query; ids not found are absent."""
        if not pks:
            return {}
        rows = _BY_PKS.rows(self._c, pks, {})
        return {row.id: message_from_row(row) for row in rows}

    def message_heads(self, pks: Sequence[int]) -> dict[int, MessageHead]:
        """Several messages' heads by id in one query (no bytes, no decision)."""
        if not pks:
            return {}
        return {row.id: head_from_row(row) for row in _HEADS_BY_PKS.rows(self._c, pks, {})}

    def messages_to_deliver(self, pks: Sequence[int]) -> dict[int, tuple[MessageHead, bytes]]:
        """Several messages' heads and bytes by id in one query: what a fetch hands out."""
        if not pks:
            return {}
        rows = _TO_DELIVER_BY_PKS.rows(self._c, pks, {})
        return {row.id: (head_from_row(row), bytes(row.body)) for row in rows}

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
            row = _INSERT_MESSAGE.first(
                self._c,
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
                    "decision": _to_json(message.decision),
                    "origin": message.origin,
                },
            )
        except integrity_errors(self._c.dialect) as exc:
            raise StoreError(
                f"message {message.sender}/{message.message_id}: already stored ({exc})"
            ) from exc
        assert row is not None, "INSERT ... RETURNING returned no id"
        return int(row.id)

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
            values["new_decision"] = _to_json(decision)
        statement = _ADVANCE[outcome is not None, decision is not None]
        return statement.run(self._c, values) == 1

    # Events: append-only.

    def advance_many(self, moves: Sequence[Advance]) -> bool:
        """Compare-and-set several messages, one ``executemany`` per statement shape.

        True when every message moved. False when any had been moved by another run: some
        may have moved, so the caller must roll the transaction back (raise) and redo the
        moves one by one with ``advance``.
        """
        grouped: dict[tuple[bool, bool], list[dict[str, Any]]] = {}
        for move in moves:
            values: dict[str, Any] = {
                "pk": move.pk, "expected": move.expected.value, "new_state": move.new.value
            }  # fmt: skip
            if move.outcome is not None:
                values["new_outcome"] = move.outcome
            if move.decision is not None:
                values["new_decision"] = _to_json(move.decision)
            grouped.setdefault((move.outcome is not None, move.decision is not None), []).append(
                values
            )
        changed = sum(_ADVANCE[shape].run_many(self._c, batch) for shape, batch in grouped.items())
        return changed == len(moves)

    def append_event(self, event: Event) -> None:
        self.append_events([event])

    def append_events(self, batch: Sequence[Event]) -> None:
        """Several audit lines in one statement (executemany)."""
        _INSERT_EVENT.run_many(
            self._c,
            [
                {
                    "at": event.at,
                    "kind": event.kind,
                    "uetr": event.uetr,
                    "message_pk": event.message_pk,
                    "participant": event.participant,
                    "detail": _to_json(event.detail),
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
                reviews=_to_json(list(hold.reviews)),
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
            .values(state=hold.state.value, reviews=_to_json(list(hold.reviews)))
        ).rowcount
        assert changed == 1, f"hold {hold.message_pk} missing"
