"""The UN consolidated XML reader on a trimmed real file (2026-08-01, 30 designations).

Protects: reference numbers as ids, Arabic original-script names, alias quality, the three
date-of-birth forms, documents, and a clear error for unsafe or malformed XML.
"""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    DateRange,
    EntryKind,
    IdentifierScheme,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources import un
from bankwire.sanctions.sources.base import SourceFile

from .golden_lists import assert_golden, by_id, fixture


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return un.read([fixture("un", "un_2026-08-01_trimmed.xml")])


def test_reads_every_designation_with_the_publication_date(parsed: ParsedList) -> None:
    kinds = [entry.kind for entry in parsed.entries]
    assert parsed.published == date(2026, 8, 1)
    assert parsed.list_name == "un_sc"
    assert parsed.format_name == "un_xml"
    assert kinds.count(EntryKind.PERSON) == 21
    assert kinds.count(EntryKind.ORGANIZATION) == 9
    assert parsed.warnings == ()


def test_saddam_hussein_keeps_his_arabic_name_and_dataid(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "IQi.001")
    arabic = [name for name in entry.names if name.name_type == NameType.NON_LATIN]
    assert entry.primary_name == "SADDAM HUSSEIN AL-TIKRITI"
    assert [(name.full, name.script) for name in arabic] == [("صدام حسين التكريتي", "Arabic")]
    assert ("dataid", "6908048") in entry.properties
    assert entry.birth_dates == (PartialDate(1937, 4, 28),)
    assert entry.programs == ("Iraq",)
    assert entry.listed_on == date(2003, 6, 27)
    assert_golden("un_xml", entry)


def test_between_dates_become_ranges(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "CDi.030")
    assert entry.birth_dates == (DateRange(PartialDate(1973), PartialDate(1974)),)
    assert_golden("un_xml", entry)


def test_approximate_dates_are_flagged(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "CDi.014")
    assert PartialDate(1966) in entry.birth_dates
    assert ("birth_date_approximate", "1966") in entry.properties


def test_date_given_only_as_a_note_is_kept_as_a_note(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "CDi.004")
    assert entry.birth_dates == ()
    assert [key for key, _ in entry.properties].count("birth_date_note") == 1


def test_low_quality_aliases_are_weak(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "CDi.003")
    weak = {name.full for name in entry.names if name.strength == NameStrength.WEAK}
    assert weak == {"Rumuli"}


def test_fka_aliases_are_former_names(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "IQe.200")
    assert any(name.name_type == NameType.FORMERLY_KNOWN_AS for name in entry.names)
    assert entry.kind == EntryKind.ORGANIZATION
    assert_golden("un_xml", entry)


def test_documents_become_identifiers_and_numberless_ones_properties(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "QDi.037")
    assert [(i.scheme, i.value) for i in entry.identifiers] == [
        (IdentifierScheme.PASSPORT, "27082171"),
        (IdentifierScheme.PASSPORT, "MO887925"),
    ]
    assert any(key == "document" and "SSN" in value for key, value in entry.properties)
    passports = by_id(parsed.entries, "CDi.040").identifiers
    assert passports[0].country == "TZ"


def test_entity_addresses_map_countries(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "CDe.001")
    assert [(address.region, address.country) for address in entry.addresses] == [
        ("North Kivu", "CD")
    ]
    assert entry.listed_on == date(2014, 6, 30)


def _un(body: bytes) -> SourceFile:
    return SourceFile("un.xml", b'<?xml version="1.0"?>\n' + body)


def test_entity_expansion_bomb_is_refused() -> None:
    bomb = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>"
    )
    with pytest.raises(ListLoadError, match="DOCTYPE"):
        un.read([_un(bomb)])


def test_external_entity_is_refused() -> None:
    xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST>&e;</CONSOLIDATED_LIST>'
    with pytest.raises(ListLoadError, match="DOCTYPE"):
        un.read([_un(xxe)])


def test_truncated_file_names_line_and_column() -> None:
    data = fixture("un", "un_2026-08-01_trimmed.xml").data
    with pytest.raises(ListLoadError, match=r"not well-formed XML at line \d+, column \d+"):
        un.read([SourceFile("un.xml", data[: len(data) // 2])])


def test_wrong_root_element_is_named() -> None:
    with pytest.raises(
        ListLoadError, match=r"expected root element <CONSOLIDATED_LIST> .got <sdnList>"
    ):
        un.read([_un(b"<sdnList/>")])


def test_entry_without_reference_number_names_its_line() -> None:
    body = b"<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>"
    with pytest.raises(ListLoadError, match="line 3 <INDIVIDUAL>: REFERENCE_NUMBER is required"):
        un.read([_un(body + b"</INDIVIDUALS></CONSOLIDATED_LIST>")])


def test_only_one_file_is_accepted() -> None:
    file = fixture("un", "un_2026-08-01_trimmed.xml")
    with pytest.raises(ListLoadError, match="exactly one XML file"):
        un.read([file, file])
