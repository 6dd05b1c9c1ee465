"""Group commit: concurrent requests share transactions.

Each pipeline step is one durable transaction, and on SQLite a durable commit costs a disk
flush. One worker thread takes every submission that queued up while the previous round ran
(up to ``BATCH_MAX``) and runs them through ``submit_many`` together, so a busy network pays
a handful of flushes per batch instead of per payment, while a quiet one answers each
payment at once (a batch of one). Receivers' fetches and acknowledgements (``run``) are
batched the same way: every one waiting is run in ONE transaction per round, so twenty
receivers polling cost one commit, not twenty, and never wait for the write lock one
behind another. Nothing is answered before its round is on disk. The checks of a submission
that write nothing (signature, validation, routing) run before the write lock is taken, so
with several server processes they run side by side (``api/workers.py``).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Collection
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from bankwire.api.runtime import Runtime
from bankwire.flows.submit_payment import Submission, SubmitResult, prepare_many, submit_prepared
from bankwire.store.base import NetworkTransaction

__all__ = ["BATCH_MAX", "Batcher", "QueueSignal", "wake_queued"]

BATCH_MAX: Final = 128
"""Bound on one batch: keeps a batch's transaction and its latency short."""

_T = TypeVar("_T")


class QueueSignal:
    """Tells long-polling receivers that messages were queued for them.

    A notice names the receivers whose queues got messages (or none: every receiver), and
    wakes only the receivers it names: on a quiet network a payment wakes its receiver, not
    every receiver polling (each of which would look at its queue in vain, a transaction
    and a request's worth of work apiece).

    A receiver notes its generation (``generation_for``) before it looks at its queue and
    waits only if nothing was queued for it since: a notice that comes between its look and
    its wait is not lost (it would otherwise sleep through it until its timeout). ``peers``
    (several server processes) passes each notice on to the other processes too.

    Receivers wait on their event loop (``wait``), not in a thread: a long poll holds no
    thread-pool thread, however many receivers wait. Notices come from other threads (the
    batcher, the peers' listener), so they reach each loop through ``call_soon_threadsafe``,
    once per loop and notice whatever the number of receivers waiting on it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._everyone = 0
        self._by_receiver: dict[str, int] = {}
        # Receiver (None: one not known yet, woken by any notice) -> its waits.
        self._waiters: dict[str | None, dict[asyncio.Future[None], asyncio.AbstractEventLoop]]
        self._waiters = {}
        self.peers: Callable[[Collection[str] | None], None] | None = None

    @property
    def generation(self) -> int:
        """Notices so far, whomever they named."""
        return self._generation

    def generation_for(self, receiver: str | None) -> int:
        """Notices so far that named ``receiver`` or everyone (None: ``generation``)."""
        if receiver is None:
            return self._generation
        return self._everyone + self._by_receiver.get(receiver, 0)

    @property
    def waiting(self) -> int:
        """Receivers waiting now; each leaves when woken, timed out or cancelled."""
        return sum(len(waits) for waits in self._waiters.values())

    def notify(self, receivers: Collection[str] | None = None, *, local: bool = False) -> None:
        """Wake the receivers waiting for messages to ``receivers`` (None: every receiver);
        ``local``: in this process only (a peer's notice)."""
        with self._lock:
            self._generation += 1
            if receivers is None:
                self._everyone += 1
                woken_waits = list(self._waiters.values())
                self._waiters = {}
            else:
                woken_waits = []
                for receiver in (*receivers, None):
                    if receiver is not None:
                        self._by_receiver[receiver] = self._by_receiver.get(receiver, 0) + 1
                    waits = self._waiters.pop(receiver, None)
                    if waits is not None:
                        woken_waits.append(waits)
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
        for waits in woken_waits:
            for woken, loop in waits.items():
                by_loop.setdefault(loop, []).append(woken)
        for loop, woken_all in by_loop.items():
            try:
                loop.call_soon_threadsafe(_wake, woken_all)
            except RuntimeError:  # That loop was closed meanwhile: nobody waits on it any more.
                continue
        if not local and self.peers is not None:
            self.peers(receivers)

    async def wait(self, seen: int, timeout: float, receiver: str | None = None) -> None:
        """Until a notice for ``receiver`` after its generation ``seen`` (from
        ``generation_for(receiver)``), or ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        woken: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self.generation_for(receiver) != seen:
                return
            self._waiters.setdefault(receiver, {})[woken] = loop
        timer = loop.call_later(timeout, _wake, [woken])
        try:
            await woken
        finally:
            timer.cancel()
            with self._lock:
                waits = self._waiters.get(receiver)
                if waits is not None:
                    waits.pop(woken, None)
                    if not waits:
                        del self._waiters[receiver]


def wake_queued(runtime: Runtime, signal: QueueSignal) -> None:
    """Wake the long polls of the receivers that committed transactions queued messages
    for since the last call (``SqlNetworkStore.take_queued``)."""
    receivers = runtime.store.take_queued()
    if receivers:
        signal.notify(receivers)


def _wake(waiters: list[asyncio.Future[None]]) -> None:
    for woken in waiters:
        if not woken.done():  # Timed out or cancelled already.
            woken.set_result(None)


@dataclass(frozen=True, slots=True)
class _Job:
    work: Callable[[NetworkTransaction], Any]
    future: Future[Any]


_Item = tuple[Submission, "Future[SubmitResult]"] | _Job


class Batcher:
    def __init__(
        self, runtime: Runtime, lock: AbstractContextManager[object], queued: QueueSignal
    ) -> None:
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

    def run(self, work: Callable[[NetworkTransaction], _T]) -> Future[_T]:
        """Run ``work`` in the next round's shared transaction; its result once committed.
        The receivers of any message it queues are woken after the round."""
        future: Future[_T] = Future()
        self._queue.put(_Job(work, future))
        return future

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            batch = [first]
            stopping = False
            submissions = 0 if isinstance(first, _Job) else 1
            while submissions < BATCH_MAX:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
                submissions += 0 if isinstance(item, _Job) else 1
            self._process(batch)
            if stopping:
                return

    def _process(self, batch: list[_Item]) -> None:
        jobs = [item for item in batch if isinstance(item, _Job)]
        submissions = [item for item in batch if not isinstance(item, _Job)]
        if submissions:
            self._submit(submissions)
        if jobs:
            self._jobs(jobs)
        # Whom the round (and any other transaction meanwhile) queued messages for.
        wake_queued(self._runtime, self._queued)

    def _submit(self, batch: list[tuple[Submission, Future[SubmitResult]]]) -> None:
        try:
            # The checks that write nothing run before the lock: another server process
            # can hold it meanwhile (``prepare_many``).
            prepared = prepare_many(self._runtime.services, [item[0] for item in batch])
            with self._lock:
                results = submit_prepared(self._runtime.services, prepared)
        except Exception as exc:  # noqa: BLE001 - forwarded: every waiting request fails with it.
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)

    def _jobs(self, jobs: list[_Job]) -> None:
        """All jobs in one transaction; if that fails, each in its own, so only the failing
        job's caller sees the failure."""
        try:
            with self._lock, self._runtime.store.transaction() as tx:
                results = [job.work(tx) for job in jobs]
        except Exception:  # noqa: BLE001 - rolled back whole; redone one by one below.
            for job in jobs:
                self._alone(job)
            return
        for job, result in zip(jobs, results, strict=True):
            job.future.set_result(result)

    def _alone(self, job: _Job) -> None:
        try:
            with self._lock, self._runtime.store.transaction() as tx:
                result = job.work(tx)
        except Exception as exc:  # noqa: BLE001 - forwarded to the job's caller.
            job.future.set_exception(exc)
            return
        job.future.set_result(result)
