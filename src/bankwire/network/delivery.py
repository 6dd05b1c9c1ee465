"""Delivery state machine: at-least-once with receiver acks and timed redelivery.

Pure: the store keeps a ``Delivery`` per queued message and asks this module what to do.
A message handed to the receiver is *in flight* until acknowledged; if no ack comes within the
timeout it is handed out again, flagged as a possible duplicate (FIN's PDE trailer), so the
receiver can recognise a redelivery. Attempts are bounded: past ``attempts_max`` a message is
parked for an operator instead of looping forever.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "AckResult",
    "Delivery",
    "DeliveryState",
    "FetchResult",
    "acknowledge",
    "fetch",
    "withdraw",
]


class DeliveryState(StrEnum):
    QUEUED = "queued"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    PARKED = "parked"
    """Too many unacknowledged attempts; an operator must look."""
    WITHDRAWN = "withdrawn"
    """Taken off the queue before delivery (re-screened into a block); never handed out."""


@dataclass(frozen=True, slots=True)
class Delivery:
    state: DeliveryState = DeliveryState.QUEUED
    attempts: int = 0
    deadline: datetime | None = None
    """While in flight: when the message becomes due for redelivery."""


class FetchResult(StrEnum):
    DELIVER = "deliver"
    DELIVER_DUPLICATE = "deliver_duplicate"
    NOT_DUE = "not_due"
    DONE = "done"
    PARK = "park"


class AckResult(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    NOT_DELIVERED = "not_delivered"


_FINAL = frozenset({DeliveryState.ACKNOWLEDGED, DeliveryState.PARKED, DeliveryState.WITHDRAWN})


def fetch(
    delivery: Delivery, now: datetime, timeout: timedelta, attempts_max: int = 10
) -> tuple[FetchResult, Delivery]:
    """What a fetch by the receiver does to one queued message."""
    assert attempts_max >= 1
    if delivery.state in _FINAL:
        return FetchResult.DONE, delivery
    if delivery.state is DeliveryState.IN_FLIGHT:
        assert delivery.deadline is not None
        if now < delivery.deadline:
            return FetchResult.NOT_DUE, delivery
        if delivery.attempts >= attempts_max:
            return FetchResult.PARK, dataclasses.replace(delivery, state=DeliveryState.PARKED)
    result = FetchResult.DELIVER if delivery.attempts == 0 else FetchResult.DELIVER_DUPLICATE
    after = Delivery(DeliveryState.IN_FLIGHT, delivery.attempts + 1, now + timeout)
    assert after.attempts >= 1
    return result, after


def acknowledge(delivery: Delivery) -> tuple[AckResult, Delivery]:
    """The receiver's ack; idempotent, and refused for a message never handed out."""
    if delivery.state is DeliveryState.ACKNOWLEDGED:
        return AckResult.ALREADY_ACKNOWLEDGED, delivery
    if delivery.attempts == 0 or delivery.state is DeliveryState.WITHDRAWN:
        return AckResult.NOT_DELIVERED, delivery
    return AckResult.ACKNOWLEDGED, Delivery(DeliveryState.ACKNOWLEDGED, delivery.attempts, None)


def withdraw(delivery: Delivery) -> Delivery | None:
    """Take a message off the queue if it was never handed out; None when too late."""
    if delivery.state is not DeliveryState.QUEUED:
        return None
    return Delivery(DeliveryState.WITHDRAWN, delivery.attempts, None)
