"""Load the bundled lists (the same files `bankwire lists load --bundled` ships) for benchmarks.

The benchmark reads the original files from ../shared/data/lists so that figures are measured
on exactly the published rows; product code and tests never read that folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bankwire.sanctions.model import ListEntry, ParsedList
from bankwire.sanctions.sources import eu_csv, ofac_csv, uk_ofsi, un
from bankwire.sanctions.sources.base import SourceFile

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists"

Reader = Callable[[Sequence[SourceFile]], ParsedList]
BUNDLED: dict[str, tuple[Reader, tuple[str, ...]]] = {
    "us_ofac_sdn": (
        ofac_csv.read,
        (
            "ofac_sdn_2024-05/sdn.csv",
            "ofac_sdn_aux_2025-12/alt.csv",
            "ofac_sdn_aux_2025-12/add.csv",
            "ofac_sdn_aux_2025-12/sdn_comments.csv",
        ),
    ),
    "us_ofac_cons": (
        ofac_csv.read,
        tuple(
            f"ofac_cons_2025-12/{name}"
            for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
        ),
    ),
    "un_sc": (un.read, ("un_2026-08-01/un.xml",)),
    "gb_ofsi": (uk_ofsi.read, ("uk_ofsi_2025-04-14/ConList.xlsx",)),
    "eu_fsf": (eu_csv.read, ("eu_fsf_derived_2025-09/EU-list_select_cols.csv",)),
}


def read_bundled(names: Sequence[str] | None = None) -> dict[str, ParsedList]:
    """Parse each bundled list; returns list name -> parsed list."""
    parsed: dict[str, ParsedList] = {}
    for list_name, (reader, paths) in BUNDLED.items():
        if names is not None and list_name not in names:
            continue
        files = [SourceFile(Path(path).name, (LISTS / path).read_bytes()) for path in paths]
        parsed[list_name] = reader(files)
    return parsed


def all_entries() -> list[ListEntry]:
    return [entry for parsed in read_bundled().values() for entry in parsed.entries]


if __name__ == "__main__":
    started = time.perf_counter()
    for name, parsed in read_bundled().items():
        print(name, len(parsed.entries), sum(len(e.names) for e in parsed.entries))
    print(f"parsed in {time.perf_counter() - started:.1f} s")
