"""The REST API: ``create_app(settings) -> FastAPI``, thin routers over the flows.

On start the app opens the runtime (database, ledger, screener) and finishes whatever a crash
interrupted (``Runtime.recover``) before it serves a request; while it runs, a watcher picks
up newly loaded list versions and re-screens undelivered payments. OpenAPI is at
/openapi.json.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.errors import HANDLERS, error_response
from bankwire.api.fastpath import SubmitFastPath
from bankwire.api.fastpath_delivery import DeliveryFastPath, Served
from bankwire.api.routers import admin, holds, ledger, licences, lists, participants, payments, rma
from bankwire.api.runtime import Runtime
from bankwire.api.workers import ServeLock, WorkerGroup
from bankwire.clock import Clock
from bankwire.settings import Settings

__all__ = ["create_app"]


LIST_CHECK_INTERVAL_S = 30.0
"""How often the server looks for a newly loaded list version (``bankwire lists load``)."""


def _watch_lists(
    runtime: Runtime,
    lock: ServeLock,
    stop: threading.Event,
    claim: Callable[[Mapping[str, str]], bool] | None,
) -> None:
    """Pick up list versions loaded by another process and re-screen what is undelivered."""
    while not stop.wait(LIST_CHECK_INTERVAL_S):
        runtime.refresh_screener(lock, claim)


def create_app(
    settings: Settings, clock: Clock | None = None, *, group: WorkerGroup | None = None
) -> FastAPI:
    """The application for ``settings``; ``clock`` is injectable for replays and tests.

    ``group``: one of several worker processes of one server (``api/workers.py``), which
    share its write lock and wake each other's long-polling receivers.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        lock = group.lock() if group is not None else ServeLock()
        with lock:  # Several workers: opening reads the ledger, nobody may write meanwhile.
            runtime = Runtime.open(settings, clock)
        runtime.warm()
        claim = group.claim() if group is not None else None
        if claim is not None:
            lock.hooks.append(runtime.ledger.catch_up)
            lock.hooks.append(lambda: runtime.sync_screener(claim))
        with lock:
            runtime.recover()
        signal = QueueSignal()
        waker = (
            group.waker(lambda receivers: signal.notify(receivers, local=True))
            if group is not None
            else None
        )
        if waker is not None:
            signal.peers = waker.notify_others
        app.state.runtime = runtime
        app.state.write_lock = lock
        app.state.queue_signal = signal
        app.state.batcher = Batcher(runtime, lock, signal)
        stop = threading.Event()
        watcher = threading.Thread(
            target=_watch_lists, args=(runtime, lock, stop, claim), daemon=True
        )
        watcher.start()
        try:
            yield
        finally:
            stop.set()
            watcher.join()
            app.state.batcher.stop()
            if waker is not None:
                waker.close()
            runtime.close()
            lock.close()

    app = FastAPI(
        title="bankwire",
        summary="Interbank payment messaging with sanctions screening at every hop.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for kind in HANDLERS:
        app.add_exception_handler(kind, error_response)
    for module in (payments, participants, rma, licences, holds, lists, ledger, admin):
        app.include_router(module.router)
    # Submissions skip FastAPI's routing and dependency solving (see ``api/fastpath.py``);
    # a body up to twice the message bound still reaches the pipeline for its T04 NAK.
    app.add_middleware(
        SubmitFastPath,
        batcher=lambda: app.state.batcher,
        body_max=2 * settings.message_bytes_max,
    )
    # Fetches and acks too (``api/fastpath_delivery.py``): four of them per payment.
    app.add_middleware(
        DeliveryFastPath,
        served=lambda: Served(app.state.runtime, app.state.batcher, app.state.queue_signal),
    )
    return app
