"""The batcher's shared transactions for fetch/ack jobs, and their failure isolation."""

from __future__ import annotations

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
    woken = threading.Event()
    seen = signal.generation

    def wait() -> None:
        signal.wait(seen, 5)
        if signal.generation != seen:
            woken.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    while not woken.is_set() and waiter.is_alive():
        batcher.run(lambda tx: None, wakes=True).result(timeout=5)
        waiter.join(0.05)
    assert woken.is_set()
    batcher.stop()
