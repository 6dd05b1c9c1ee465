"""The batcher's shared transactions for fetch/ack jobs, and their failure isolation."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.runtime import Runtime
from bankwire.store.base import NetworkTransaction
from bankwire.store.network import SqlNetworkTransaction
from tests.api.harness import prepare


@pytest.fixture
def batcher(tmp_path: Path) -> Batcher:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", lists=())
    runtime = Runtime.open(prepared.settings)
    return Batcher(runtime, threading.Lock(), QueueSignal())


def _connection_id(tx: NetworkTransaction) -> int:
    assert isinstance(tx, SqlNetworkTransaction)
    return id(tx._c)


def test_jobs_queued_together_share_one_transaction(batcher: Batcher) -> None:
    gate = threading.Event()
    first = batcher.run(lambda tx: gate.wait(5))  # Holds the worker while the others queue.
    others = [batcher.run(_connection_id) for _ in range(3)]
    gate.set()
    assert first.result(timeout=5) is True
    assert len({future.result(timeout=5) for future in others}) == 1
    batcher.stop()


def test_a_failing_job_fails_alone_and_the_others_commit(batcher: Batcher) -> None:
    gate = threading.Event()
    batcher.run(lambda tx: gate.wait(5))

    def write(tx: NetworkTransaction) -> int:
        assert isinstance(tx, SqlNetworkTransaction)
        tx._c.execute(text("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"))
        return int(tx._c.execute(text("INSERT INTO probe VALUES (1)")).rowcount)

    def fail(tx: NetworkTransaction) -> None:
        raise ValueError("this job is broken")

    written = batcher.run(write)
    failed = batcher.run(fail)
    gate.set()
    assert written.result(timeout=5) == 1
    with pytest.raises(ValueError, match="broken"):
        failed.result(timeout=5)
    count = batcher.run(lambda tx: tx._c.execute(text("SELECT count(*) FROM probe")).scalar())  # type: ignore[attr-defined]
    assert count.result(timeout=5) == 1  # Written once: the failed round was rolled back.
    batcher.stop()


def test_a_job_that_queues_messages_wakes_long_polls(tmp_path: Path) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", lists=())
    signal = QueueSignal()
    batcher = Batcher(Runtime.open(prepared.settings), threading.Lock(), signal)

    async def wait() -> bool:
        seen = signal.generation
        waiting = asyncio.create_task(signal.wait(seen, 5))
        while not waiting.done():
            await asyncio.wrap_future(batcher.run(lambda tx: None, wakes=True))
            await asyncio.wait({waiting}, timeout=0.05)
        return signal.generation != seen

    assert asyncio.run(wait())
    batcher.stop()


def test_a_notice_before_the_wait_is_not_slept_through() -> None:
    """Noted generation, then a notice, then the wait: it returns at once, not at timeout."""
    signal = QueueSignal()

    async def look_notice_wait() -> int:
        seen = signal.generation
        signal.notify()
        await asyncio.wait_for(signal.wait(seen, 3600), timeout=5)
        return signal.waiting

    assert asyncio.run(look_notice_wait()) == 0


def test_a_notice_from_another_thread_wakes_every_waiting_receiver() -> None:
    signal = QueueSignal()

    async def many() -> int:
        seen = signal.generation
        waits = [asyncio.create_task(signal.wait(seen, 3600)) for _ in range(3)]
        while signal.waiting < 3:
            await asyncio.sleep(0)
        threading.Thread(target=signal.notify).start()
        await asyncio.wait_for(asyncio.gather(*waits), timeout=5)
        return signal.waiting

    assert asyncio.run(many()) == 0


def test_a_wait_ends_at_its_timeout_and_a_cancelled_one_leaves() -> None:
    signal = QueueSignal()

    async def timeout_then_cancel() -> tuple[int, int]:
        await signal.wait(signal.generation, 0.01)
        after_timeout = signal.waiting
        waiting = asyncio.create_task(signal.wait(signal.generation, 3600))
        while signal.waiting == 0:
            await asyncio.sleep(0)
        waiting.cancel()
        await asyncio.wait({waiting})
        return after_timeout, signal.waiting

    assert asyncio.run(timeout_then_cancel()) == (0, 0)
    signal.notify()  # Nobody waits: nothing to wake, no loop to call.


def test_a_notice_for_a_closed_loop_does_not_fail_the_batcher() -> None:
    """The batcher thread notifies after every round: an exception there would end it."""
    signal = QueueSignal()
    loop = asyncio.new_event_loop()
    waiting = loop.create_task(signal.wait(signal.generation, 3600))
    loop.run_until_complete(asyncio.sleep(0))  # The wait is registered, then left hanging.
    loop.close()
    assert signal.waiting == 1
    signal.notify()
    assert signal.waiting == 0
    assert not waiting.done()
