"""Notices between the worker processes of one server: which receivers' queues got messages."""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bankwire.api.workers import WorkerGroup


def _listen(folder: Path, heard: Any, ready: Any, stop: Any) -> None:
    """Another worker: a waker of its own (one per process) that reports what it hears."""

    def on_notice(receivers: Collection[str] | None) -> None:
        heard.put(None if receivers is None else sorted(receivers))

    waker = WorkerGroup(folder).waker(on_notice)
    ready.set()
    stop.wait(30)
    waker.close()


def test_a_notice_reaches_the_other_workers_with_its_receivers(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    heard, ready, stop = context.Queue(), context.Event(), context.Event()
    other = context.Process(target=_listen, args=(tmp_path, heard, ready, stop))
    other.start()
    mine: queue.Queue[object] = queue.Queue()
    waker = WorkerGroup(tmp_path).waker(mine.put)
    try:
        assert ready.wait(10)
        waker.notify_others(["PRMSRUMM", "BOFAUS3N"])
        assert heard.get(timeout=5) == ["BOFAUS3N", "PRMSRUMM"]
        waker.notify_others(None)
        assert heard.get(timeout=5) is None  # Every receiver.
        waker.notify_others([f"B{n:07d}" for n in range(1000)])  # More than a datagram carries.
        assert heard.get(timeout=5) is None
        time.sleep(0.1)
        assert mine.empty()  # A worker does not hear its own notices.
    finally:
        stop.set()
        other.join(10)
        waker.close()
