"""A designated group's brand becomes a weak alias of its parent, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

from bankwire.sanctions.enrich import DERIVED_ALIAS_PROPERTY, derive_group_aliases
from bankwire.sanctions.model import ListEntry, NameStrength
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile

GROUP = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "ofac_psb_group"


def load() -> list[ListEntry]:
    files = [SourceFile(p.name, p.read_bytes()) for p in sorted(GROUP.glob("*.csv"))]
    return list(read_list(files, "ofac_csv").entries)


def test_psb_is_derived_for_promsvyazbank_only() -> None:
    entries = load()
    enriched = {e.source_id: e for e in derive_group_aliases(entries)}
    psb = enriched["34656"]
    added = [n for n in psb.names if n.full == "PSB"]
    assert len(added) == 1
    assert added[0].strength == NameStrength.WEAK
    reason = dict(psb.properties)[DERIVED_ALIAS_PROPERTY]
    assert reason.startswith("PSB: the brand leading the names of 7 entries linked to this one")
    # Every other entry is returned unchanged.
    unchanged = [e for e in entries if e.source_id != "34656"]
    assert [enriched[e.source_id] for e in unchanged] == unchanged


def test_no_group_no_alias() -> None:
    entries = [e for e in load() if e.source_id in {"26503", "26367", "22790", "34656"}]
    assert derive_group_aliases(entries) == entries
