"""``bankwire serve --workers 2``: two server processes on one port and one database.

Real HTTP on loopback from several concurrent clients, so the kernel hands connections to
both workers: every payment is answered once, delivered once in gap-free sequences, and the
ledger both workers wrote verifies afterwards (``bankwire ledger verify``).
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bankwire.api.workers import _bind, remove_abandoned
from bankwire.money import Amount
from bankwire.transports.http import HttpNetworkClient
from tests.api.harness import BANKS, NO_RMA, payment, prepare
from tests.e2e.server import Server, cli


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _workers(pid: int) -> list[int]:
    """The worker processes among ``pid``'s children (not multiprocessing's tracker)."""
    found = []
    for child in _children(pid):
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


def _deliver(
    server: Server, credentials: Mapping[str, Any], receivers: Sequence[str], passed: set[str]
) -> None:
    """Fetch and ack ``receivers``' queues until every payment in ``passed`` is delivered:
    each once (no duplicate flag), each queue's sequences gap-free from 1."""
    delivered: dict[str, list[int]] = {bic: [] for bic in receivers}
    payments: set[str] = set()
    deadline = time.monotonic() + 30
    while not passed <= payments and time.monotonic() < deadline:
        for bic in receivers:
            client = HttpNetworkClient(server.url, credentials[bic])
            try:
                for item in client.fetch(100):
                    delivered[bic].append(item["sequence"])
                    if item["message_type"].startswith("pacs.008"):
                        payments.add(item["uetr"])
                    assert not item["possible_duplicate"]
                    client.ack(item["sequence"])
            finally:
                client.close()
    assert passed <= payments
    for sequences in delivered.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


def _assert_ledger_verifies(url: str) -> None:
    verified = cli(url, "ledger", "verify", "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert json.loads(verified.stdout)["verified"] is True


def test_two_workers_share_one_network(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'net.db'}"
    prepared = prepare(url)
    server = Server(url, tmp_path / "server.log", workers=2)
    server.start()
    pairs = [(s, r) for s in BANKS for r in BANKS if s != r and (s, r) not in NO_RMA]
    answers: list[dict[str, Any]] = []
    lock = threading.Lock()

    def send(index: int) -> None:
        clients = {bic: HttpNetworkClient(server.url, prepared.credentials[bic]) for bic in BANKS}
        try:
            for number in range(12):
                sender, receiver = pairs[(index + number) % len(pairs)]
                amount = Amount.of(100 * (index * 100 + number + 1), "EUR")
                answer = clients[sender].submit(payment(sender, receiver, amount=amount))
                with lock:
                    answers.append(answer)
        finally:
            for client in clients.values():
                client.close()

    try:
        assert len(_workers(server.pid)) == 2
        senders = [threading.Thread(target=send, args=(index,)) for index in range(6)]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join()
        assert [answer["status"] for answer in answers] == ["ack"] * 72
        assert len({answer["uetr"] for answer in answers}) == 72
        passed = {a["uetr"] for a in answers if a["decision"] == "pass"}
        _deliver(server, prepared.credentials, BANKS, passed)
    finally:
        server.stop()
    _assert_ledger_verifies(url)


def test_a_killed_worker_is_replaced_and_the_network_goes_on(tmp_path: Path) -> None:
    """SIGKILL one worker alone: the supervisor starts another, and payments sent after it
    are answered, delivered in gap-free sequences, and the ledger verifies."""
    url = f"sqlite:///{tmp_path / 'net.db'}"
    prepared = prepare(url)
    server = Server(url, tmp_path / "server.log", workers=2)
    server.start()
    sender, receiver = next((s, r) for s in BANKS for r in BANKS if s != r and (s, r) not in NO_RMA)
    try:
        workers = _workers(server.pid)
        assert len(workers) == 2
        victim = workers[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = _workers(server.pid)
            if victim not in now and len(now) == 2:
                break
            time.sleep(0.2)
        now = _workers(server.pid)
        assert victim not in now
        assert len(now) == 2
        assert workers[1] in now  # The other worker ran on.
        answers = []
        for number in range(8):  # New connections: the kernel spreads them over both.
            client = HttpNetworkClient(server.url, prepared.credentials[sender])
            try:
                amount = Amount.of(100 * (number + 1), "EUR")
                answers.append(client.submit(payment(sender, receiver, amount=amount)))
            finally:
                client.close()
        assert [answer["status"] for answer in answers] == ["ack"] * 8
        passed = {answer["uetr"] for answer in answers if answer["decision"] == "pass"}
        assert passed
        _deliver(server, prepared.credentials, [receiver], passed)
    finally:
        server.stop()
    _assert_ledger_verifies(url)


def test_worker_sockets_say_they_are_tcp() -> None:
    """asyncio disables Nagle's algorithm only on accepted sockets whose protocol is TCP;
    without it, an answer written in two parts waits 40 ms for the client's delayed ACK."""
    sock = _bind("127.0.0.1", 0, each=True)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_folders_of_killed_servers_are_removed(tmp_path: Path) -> None:
    """A SIGKILLed server cannot clean up: the next one removes its folder, and only its."""
    old = time.time() - 3600
    folders = {name: tmp_path / f"bankwire-serve-{name}" for name in ("dead", "live", "new")}
    for folder in folders.values():
        folder.mkdir()
        (folder / "supervisor.lock").touch()
    held = os.open(folders["live"] / "supervisor.lock", os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    (tmp_path / "bankwire-serve-unmarked").mkdir()
    for name in ("dead", "live"):
        os.utime(folders[name], (old, old))
    os.utime(tmp_path / "bankwire-serve-unmarked", (old, old))
    try:
        assert remove_abandoned(tmp_path) == [folders["dead"]]
    finally:
        os.close(held)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "bankwire-serve-live", "bankwire-serve-new", "bankwire-serve-unmarked",
    ]  # fmt: skip
