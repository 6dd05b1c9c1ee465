"""List versions are atomic, idempotent by content hash, and diffable (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from bankwire.errors import ListLoadError, StoreError
from bankwire.sanctions.model import (
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    Name,
    NameType,
    ParsedList,
)
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.lists import ListStore, LoadOutcome, source_sha256

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

# Two real SDN records (ent_num, name, program and BIC as OFAC publishes them).
PSB = ListEntry(
    list_name="us_ofac_sdn",
    source_id="34656",
    kind=EntryKind.ORGANIZATION,
    names=(Name("PUBLIC JOINT STOCK COMPANY PROMSVYAZBANK"), Name("PSB", NameType.ALIAS)),
    identifiers=(Identifier(IdentifierScheme.BIC, "PRMSRUMM"),),
    programs=("RUSSIA-EO14024",),
)
EVRO = ListEntry(
    list_name="us_ofac_sdn",
    source_id="26503",
    kind=EntryKind.ORGANIZATION,
    names=(Name("EVROFINANCE MOSNARBANK"),),
    identifiers=(Identifier(IdentifierScheme.BIC, "EVRFRUMM"),),
    programs=("VENEZUELA-EO13850",),
)


def parsed(*entries: ListEntry) -> ParsedList:
    return ParsedList("us_ofac_sdn", "ofac_csv", entries, published=date(2024, 5, 3))


def test_save_activates_and_reads_back(any_engine: Engine) -> None:
    store = ListStore(any_engine)
    result = store.save(parsed(PSB, EVRO), "a" * 64, ["sdn.csv"], NOW)
    assert result.outcome == LoadOutcome.LOADED
    assert result.version.active
    assert result.version.entry_count == 2
    assert result.version.loaded_at == NOW
    assert sorted(store.active_entries(), key=lambda e: e.source_id) == [EVRO, PSB]
    assert store.entry("34656") == [PSB]


def test_same_bytes_twice_is_a_noop_that_says_so(any_engine: Engine) -> None:
    store = ListStore(any_engine)
    first = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW)
    second = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW)
    assert second.outcome == LoadOutcome.UNCHANGED
    assert second.version.id == first.version.id
    assert len(store.versions()) == 1


def test_failed_load_leaves_previous_version_active(any_engine: Engine) -> None:
    store = ListStore(any_engine)
    first = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW)
    with pytest.raises(StoreError, match="occurs twice"):
        store.save(parsed(EVRO, EVRO), "b" * 64, ["sdn.csv"], NOW)
    assert [v.id for v in store.active_versions()] == [first.version.id]
    assert store.active_entries() == [PSB]
    assert len(store.versions()) == 1  # Nothing partial is visible.


def test_diff_names_changed_fields(any_engine: Engine) -> None:
    store = ListStore(any_engine)
    old = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW).version
    renamed = replace(PSB, programs=("RUSSIA-EO14024", "UKRAINE-EO13662"))
    new = store.save(parsed(renamed, EVRO), "b" * 64, ["sdn.csv"], NOW).version
    diff = store.diff(old.id, new.id)
    assert diff.added == (("26503", "EVROFINANCE MOSNARBANK"),)
    assert diff.removed == ()
    assert [(c.source_id, c.fields) for c in diff.changed] == [("34656", ("programs",))]
    assert store.diff(new.id, old.id).removed == (("26503", "EVROFINANCE MOSNARBANK"),)


def test_reloading_older_bytes_reactivates(any_engine: Engine) -> None:
    store = ListStore(any_engine)
    old = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW).version
    store.save(parsed(EVRO), "b" * 64, ["sdn.csv"], NOW)
    again = store.save(parsed(PSB), "a" * 64, ["sdn.csv"], NOW)
    assert again.outcome == LoadOutcome.REACTIVATED
    assert [v.id for v in store.active_versions()] == [old.id]


def test_unknown_source_is_named_even_for_bytes_already_loaded(any_engine: Engine) -> None:
    """A typo in ``source`` is reported as such, not as a clash with an earlier load."""
    store = ListStore(any_engine)
    files = [SourceFile("sdn.csv", b'34656,"PROMSVYAZBANK PJSC",-0- \n')]
    store.save(parsed(PSB), source_sha256(files), ["sdn.csv"], NOW)
    with pytest.raises(ListLoadError, match=r"^unknown list source 'ofac_cvs': expected one of"):
        store.load(files, loaded_at=NOW, source="ofac_cvs")
    assert [version.id for version in store.versions() if version.active] == [1]
