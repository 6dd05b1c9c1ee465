"""In process: what a submitted payment costs by the size of the round it is submitted in.

Usage: python bench/submission.py [--payments 320] [--batches 1,32] [--repeat 2]
       python bench/submission.py --instructions [--payments 64] [--batches 1,32]

The server's batcher takes whatever submissions are waiting as one round: the checks that
write nothing (``prepare_many``), then receive and decide, the ledger's batch, settle and
queue (``submit_prepared``), with their durable commits. This runs those two calls directly,
without HTTP, on a fresh SQLite database with the test fixture lists and three banks
(``tests/api/harness``), signed pacs.008 from one bank to another, ``--batches`` payments a
round, all naming the same debtor and creditor or (``--distinct-names``) each its own.
Three rounds are run first and not counted.

Printed for each round size, per payment: the thread's user and system CPU (``getrusage``),
the voluntary context switches (a durable commit waiting for the disk is one), and the CPU
of each of the two calls. ``--instructions`` runs each size once more under ``valgrind
--tool=callgrind`` with counting switched on only around the measured rounds (callgrind's
client requests, from ``bench/screening/cgctl.c``, compiled here: needs gcc and valgrind's
headers) and prints the instructions and the first-level cache misses a payment, which do
not move between runs as times do. Records nothing by itself.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bankwire.api.runtime import Runtime
from bankwire.flows.submit_payment import Submission, prepare_many, submit_prepared
from bankwire.transports.http import signature_header

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.api.harness import payment, prepare

_ROOT = Path(__file__).resolve().parents[1]
_WARM_ROUNDS = 3


def _rounds(
    payments: int, batch: int, folder: Path, distinct: bool
) -> tuple[Runtime, list[list[Submission]]]:
    prepared = prepare(f"sqlite:///{folder / 'bench.db'}")
    runtime = Runtime.open(prepared.settings)
    runtime.warm()
    sender = prepared.credentials["DEUTDEFF"]
    rounds: list[list[Submission]] = []
    for round_number in range(_WARM_ROUNDS + max(1, payments // batch)):
        submissions = []
        for index in range(batch):
            names = {}
            if distinct:
                number = round_number * batch + index
                names = {"debtor": f"Acme Trading {number} GmbH",
                         "creditor": f"Globex Handels {number} AG"}  # fmt: skip
            body = payment("DEUTDEFF", "BOFAUS3N", **names)
            submissions.append(Submission(body, signature_header(sender, body), sender.token))
        rounds.append(submissions)
    return runtime, rounds


def once(
    payments: int, batch: int, distinct: bool = False, control: ctypes.CDLL | None = None
) -> str:
    """One measured run of ``payments`` in rounds of ``batch``: a line of figures."""
    with tempfile.TemporaryDirectory(prefix="bankwire-submission-") as folder:
        runtime, rounds = _rounds(payments, batch, Path(folder), distinct)
        try:
            services = runtime.services
            for submissions in rounds[:_WARM_ROUNDS]:
                submit_prepared(services, prepare_many(services, submissions))
            measured = rounds[_WARM_ROUNDS:]
            checks = writes = 0.0
            before = resource.getrusage(resource.RUSAGE_THREAD)
            if control is not None:
                control.cg_start()
            for submissions in measured:
                started = time.thread_time()
                prepared = prepare_many(services, submissions)
                checked = time.thread_time()
                results = submit_prepared(services, prepared)
                checks += checked - started
                writes += time.thread_time() - checked
                assert all(result.status.value == "ack" for result in results), results
            if control is not None:
                control.cg_stop()
            after = resource.getrusage(resource.RUSAGE_THREAD)
        finally:
            runtime.close()
    count = len(measured) * batch
    each = 1000 / count
    return (
        f"rounds of {batch}: {count} payments; per payment: user "
        f"{(after.ru_utime - before.ru_utime) * each:.3f} ms, system "
        f"{(after.ru_stime - before.ru_stime) * each:.3f} ms, "
        f"{(after.ru_nvcsw - before.ru_nvcsw) / count:.1f} waits; checks (prepare_many) "
        f"{checks * each:.3f} ms, writes (submit_prepared) {writes * each:.3f} ms of CPU"
    )


def _instructions(payments: int, batch: int, distinct: bool) -> str:
    """``once`` under callgrind: instructions and first-level misses a payment."""
    with tempfile.TemporaryDirectory(prefix="bankwire-cg-") as folder:
        library = Path(folder) / "libcgctl.so"
        source = _ROOT / "bench" / "screening" / "cgctl.c"
        subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(library), str(source)],
                       check=True)  # fmt: skip
        output = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", "--cache-sim=yes",
            f"--callgrind-out-file={output}", sys.executable, __file__,
            "--payments", str(payments), "--batches", str(batch), "--inside", str(library),
            *(["--distinct-names"] if distinct else []),
        ]  # fmt: skip
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"the measured run failed ({done.returncode}):\n{done.stderr[-3000:]}")
        events: list[str] = []
        totals: list[list[int]] = []
        for dump in sorted(Path(folder).glob("callgrind.out*")):
            for line in dump.read_text().splitlines():
                if line.startswith("events:"):
                    events = line.split()[1:]
                elif line.startswith("totals:"):
                    totals.append([int(value) for value in line.split()[1:]])
        figures = dict(zip(events, max(totals), strict=True))
        count = max(1, payments // batch) * batch
        misses = figures["I1mr"] + figures["D1mr"] + figures["D1mw"]
        return (
            f"rounds of {batch}: {figures['Ir'] / count / 1e6:.3f} million instructions and "
            f"{misses / count / 1e3:.1f} thousand first-level cache misses a payment "
            f"({count} payments)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--payments", type=int, default=320)
    parser.add_argument("--batches", default="1,32", help="round sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under callgrind instead of timing")  # fmt: skip
    parser.add_argument("--distinct-names", action="store_true",
                        help="a debtor and creditor name of its own for every payment "
                             "(by default all payments name the same two)")  # fmt: skip
    parser.add_argument("--inside", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    batches = [int(size) for size in args.batches.split(",")]
    if args.inside is not None:
        once(args.payments, batches[0], args.distinct_names, ctypes.CDLL(args.inside))
        return
    for _ in range(1 if args.instructions else args.repeat):
        for batch in batches:
            if args.instructions:
                print(_instructions(args.payments, batch, args.distinct_names), flush=True)
            else:
                print(once(args.payments, batch, args.distinct_names), flush=True)


if __name__ == "__main__":
    main()
