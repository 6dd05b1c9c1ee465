"""Crash safety: SIGKILL the server at random moments under load, restart it, and check that

- no acknowledged payment is lost: each reaches a final or waiting state after restart, and
  every one that passed is delivered to its receiver;
- nothing is delivered twice without its duplicate flag, and output sequences have no gaps;
- the ledger still verifies (every balance recomputed from the transfers).

The short run is in the default suite; the long one is marked slow. The seed is printed.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bankwire.clock import SystemClock
from bankwire.money import Amount
from bankwire.store.db import open_engine
from bankwire.store.ledger import DurableLedger
from bankwire.store.network import messages
from bankwire.transports.http import HttpNetworkClient, TransportError
from tests.api.harness import BANKS, NO_RMA, Prepared, payment, prepare
from tests.e2e.server import Server


@dataclass
class Observed:
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    deliveries: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)


def _retry(call: Any, *args: Any) -> Any:
    """Call until the server answers; a killed server comes back within seconds."""
    deadline = time.monotonic() + 90
    while True:
        try:
            return call(*args)
        except TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _drain(clients: dict[str, HttpNetworkClient], observed: Observed) -> int:
    count = 0
    for bic, client in clients.items():
        for item in _retry(client.fetch, 100):
            observed.deliveries.setdefault((bic, item["sequence"]), []).append(item)
            _retry(client.ack, item["sequence"])
            count += 1
    return count


def _workload(rng: random.Random, count: int) -> list[tuple[str, str, bytes]]:
    pairs = [(s, r) for s in BANKS for r in BANKS if s != r and (s, r) not in NO_RMA]
    work = []
    for _ in range(count):
        sender, receiver = rng.choice(pairs)
        amount = Amount.of(rng.randrange(100, 10_000_000), "EUR")
        work.append((sender, receiver, payment(sender, receiver, amount=amount)))
    return work


def _killer(server: Server, rng: random.Random, kills: int, stop: threading.Event) -> None:
    for _ in range(kills):
        if stop.wait(rng.uniform(0.1, 0.6)):
            return
        server.kill()
        server.start()


def run_under_kills(tmp_path: Path, count: int, kills: int, seed: int, workers: int = 1) -> None:
    print(f"kill test seed={seed} payments={count} kills={kills} workers={workers}")
    rng = random.Random(seed)
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    prepared: Prepared = prepare(url)
    server = Server(
        url, tmp_path / "server.log", {"BANKWIRE_REDELIVERY_TIMEOUT_S": "1"}, workers=workers
    )
    server.start()
    clients = {bic: HttpNetworkClient(server.url, prepared.credentials[bic]) for bic in BANKS}
    observed = Observed()
    stop = threading.Event()
    killer = threading.Thread(target=_killer, args=(server, rng, kills, stop))
    killer.start()
    try:
        for index, (sender, _receiver, body) in enumerate(_workload(rng, count)):
            answer = _retry(clients[sender].submit, body)
            assert answer["status"] == "ack", answer
            observed.answers[answer["uetr"]] = answer
            if index % 5 == 4:
                _drain(clients, observed)
        killer.join()
        quiet = 0
        while quiet < 2:  # Two empty rounds more than a redelivery timeout apart.
            quiet = quiet + 1 if _drain(clients, observed) == 0 else 0
            time.sleep(1.2)
    finally:
        stop.set()
        killer.join()
        server.stop()
        for client in clients.values():
            client.close()
    _check(url, observed)


def _check(url: str, observed: Observed) -> None:
    engine = open_engine(url)
    with engine.connect() as connection:
        rows = {
            row.uetr: row
            for row in connection.execute(select(messages))
            if row.origin == "participant"
        }
    for uetr, answer in observed.answers.items():
        assert rows[uetr].state in {"acknowledged", "blocked", "rejected", "held"}, (uetr, answer)
    delivered = {items[0]["uetr"] for (_, _), items in observed.deliveries.items()}
    passed = {uetr for uetr, row in rows.items() if row.outcome == "pass"}
    assert passed <= delivered
    for key, items in observed.deliveries.items():
        assert [item["possible_duplicate"] for item in items[1:]] == [True] * (len(items) - 1), key
    for bic in BANKS:
        sequences = sorted(seq for receiver, seq in observed.deliveries if receiver == bic)
        assert sequences == list(range(1, len(sequences) + 1)), bic
    ledger = DurableLedger.open(engine, SystemClock())  # Raises on any discrepancy.
    assert ledger.verify() == []
    engine.dispose()


def test_kill_server_under_load(tmp_path: Path) -> None:
    run_under_kills(tmp_path, count=20, kills=2, seed=random.randrange(2**32))


def test_kill_two_worker_server_under_load(tmp_path: Path) -> None:
    """The supervisor SIGKILLed: its workers die with it, and a new server takes the port."""
    run_under_kills(tmp_path, count=20, kills=2, seed=random.randrange(2**32), workers=2)


@pytest.mark.slow
def test_kill_server_under_long_load(tmp_path: Path) -> None:
    run_under_kills(tmp_path, count=600, kills=25, seed=random.randrange(2**32))


@pytest.mark.slow
def test_kill_two_worker_server_under_long_load(tmp_path: Path) -> None:
    run_under_kills(tmp_path, count=600, kills=25, seed=random.randrange(2**32), workers=2)
