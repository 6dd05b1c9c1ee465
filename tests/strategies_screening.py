"""Factories, fixture loaders and hypothesis strategies for the screening tests.

``entry(...)`` builds a hand-made ``ListEntry`` for a focused test; ``fixture_screener()``
screens against the trimmed real OFAC SDN and EU rows in tests/fixtures/screening/ (built
once per session: the index build is the slow part).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from bankwire.sanctions.model import (
    EntryKind,
    Identifier,
    ListEntry,
    Name,
    NameStrength,
    NameType,
    PartialDate,
)
from bankwire.sanctions.screening import Screener
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.lists import source_sha256

FIXTURES = Path(__file__).parent / "fixtures" / "screening"
LIST_FILE_GROUPS = (("sdn.csv", "alt.csv", "add.csv"), ("eu_fsf.csv",))


def entry(
    kind: EntryKind,
    *names: str,
    source_id: str = "1",
    list_name: str = "us_ofac_sdn",
    weak: tuple[str, ...] = (),
    birth_dates: tuple[PartialDate, ...] = (),
    nationalities: tuple[str, ...] = (),
    identifiers: tuple[Identifier, ...] = (),
) -> ListEntry:
    """A list entry with ``names`` (the first is primary) and ``weak`` weak a.k.a.s."""
    all_names = [Name(names[0])]
    all_names += [Name(name, NameType.ALIAS) for name in names[1:]]
    all_names += [Name(name, NameType.ALIAS, NameStrength.WEAK) for name in weak]
    return ListEntry(
        list_name=list_name,
        source_id=source_id,
        kind=kind,
        names=tuple(all_names),
        birth_dates=birth_dates,
        nationalities=nationalities,
        identifiers=identifiers,
    )


def fixture_files(group: tuple[str, ...]) -> list[SourceFile]:
    return [SourceFile(name, (FIXTURES / name).read_bytes()) for name in group]


@lru_cache(maxsize=1)
def fixture_entries() -> tuple[tuple[ListEntry, ...], dict[str, str]]:
    entries: list[ListEntry] = []
    versions: dict[str, str] = {}
    for group in LIST_FILE_GROUPS:
        files = fixture_files(group)
        parsed = read_list(files)
        entries.extend(parsed.entries)
        versions[parsed.list_name] = source_sha256(files)
    return tuple(entries), versions


@lru_cache(maxsize=1)
def fixture_screener() -> Screener:
    entries, versions = fixture_entries()
    return Screener.build(entries, versions)


# Any unicode at all, surrogates excluded (they cannot be encoded, so no caller can send them).
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=120)
name_like = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABCDEFG-'.,")
        + list("абвгдежзийклмнопрстуфхцчшщыэюяΑΒΓΔαβγδمحدשלוםé\u200b\u00ad金")
    ),
    min_size=1,
    max_size=60,
)
