"""Several server processes on one database: ``bankwire serve --workers N``.

One Python process runs one core at a time (the GIL), and a payment's checks that write
nothing (token, signature, XML hardening, schema and CBPR+ rules, routing) are most of its
CPU. ``serve_workers`` binds the socket once and starts N worker processes on it, each a
whole server (every route); the kernel spreads connections among them. What must stay
serialized stays serialized: every write (receive + decide, the ledger's batch, settle and
queue, fetch and ack, holds, re-screening) runs under ONE lock shared by the workers
(``ServeLock``, a lock file). Whoever takes it first catches up with what the others wrote:

- the ledger, which keeps its state in memory, takes in the batches the others stored
  (``DurableLedger.catch_up``: the new rows only), so it never writes on stale balances and
  its next batch number is free;
- the screener: a worker whose lists are older than the database's rebuilds it under the lock
  before it decides anything, so no payment is decided on old lists after another worker
  switched; the first worker to switch to a list version re-screens what is undelivered, the
  others only switch (``RescreenClaim``).

Duplicates, replay memory, sequence numbers and queues live in the database and are read
under the same lock. Nothing is acknowledged before its batch is committed, as with one
process. A worker that queued messages tells the others (``Waker``), so a receiver
long-polling on any worker wakes at once. The workers die with the supervisor (Linux's
parent-death signal): a killed server leaves no orphan holding the port or the lock.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import FrameType, TracebackType
from typing import Final

from bankwire.settings import Settings

__all__ = [
    "WORKERS_DEFAULT",
    "RescreenClaim",
    "ServeLock",
    "Waker",
    "WorkerGroup",
    "remove_abandoned",
    "serve_workers",
]

_EVERYONE: Final = b"!"
_NOTICE_MAX: Final = 4096
"""Bytes of receivers' BICs one notice carries at most (over 300 BICs)."""

WORKERS_DEFAULT: Final = 1
"""One process unless asked: a second one pays off only with a core to run on."""

_log = logging.getLogger("bankwire.serve")


class ServeLock:
    """The server's write lock; across the worker processes of one server with ``path``.

    A thread lock (the threads of one process) plus an exclusive ``flock`` on ``path`` (the
    processes). ``hooks`` run each time the lock is taken, before its holder does anything:
    catching up with what other processes wrote meanwhile.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._thread = threading.Lock()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path is not None else None
        self.hooks: list[Callable[[], object]] = []

    def __enter__(self) -> ServeLock:
        self._thread.acquire()
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                for hook in self.hooks:
                    hook()
            except BaseException:
                self._unlock_file()
                raise
        except BaseException:
            self._thread.release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._unlock_file()
        self._thread.release()

    def _unlock_file(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class RescreenClaim:
    """The list versions the newest screener of the group uses, in a file all workers read.

    Read and written with the server's lock held, so by one worker at a time. The first
    worker to switch to a list version records it and re-screens; the others, seeing it
    differ from their own, switch too (``Runtime.sync_screener``) and do not re-screen.
    """

    def __init__(self, path: Path) -> None:
        self._path = path

    @staticmethod
    def key(versions: Mapping[str, str]) -> str:
        return json.dumps(dict(versions), sort_keys=True)

    def current(self) -> str | None:
        try:
            return self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def record(self, versions: Mapping[str, str]) -> None:
        self._path.write_text(self.key(versions), encoding="utf-8")

    def __call__(self, versions: Mapping[str, str]) -> bool:
        """True (and recorded) if no worker switched to ``versions`` yet: re-screen."""
        if self.current() == self.key(versions):
            return False
        self.record(versions)
        return True


class Waker:
    """Passes "messages were queued for these receivers" on to the other worker processes.

    Each worker listens on a Unix datagram socket in the group's folder; a notice is one
    datagram to every other worker's socket (a worker that is gone is skipped): the
    receivers' BICs, comma-separated, or ``!`` for every receiver.
    """

    def __init__(self, folder: Path, on_notice: Callable[[Collection[str] | None], None]) -> None:
        self._folder = folder
        self._path = folder / f"wake-{os.getpid()}.sock"
        self._path.unlink(missing_ok=True)
        self._in = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._in.bind(str(self._path))
        self._out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._out.setblocking(False)
        self._on_notice = on_notice
        self._thread = threading.Thread(target=self._listen, name="bankwire-waker", daemon=True)
        self._thread.start()

    def notify_others(self, receivers: Collection[str] | None = None) -> None:
        notice = _EVERYONE if receivers is None else ",".join(sorted(receivers)).encode()
        if len(notice) > _NOTICE_MAX:
            notice = _EVERYONE  # More receivers than a datagram should carry: wake them all.
        for peer in self._folder.glob("wake-*.sock"):
            if peer != self._path:
                try:
                    self._out.sendto(notice, str(peer))
                except OSError:  # Gone, or its buffer is full of notices already.
                    continue

    def _listen(self) -> None:
        while (notice := self._in.recv(_NOTICE_MAX)) != b"stop":
            self._on_notice(None if notice == _EVERYONE else notice.decode().split(","))

    def close(self) -> None:
        self._out.sendto(b"stop", str(self._path))
        self._thread.join(timeout=5)
        self._in.close()
        self._out.close()
        self._path.unlink(missing_ok=True)


class WorkerGroup:
    """The folder the worker processes of one server share: lock file, wake sockets."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def lock(self) -> ServeLock:
        return ServeLock(self.folder / "write.lock")

    def claim(self) -> RescreenClaim:
        return RescreenClaim(self.folder / "rescreened.json")

    def waker(self, on_notice: Callable[[Collection[str] | None], None]) -> Waker:
        return Waker(self.folder, on_notice)


_PR_SET_PDEATHSIG: Final = 1
_FOLDER_PREFIX: Final = "bankwire-serve-"
_ALIVE: Final = "supervisor.lock"
_ABANDONED_AFTER_S: Final = 60.0


def remove_abandoned(base: Path) -> list[Path]:
    """Remove the group folders of servers that were killed (SIGKILL runs no cleanup).

    A running server holds its folder's ``supervisor.lock``; a folder whose lock can be
    taken belongs to no live server. Folders younger than a minute are left alone: their
    server may not have taken its lock yet. Returns the folders removed.
    """
    removed = []
    for folder in base.glob(f"{_FOLDER_PREFIX}*"):
        marker = folder / _ALIVE
        try:
            if time.time() - folder.stat().st_mtime < _ABANDONED_AFTER_S:
                continue
            fd = os.open(marker, os.O_RDWR)
        except OSError:  # Gone meanwhile, not ours, or from before the marker existed.
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # A live server holds it.
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)
        removed.append(folder)
    return removed


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # Not Linux: the supervisor's own shutdown stops us.
        pass
    if os.getppid() != parent:
        os._exit(1)


def _bind(host: str, port: int, *, each: bool) -> socket.socket:
    """A socket bound to ``host:port``; ``each``: one of several bound by the workers.

    Made with ``IPPROTO_TCP`` named: asyncio turns Nagle's algorithm off only on accepted
    sockets that say they are TCP, and with it on, an answer written in two parts waits for
    the client's delayed ACK (40 ms).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if each:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(
    settings: Settings, shared: socket.socket | None, address: tuple[str, int], folder: str,
    parent: int,
) -> None:  # fmt: skip
    """One worker process: the whole application, on the shared socket or on its own."""
    _die_with_parent(parent)
    import uvicorn

    if shared is None:
        sock = _bind(*address, each=True)
        sock.listen(2048)
    else:
        sock = shared

    from bankwire.api.app import create_app

    app = create_app(settings, group=WorkerGroup(Path(folder)))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """Bind ``host:port`` and run ``workers`` worker processes on it until SIGINT/SIGTERM.

    Where the system has ``SO_REUSEPORT`` (Linux), each worker listens on its own socket and
    the kernel spreads new connections evenly among them (one shared socket hands most of
    them to whichever worker is quickest to accept); the supervisor's own socket only holds
    the port. A worker that dies is replaced (it recovers what its predecessor left, under
    the lock, as a restarted server would).
    """
    each = hasattr(socket, "SO_REUSEPORT")
    sock = _bind(host, port, each=each)
    if not each:
        sock.listen(2048)
    shared = None if each else sock
    stop = threading.Event()

    def stopping(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, stopping)
    context = multiprocessing.get_context("spawn")
    remove_abandoned(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=_FOLDER_PREFIX) as folder:
        alive = os.open(Path(folder) / _ALIVE, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(alive, fcntl.LOCK_EX)  # Held while this server runs; released if killed.

        def start() -> multiprocessing.process.BaseProcess:
            process = context.Process(
                target=_worker,
                args=(settings, shared, (host, port), folder, os.getpid()),
                daemon=False,
            )
            process.start()
            return process

        processes = [start() for _ in range(workers)]
        try:
            while not stop.wait(0.5):
                for index, process in enumerate(processes):
                    if not process.is_alive():
                        _log.warning("worker %s exited (%s); starting another", process.pid,
                                     process.exitcode)  # fmt: skip
                        processes[index] = start()
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=30)
            sock.close()
            os.close(alive)
