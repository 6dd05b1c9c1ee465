"""In process: CPU to fetch and acknowledge queued payments and their pacs.002, over ASGI.

Usage: python bench/delivery.py [--payments 1000] [--limit 100] [--routes] [--repeat 3]

A fresh SQLite database with the test fixture lists and three banks (``tests/api/harness``);
``--payments`` signed pacs.008 from one bank to another are submitted through the
application first. Then, with the clock running, the receiver fetches (``--limit`` a
request) and acknowledges everything, and the sender does the same with the pacs.002
reports the acks queued. Printed: this process's CPU per payment for that part (the event
loop, the batcher thread, and the in-process HTTP client, which is the same whatever the
server does). ``--routes`` takes the delivery fast path out, so the FastAPI routes answer.
Runs an older tree's server code with ``PYTHONPATH=that/src`` (``--routes`` is then
implied when it has no fast path). Records nothing by itself.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bankwire.api.app import create_app
from bankwire.transports.http import SIGNATURE_HEADER, signature_header
from bankwire.transports.memory import InProcessApp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.api.harness import Prepared, payment, prepare


def without_fast_path(app: Any) -> None:
    """Rebuild ``app``'s middleware without the delivery fast path, if it has one."""
    try:
        from bankwire.api.fastpath_delivery import DeliveryFastPath
    except ImportError:  # An older tree: nothing to take out.
        return
    kept = app.user_middleware
    app.user_middleware = [m for m in kept if m.cls is not DeliveryFastPath]
    app.middleware_stack = app.build_middleware_stack()
    app.user_middleware = kept


def drain(http: Any, prepared: Prepared, bic: str, limit: int) -> int:
    headers = {"Authorization": f"Bearer {prepared.credentials[bic].token}"}
    handed = 0
    while items := http.get(f"/queue?limit={limit}", headers=headers).json()["messages"]:
        sequences = [item["sequence"] for item in items]
        answer = http.post("/queue/ack", json={"sequences": sequences}, headers=headers)
        assert answer.status_code == 200, answer.text
        handed += len(items)
    return handed


def once(payments: int, limit: int, routes: bool) -> tuple[int, float, float]:
    """Messages handed out, CPU seconds and wall seconds of the delivery part."""
    with tempfile.TemporaryDirectory(prefix="bankwire-delivery-") as folder:
        prepared = prepare(f"sqlite:///{Path(folder) / 'bench.db'}")
        app = create_app(prepared.settings)
        transport = InProcessApp(app)
        try:
            http = transport.client()
            sender = prepared.credentials["DEUTDEFF"]
            for _ in range(payments):
                body = payment("DEUTDEFF", "BOFAUS3N")
                headers = {"Authorization": f"Bearer {sender.token}",
                           SIGNATURE_HEADER: signature_header(sender, body)}  # fmt: skip
                assert http.post("/payments", content=body, headers=headers).status_code == 200
            if routes:
                without_fast_path(app)
            cpu, wall = time.process_time(), time.perf_counter()
            handed = drain(http, prepared, "BOFAUS3N", limit)
            handed += drain(http, prepared, "DEUTDEFF", limit)
            return handed, time.process_time() - cpu, time.perf_counter() - wall
        finally:
            transport.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--payments", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=100, help="messages per fetch")
    parser.add_argument("--routes", action="store_true", help="without the fast path")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for _ in range(args.repeat):
        handed, cpu, wall = once(args.payments, args.limit, args.routes)
        print(f"{handed} messages ({args.payments} payments and their pacs.002), "
              f"{args.limit} a fetch: CPU {cpu / args.payments * 1000:.3f} ms per payment, "
              f"{wall:.2f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
