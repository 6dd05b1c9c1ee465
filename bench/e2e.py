"""End-to-end network benchmark on loopback: signed pacs.008 over HTTP, durable on SQLite.

Usage: python bench/e2e.py [--participants 20] [--payments 2000] [--clients 8]
                           [--rate 1000] [--rate-seconds 10] [--lists bundled|none]
                           [--workers 1] [--sweep 100,200,400,1000]

Sets up a fresh SQLite database (WAL, synchronous=FULL: nothing is acknowledged before it is
on disk), loads the bundled lists, registers N participants with RMA between all of them,
starts ``bankwire serve`` as a subprocess and then runs three bounded phases, each stopping by
itself:

1. Throughput: ``--clients`` concurrent connections submit
   ``--payments`` pre-signed pacs.008 as fast as the server answers; a payment counts when
   the server has ACK'd it, decided it and queued it (the HTTP answer carries the decision).
2. Delivery: every receiver long-polls, fetches and acknowledges what phase 1 queued, and
   the pacs.002 reports the acks queue, until nothing comes for two seconds; the server's
   CPU for it per payment submitted is the delivery side's cost alone.
3. Latency: an open loop offers ``--rate`` payments/s (the target, 1,000/s) and then half the
   measured throughput, each for ``--rate-seconds``, while every receiver polls its queue;
   submit-to-delivery runs from the payment's scheduled send time to the receiver's fetch
   that returned it. Percentiles are over delivered payments. ``--sweep`` offers the rates
   it lists instead, one after the other, and says at which the p99 stays within 50 ms.

The mix: innocent debtor/creditor names, and ``--hit-rate`` (1 %) with a real listed name
from the loaded lists. The load generator (``Load``) works like wrk: every request is built
and signed before the clock starts, and raw keep-alive sockets on one selector send them and
read back only the status line, the length and (receivers) the JSON they need. It shares the
machine with the server, so its CPU is taken from the server being measured; it is printed
beside the server's (all its processes, from /proc) with the load average. Records nothing
by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import resource
import secrets
import selectors
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    """A keep-alive HTTP/1.1 client on the standard library: setting up and draining queues.

    The load itself goes through ``Load``, which costs far less CPU per request.
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
            # A pacs.008 name holds at most 140 characters: longer listed names would be NAK'd.
            names = [e.names[0].full for e in entries if e.kind.value == "organization"]
            listed = [name for name in names if len(name) <= 140][:200]
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


Work = tuple[str, str, str, bytes, str]
"""(sender, receiver, UETR, signed body, signature header)."""


def make_work(prepared: Prepared, count: int, hit_rate: float, rng: random.Random) -> list[Work]:
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


def _request(method: str, path: str, token: str, body: bytes = b"",
             headers: Sequence[str] = ()) -> bytes:  # fmt: skip
    """The exact bytes of one HTTP/1.1 request, built before the clock starts."""
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {token}",
            *headers, f"Content-Length: {len(body)}", "", ""]  # fmt: skip
    return "\r\n".join(head).encode("latin-1") + body


def payment_request(token: str, body: bytes, signature: str) -> bytes:
    headers = (f"{SIGNATURE_HEADER}: {signature}", "Content-Type: application/xml")
    return _request("POST", "/payments", token, body, headers)


_Callback = Callable[[int, bytes, float], None]


class _Connection:
    __slots__ = ("buffer", "busy", "closed", "on_answer", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.busy = False
        self.closed = False
        """The server closed it while it was idle (its keep-alive timeout, 5 s in uvicorn)."""
        self.on_answer: _Callback | None = None


class Load:
    """The load generator: raw keep-alive HTTP/1.1 sockets on one selector, like wrk.

    Every request is bytes built before the clock starts; an answer is parsed only as far as
    its status line and ``Content-Length``. One process, no threads: about a tenth of the CPU
    per request of ``http.client`` threads, so the generator takes little from the server it
    shares the machine with. Receivers (long-polling ``GET /queue``, then ``POST /queue/ack``)
    run on the same selector and record when each payment reached its receiver.
    """

    def __init__(self, url: str, prepared: Prepared) -> None:
        parts = urlsplit(url)
        self._address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._selector = selectors.DefaultSelector()
        self._prepared = prepared
        self._receivers: list[_Connection] = []
        self._stopping = False
        self.delivered: dict[str, float] = {}
        self.handed = 0
        """Messages the receivers fetched, pacs.002 reports included."""
        self.last_handed_at = 0.0

    def connect(self) -> _Connection:
        sock = socket.create_connection(self._address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection = _Connection(sock)
        self._selector.register(sock, selectors.EVENT_READ, connection)
        return connection

    def close(self, connection: _Connection) -> None:
        if not connection.closed:
            self._selector.unregister(connection.sock)
            connection.sock.close()

    def send(self, connection: _Connection, request: bytes, on_answer: _Callback) -> None:
        assert not connection.busy, "one request at a time per connection"
        if connection.closed:
            # Reopened as a client does when the server dropped an idle kept-alive connection.
            connection.sock = socket.create_connection(self._address)
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.closed = False
            self._selector.register(connection.sock, selectors.EVENT_READ, connection)
        connection.busy = True
        connection.on_answer = on_answer
        connection.sock.sendall(request)

    def poll(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for answers; call each answer's callback."""
        for key, _ in self._selector.select(timeout):
            connection: _Connection = key.data
            chunk = connection.sock.recv(1 << 20)
            if not chunk:
                if connection.busy:
                    raise ConnectionError("the server closed a connection with a request on it")
                # An idle connection past the server's keep-alive timeout (open loops at low
                # rates leave some idle for seconds): reopened when next used.
                self._selector.unregister(connection.sock)
                connection.sock.close()
                connection.closed = True
                connection.buffer.clear()
                continue
            buffer = connection.buffer
            buffer += chunk
            while connection.busy:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    break
                head = bytes(buffer[:end]).lower()
                at = head.find(b"\r\ncontent-length:")
                if at < 0:
                    raise ConnectionError(f"answer without Content-Length: {head[:200]!r}")
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + 17 : stop if stop > 0 else len(head)])
                if len(buffer) < end + 4 + length:
                    break
                body = bytes(buffer[end + 4 : end + 4 + length])
                del buffer[: end + 4 + length]
                callback = connection.on_answer
                connection.busy, connection.on_answer = False, None
                assert callback is not None
                callback(int(head[9:12]), body, time.perf_counter())

    # Receivers.

    def start_receivers(self) -> None:
        """One long-polling receiver per participant, each on its own connection."""
        self._stopping = False
        for credentials in self._prepared.credentials.values():
            connection = self.connect()
            self._receivers.append(connection)
            self._fetch(connection, credentials.token)

    def stop_receivers(self) -> None:
        """Let every outstanding long poll finish (at most its 1 s wait), then close."""
        self._stopping = True
        deadline = time.perf_counter() + 5
        while any(c.busy for c in self._receivers) and time.perf_counter() < deadline:
            self.poll(0.05)
        for connection in self._receivers:
            self.close(connection)
        self._receivers = []

    def _fetch(self, connection: _Connection, token: str) -> None:
        if self._stopping:
            return
        request = _request("GET", "/queue?limit=200&wait=1", token)
        self.send(
            connection, request, lambda _, data, at: self._fetched(connection, token, data, at)
        )

    def _fetched(self, connection: _Connection, token: str, body: bytes, now: float) -> None:
        items = json.loads(body)["messages"]
        if items:
            self.handed += len(items)
            self.last_handed_at = now
        for item in items:
            # Status reports (pacs.002) carry the payment's UETR too: only the payment
            # itself reaching its receiver counts as delivery.
            if item["message_type"].startswith("pacs.008"):
                self.delivered.setdefault(item["uetr"], now)
        if not items:
            self._fetch(connection, token)
            return
        acks = json.dumps({"sequences": [item["sequence"] for item in items]}).encode()
        request = _request("POST", "/queue/ack", token, acks, ("Content-Type: application/json",))
        self.send(connection, request, lambda *_: self._fetch(connection, token))


def throughput(server: Server, prepared: Prepared, work: Sequence[Work],
               clients: int) -> tuple[float, list[float]]:  # fmt: skip
    """Closed loop: ``clients`` connections, each sending its next payment when answered."""
    tokens = {bic: c.token for bic, c in prepared.credentials.items()}
    requests = [payment_request(tokens[s], body, header) for s, _, _, body, header in work]
    load = Load(server.url, prepared)
    connections = [load.connect() for _ in range(min(clients, len(requests)))]
    latencies: list[float] = []
    cursor = iter(requests)

    def next_on(connection: _Connection) -> None:
        request = next(cursor, None)
        if request is None:
            return
        sent = time.perf_counter()

        def answered(status: int, body: bytes, now: float) -> None:
            if status != 200 or b'"status":"ack"' not in body:
                raise RuntimeError(f"refused: {status} {body[:300]!r}")
            latencies.append(now - sent)
            next_on(connection)

        load.send(connection, request, answered)

    started = time.perf_counter()
    for connection in connections:
        next_on(connection)
    while len(latencies) < len(requests):
        load.poll(1.0)
    elapsed = time.perf_counter() - started
    for connection in connections:
        load.close(connection)
    return len(requests) / elapsed, latencies


def latency(server: Server, prepared: Prepared, work: Sequence[Work], rate: float,
            in_flight_max: int = 64) -> tuple[list[float], int]:  # fmt: skip
    """Open loop at ``rate``/s; returns submit-to-delivery seconds and payments not delivered.

    A payment's clock starts at its scheduled send time, so time spent waiting for a free
    connection (the server falling behind) counts against it, as it would for a bank.
    """
    tokens = {bic: c.token for bic, c in prepared.credentials.items()}
    requests = [(uetr, payment_request(tokens[s], body, header))
                for s, _, uetr, body, header in work]  # fmt: skip
    load = Load(server.url, prepared)
    load.start_receivers()
    idle = [load.connect() for _ in range(in_flight_max)]
    scheduled: dict[str, float] = {}
    start = time.perf_counter() + 0.1
    index = 0

    def release(connection: _Connection) -> _Callback:
        return lambda *_: idle.append(connection)

    while index < len(requests):
        now = time.perf_counter()
        while index < len(requests) and idle and start + index / rate <= now:
            uetr, request = requests[index]
            scheduled[uetr] = start + index / rate
            connection = idle.pop()
            load.send(connection, request, release(connection))
            index += 1
        wait = start + index / rate - time.perf_counter() if idle else 0.05
        load.poll(max(0.0, min(wait, 0.05)))
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and (
        len(load.delivered) < len(scheduled) * 0.95 or len(idle) < in_flight_max
    ):
        load.poll(0.05)
    settle = time.perf_counter() + 0.5
    while time.perf_counter() < settle:
        load.poll(0.05)
    load.stop_receivers()
    for connection in idle:
        load.close(connection)
    delivered = load.delivered
    values = [delivered[u] - scheduled[u] for u in scheduled if u in delivered]
    return values, len(scheduled) - len(values)


def one_at_a_time(server: Server, prepared: Prepared, work: Sequence[Work]) -> list[float]:
    """Submit-to-delivery of payments sent one by one, receivers long-polling: the floor."""
    load = Load(server.url, prepared)
    load.start_receivers()
    settle = time.perf_counter() + 0.5
    while time.perf_counter() < settle:  # Every receiver is waiting on its queue.
        load.poll(0.05)
    connection = load.connect()
    values = []
    for sender, _, uetr, body, header in work:
        request = payment_request(prepared.credentials[sender].token, body, header)
        started = time.perf_counter()
        load.send(connection, request, lambda *_: None)
        deadline = started + 5
        while (uetr not in load.delivered or connection.busy) and time.perf_counter() < deadline:
            load.poll(0.05)
        if uetr in load.delivered:
            values.append(load.delivered[uetr] - started)
    load.close(connection)
    load.stop_receivers()
    return values


def deliver_queued(server: Server, prepared: Prepared, quiet_s: float = 2.0) -> tuple[int, float]:
    """Every receiver long-polls, fetches and acknowledges what is queued (the pacs.002 its
    acks cause too) until nothing came for ``quiet_s``: messages handed out, seconds taken."""
    load = Load(server.url, prepared)
    started = time.perf_counter()
    deadline = started + 120
    load.start_receivers()
    while time.perf_counter() < deadline and (
        load.handed == 0 or time.perf_counter() - load.last_handed_at < quiet_s
    ):
        load.poll(0.05)
    load.stop_receivers()
    return load.handed, max(load.last_handed_at - started, 0.0)


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


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU the server has used so far, its worker processes included, from
    /proc (Linux): the process, the children it waited for, and those still running."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = _stat(current)
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += sum(int(value) for value in fields[11:15])
        todo.extend(parents.get(current, []))
    return total / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    """CPU of this process so far: the load generator's, during a phase."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


P99_TARGET_MS = 50.0


def _rates(text: str) -> list[float]:
    try:
        rates = [float(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected rates like 100,200,400 (got {text!r})") from exc
    if not rates or min(rates) <= 0:
        raise argparse.ArgumentTypeError(f"expected positive rates (got {text!r})")
    return rates


def lost_late(values: list[float], lost: int) -> bool:
    """Whether payments not delivered could be late ones rather than blocked or held ones:
    more of them than the 1 % of listed creditors (and a margin) the mix holds."""
    return lost > 0.02 * (len(values) + lost) + 2


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
    parser.add_argument("--workers", type=int, default=1, help="bankwire serve --workers")
    parser.add_argument("--server-source", type=Path, default=None,
                        help="run the server from this source folder (an older tree, for "
                             "before/after runs with the same load generator)")  # fmt: skip
    parser.add_argument("--throughput-only", action="store_true",
                        help="stop after the throughput phase")  # fmt: skip
    parser.add_argument("--sweep", type=_rates, default=None, metavar="RATE,RATE,...",
                        help="offer each of these rates (payments/s) in the open loop instead "
                             "of --rate and half the throughput, and say at which p99 "
                             "submit-to-delivery stays within 50 ms")  # fmt: skip
    args = parser.parse_args()
    rng = random.Random(7)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="bankwire-bench-") as folder:
        print("setting up (lists, participants, RMA) ...", flush=True)
        prepared = prepare(Path(folder), args.participants, args.lists == "bundled")
        source = {"PYTHONPATH": str(args.server_source)} if args.server_source else None
        server = Server(prepared.url, Path(folder) / "server.log", source, workers=args.workers)
        server.start()
        try:
            work = make_work(prepared, args.payments, args.hit_rate, rng)
            server_cpu, client_cpu = cpu_seconds(server.pid), _own_cpu()
            rate, submit_latencies = throughput(server, prepared, work, args.clients)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            client_cpu = _own_cpu() - client_cpu
            p50, p99 = _pct(submit_latencies, 0.5), _pct(submit_latencies, 0.99)
            print(
                f"throughput: {rate:,.0f} payments/s end to end ({args.payments} payments, "
                f"{args.clients} clients, {args.workers} server workers); "
                f"submit latency p50 {p50:.1f} ms p99 {p99:.1f} ms; "
                f"CPU per payment: server {server_cpu / args.payments * 1000:.2f} ms, "
                f"load generator {client_cpu / args.payments * 1000:.2f} ms; "
                f"load average {os.getloadavg()[0]:.2f}"
            )
            if args.throughput_only:
                return
            server_cpu, client_cpu = cpu_seconds(server.pid), _own_cpu()
            handed, took = deliver_queued(server, prepared)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            client_cpu = _own_cpu() - client_cpu
            print(
                f"delivering what it queued: {handed} messages (payments and pacs.002) in "
                f"{took:.1f} s; CPU per payment submitted: server "
                f"{server_cpu / args.payments * 1000:.2f} ms, load generator "
                f"{client_cpu / args.payments * 1000:.2f} ms; load average "
                f"{os.getloadavg()[0]:.2f}",
                flush=True,
            )
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
            offers = args.sweep or [args.rate, sustainable]
            within: list[float] = []
            for offered in offers:
                drain(server, prepared)
                drain(server, prepared)  # The pacs.002 reports the first drain caused.
                count = max(1, int(offered * args.rate_seconds))
                batch = make_work(prepared, count, args.hit_rate, rng)
                before_cpu = cpu_seconds(server.pid)
                values, lost = latency(server, prepared, batch, offered)
                spent = (cpu_seconds(server.pid) - before_cpu) / count * 1000
                print(f"offered {offered:,.0f}/s for {args.rate_seconds:.0f} s ({count} payments): "
                      f"{len(values)} delivered, {lost} not (blocked, held or later than 30 s); "
                      f"submit-to-delivery p50 {_pct(values, .5):.1f} ms "
                      f"p99 {_pct(values, .99):.1f} ms "
                      f"mean {statistics.mean(values) * 1000:.1f} ms; server CPU per payment "
                      f"(submitted, delivered, acknowledged, pacs.002 too) {spent:.2f} ms; "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
                if values and _pct(values, 0.99) <= P99_TARGET_MS and not lost_late(values, lost):
                    within.append(offered)
            if args.sweep:
                met = ", ".join(f"{offered:,.0f}/s" for offered in within) or "none"
                print(f"p99 <= {P99_TARGET_MS:.0f} ms at offered rates: {met}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
