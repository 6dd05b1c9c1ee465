"""Every hit, exactly, for the benchmark's queries: to check that two builds (pure Python and
compiled) or two commits give the same results, not just the same rounded scores.

Screens the ssb cases of the given seeds (individuals and all types) against every bundled
list, at a low ``--score-min`` so that near misses count too, and writes one JSON line per
query: each hit's list, id, matched name, score (``repr``, all digits) and explanation.

Run: bench/.venv-screening/bin/python bench/screening/results.py --output hits.jsonl
     cmp hits-pure.jsonl hits-compiled.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lists import read_bundled
from quality import make_cases

from bankwire.errors import QueryError
from bankwire.sanctions.result import ScreeningQuery
from bankwire.sanctions.screening import Screener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--score-min", type=float, default=0.5)
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args()
    lists = read_bundled()
    entries = [entry for parsed in lists.values() for entry in parsed.entries]
    screener = Screener.build(entries)
    sdn = list(lists["us_ofac_sdn"].entries)
    queries = dict.fromkeys(
        case.query
        for seed in args.seeds
        for individuals in (True, False)
        for case in make_cases(sdn, seed, args.entities, individuals, set())[1]
    )
    hits = 0
    with args.output.open("w", encoding="utf-8") as out:
        for name in queries:
            try:
                result = screener.screen(
                    ScreeningQuery(name), score_min=args.score_min, limit=args.limit
                )
            except QueryError as exc:
                out.write(json.dumps({"query": name, "error": str(exc)}) + "\n")
                continue
            rows = [
                [
                    hit.list_name,
                    hit.source_id,
                    hit.matched_name,
                    repr(hit.score),
                    [[f.name, repr(f.score), f.detail] for f in hit.features],
                ]
                for hit in result.hits
            ]
            hits += len(rows)
            out.write(json.dumps({"query": name, "hits": rows}, ensure_ascii=False) + "\n")
    print(f"{len(queries)} queries, {hits} hits at >= {args.score_min} -> {args.output}")


if __name__ == "__main__":
    main()
