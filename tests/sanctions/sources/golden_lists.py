"""Golden JSON for list entries of the non-OFAC readers, and the trimmed real list fixtures.

``assert_golden("un_xml", entry)`` compares an entry with tests/golden/lists/un_xml/<id>.json;
run with UPDATE_GOLDEN=1 to rewrite the files, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.serialize import entry_to_dict
from bankwire.sanctions.sources.base import SourceFile

TESTS = Path(__file__).resolve().parents[2]
FIXTURES = TESTS / "fixtures" / "lists"
GOLDEN = TESTS / "golden" / "lists"


def fixture(*parts: str) -> SourceFile:
    path = FIXTURES.joinpath(*parts)
    return SourceFile(name=path.name, data=path.read_bytes())


def assert_golden_value(format_name: str, key: str, value: Any) -> None:
    path = GOLDEN / format_name / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"{path} is missing; run the tests with UPDATE_GOLDEN=1"
    assert json.loads(path.read_text(encoding="utf-8")) == value


def assert_golden(format_name: str, entry: ListEntry) -> None:
    assert_golden_value(format_name, entry.source_id, entry_to_dict(entry))


def by_id(entries: tuple[ListEntry, ...], source_id: str) -> ListEntry:
    matches = [entry for entry in entries if entry.source_id == source_id]
    assert len(matches) == 1, f"expected one entry {source_id}, got {len(matches)}"
    return matches[0]
