"""At-least-once: redelivery after the timeout carries the duplicate flag; acks are idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bankwire.network.delivery import (
    AckResult,
    Delivery,
    DeliveryState,
    FetchResult,
    acknowledge,
    fetch,
)
from bankwire.network.queues import Admission, QueueBound, next_sequence

NOW = datetime(2022, 1, 1, tzinfo=UTC)
TIMEOUT = timedelta(seconds=30)


def test_first_fetch_delivers_then_waits_then_redelivers_as_duplicate() -> None:
    result, in_flight = fetch(Delivery(), NOW, TIMEOUT)
    assert result == FetchResult.DELIVER
    assert fetch(in_flight, NOW + timedelta(seconds=29), TIMEOUT)[0] == FetchResult.NOT_DUE
    again, second = fetch(in_flight, NOW + TIMEOUT, TIMEOUT)
    assert again == FetchResult.DELIVER_DUPLICATE
    assert second.attempts == 2


def test_ack_only_after_delivery_and_only_once() -> None:
    assert acknowledge(Delivery())[0] == AckResult.NOT_DELIVERED
    _, in_flight = fetch(Delivery(), NOW, TIMEOUT)
    result, done = acknowledge(in_flight)
    assert result == AckResult.ACKNOWLEDGED
    assert acknowledge(done)[0] == AckResult.ALREADY_ACKNOWLEDGED
    assert fetch(done, NOW, TIMEOUT)[0] == FetchResult.DONE


def test_attempts_are_bounded() -> None:
    delivery = Delivery(DeliveryState.IN_FLIGHT, 3, NOW)
    result, parked = fetch(delivery, NOW, TIMEOUT, attempts_max=3)
    assert result == FetchResult.PARK
    assert parked.state == DeliveryState.PARKED


def test_queue_bound_and_sequence() -> None:
    bound = QueueBound(2)
    assert bound.admit(1) == Admission.ADMITTED
    assert bound.admit(2) == Admission.QUEUE_FULL
    assert next_sequence(0) == 1
    assert next_sequence(41) == 42
