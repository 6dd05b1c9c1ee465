"""Screening speed on one core against every bundled list: build, memory, names/s, latency.

Queries are the ssb benchmark cases of one seed (perturbed SDN names and negative controls,
all entity types), so they look like payment parties rather than copies of list names. The
same queries go through rapidfuzz WRatio brute force over every list name (``process.extract``,
one worker) for comparison. Both CPU time and wall time are reported, for throughput and for
per-query latency: on a shared machine the CPU time is the steadier figure.

Run: bench/.venv-screening/bin/python bench/screening/throughput.py [--queries N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psutil
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).parent))
from lists import read_bundled
from quality import throughput_mix

from bankwire.errors import QueryError
from bankwire.sanctions.matching.config import MatchingConfig, default_config, load_config
from bankwire.sanctions.result import ScreeningQuery
from bankwire.sanctions.screening import Screener

OUT = Path(__file__).resolve().parents[1] / "out"


def _rss_mib() -> float:
    return psutil.Process(os.getpid()).memory_info().rss / 2**20


def measure(
    query_count: int,
    brute_force_count: int,
    config: MatchingConfig | None = None,
    repeats: int = 0,
) -> dict[str, float]:
    lists = read_bundled()
    entries = [entry for parsed in lists.values() for entry in parsed.entries]
    sdn = list(lists["us_ofac_sdn"].entries)
    rss_before = _rss_mib()
    cpu, wall = time.process_time(), time.perf_counter()
    screener = Screener.build(entries, config=config)
    build_cpu_s, build_wall_s = time.process_time() - cpu, time.perf_counter() - wall
    rss_after = _rss_mib()
    queries = throughput_mix(sdn)[:query_count]
    for query in queries[:200]:  # Warm the token caches as a running service would have them.
        _screen(screener, query)
    latencies_ms: list[float] = []
    cpu_latencies_ms: list[float] = []
    cpu = time.process_time()
    wall = time.perf_counter()
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        _screen(screener, query)
        cpu_latencies_ms.append((time.thread_time() - started_cpu) * 1000)
        latencies_ms.append((time.perf_counter() - started) * 1000)
    cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - wall
    # The same queries again: every token and token pair has been met once, so this is what
    # a query costs when its words are not new (the first pass pays for meeting them).
    repeat_cpu = time.process_time()
    for _ in range(repeats):
        for query in queries:
            _screen(screener, query)
    repeat_cpu_s = time.process_time() - repeat_cpu
    names = [utils.default_process(name.full) for entry in entries for name in entry.names]
    brute = queries[:brute_force_count]
    cpu = time.process_time()
    for query in brute:
        process.extract(
            utils.default_process(query.name), names, scorer=fuzz.WRatio, processor=None, limit=10
        )
    brute_cpu_s = time.process_time() - cpu
    latencies_ms.sort()
    cpu_latencies_ms.sort()
    return {
        "entries": len(entries),
        "names_indexed": screener.name_count,
        "build_cpu_s": round(build_cpu_s, 2),
        "build_wall_s": round(build_wall_s, 2),
        "rss_after_build_mib": round(rss_after, 1),
        "rss_index_mib": round(rss_after - rss_before, 1),
        "queries": len(queries),
        "names_per_s_cpu": round(len(queries) / cpu_s, 1),
        "names_per_s_wall": round(len(queries) / wall_s, 1),
        "latency_p50_ms": round(statistics.median(latencies_ms), 3),
        "latency_p99_ms": round(latencies_ms[int(0.99 * (len(latencies_ms) - 1))], 3),
        "latency_max_ms": round(latencies_ms[-1], 3),
        "cpu_latency_p50_ms": round(statistics.median(cpu_latencies_ms), 3),
        "cpu_latency_p99_ms": round(cpu_latencies_ms[int(0.99 * (len(cpu_latencies_ms) - 1))], 3),
        "repeat_names_per_s_cpu": round(repeats * len(queries) / repeat_cpu_s, 1)
        if repeats
        else 0.0,
        "bruteforce_wratio_names_per_s_cpu": round(len(brute) / brute_cpu_s, 2),
        "bruteforce_names": len(names),
        "load_average_1m": os.getloadavg()[0],
    }


def _screen(screener: Screener, query: ScreeningQuery) -> None:
    try:
        screener.screen(query)
    except QueryError:
        return  # A name made only of punctuation: rejected, as it should be.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--brute-force", type=int, default=100)
    parser.add_argument(
        "--matching-version", default=None, help="data/matching/v<N>.yaml (default: the default)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=0,
        help="screen the queries this many more times and report names/s with warm caches",
    )
    args = parser.parse_args()
    config = (
        default_config() if args.matching_version is None else load_config(args.matching_version)
    )
    print(f"matching version {config.version}", flush=True)
    figures = measure(args.queries, args.brute_force, config, args.repeats)
    OUT.mkdir(exist_ok=True)
    (OUT / "screening-throughput.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
