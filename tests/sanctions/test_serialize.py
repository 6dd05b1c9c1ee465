"""Entries survive the trip to JSON and back unchanged; the hash ignores formatting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bankwire.sanctions.model import (
    Address,
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    Name,
    NameStrength,
    NameType,
    PartialDate,
)
from bankwire.sanctions.serialize import entry_from_dict, entry_hash, entry_to_dict

MADURO = ListEntry(
    list_name="us_ofac_sdn",
    source_id="22790",
    kind=EntryKind.PERSON,
    names=(
        Name("MADURO MOROS, Nicolas", parts=(("last", "MADURO MOROS"), ("first", "Nicolas"))),
        Name("Николас Мадуро", NameType.NON_LATIN, script="Cyrillic"),
        Name("MADURO", NameType.ALIAS, NameStrength.WEAK),
    ),
    birth_dates=(PartialDate(1962, 11, 23), DateRange(PartialDate(1960), PartialDate(1963))),
    birth_places=("Caracas, Venezuela",),
    nationalities=("VE",),
    addresses=(Address(lines=("Palacio de Miraflores",), city="Caracas", country="VE"),),
    identifiers=(Identifier(IdentifierScheme.NATIONAL_ID, "5892464", "VE", "Cedula No."),),
    programs=("VENEZUELA",),
    listed_on=date(2017, 7, 31),
    links=(Link(LinkRelation.LINKED_TO, "PETROLEOS DE VENEZUELA, S.A.", "26367"),),
    remarks="DOB 23 Nov 1962; POB Caracas, Venezuela; Cedula No. 5892464 (Venezuela).",
    properties=(("Gender", "Male"),),
    gender="male",
    titles=("President",),
    source_record='22790,"MADURO MOROS, Nicolas",individual,...',
)


def test_round_trip_of_a_rich_entry() -> None:
    assert entry_from_dict(entry_to_dict(MADURO)) == MADURO


def test_hash_ignores_source_record_but_not_content() -> None:
    assert entry_hash(replace(MADURO, source_record="other layout")) == entry_hash(MADURO)
    assert entry_hash(replace(MADURO, programs=("VENEZUELA-EO13884",))) != entry_hash(MADURO)


@given(
    source_id=st.text(min_size=1, max_size=12),
    names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
    programs=st.lists(st.text(max_size=20), max_size=3),
    remarks=st.none() | st.text(max_size=80),
)
def test_round_trip_any_text(
    source_id: str, names: list[str], programs: list[str], remarks: str | None
) -> None:
    entry = ListEntry(
        list_name="un_sc",
        source_id=source_id,
        kind=EntryKind.ORGANIZATION,
        names=tuple(Name(n) for n in names),
        programs=tuple(programs),
        remarks=remarks,
    )
    assert entry_from_dict(entry_to_dict(entry)) == entry
