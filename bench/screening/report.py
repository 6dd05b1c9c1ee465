"""Render bench/out/screening-*.json as the Markdown tables of docs/benchmarks.md.

Run: python bench/screening/report.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "out"
MATCHERS = (
    "bankwire",
    "rapidfuzz-wratio",
    "ssb-baseline",
    "nomenklatura-logic-v1",
    "nomenklatura-logic-v2",
)


def _cell(result: dict[str, Any]) -> str:
    return f"{result['recall']:.3f} ({result['fpr'] * 100:.1f} %)"


def quality_table(report: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "| types | setting | matcher | recall at FPR <= 1 % (FPR seen) | "
        "recall at FPR <= 5 % (FPR seen) |",
        "|---|---|---|---:|---:|",
    ]
    for kind in ("individuals", "all"):
        for scope in ("pool", "full"):
            for matcher in MATCHERS:
                by_bound = report.get(f"{kind}/{scope}/{matcher}")
                if by_bound is None:
                    continue
                lines.append(
                    f"| {kind} | {scope} | {matcher} | {_cell(by_bound['fpr<=0.01'])} | "
                    f"{_cell(by_bound['fpr<=0.05'])} |"
                )
    return lines


def class_table(report: dict[str, dict[str, dict[str, Any]]], kind: str) -> list[str]:
    names = [m for m in MATCHERS if f"{kind}/pool/{m}" in report]
    results = {m: report[f"{kind}/pool/{m}"]["fpr<=0.01"] for m in names}
    classes = sorted(results["bankwire"]["by_class"])
    lines = [
        "| class | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for name in classes:
        cells = [f"{results[m]['by_class'].get(name, 0.0):.2f}" for m in names]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    report = json.loads((OUT / "screening-quality.json").read_text())
    print("\n".join(quality_table(report)))
    for kind in ("individuals", "all"):
        print(f"\nPer class, {kind}, pool, at the FPR <= 1 % thresholds:\n")
        print("\n".join(class_table(report, kind)))
    throughput = OUT / "screening-throughput.json"
    if throughput.exists():
        print("\n" + json.dumps(json.loads(throughput.read_text()), indent=2))


if __name__ == "__main__":
    main()
