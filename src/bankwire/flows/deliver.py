"""Store-and-forward delivery: the receiver fetches its queue and acknowledges by sequence.

At-least-once: a fetched message stays in flight until acknowledged; a fetch after the
redelivery timeout hands it out again with ``possible_duplicate`` set (FIN's PDE). The first
ack of a participant's payment completes it and queues the pacs.002 (ACCC) to its sender.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.messages.model import TransactionStatus
from bankwire.network.delivery import AckResult, FetchResult, acknowledge, fetch
from bankwire.store.base import Event, MessageState, NetworkTransaction, QueueItem

__all__ = ["Delivered", "acknowledge_deliveries", "acknowledge_delivery", "fetch_deliveries"]


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
    limits = services.limits
    count = min(limit or limits.fetch_batch_max, limits.fetch_batch_max)
    handed: list[Delivered] = []
    with services.store.transaction() as tx:
        for item in tx.queue_items(receiver, count):
            delivered = _fetch_one(services, tx, item)
            if delivered is not None:
                handed.append(delivered)
    return handed


def _fetch_one(services: Services, tx: NetworkTransaction, item: QueueItem) -> Delivered | None:
    now = services.clock.now()
    limits = services.limits
    result, after = fetch(
        item.delivery, now, limits.redelivery_timeout, limits.delivery_attempts_max
    )
    if result in (FetchResult.NOT_DUE, FetchResult.DONE):
        return None
    message = tx.message(item.message_pk)
    assert message is not None, f"queue item {item.id} names no message"
    duplicate = result is FetchResult.DELIVER_DUPLICATE
    tx.update_delivery(item.id, after, duplicate)
    if result is FetchResult.PARK:
        detail = {"attempts": after.attempts}
        tx.append_event(Event(now, "parked", message.uetr, message.id, item.receiver, detail))
        return None
    sequence = item.sequence
    if sequence is None:
        sequence = tx.assign_sequence(item.id, item.receiver)
    tx.advance(message.id, MessageState.QUEUED, MessageState.DELIVERED)
    detail = {"sequence": sequence, "attempt": after.attempts, "possible_duplicate": duplicate}
    tx.append_event(Event(now, "delivered", message.uetr, message.id, item.receiver, detail))
    return Delivered(
        sequence, message.uetr, message.message_type, message.body, message.sender, duplicate
    )


def acknowledge_delivery(services: Services, receiver: str, sequence: int) -> AckResult:
    """The receiver confirms ``sequence``; idempotent, and the sender hears of it once."""
    [result] = acknowledge_deliveries(services, receiver, [sequence])
    return result


def acknowledge_deliveries(
    services: Services, receiver: str, sequences: Sequence[int]
) -> list[AckResult]:
    """Confirm several sequences in one transaction (a receiver's batch), in order."""
    results: list[AckResult] = []
    with services.store.transaction() as tx:
        for sequence in sequences:
            item = tx.queue_item(receiver, sequence)
            if item is None:
                results.append(AckResult.NOT_DELIVERED)
                continue
            result, after = acknowledge(item.delivery)
            results.append(result)
            if result is AckResult.ACKNOWLEDGED:
                tx.update_delivery(item.id, after, item.possible_duplicate)
                _complete(services, tx, item.message_pk, receiver, sequence)
    return results


def _complete(
    services: Services, tx: NetworkTransaction, pk: int, receiver: str, sequence: int
) -> None:
    now = services.clock.now()
    message = tx.message(pk)
    assert message is not None
    moved = tx.advance(pk, MessageState.DELIVERED, MessageState.ACKNOWLEDGED)
    assert moved, f"message {pk} acknowledged from state {message.state}"
    detail = {"sequence": sequence}
    tx.append_event(Event(now, "acknowledged", message.uetr, pk, receiver, detail))
    if message.origin == "participant":
        completed = TransactionStatus.ACCEPTED_CREDIT_SETTLEMENT_COMPLETED
        issue_status_report(tx, services.network_bic, message, completed, now)
