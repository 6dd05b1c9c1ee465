"""Group commit for submissions: concurrent requests share transactions.

Each pipeline step is one durable transaction, and on SQLite a durable commit costs a disk
flush. One worker thread takes every submission that queued up while the previous batch ran
(up to ``BATCH_MAX``) and runs them through ``submit_many`` together, so a busy network pays
a handful of flushes per batch instead of per payment, while a quiet one answers each
payment at once (a batch of one). Nothing is answered before its batch is on disk.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Final

from bankwire.api.runtime import Runtime
from bankwire.flows.submit_payment import Submission, SubmitResult, submit_many

__all__ = ["BATCH_MAX", "Batcher"]

BATCH_MAX: Final = 128
"""Bound on one batch: keeps a batch's transaction and its latency short."""

_Item = tuple[Submission, "Future[SubmitResult]"]


class Batcher:
    def __init__(self, runtime: Runtime, lock: threading.Lock, queued: threading.Condition) -> None:
        self._runtime = runtime
        self._lock = lock
        self._queued = queued
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="bankwire-batcher", daemon=True)
        self._thread.start()

    def submit(self, submission: Submission) -> Future[SubmitResult]:
        future: Future[SubmitResult] = Future()
        self._queue.put((submission, future))
        return future

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            batch = [first]
            stopping = False
            while len(batch) < BATCH_MAX:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            self._process(batch)
            if stopping:
                return

    def _process(self, batch: list[_Item]) -> None:
        try:
            with self._lock:
                results = submit_many(self._runtime.services, [item[0] for item in batch])
        except Exception as exc:  # noqa: BLE001 - forwarded: every waiting request fails with it.
            for _, future in batch:
                future.set_exception(exc)
            return
        with self._queued:
            self._queued.notify_all()
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
