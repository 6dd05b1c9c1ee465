"""The EU readers: the official FSF XML (hand-written fixture to the published format) and the
derived one-row-per-entity CSV of 2025-09 (trimmed real rows).

Protects: logicalId as id, a Latin primary name when the EU lists the Cyrillic one first,
identifier type codes, programmes and listing dates, and errors for bad input.
"""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    EntryKind,
    IdentifierScheme,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources import eu, eu_csv
from bankwire.sanctions.sources.base import SourceFile

from .golden_lists import assert_golden, by_id, fixture


@pytest.fixture(scope="module")
def from_xml() -> ParsedList:
    return eu.read([fixture("eu", "fsf_export_sample.xml")])


@pytest.fixture(scope="module")
def from_csv() -> ParsedList:
    return eu_csv.read([fixture("eu", "EU-list_select_cols_trimmed.csv")])


def test_xml_reads_the_generation_date_and_every_entity(from_xml: ParsedList) -> None:
    assert from_xml.published == date(2025, 9, 1)
    assert from_xml.list_name == "eu_fsf"
    assert [entry.source_id for entry in from_xml.entries] == ["135342", "117530", "5815", "191"]
    assert from_xml.warnings == ()


def test_xml_promsvyazbank(from_xml: ParsedList) -> None:
    entry = by_id(from_xml.entries, "135342")
    cyrillic = entry.names[0]
    assert entry.primary_name == "PROMSVYAZBANK"
    assert (cyrillic.name_type, cyrillic.script, cyrillic.language) == (
        NameType.NON_LATIN,
        "Cyrillic",
        "RU",
    )
    assert [(i.scheme, i.value, i.note) for i in entry.identifiers] == [
        (IdentifierScheme.TAX_ID, "7744000912", "INN"),
        (IdentifierScheme.REGISTRATION_NUMBER, "1027739019142", "OGRN"),
    ]
    assert entry.programs == ("RUS",)
    assert entry.listed_on == date(2022, 2, 23)
    assert ("eu_reference_number", "EU.7395.36") in entry.properties
    assert_golden("eu_xml", entry)


def test_xml_delcy_rodriguez(from_xml: ParsedList) -> None:
    entry = by_id(from_xml.entries, "117530")
    assert entry.kind == EntryKind.PERSON
    assert entry.names[0].parts == (
        ("given", "Delcy"),
        ("middle", "Eloina"),
        ("family", "RODRÍGUEZ GÓMEZ"),
    )
    assert entry.citizenships == ("VE",)
    assert entry.birth_dates == (PartialDate(1969, 5, 18),)
    assert entry.birth_places == ()  # countryIso2Code "00" means unknown.
    assert entry.gender == "F"
    assert_golden("eu_xml", entry)


def test_xml_swift_bic_and_weak_alias(from_xml: ParsedList) -> None:
    entry = by_id(from_xml.entries, "5815")
    assert [(i.scheme, i.value, i.country) for i in entry.identifiers] == [
        (IdentifierScheme.BIC, "KDBKKPPY", "KP")
    ]
    weak = [name.full for name in entry.names if name.strength == NameStrength.WEAK]
    assert weak == ["Taesong Bank"]


def test_xml_circa_year_of_birth(from_xml: ParsedList) -> None:
    entry = by_id(from_xml.entries, "191")
    assert entry.birth_dates == (PartialDate(1965, 4, 14), PartialDate(1964))
    assert ("birth_date_circa", "1964") in entry.properties
    assert ("un_id", "QDi.014") in entry.properties


def test_csv_promsvyazbank_matches_the_xml_names(
    from_csv: ParsedList, from_xml: ParsedList
) -> None:
    entry = by_id(from_csv.entries, "135342")
    xml_entry = by_id(from_xml.entries, "135342")
    assert entry.primary_name == xml_entry.primary_name
    assert {n.full for n in entry.names} == {
        'ПАО “Промсвязьбанк"',
        "PROMSVYAZBANK",
        "PROMSVJAZBANK",
    }
    assert [(i.scheme, i.value) for i in entry.identifiers] == [
        (i.scheme, i.value) for i in xml_entry.identifiers
    ]
    assert entry.programs == ()  # The derived file has no programme column.
    assert_golden("eu_csv", entry)


def test_csv_delcy_rodriguez(from_csv: ParsedList) -> None:
    entry = by_id(from_csv.entries, "117530")
    assert entry.primary_name == "Delcy Eloina RODRÍGUEZ GÓMEZ"
    assert entry.birth_dates == (PartialDate(1969, 5, 18),)
    assert_golden("eu_csv", entry)


def test_csv_reads_every_row(from_csv: ParsedList) -> None:
    assert len(from_csv.entries) == 17
    assert from_csv.format_name == "eu_csv"
    assert from_csv.published is None


def test_csv_aligned_address_columns_are_zipped(from_csv: ParsedList) -> None:
    entry = by_id(from_csv.entries, "327")
    assert [(a.lines[0][:20], a.city) for a in entry.addresses] == [
        ("office locations: He", "Peshawar"),
        ("Cheprahar Hadda, Mia", "Jalabad"),
    ]


def test_csv_misaligned_address_columns_are_not_combined(from_csv: ParsedList) -> None:
    entry = by_id(from_csv.entries, "330")
    # Six cities, eleven streets, one region: kept as separate partial addresses.
    assert len(entry.addresses) == 18
    assert all(sum(bool(x) for x in (a.lines, a.city, a.region)) == 1 for a in entry.addresses)


def test_csv_swift_bic_is_an_identifier(from_csv: ParsedList) -> None:
    entry = by_id(from_csv.entries, "5815")
    assert [(i.scheme, i.value, i.label) for i in entry.identifiers] == [
        (IdentifierScheme.BIC, "KDBKKPPY", "SWIFT BIC")
    ]


def _eu_xml(body: str) -> SourceFile:
    return SourceFile(
        "eu.xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<export xmlns="{eu.NAMESPACE}" generationDate="2025-09-01">{body}</export>'
        ).encode(),
    )


def test_xml_entity_bomb_is_refused() -> None:
    bomb = b'<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><export/>'
    with pytest.raises(ListLoadError, match="DOCTYPE"):
        eu.read([SourceFile("eu.xml", bomb)])


def test_xml_in_another_namespace_is_refused() -> None:
    with pytest.raises(ListLoadError, match="expected root element <export> in namespace"):
        eu.read([SourceFile("eu.xml", b'<export xmlns="urn:other"/>')])


def test_xml_entity_without_logical_id_names_its_line() -> None:
    body = (
        '\n<sanctionEntity euReferenceNumber="EU.1.1"><nameAlias wholeName="X"/></sanctionEntity>'
    )
    with pytest.raises(ListLoadError, match="line 3 <sanctionEntity>: attribute logicalId"):
        eu.read([_eu_xml(body)])


def test_xml_entity_without_names_is_refused() -> None:
    with pytest.raises(ListLoadError, match="a nameAlias with a wholeName is required"):
        eu.read([_eu_xml('<sanctionEntity logicalId="7"/>')])


def test_xml_invalid_birth_date_is_refused() -> None:
    body = (
        '<sanctionEntity logicalId="7"><nameAlias wholeName="X"/>'
        '<birthdate birthdate="1969-13-40"/></sanctionEntity>'
    )
    with pytest.raises(ListLoadError, match=r"birthdate must be YYYY-MM-DD .got '1969-13-40'"):
        eu.read([_eu_xml(body)])


def _csv_text() -> str:
    return fixture("eu", "EU-list_select_cols_trimmed.csv").data.decode("utf-8-sig")


def test_csv_with_a_different_header_is_refused() -> None:
    text = _csv_text().replace("Entity_SubjectType", "SubjectType", 1)
    with pytest.raises(ListLoadError, match="line 1: expected the header"):
        eu_csv.read([SourceFile("eu.csv", text.encode())])


def test_csv_truncated_row_names_its_line() -> None:
    lines = _csv_text().splitlines()
    with pytest.raises(ListLoadError, match=r"line 3: expected 26 columns .got 4."):
        eu_csv.read([SourceFile("eu.csv", "\n".join([*lines[:2], "1,EU.1.1,P,Name"]).encode())])


def test_csv_that_is_not_utf8_is_refused() -> None:
    data = _csv_text().encode("utf-8") + "999,EU.9.9,P,Jérôme".encode("latin-1") + b"," * 22
    with pytest.raises(ListLoadError, match=r"expected UTF-8 .got byte 0xE9"):
        eu_csv.read([SourceFile("eu.csv", data)])


def test_csv_unknown_subject_type_is_refused() -> None:
    lines = _csv_text().splitlines()
    row = "1,EU.1.1,X,Name" + "," * 22
    with pytest.raises(ListLoadError, match=r"Entity_SubjectType must be P or E .got 'X'"):
        eu_csv.read([SourceFile("eu.csv", "\n".join([lines[0], row]).encode())])


def test_csv_citizenship_countries_map_to_codes() -> None:
    """The 2025-09 file leaves this column empty; other exports of the same layout fill it."""
    lines = _csv_text().splitlines()
    cells = ["7", "EU.7.7", "P", "Jane DOE"] + [""] * 20 + ["Russian Federation:::Atlantis", ""]
    parsed = eu_csv.read([SourceFile("eu.csv", "\n".join([lines[0], ",".join(cells)]).encode())])
    assert parsed.entries[0].citizenships == ("RU", "Atlantis")
