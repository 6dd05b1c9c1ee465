"""The queue side of a network transaction: bounded per-receiver queues, gap-free output
sequence numbers, delivery state."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, func, insert, select, update

from bankwire.network.delivery import Delivery, DeliveryState
from bankwire.network.queues import next_sequence
from bankwire.store.base import QueueItem
from bankwire.store.network_raw import RawInStatement, RawStatement, in_list
from bankwire.store.network_tables import queue, queue_counters, queue_item_from_row

__all__ = ["QueueOperations"]

_UNDELIVERED_STATES = (DeliveryState.QUEUED, DeliveryState.IN_FLIGHT)

# Statements every submission runs, built once (see ``store/network.py``).
_UNDELIVERED = RawStatement(
    select(func.count()).where(
        queue.c.receiver == bindparam("receiver"),
        # Bound one by one (an expanding IN list is rendered per call, not once).
        queue.c.state.in_([bindparam(f"state_{s.value}", s.value) for s in _UNDELIVERED_STATES]),
    )
)
_QUEUE_COLUMNS = (
    "receiver", "sequence", "message_pk", "state", "attempts", "deadline", "possible_duplicate"
)  # fmt: skip
_ENQUEUE = RawStatement(insert(queue).returning(queue.c.id), _QUEUE_COLUMNS)
_ENQUEUE_MANY = RawStatement(insert(queue), _QUEUE_COLUMNS)
_POSITIONS = RawInStatement(
    lambda size: select(queue.c.id, queue.c.message_pk).where(queue.c.message_pk.in_(in_list(size)))
)


_QUEUE_ITEMS = RawStatement(
    select(queue)
    .where(
        queue.c.receiver == bindparam("receiver"),
        queue.c.state.in_([bindparam(f"state_{s.value}", s.value) for s in _UNDELIVERED_STATES]),
    )
    .order_by(queue.c.id)
    .limit(bindparam("limit"))
)
_BY_SEQUENCES = RawInStatement(
    lambda size: select(queue).where(
        queue.c.receiver == bindparam("receiver"), queue.c.sequence.in_(in_list(size))
    )
)
_UPDATE_DELIVERY = RawStatement(
    update(queue)
    .where(queue.c.id == bindparam("item_id"))
    .values(
        state=bindparam("new_state"),
        attempts=bindparam("new_attempts"),
        deadline=bindparam("new_deadline"),
        possible_duplicate=bindparam("new_possible_duplicate"),
    )
)
_BUMP_COUNTER = RawStatement(
    update(queue_counters)
    .where(queue_counters.c.receiver == bindparam("receiver"))
    .values(last_sequence=queue_counters.c.last_sequence + bindparam("count"))
)
_COUNTER = RawStatement(
    select(queue_counters.c.last_sequence).where(queue_counters.c.receiver == bindparam("receiver"))
)
_LAST_NUMBERED = RawStatement(
    select(func.max(queue.c.sequence)).where(queue.c.receiver == bindparam("receiver"))
)
_NUMBER = RawStatement(
    update(queue)
    .where(queue.c.id == bindparam("item_id"), queue.c.sequence.is_(None))
    .values(sequence=bindparam("new_sequence"))
)


class QueueOperations:
    """Mixed into ``SqlNetworkTransaction``; works on its open connection."""

    _c: Connection
    queued_to: set[str]

    def undelivered_count(self, receiver: str) -> int:
        return int(_UNDELIVERED.scalar(self._c, {"receiver": receiver}))

    def enqueue(self, receiver: str, message_pk: int) -> int:
        """Put the message at the end of the receiver's queue; returns its queue position."""
        row = _ENQUEUE.first(
            self._c,
            {
                "receiver": receiver,
                "sequence": None,
                "message_pk": message_pk,
                "state": DeliveryState.QUEUED.value,
                "attempts": 0,
                "deadline": None,
                "possible_duplicate": False,
            },
        )
        assert row is not None, "INSERT ... RETURNING returned no id"
        self.queued_to.add(receiver)
        return int(row.id)

    def enqueue_many(self, items: Sequence[tuple[str, int]]) -> dict[int, int]:
        """Queue several messages, each at the end of its receiver's queue, in order.

        ``items`` are (receiver, message id); returns message id -> queue position. One
        ``executemany`` and one lookup of the positions (``message_pk`` is unique).
        """
        if not items:
            return {}
        _ENQUEUE_MANY.run_many(
            self._c,
            [
                {"receiver": receiver, "sequence": None, "message_pk": pk,
                 "state": DeliveryState.QUEUED.value, "attempts": 0, "deadline": None,
                 "possible_duplicate": False}
                for receiver, pk in items
            ],
        )  # fmt: skip
        rows = _POSITIONS.rows(self._c, [pk for _, pk in items], {})
        positions = {int(row.message_pk): int(row.id) for row in rows}
        assert len(positions) == len(items), "a queued message has no queue row"
        self.queued_to.update(receiver for receiver, _ in items)
        return positions

    def assign_sequence(self, item_id: int, receiver: str) -> int:
        """Give a queued message the receiver's next output sequence number, at first output.

        Numbers are assigned when a message is first handed out, not when queued, so a message
        withdrawn before delivery (re-screened into a block) leaves no gap. The counter row is
        updated first: on PostgreSQL its row lock serialises concurrent fetches of a receiver,
        and a rolled-back step gives its number back.
        """
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

    def assign_sequences(self, receiver: str, item_ids: Sequence[int]) -> list[int]:
        """``assign_sequence`` for several items of one receiver, in order, in 4 statements."""
        if not item_ids:
            return []
        count = len(item_ids)
        if _BUMP_COUNTER.run(self._c, {"receiver": receiver, "count": count}) == 0:
            self._c.execute(insert(queue_counters).values(receiver=receiver, last_sequence=count))
        last = int(_COUNTER.scalar(self._c, {"receiver": receiver}))
        previous = _LAST_NUMBERED.scalar(self._c, {"receiver": receiver})
        first = last - count + 1
        assert next_sequence(int(previous or 0)) == first, "queue sequence gap"
        numbers = list(range(first, last + 1))
        changed = _NUMBER.run_many(
            self._c,
            [
                {"item_id": item, "new_sequence": n}
                for item, n in zip(item_ids, numbers, strict=True)
            ],
        )
        assert changed == count, f"queue items of {receiver} already numbered: {item_ids}"
        return numbers

    def queue_items(self, receiver: str, limit: int) -> list[QueueItem]:
        rows = _QUEUE_ITEMS.rows(self._c, {"receiver": receiver, "limit": limit})
        return [queue_item_from_row(row) for row in rows]

    def queue_items_by_sequence(
        self, receiver: str, sequences: Sequence[int]
    ) -> dict[int, QueueItem]:
        """A receiver's items by output sequence number, in one query; unknown ones absent."""
        if not sequences:
            return {}
        rows = _BY_SEQUENCES.rows(self._c, sequences, {"receiver": receiver})
        items = [queue_item_from_row(row) for row in rows]
        return {item.sequence: item for item in items if item.sequence is not None}

    def update_deliveries(self, updates: Sequence[tuple[int, Delivery, bool]]) -> None:
        """``update_delivery`` for several items (item id, delivery, duplicate flag) at once."""
        changed = _UPDATE_DELIVERY.run_many(
            self._c,
            [
                {"item_id": item, "new_state": delivery.state.value,
                 "new_attempts": delivery.attempts, "new_deadline": delivery.deadline,
                 "new_possible_duplicate": duplicate}
                for item, delivery, duplicate in updates
            ],
        )  # fmt: skip
        assert changed == len(updates), "a queue item is missing"

    def queue_item(self, receiver: str, sequence: int) -> QueueItem | None:
        row = self._c.execute(
            select(queue).where(queue.c.receiver == receiver, queue.c.sequence == sequence)
        ).first()
        return None if row is None else queue_item_from_row(row)

    def queue_item_for(self, message_pk: int) -> QueueItem | None:
        row = self._c.execute(select(queue).where(queue.c.message_pk == message_pk)).first()
        return None if row is None else queue_item_from_row(row)

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
