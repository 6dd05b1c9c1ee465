"""The batcher's shared transactions for fetch/ack jobs, and their failure isolation."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.runtime import Runtime
from bankwire.store.base import MessageState, NetworkTransaction, StoredMessage
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


def _queue_for(receiver: str) -> Callable[[NetworkTransaction], int]:
    def work(tx: NetworkTransaction) -> int:
        message = StoredMessage(
            id=0, sender="DEUTDEFF", receiver=receiver, uetr=None,
            message_id="M" + secrets.token_hex(8), message_type="pacs.008.001.08",
            digest="d" * 64, body=b"<x/>", state=MessageState.QUEUED,
            received_at=datetime.now(UTC),
        )  # fmt: skip
        return tx.enqueue(receiver, tx.insert_message(message))

    return work


def test_a_job_that_queues_messages_wakes_that_receivers_long_polls(tmp_path: Path) -> None:
    """A notice names the receivers a round queued messages for: theirs wake, others wait."""
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", lists=())
    signal = QueueSignal()
    batcher = Batcher(Runtime.open(prepared.settings), threading.Lock(), signal)

    async def wait() -> tuple[bool, bool, int]:
        mine = asyncio.create_task(signal.wait(signal.generation_for("BOFAUS3N"), 5, "BOFAUS3N"))
        other = asyncio.create_task(signal.wait(signal.generation_for("PRMSRUMM"), 5, "PRMSRUMM"))
        while signal.waiting < 2:
            await asyncio.sleep(0)
        await asyncio.wrap_future(batcher.run(lambda tx: None))  # Queues nothing: no notice.
        await asyncio.wrap_future(batcher.run(_queue_for("BOFAUS3N")))
        await asyncio.wait({mine}, timeout=5)
        woken = mine.done(), other.done()
        other.cancel()
        return (*woken, signal.generation)

    assert asyncio.run(wait()) == (True, False, 1)
    batcher.stop()


def test_what_a_rolled_back_transaction_queued_wakes_nobody(tmp_path: Path) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", lists=())
    store = Runtime.open(prepared.settings).store

    def queue_then_fail(tx: NetworkTransaction) -> None:
        _queue_for("BOFAUS3N")(tx)
        raise ValueError("rolled back")

    with pytest.raises(ValueError, match="rolled back"), store.transaction() as tx:
        queue_then_fail(tx)
    assert store.take_queued() == set()
    with store.transaction() as tx:
        _queue_for("BOFAUS3N")(tx)
        _queue_for("PRMSRUMM")(tx)
    assert store.take_queued() == {"BOFAUS3N", "PRMSRUMM"}
    assert store.take_queued() == set()  # Taken once.


def test_a_notice_for_some_receivers_wakes_theirs_and_those_not_known_yet() -> None:
    signal = QueueSignal()

    async def waits() -> list[bool]:
        receivers = ["BOFAUS3N", "DEUTDEFF", "PRMSRUMM", None]
        tasks = [
            asyncio.create_task(signal.wait(signal.generation_for(r), 3600, r)) for r in receivers
        ]
        while signal.waiting < 4:
            await asyncio.sleep(0)
        threading.Thread(target=signal.notify, args=(["DEUTDEFF", "PRMSRUMM"],)).start()
        await asyncio.wait(tasks[1:], timeout=5)
        done = [task.done() for task in tasks]
        assert signal.waiting == 1
        signal.notify()  # Everyone.
        await asyncio.wait_for(tasks[0], timeout=5)
        return done

    assert asyncio.run(waits()) == [False, True, True, True]


def test_a_notice_for_another_receiver_before_the_wait_is_waited_through() -> None:
    """Noted generation, then a notice for someone else: the wait does not return at once."""
    signal = QueueSignal()

    async def look_notice_wait() -> bool:
        seen = signal.generation_for("BOFAUS3N")
        signal.notify(["DEUTDEFF"])
        waiting = asyncio.create_task(signal.wait(seen, 3600, "BOFAUS3N"))
        await asyncio.sleep(0.05)
        pending = not waiting.done()
        signal.notify(["BOFAUS3N"])
        await asyncio.wait_for(waiting, timeout=5)
        return pending

    assert asyncio.run(look_notice_wait())


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
