"""Ledger throughput: transfers per second in memory and durable on SQLite, one core.

Usage: python bench/ledger.py [--transfers 200000] [--batch 8190] [--durable-transfers 100000]
                              [--durable-batch 1000] [--repeat 3]

Workload (like TigerBeetle's own benchmark): 10,000 accounts of one currency, transfers between
random pairs of them with random amounts, no balance limits so that every transfer succeeds;
a second, two-phase run creates pending transfers and posts them. Transfers are built before
the clock starts: only ``create_transfers`` (and for the durable run, the SQLite commit with
``synchronous=FULL`` in WAL mode, as ``store/db.py`` opens it) is timed. Reports the best of
``--repeat`` runs. Targets (issue 6): >= 20,000/s in memory, >= 5,000/s durable.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bankwire.clock import FixedClock
from bankwire.ledger import Account, AccountKind, Ledger, Transfer, TransferFlags
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import DurableLedger

ACCOUNT_COUNT = 10_000
START = datetime(2024, 1, 1, tzinfo=UTC)


def accounts() -> list[Account]:
    return [
        Account(index, "USD", 1, f"BANK{index:04d}", AccountKind.SETTLEMENT)
        for index in range(1, ACCOUNT_COUNT + 1)
    ]


def single_phase(count: int, first_id: int, seed: int) -> list[Transfer]:
    chooser = random.Random(seed)
    made = []
    for offset in range(count):
        debit = chooser.randrange(1, ACCOUNT_COUNT + 1)
        credit = debit % ACCOUNT_COUNT + 1 + chooser.randrange(0, ACCOUNT_COUNT - 1)
        credit = (credit - 1) % ACCOUNT_COUNT + 1
        made.append(Transfer(first_id + offset, debit, credit, chooser.randrange(1, 10**7), "USD"))
    return made


def two_phase(count: int, first_id: int, seed: int) -> list[Transfer]:
    """Half pending transfers, half posts of them (each post follows its pending)."""
    made: list[Transfer] = []
    for pending in single_phase(count // 2, first_id, seed):
        made.append(replace(pending, flags=TransferFlags.PENDING))
        made.append(
            Transfer(
                pending.id + count, 0, 0, 0, "", code=0,
                flags=TransferFlags.POST_PENDING_TRANSFER, pending_id=pending.id,
            )
        )  # fmt: skip
    return made


def batched(transfers: Sequence[Transfer], size: int) -> list[Sequence[Transfer]]:
    return [transfers[start : start + size] for start in range(0, len(transfers), size)]


Timing = tuple[float, float]  # (wall seconds, this process's CPU seconds)


def run(create: Callable[[Sequence[Transfer]], list[tuple[int, object]]],
        batches: list[Sequence[Transfer]]) -> Timing:  # fmt: skip
    """Wall time, and CPU time: on a shared machine the CPU time is the one-core figure."""
    started, started_cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        results = create(batch)
        assert all(result == "ok" for _, result in results), results[:3]
    return time.perf_counter() - started, time.process_time() - started_cpu


def in_memory(transfers: list[Transfer], batch: int) -> Timing:
    ledger = Ledger(FixedClock(START))
    ledger.create_accounts(accounts()[:8190])
    ledger.create_accounts(accounts()[8190:])
    elapsed = run(ledger.create_transfers, batched(transfers, batch))
    assert ledger.verify() == []
    return elapsed


def durable(transfers: list[Transfer], batch: int, folder: Path) -> Timing:
    engine = open_engine(f"sqlite:///{folder / f'ledger-{time.monotonic_ns()}.db'}")
    create_schema(engine)
    ledger = DurableLedger.open(engine, FixedClock(START))
    ledger.create_accounts(accounts()[:8190])
    ledger.create_accounts(accounts()[8190:])
    elapsed = run(ledger.create_transfers, batched(transfers, batch))
    reopened = DurableLedger.open(engine, FixedClock(START))  # Reload and verify everything.
    assert reopened.balances() == ledger.balances()
    engine.dispose()
    return elapsed


def report(label: str, count: int, timings: list[Timing], target: int | None) -> None:
    wall = min(timing[0] for timing in timings)
    cpu = min(timing[1] for timing in timings)
    verdict = ""
    if target is not None:
        verdict = f"  target >= {target:,}/s: {'met' if count / wall >= target else 'NOT met'}"
    print(f"{label:<50} {count:>8,}  wall {wall:6.2f} s {count / wall:>9,.0f}/s  "
          f"cpu {cpu:6.2f} s {count / cpu:>9,.0f}/s{verdict}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=8190)
    parser.add_argument("--durable-transfers", type=int, default=100_000)
    parser.add_argument("--durable-batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {os.cpu_count() - 1})  # One core, as the targets are stated.
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores visible, pinned to one, load average {load:.1f}")  # fmt: skip

    transfers = single_phase(options.transfers, 1, seed=6)
    timings = [in_memory(transfers, options.batch) for _ in range(options.repeat)]
    report(f"in memory, single-phase, batches of {options.batch}", len(transfers), timings, 20_000)
    pairs = two_phase(options.transfers, 1, seed=7)
    timings = [in_memory(pairs, options.batch) for _ in range(options.repeat)]
    report(f"in memory, pending + post, batches of {options.batch}", len(pairs), timings, 20_000)

    durable_transfers = single_phase(options.durable_transfers, 1, seed=8)
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted({options.durable_batch, 100, 8190}):
            timings = [durable(durable_transfers, size, Path(folder))
                       for _ in range(options.repeat)]  # fmt: skip
            target = 5_000 if size == options.durable_batch else None
            report(f"durable SQLite (FULL, WAL), batches of {size}", len(durable_transfers),
                   timings, target)  # fmt: skip


if __name__ == "__main__":
    main()
