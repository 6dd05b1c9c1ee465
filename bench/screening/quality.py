"""Screening quality: recall at a bounded false-positive rate, per perturbation class.

Cases come from the ``sanctions-screening-benchmark`` package (``ssb``): its perturbation
classes applied to real OFAC SDN primary names, and its negative controls (cross pairs, token
swaps, edits beyond match distance). Each seed samples its own entities from the SDN list read
by bankwire's OFAC reader; ssb then perturbs them with the same seed.

Counting follows screening practice (not ssb's own ``score``, which only looks at the best
candidate): a positive case is found at threshold t when its expected entry scores >= t; a
negative case is a false positive when any entry scores >= t. Thresholds are chosen on the
calibration seeds (best recall with FPR within the bound) and reported on the other seeds.

Two settings:

- pool: only the sampled entities are screened against (ssb's own setting);
- full: every bundled list is loaded (OFAC SDN and consolidated, UN, UK OFSI, EU), ~87k names.

Matchers, all on the same cases in the same run: bankwire; rapidfuzz WRatio (brute force);
the ssb baseline (token-set Jaro-Winkler); nomenklatura logic-v1 and logic-v2 (pool setting
only: logic-v2 takes ~30 ms a comparison). The ssb baseline and nomenklatura are too slow to
compare with every name, so on a negative case they score the best WRatio candidates (10 for
the baseline, 3 for nomenklatura), on a positive case the expected entity: that can only lower
their false-positive count, never their recall.

Run: bench/.venv-screening/bin/python bench/screening/quality.py [--entities N] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils
from ssb import benchmark as ssb_benchmark
from ssb.matching import BaselineMatcher
from ssb.matching import normalise as ssb_normalise
from ssb.perturb import _PARTICLES as PARTICLES
from ssb.sources import Entity, ListSnapshot

sys.path.insert(0, str(Path(__file__).parent))
from lists import read_bundled

from bankwire.errors import QueryError
from bankwire.sanctions.matching.config import MatchingConfig, default_config, load_config
from bankwire.sanctions.model import EntryKind, ListEntry
from bankwire.sanctions.result import ScreeningQuery
from bankwire.sanctions.screening import Screener

OUT = Path(__file__).resolve().parents[1] / "out"
NOISE_WORDS = frozenset(PARTICLES) | default_config().vocabulary.form_words
CALIBRATION_SEEDS = (0, 1)
REPORT_SEEDS = (2, 3, 4)
FPR_BOUNDS = (0.01, 0.05)
BLOCK = 10
# nomenklatura logic-v2 takes ~30 ms per comparison on this machine: it scores the 3 best
# WRatio candidates of a negative case (and the expected entity of a positive one).
LOGIC_BLOCK = 3
QUERY_IDS = itertools.count()
Key = tuple[str, str]  # (list name, source id)


@dataclass
class Case:
    query: str
    expected: Key | None
    perturbation: str
    family: str


@dataclass
class Scores:
    """Per matcher, per case: the expected entry's score (positives) or the top score."""

    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def _snapshot(entries: Sequence[ListEntry]) -> ListSnapshot:
    entities = [
        Entity(
            entity_id=entry.source_id,
            primary_name=entry.primary_name,
            entity_type="individual" if entry.kind == EntryKind.PERSON else "entity",
            aliases=[name.full for name in entry.names if name.full != entry.primary_name],
        )
        for entry in entries
    ]
    return ListSnapshot("us_ofac_sdn", "bundled", entities, "bundled")


def make_cases(
    sdn: Sequence[ListEntry], seed: int, count: int, individuals: bool, listed: set[str]
) -> tuple[list[ListEntry], list[Case]]:
    eligible = [
        entry
        for entry in sdn
        if len(entry.primary_name.split()) >= 2
        and (entry.kind == EntryKind.PERSON or not individuals)
    ]
    sample = random.Random(seed).sample(eligible, count)
    bench = ssb_benchmark.build(
        _snapshot(sample), limit=None, seed=seed, individuals_only=individuals, max_per_class=1
    )
    cases = []
    for case in bench.cases:
        if case.expected_entity_id is None and _name_key(case.query) in listed:
            continue  # A "negative" that is in fact a listed name (ssb compares raw strings).
        expected = ("us_ofac_sdn", case.expected_entity_id) if case.expected_entity_id else None
        cases.append(Case(case.query, expected, case.perturbation, case.family))
    return sample, cases


def throughput_mix(sdn: Sequence[ListEntry]) -> list[ScreeningQuery]:
    """The speed benchmarks' queries (``throughput.py``, ``profile.py``, ``instructions.py``):
    perturbed names of 400 SDN entries of all types (seed 2), shuffled with ``Random(7)``."""
    _, cases = make_cases(sdn, 2, 400, False, set())
    queries = [ScreeningQuery(case.query) for case in cases]
    random.Random(7).shuffle(queries)
    return queries


def screen_each(screener: Screener, queries: Sequence[ScreeningQuery]) -> None:
    """Screen every query; one made only of punctuation is refused, as it should be."""
    for query in queries:
        try:
            screener.screen(query)
        except QueryError:
            continue


def _name_key(text: str) -> tuple[str, ...]:
    """A listed-name identity for spotting mislabelled negatives, the same for every matcher.

    ssb's own normalisation with tokens sorted, leaving out particles (ssb's own list), legal
    form words and single letters: ssb's token swap turns "BAKHTAR COMMERCIAL CO" into
    "BAKHTAR COMMERCIAL AL", which still names the listed company and is no negative.
    """
    return tuple(
        sorted(
            token
            for token in ssb_normalise(text).split()
            if token not in NOISE_WORDS and len(token) > 1
        )
    )


class NameTable:
    """Every name of a set of entries, for the brute-force anchors."""

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        self.entries = {(entry.list_name, entry.source_id): entry for entry in entries}
        self.owners: list[Key] = []
        self.names: list[str] = []
        self.positions: dict[Key, list[int]] = defaultdict(list)
        for entry in entries:
            for name in entry.names:
                key = (entry.list_name, entry.source_id)
                self.positions[key].append(len(self.names))
                self.owners.append(key)
                self.names.append(utils.default_process(name.full))


def score_bankwire(
    screener: Screener, cases: Sequence[Case], details: list[dict[str, object]] | None = None
) -> list[float]:
    """Per case the expected entry's score (positives) or the top score (negatives);
    ``details`` collects the query, its score and the best hit's name for inspection."""
    values = []
    for case in cases:
        try:
            result = screener.screen(ScreeningQuery(case.query), score_min=0.0, limit=50)
        except Exception:  # noqa: BLE001 - an unscreenable query scores nothing.
            values.append(0.0)
            top = None
        else:
            if case.expected is None:
                values.append(result.top_score)
            else:
                found = [
                    h.score for h in result.hits if (h.list_name, h.source_id) == case.expected
                ]
                values.append(max(found, default=0.0))
            top = result.hits[0] if result.hits else None
        if details is not None:
            details.append(
                {
                    "query": case.query,
                    "expected": case.expected[1] if case.expected else None,
                    "perturbation": case.perturbation,
                    "score": round(values[-1], 4),
                    "top": top.matched_name if top else None,
                    "top_id": top.source_id if top else None,
                    "top_score": round(top.score, 4) if top else 0.0,
                }
            )
    return values


def _ftm(name_values: Sequence[str], identifier: str, person: bool):  # type: ignore[no-untyped-def]
    from followthemoney import model

    proxy = model.make_entity("Person" if person else "LegalEntity")
    proxy.id = identifier
    for value in name_values:
        proxy.add("name", value)
    return proxy


def score_anchors(
    table: NameTable, cases: Sequence[Case], individuals: bool, with_logic: bool
) -> dict[str, list[float]]:
    """WRatio brute force; baseline and nomenklatura on the WRatio block plus the expected."""
    from nomenklatura.matching import ScoringConfig, get_algorithm

    names = ("logic-v1", "logic-v2") if with_logic else ()
    algorithms = {name: get_algorithm(name) for name in names}
    config = ScoringConfig.defaults()
    baseline = BaselineMatcher()
    values: dict[str, list[float]] = defaultdict(list)
    ftm_cache: dict[Key, object] = {}
    queries = [utils.default_process(case.query) for case in cases]
    for start in range(0, len(cases), 100):
        matrix = process.cdist(
            queries[start : start + 100],
            table.names,
            scorer=fuzz.WRatio,
            processor=None,
            workers=2,
            dtype=np.uint8,
        )
        for offset, row in enumerate(matrix):
            case = cases[start + offset]
            signed = -row.astype(np.int16)  # uint8 would wrap around on negation.
            size = min(BLOCK, len(signed) - 1)
            order = np.argpartition(signed, size)[: size + 1]
            best_first = sorted(order, key=lambda i: signed[i])
            block = list(dict.fromkeys(table.owners[i] for i in best_first))
            if case.expected is not None:
                mask = table.positions.get(case.expected, [])
                values["rapidfuzz-wratio"].append(float(row[mask].max()) / 100 if mask else 0.0)
                block = [case.expected]
            else:
                values["rapidfuzz-wratio"].append(float(row.max()) / 100)
            _score_block(
                case, block, table, baseline, algorithms, config, ftm_cache, values, individuals
            )
    return values


def _score_block(case, block, table, baseline, algorithms, config, ftm_cache, values, individuals):  # type: ignore[no-untyped-def]
    best_baseline = 0.0
    best_logic = dict.fromkeys(algorithms, 0.0)
    # nomenklatura memoises comparisons by entity id: every query needs an id of its own.
    query = _ftm([case.query], f"query-{next(QUERY_IDS)}", individuals)
    for rank, key in enumerate(block):
        entry = table.entries.get(key)
        if entry is None:
            continue
        names = [name.full for name in entry.names]
        best_baseline = max(best_baseline, max(baseline(case.query, name) for name in names))
        if rank >= LOGIC_BLOCK:
            continue
        if key not in ftm_cache:
            ftm_cache[key] = _ftm(names, f"{key[0]}-{key[1]}", entry.kind == EntryKind.PERSON)
        for algorithm_name, algorithm in algorithms.items():
            score = algorithm.compare(query, ftm_cache[key], config).score
            best_logic[algorithm_name] = max(best_logic[algorithm_name], score)
    values["ssb-baseline"].append(best_baseline)
    for algorithm_name, score in best_logic.items():
        values[f"nomenklatura-{algorithm_name}"].append(score)


def best_threshold(runs: Sequence[tuple[list[Case], list[float]]], bound: float) -> float:
    """Lowest threshold whose pooled FPR on ``runs`` is within ``bound`` (max recall)."""
    negatives = sorted(
        (
            score
            for cases, scores in runs
            for c, score in zip(cases, scores, strict=True)
            if c.expected is None
        ),
        reverse=True,
    )
    allowed = int(bound * len(negatives))
    # A threshold just above the (allowed+1)-th highest negative keeps FPR within the bound.
    if allowed >= len(negatives):
        return 0.0
    return min(1.0, negatives[allowed] + 1e-9)


def evaluate(runs: Sequence[tuple[list[Case], list[float]]], threshold: float) -> dict[str, object]:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_positives = negatives = 0
    for cases, scores in runs:
        for case, score in zip(cases, scores, strict=True):
            if case.expected is None:
                negatives += 1
                false_positives += score >= threshold
            else:
                found[case.perturbation][1] += 1
                found[case.perturbation][0] += score >= threshold
    hits = sum(value[0] for value in found.values())
    total = sum(value[1] for value in found.values())
    return {
        "threshold": round(threshold, 4),
        "recall": hits / total if total else 0.0,
        "fpr": false_positives / negatives if negatives else 0.0,
        "positives": total,
        "negatives": negatives,
        "by_class": {name: value[0] / value[1] for name, value in sorted(found.items())},
    }


def run(
    entities: int,
    full_entities: int,
    matchers_anchor: bool,
    config: MatchingConfig,
    dump: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    lists = read_bundled()
    sdn = list(lists["us_ofac_sdn"].entries)
    everything = [entry for parsed in lists.values() for entry in parsed.entries]
    listed = {_name_key(name.full) for entry in sdn for name in entry.names}
    started = time.perf_counter()
    full_screener = Screener.build(everything, config=config)
    print(f"full index built in {time.perf_counter() - started:.1f} s", flush=True)
    full_table = NameTable(everything) if matchers_anchor else None
    report: dict[str, object] = {}
    for individuals in (True, False):
        kind = "individuals" if individuals else "all"
        collected: dict[tuple[str, str], dict[int, tuple[list[Case], list[float]]]] = defaultdict(
            dict
        )
        for seed in (*CALIBRATION_SEEDS, *REPORT_SEEDS):
            sample, cases = make_cases(sdn, seed, entities, individuals, listed)
            full_cases = [
                c
                for c in cases
                if c.expected is None
                or int(c.expected[1]) in {int(e.source_id) for e in sample[:full_entities]}
            ]
            pool_screener = Screener.build(sample, config=config)
            pool_details: list[dict[str, object]] = []
            full_details: list[dict[str, object]] = []
            collected[("bankwire", "pool")][seed] = (
                cases,
                score_bankwire(pool_screener, cases, pool_details),
            )
            collected[("bankwire", "full")][seed] = (
                full_cases,
                score_bankwire(full_screener, full_cases, full_details),
            )
            if dump is not None:
                for scope, rows in (("pool", pool_details), ("full", full_details)):
                    dump.extend({"types": kind, "scope": scope, "seed": seed, **r} for r in rows)
            if matchers_anchor:
                assert full_table is not None
                pool_scores = score_anchors(NameTable(sample), cases, individuals, True)
                for name, scores in pool_scores.items():
                    collected[(name, "pool")][seed] = (cases, scores)
                # nomenklatura is left out of the full-list setting: at ~30 ms a comparison
                # even a 10-candidate block per case would take hours.
                full_scores = score_anchors(full_table, full_cases, individuals, False)
                for name, scores in full_scores.items():
                    collected[(name, "full")][seed] = (full_cases, scores)
            print(f"{kind} seed {seed}: {len(cases)} cases", flush=True)
        for (matcher, scope), by_seed in collected.items():
            calibration = [by_seed[seed] for seed in CALIBRATION_SEEDS]
            reported = [by_seed[seed] for seed in REPORT_SEEDS]
            report[f"{kind}/{scope}/{matcher}"] = {
                f"fpr<={bound}": evaluate(reported, best_threshold(calibration, bound))
                for bound in FPR_BOUNDS
            }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=120)
    parser.add_argument("--full-entities", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="bankwire only, no anchors")
    parser.add_argument(
        "--matching-version", default=None, help="data/matching/v<N>.yaml (default: the default)"
    )
    parser.add_argument(
        "--dump", type=Path, default=None, help="write bankwire's per-case scores here (JSONL)"
    )
    args = parser.parse_args()
    config = (
        default_config() if args.matching_version is None else load_config(args.matching_version)
    )
    print(f"matching version {config.version}", flush=True)
    dump: list[dict[str, object]] | None = [] if args.dump is not None else None
    report = run(args.entities, args.full_entities, not args.quick, config, dump)
    OUT.mkdir(exist_ok=True)
    (OUT / "screening-quality.json").write_text(json.dumps(report, indent=2))
    if args.dump is not None and dump is not None:
        args.dump.write_text("".join(json.dumps(row) + "\n" for row in dump))
    for key, by_bound in report.items():
        line = [f"{key:<48}"]
        for bound, result in by_bound.items():
            line.append(
                f"{bound}: recall {result['recall']:.3f} fpr {result['fpr']:.3f} "
                f"t={result['threshold']:.3f}"
            )
        print("  ".join(line))


if __name__ == "__main__":
    main()
