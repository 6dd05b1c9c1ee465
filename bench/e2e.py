"""End-to-end network benchmark on loopback: signed pacs.008 over HTTP, durable on SQLite.

Usage: python bench/e2e.py [--participants 20] [--payments 2000] [--clients 8]
                           [--rate 1000] [--rate-seconds 10] [--lists bundled|none]

Sets up a fresh SQLite database (WAL, synchronous=FULL: nothing is acknowledged before it is
on disk), loads the bundled lists, registers N participants with RMA between all of them,
starts ``bankwire serve`` as a subprocess and then runs two bounded phases, each stopping by
itself:

1. Throughput: ``--clients`` concurrent senders (in two worker processes) submit
   ``--payments`` pre-signed pacs.008 as fast as the server answers; a payment counts when
   the server has ACK'd it, decided it and queued it (the HTTP answer carries the decision).
2. Latency: an open loop offers ``--rate`` payments/s (the target, 1,000/s) and then half the
   measured throughput, each for ``--rate-seconds``, while every receiver polls its queue;
   submit-to-delivery runs from the payment's scheduled send time to the receiver's fetch
   that returned it. Percentiles are over delivered payments.

The mix: innocent debtor/creditor names, and ``--hit-rate`` (1 %) with a real listed name
from the loaded lists. The load generator speaks HTTP/1.1 with keep-alive through the
standard library (``Http``), the lightest client at hand: it shares the machine with the
server, so its CPU is taken from the server being measured. Prints figures, the machine,
server and client CPU per payment and the load average; records nothing by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import random
import resource
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bankwire.api.runtime import Runtime
from bankwire.bundled import bundled_sets, read_bundled_files
from bankwire.demo.payments import CustomerTransfer, pacs008
from bankwire.flows.admin import grant_rma, register_participant
from bankwire.ids import new_uetr
from bankwire.money import Amount
from bankwire.settings import Settings
from bankwire.transports.base import Credentials
from bankwire.transports.http import SIGNATURE_HEADER, signature_header

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.server import Server


class Http:
    """A keep-alive HTTP/1.1 client on the standard library, for the load generator.

    httpx costs about a millisecond of CPU per request; on a 2-core machine shared with the
    server that is CPU taken from the server being measured, and a single process of httpx
    threads cannot even offer 1,000 requests/s. ``http.client`` costs a fraction of that.
    """

    def __init__(self, url: str, headers: dict[str, str] | None = None, timeout: float = 120):
        parts = urlsplit(url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._headers = headers or {}
        self._timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:  # fmt: skip
        """(status, decoded JSON answer); reconnects once if the kept-alive socket closed."""
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self._host, self._port, timeout=self._timeout
                )
            try:
                self._connection.request(method, path, body, {**self._headers, **(headers or {})})
                answer = self._connection.getresponse()
                return answer.status, json.loads(answer.read())
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post_json(self, path: str, data: object) -> Any:
        body = json.dumps(data).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json"})[1]

    def get_json(self, path: str) -> Any:
        return self.request("GET", path)[1]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


INNOCENT = [
    ("Acme Trading GmbH", "DE"), ("Globex Handels AG", "AT"), ("Nordlicht Logistik AB", "SE"),
    ("Iberia Frutas SL", "ES"), ("Baltic Timber OU", "EE"), ("Rhone Vins SARL", "FR"),
    ("Adriatic Shipping doo", "HR"), ("Tatra Machinery sro", "SK"), ("Danube Grain Kft", "HU"),
    ("Atlas Textiles SA", "PT"),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Prepared:
    url: str
    credentials: dict[str, Credentials]
    listed_names: list[str]


def _bic(index: int) -> str:
    letters = "".join(chr(ord("A") + (index // 26**k) % 26) for k in range(3))
    return f"Q{letters}DEFF"


def prepare(folder: Path, participants: int, with_lists: bool) -> Prepared:
    url = f"sqlite:///{folder / 'bench.db'}"
    runtime = Runtime.open(Settings(database_url=url))
    listed: list[str] = []
    try:
        if with_lists:
            for item in bundled_sets():
                runtime.lists.load(read_bundled_files(item), loaded_at=datetime.now(UTC),
                                   source=item.source)  # fmt: skip
            # EU-listed organisations: the network applies EU law to every payment, so a
            # creditor named after one of them is a true hit for this EUR traffic.
            entries = runtime.lists.active_entries(["eu_fsf"])
            listed = [e.names[0].full for e in entries if e.kind.value == "organization"][:200]
        credentials: dict[str, Credentials] = {}
        for index in range(participants):
            bic = _bic(index)
            raw = secrets.token_bytes(32)
            found = Credentials(bic, secrets.token_urlsafe(24), raw)
            register_participant(runtime.services, bic, f"Bench Bank {index}", "DE", ("EUR",),
                                 ("EU",), found.public_key, found.token)  # fmt: skip
            credentials[bic] = found
        for sender in credentials:
            for receiver in credentials:
                if sender != receiver:
                    grant_rma(runtime.services, sender, receiver, ["pacs.008"])
    finally:
        runtime.close()
    return Prepared(url, credentials, listed)


def make_work(
    prepared: Prepared, count: int, hit_rate: float, rng: random.Random
) -> list[tuple[str, str, str, bytes, str]]:
    """(sender, receiver, uetr, body, signature header) tuples, signed now."""
    bics = sorted(prepared.credentials)
    now = datetime.now(UTC)
    work = []
    for _ in range(count):
        sender, receiver = rng.sample(bics, 2)
        debtor, debtor_country = rng.choice(INNOCENT)
        creditor, creditor_country = rng.choice(INNOCENT)
        if prepared.listed_names and rng.random() < hit_rate:
            creditor = rng.choice(prepared.listed_names)
        uetr = new_uetr()
        transfer = CustomerTransfer(
            sender=sender, receiver=receiver, uetr=uetr, message_id="B" + secrets.token_hex(10),
            amount=Amount.of(rng.randrange(1_000, 100_000_000), "EUR"), settlement_date=now.date(),
            debtor=debtor, debtor_country=debtor_country, creditor=creditor,
            creditor_country=creditor_country, debtor_town="Town", creditor_town="City",
        )  # fmt: skip
        body = pacs008(transfer, now)
        header = signature_header(prepared.credentials[sender], body, now)
        work.append((sender, receiver, uetr, body, header))
    return work


def _send_all(args: tuple[str, dict[str, str], list[tuple[str, bytes, str]], int]) -> list[float]:
    """Worker process: send with ``threads`` concurrent clients; returns latencies (s)."""
    url, tokens, items, threads = args
    latencies: list[float] = []
    lock = threading.Lock()
    cursor = iter(items)

    def run() -> None:
        client = Http(url, timeout=60.0)
        while True:
            with lock:
                item = next(cursor, None)
            if item is None:
                client.close()
                return
            sender, body, header = item
            headers = {"Authorization": f"Bearer {tokens[sender]}", SIGNATURE_HEADER: header,
                       "Content-Type": "application/xml"}  # fmt: skip
            started = time.perf_counter()
            _, answer = client.request("POST", "/payments", body, headers)
            elapsed = time.perf_counter() - started
            if answer.get("status") != "ack":
                raise RuntimeError(f"refused: {answer}")
            with lock:
                latencies.append(elapsed)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies


def throughput(server: Server, prepared: Prepared, work: Sequence[tuple[str, str, str, bytes, str]],
               clients: int) -> tuple[float, list[float]]:  # fmt: skip
    tokens = {bic: c.token for bic, c in prepared.credentials.items()}
    halves = [[(s, b, h) for s, _, _, b, h in work[i::2]] for i in range(2)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        parts = pool.map(_send_all, [(server.url, tokens, half, max(1, clients // 2))
                                     for half in halves])  # fmt: skip
    elapsed = time.perf_counter() - started
    return len(work) / elapsed, [value for part in parts for value in part]


def _start_receivers(
    server: Server,
    prepared: Prepared,
    delivered: dict[str, float],
    lock: threading.Lock,
    stop: threading.Event,
) -> list[threading.Thread]:
    """One long-polling receiver thread per participant, recording delivery times."""
    receivers = [
        threading.Thread(target=_receive, args=(server, prepared, bic, delivered, lock, stop))
        for bic in prepared.credentials
    ]
    for thread in receivers:
        thread.start()
    return receivers


def latency(server: Server, prepared: Prepared, work: Sequence[tuple[str, str, str, bytes, str]],
            rate: float, in_flight_max: int = 32) -> tuple[list[float], int]:  # fmt: skip
    """Open loop at ``rate``/s; returns submit-to-delivery seconds and payments not delivered.

    A payment's clock starts at its scheduled send time, so time spent waiting for a free
    sender (the server falling behind) counts against it, as it would for a bank.
    """
    scheduled: dict[str, float] = {}
    delivered: dict[str, float] = {}
    stop = threading.Event()
    lock = threading.Lock()
    receivers = _start_receivers(server, prepared, delivered, lock, stop)
    tokens = {bic: c.token for bic, c in prepared.credentials.items()}
    start = time.perf_counter() + 0.1
    cursor = iter(enumerate(work))

    def send() -> None:
        client = Http(server.url)
        while True:
            with lock:
                item = next(cursor, None)
            if item is None:
                client.close()
                return
            index, (sender, _, uetr, body, header) = item
            due = start + index / rate
            with lock:
                scheduled[uetr] = due
            if due > time.perf_counter():
                time.sleep(due - time.perf_counter())
            headers = {"Authorization": f"Bearer {tokens[sender]}", SIGNATURE_HEADER: header}
            client.request("POST", "/payments", body, headers)

    senders = [threading.Thread(target=send) for _ in range(in_flight_max)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and len(delivered) < len(scheduled) * 0.95:
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    for thread in receivers:
        thread.join()
    values = [delivered[u] - scheduled[u] for u in scheduled if u in delivered]
    return values, len(scheduled) - len(values)


def _receive(server: Server, prepared: Prepared, bic: str, delivered: dict[str, float],
             lock: threading.Lock, stop: threading.Event) -> None:  # fmt: skip
    token = prepared.credentials[bic].token
    client = Http(server.url, {"Authorization": f"Bearer {token}"})
    query = "/queue?" + urlencode({"limit": 200, "wait": 1})
    while not stop.is_set():
        items = client.get_json(query)["messages"]
        now = time.perf_counter()
        with lock:
            for item in items:
                # Status reports (pacs.002) carry the payment's UETR too: only the
                # payment itself reaching its receiver counts as delivery.
                if item["message_type"].startswith("pacs.008"):
                    delivered.setdefault(item["uetr"], now)
        if items:
            client.post_json("/queue/ack", {"sequences": [i["sequence"] for i in items]})
    client.close()


def one_at_a_time(
    server: Server, prepared: Prepared, work: Sequence[tuple[str, str, str, bytes, str]]
) -> list[float]:
    """Submit-to-delivery of payments sent one by one, receivers long-polling: the floor."""
    delivered: dict[str, float] = {}
    lock = threading.Lock()
    stop = threading.Event()
    receivers = _start_receivers(server, prepared, delivered, lock, stop)
    time.sleep(0.5)  # Every receiver is waiting on its queue.
    values = []
    client = Http(server.url, timeout=60.0)
    for sender, _, uetr, body, header in work:
        headers = {"Authorization": f"Bearer {prepared.credentials[sender].token}",
                   SIGNATURE_HEADER: header}  # fmt: skip
        started = time.perf_counter()
        client.request("POST", "/payments", body, headers)
        deadline = started + 5
        while uetr not in delivered and time.perf_counter() < deadline:
            time.sleep(0.001)
        if uetr in delivered:
            values.append(delivered[uetr] - started)
    client.close()
    stop.set()
    for thread in receivers:
        thread.join()
    return values


def drain(server: Server, prepared: Prepared) -> int:
    """Fetch and acknowledge everything queued, so a phase starts with empty queues."""
    total = 0
    for credentials in prepared.credentials.values():
        client = Http(server.url, {"Authorization": f"Bearer {credentials.token}"})
        while items := client.get_json("/queue?limit=1000")["messages"]:
            client.post_json("/queue/ack", {"sequences": [i["sequence"] for i in items]})
            total += len(items)
        client.close()
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process (the server) has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU of finished child processes (the sender pool's workers once it has closed)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--rate-seconds", type=float, default=2.0)
    parser.add_argument("--hit-rate", type=float, default=0.01)
    parser.add_argument("--lists", choices=["bundled", "none"], default="bundled")
    parser.add_argument("--throughput-only", action="store_true",
                        help="stop after the throughput phase")  # fmt: skip
    args = parser.parse_args()
    rng = random.Random(7)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="bankwire-bench-") as folder:
        print("setting up (lists, participants, RMA) ...", flush=True)
        prepared = prepare(Path(folder), args.participants, args.lists == "bundled")
        server = Server(prepared.url, Path(folder) / "server.log")
        server.start()
        try:
            work = make_work(prepared, args.payments, args.hit_rate, rng)
            server_cpu, client_cpu = cpu_seconds(server.pid), _children_cpu()
            rate, submit_latencies = throughput(server, prepared, work, args.clients)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            client_cpu = _children_cpu() - client_cpu
            p50, p99 = _pct(submit_latencies, 0.5), _pct(submit_latencies, 0.99)
            print(
                f"throughput: {rate:,.0f} payments/s end to end ({args.payments} payments, "
                f"{args.clients} clients); submit latency p50 {p50:.1f} ms p99 {p99:.1f} ms; "
                f"CPU per payment: server {server_cpu / args.payments * 1000:.2f} ms, "
                f"clients {client_cpu / args.payments * 1000:.2f} ms; "
                f"load average {os.getloadavg()[0]:.2f}"
            )
            if args.throughput_only:
                return
            drain(server, prepared)
            drain(server, prepared)
            single = one_at_a_time(server, prepared, make_work(prepared, 50, 0.0, rng))
            floor50, floor99 = _pct(single, 0.5), _pct(single, 0.99)
            print(
                f"one at a time ({len(single)} payments): submit-to-delivery "
                f"p50 {floor50:.1f} ms p99 {floor99:.1f} ms",
                flush=True,
            )
            sustainable = max(1.0, round(rate * 0.5))
            for offered in (args.rate, sustainable):
                drain(server, prepared)
                drain(server, prepared)  # The pacs.002 reports the first drain caused.
                count = max(1, int(offered * args.rate_seconds))
                batch = make_work(prepared, count, args.hit_rate, rng)
                values, lost = latency(server, prepared, batch, offered)
                print(f"offered {offered:,.0f}/s for {args.rate_seconds:.0f} s ({count} payments): "
                      f"{len(values)} delivered, {lost} not (blocked, held or later than 30 s); "
                      f"submit-to-delivery p50 {_pct(values, .5):.1f} ms "
                      f"p99 {_pct(values, .99):.1f} ms "
                      f"mean {statistics.mean(values) * 1000:.1f} ms", flush=True)  # fmt: skip
        finally:
            server.stop()


if __name__ == "__main__":
    main()
