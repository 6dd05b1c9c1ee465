"""Store-and-forward delivery: the receiver fetches its queue and acknowledges by sequence.

At-least-once: a fetched message stays in flight until acknowledged; a fetch after the
redelivery timeout hands it out again with ``possible_duplicate`` set (FIN's PDE). The first
ack of a participant's payment completes it and queues the pacs.002 (ACCC) to its sender.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_reports
from bankwire.messages.model import TransactionStatus
from bankwire.network.delivery import AckResult, Delivery, FetchResult, acknowledge, fetch
from bankwire.store.base import Advance, Event, MessageState, NetworkTransaction, QueueItem

__all__ = [
    "Delivered",
    "acknowledge_deliveries",
    "acknowledge_delivery",
    "acknowledge_in",
    "fetch_deliveries",
    "fetch_in",
]


@dataclass(frozen=True, slots=True)
class Delivered:
    sequence: int
    uetr: str | None
    message_type: str
    body: bytes
    sender: str
    possible_duplicate: bool


def fetch_deliveries(
    services: Services, receiver: str, limit: int | None = None
) -> list[Delivered]:
    """Hand out what is due for ``receiver``, in queue order, in one transaction."""
    with services.store.transaction() as tx:
        return fetch_in(services, tx, receiver, limit)


def fetch_in(
    services: Services, tx: NetworkTransaction, receiver: str, limit: int | None = None
) -> list[Delivered]:
    """``fetch_deliveries`` inside ``tx`` (several receivers' fetches may share one commit).

    A handful of statements per fetch, however many messages it hands out: the messages
    are read in one query, their deliveries updated and their sequence numbers given in
    one ``executemany`` each, their audit lines written together.
    """
    now = services.clock.now()
    limits = services.limits
    count = min(limit or limits.fetch_batch_max, limits.fetch_batch_max)
    due: list[tuple[QueueItem, Delivery, bool]] = []
    events: list[Event] = []
    parked: list[tuple[QueueItem, Delivery]] = []
    for item in tx.queue_items(receiver, count):
        result, after = fetch(
            item.delivery, now, limits.redelivery_timeout, limits.delivery_attempts_max
        )
        if result is FetchResult.PARK:
            parked.append((item, after))
        elif result in (FetchResult.DELIVER, FetchResult.DELIVER_DUPLICATE):
            due.append((item, after, result is FetchResult.DELIVER_DUPLICATE))
    found = tx.messages_to_deliver([item.message_pk for item, _, _ in due] +
                                   [item.message_pk for item, _ in parked])  # fmt: skip
    for item, _ in parked:
        stuck, _ = found[item.message_pk]
        detail = {"attempts": item.delivery.attempts + 1}
        events.append(Event(now, "parked", stuck.uetr, stuck.id, item.receiver, detail))
    tx.update_deliveries(
        [(item.id, after, item.possible_duplicate) for item, after in parked]
        + [(item.id, after, duplicate) for item, after, duplicate in due]
    )
    fresh = [item.id for item, _, _ in due if item.sequence is None]
    numbers = dict(zip(fresh, tx.assign_sequences(receiver, fresh), strict=True))
    handed: list[Delivered] = []
    moves: list[Advance] = []
    for item, after, duplicate in due:
        assert item.message_pk in found, f"queue item {item.id} names no message"
        message, body = found[item.message_pk]
        sequence = item.sequence if item.sequence is not None else numbers[item.id]
        moves.append(Advance(message.id, MessageState.QUEUED, MessageState.DELIVERED))
        detail = {"sequence": sequence, "attempt": after.attempts, "possible_duplicate": duplicate}
        events.append(Event(now, "delivered", message.uetr, message.id, item.receiver, detail))
        handed.append(Delivered(sequence, message.uetr, message.message_type, body,
                                message.sender, duplicate))  # fmt: skip
    # A redelivery finds its message DELIVERED already: that move changes nothing, as before.
    tx.advance_many(moves)
    tx.append_events(events)
    return handed


def acknowledge_delivery(services: Services, receiver: str, sequence: int) -> AckResult:
    """The receiver confirms ``sequence``; idempotent, and the sender hears of it once."""
    [result] = acknowledge_deliveries(services, receiver, [sequence])
    return result


def acknowledge_deliveries(
    services: Services, receiver: str, sequences: Sequence[int]
) -> list[AckResult]:
    """Confirm several sequences in one transaction (a receiver's batch), in order."""
    with services.store.transaction() as tx:
        return acknowledge_in(services, tx, receiver, sequences)


def acknowledge_in(
    services: Services, tx: NetworkTransaction, receiver: str, sequences: Sequence[int]
) -> list[AckResult]:
    """``acknowledge_deliveries`` inside ``tx``; the lookups and moves batched."""
    now = services.clock.now()
    items = tx.queue_items_by_sequence(receiver, sequences)
    results: list[AckResult] = []
    done: dict[int, tuple[QueueItem, Delivery]] = {}
    for sequence in sequences:
        item = items.get(sequence)
        if item is None:
            results.append(AckResult.NOT_DELIVERED)
            continue
        if item.id in done:  # The same sequence twice in one batch: acknowledged already.
            results.append(AckResult.ALREADY_ACKNOWLEDGED)
            continue
        result, after = acknowledge(item.delivery)
        results.append(result)
        if result is AckResult.ACKNOWLEDGED:
            done[item.id] = (item, after)
    if not done:
        return results
    tx.update_deliveries(
        [(item.id, after, item.possible_duplicate) for item, after in done.values()]
    )
    messages = tx.message_heads([item.message_pk for item, _ in done.values()])
    moves = [Advance(item.message_pk, MessageState.DELIVERED, MessageState.ACKNOWLEDGED)
             for item, _ in done.values()]  # fmt: skip
    if not tx.advance_many(moves):
        states = {pk: m.state.value for pk, m in messages.items()}
        raise AssertionError(f"messages acknowledged from states other than delivered: {states}")
    acknowledged = [messages[item.message_pk] for item, _ in done.values()]
    tx.append_events(
        [Event(now, "acknowledged", message.uetr, message.id, receiver,
               {"sequence": item.sequence})
         for message, (item, _) in zip(acknowledged, done.values(), strict=True)]
    )  # fmt: skip
    completed = TransactionStatus.ACCEPTED_CREDIT_SETTLEMENT_COMPLETED
    reported = [message for message in acknowledged if message.origin == "participant"]
    if reported:
        issue_status_reports(tx, services.network_bic, reported, completed, now)
    return results
