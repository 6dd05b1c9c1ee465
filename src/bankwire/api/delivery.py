"""Fetch and acknowledge over HTTP: what the queue routes and their fast path share.

Both run the flows in the batcher's shared transactions and wait on the event loop: a long
poll holds no thread, and a request never blocks a thread-pool thread on a future.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.runtime import Runtime
from bankwire.flows.deliver import Delivered, acknowledge_in, fetch_in
from bankwire.network.delivery import AckResult

__all__ = ["RECHECK_S", "acknowledge", "delivery_json", "fetch", "long_poll"]

RECHECK_S: Final = 1.0
"""A waiting fetch looks again at least this often: a message in flight whose redelivery
timeout passed becomes due again without any notice."""


async def long_poll(
    signal: QueueSignal,
    wait_s: float,
    look: Callable[[], Awaitable[list[Delivered]]],
    receiver: Callable[[], str | None],
) -> list[Delivered]:
    """``look`` until it hands something out or ``wait_s`` seconds passed; in between, wait
    for a notice naming the receiver (``receiver()``: None while not known yet, and then
    any notice will do).

    The generation is noted before each look, so a notice between the look and the wait
    is not slept through.
    """
    deadline = time.monotonic() + wait_s
    while True:
        waiting_for = receiver()
        seen = signal.generation_for(waiting_for)
        handed = await look()
        remaining = deadline - time.monotonic()
        if handed or remaining <= 0:
            return handed
        await signal.wait(seen, min(remaining, RECHECK_S), waiting_for)


async def fetch(rt: Runtime, batch: Batcher, receiver: str, limit: int) -> list[Delivered]:
    """One look at ``receiver``'s queue in the batcher's next shared transaction."""
    return await asyncio.wrap_future(
        batch.run(lambda tx: fetch_in(rt.services, tx, receiver, limit))
    )


async def acknowledge(
    rt: Runtime, batch: Batcher, receiver: str, sequences: Sequence[int]
) -> list[AckResult]:
    """Acknowledge in the batcher's next shared transaction (an ack queues the sender's
    pacs.002, which wakes the sender's long polls)."""
    work = batch.run(lambda tx: acknowledge_in(rt.services, tx, receiver, sequences))
    return await asyncio.wrap_future(work)


def delivery_json(item: Delivered) -> dict[str, Any]:
    """One fetched message as ``DeliveryOut`` serialises it, field for field in order."""
    return {
        "sequence": item.sequence,
        "uetr": item.uetr,
        "message_type": item.message_type,
        "message": item.body.decode("utf-8", errors="replace"),
        "sender": item.sender,
        "possible_duplicate": item.possible_duplicate,
    }
