"""Instructions per first-pass screening query, counted by callgrind (deterministic).

Timings on a shared machine move by a third from run to run; instruction counts do not
move at all for the same build and inputs. This runs the throughput benchmark's query mix
(seed 2, all types, shuffled with ``Random(7)``) under ``valgrind --tool=callgrind`` with
counting switched on only around the measured queries: the index build and the warm-up
queries are not counted. The switch is callgrind's client requests, from a two-function
library compiled here from ``cgctl.c`` (needs gcc and valgrind's headers).

Run: bench/.venv-screening/bin/python bench/screening/instructions.py [--warm 200]
         [--queries 1000] [--start 200] [--matching-version N]

Prints the total and the instructions per query. The figures in docs/benchmarks.md (round 4
and round 5) are queries 201-1,200 after 200 warm-up queries, with ``PYTHONHASHSEED=0``.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _library(folder: Path) -> Path:
    built = folder / "libcgctl.so"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O1", "-o", str(built), str(_HERE / "cgctl.c")], check=True
    )
    return built


def _measure(library: str, warm: int, count: int, start: int, version: str | None) -> None:
    """Inside valgrind: build, warm up, count ``count`` queries from ``start``."""
    sys.path.insert(0, str(_HERE))
    from lists import read_bundled
    from quality import screen_each, throughput_mix

    from bankwire.sanctions.matching.config import default_config, load_config
    from bankwire.sanctions.screening import Screener

    control = ctypes.CDLL(library)
    lists = read_bundled()
    config = default_config() if version is None else load_config(version)
    screener = Screener.build(
        [entry for parsed in lists.values() for entry in parsed.entries], config=config
    )
    queries = throughput_mix(list(lists["us_ofac_sdn"].entries))
    screen_each(screener, queries[:warm])
    control.cg_start()
    screen_each(screener, queries[start : start + count])
    control.cg_stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--start", type=int, default=200)
    parser.add_argument(
        "--matching-version", default=None, help="data/matching/v<N>.yaml (default: the default)"
    )
    parser.add_argument("--inside", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside is not None:
        _measure(args.inside, args.warm, args.queries, args.start, args.matching_version)
        return
    with tempfile.TemporaryDirectory(prefix="bankwire-cg-") as folder:
        library = _library(Path(folder))
        output = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={output}", sys.executable, __file__,
            "--warm", str(args.warm), "--queries", str(args.queries),
            "--start", str(args.start), "--inside", str(library),
            *(["--matching-version", args.matching_version] if args.matching_version else []),
        ]  # fmt: skip
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=environment, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"the measured run failed ({done.returncode}):\n{done.stderr[-3000:]}")
        dumps = sorted(Path(folder).glob("callgrind.out*"))
        totals = [
            int(line.split()[1])
            for dump in dumps
            for line in dump.read_text().splitlines()
            if line.startswith("totals:")
        ]
        measured = max(totals)
        print(f"{measured:,} instructions over {args.queries} queries "
              f"({args.start + 1}-{args.start + args.queries}, after {args.warm} warm-up): "
              f"{measured / args.queries / 1e6:.3f} million a query")  # fmt: skip


if __name__ == "__main__":
    main()
