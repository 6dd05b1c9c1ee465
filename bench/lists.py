"""Full-list load benchmark: parse + map each real list file, and store a full SDN version.

Usage: python bench/lists.py [--data ../shared/data/lists] [--repeat 3]

Pinned to one core. Reports the best of --repeat runs for each step, and the target the
foundation issue sets for it. The files are the real publications in ../shared/data/lists.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bankwire.sanctions.model import ParsedList
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.db import create_schema, open_engine
from bankwire.store.lists import ListStore, source_sha256

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"

SETS: list[tuple[str, str, list[str], float | None]] = [
    # (label, format, files relative to the data folder, target seconds)
    (
        "OFAC SDN CSV set (2024-05 sdn + 2025-12 alt/add/comments)",
        "ofac_csv",
        [
            "ofac_sdn_2024-05/sdn.csv",
            "ofac_sdn_aux_2025-12/alt.csv",
            "ofac_sdn_aux_2025-12/add.csv",
            "ofac_sdn_aux_2025-12/sdn_comments.csv",
        ],
        2.0,
    ),
    (
        "OFAC consolidated CSV set 2025-12",
        "ofac_csv",
        [f"ofac_cons_2025-12/cons_{n}.csv" for n in ("prim", "alt", "add", "comments")],
        None,
    ),
    ("OFAC cons_advanced XML 2020-03-17", "ofac_advanced",
     ["ofac_cons_advanced_2020-03-17/cons_advanced.xml"], None),
    ("OFAC sdnList XML (non-SDN) 2023-03-08", "ofac_xml",
     ["ofac_cons_xml_2023-03-08/ofac_non_sdn.xml"], None),
    ("UN consolidated XML 2026-08-01", "un_xml", ["un_2026-08-01/un.xml"], 1.0),
    ("UK OFSI ConList XLSX 2025-04-14", "uk_ofsi_xlsx", ["uk_ofsi_2025-04-14/ConList.xlsx"], 5.0),
    ("EU FSF derived CSV 2025-09", "eu_csv", ["eu_fsf_derived_2025-09/EU-list_select_cols.csv"],
     None),
]  # fmt: skip


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall-clock and best CPU seconds over ``repeat`` runs, and the last result.

    CPU time is reported beside wall time because a busy machine stretches wall time while
    CPU time stays close to what one quiet core would take.
    """
    best_wall, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_wall, best_cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    print(f"{'list':62} {'entries':>8} {'wall s':>7} {'cpu s':>7} {'target':>7}")
    sdn: tuple[list[SourceFile], ParsedList] | None = None
    for label, fmt, names, target in SETS:
        files = [SourceFile(Path(n).name, (args.data / n).read_bytes()) for n in names]
        wall, cpu, parsed = best_of(args.repeat, lambda f=files, s=fmt: read_list(f, s))
        assert isinstance(parsed, ParsedList)
        shown = f"{target:.1f}" if target else "-"
        print(f"{label:62} {len(parsed.entries):>8} {wall:>7.3f} {cpu:>7.3f} {shown:>7}")
        if sdn is None:
            sdn = (files, parsed)
    assert sdn is not None
    files, parsed = sdn
    sha = source_sha256(files)

    def store_once() -> object:
        with tempfile.TemporaryDirectory() as folder:
            engine = open_engine(f"sqlite:///{folder}/bench.db")
            create_schema(engine)
            result = ListStore(engine).save(parsed, sha, [f.name for f in files], datetime.now(UTC))
            engine.dispose()
            return result

    wall, cpu, _ = best_of(args.repeat, store_once)
    label = "Store write of the full SDN version (SQLite, synchronous=FULL)"
    print(f"{label:62} {len(parsed.entries):>8} {wall:>7.3f} {cpu:>7.3f} {5.0:>7.1f}")


if __name__ == "__main__":
    main()
