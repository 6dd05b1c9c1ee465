"""Shared helpers of the OFAC reader tests: fixture files and golden JSON entries.

Golden files hold ``bankwire.sanctions.serialize.entry_to_dict`` of chosen entries; run with
``UPDATE_GOLDEN=1`` to rewrite them after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from bankwire.sanctions.model import ListEntry, ParsedList
from bankwire.sanctions.serialize import entry_to_dict
from bankwire.sanctions.sources.base import SourceFile

TESTS = Path(__file__).resolve().parents[2]
FIXTURES = TESTS / "fixtures" / "lists" / "ofac"
GOLDEN = TESTS / "golden" / "lists"
SHARED_LISTS = TESTS.parents[1] / "shared" / "data" / "lists"
"""The full real files, used only by the slow tests, which skip when they are absent."""

SDN_SET = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_SET = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")


def fixture(name: str) -> SourceFile:
    return SourceFile(name, (FIXTURES / name).read_bytes())


def fixtures(*names: str) -> list[SourceFile]:
    return [fixture(name) for name in names]


def by_source_id(parsed: ParsedList) -> dict[str, ListEntry]:
    return {entry.source_id: entry for entry in parsed.entries}


def check_golden(reader: str, entry: ListEntry) -> None:
    """Compare an entry with tests/golden/lists/<reader>/<source_id>.json."""
    path = GOLDEN / reader / f"{entry.source_id}.json"
    actual = entry_to_dict(entry)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected
