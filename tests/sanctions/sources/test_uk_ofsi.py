"""The UK OFSI ConList reader (2022 format) on trimmed real rows of the 14/04/2025 list.

Protects: grouping by Group ID, alias types and quality, partial dates of birth, numbered
multi-value cells, identifiers pulled out of Other Information, CSV and XLSX giving the same
entries, and clear errors for damaged files.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
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
from bankwire.sanctions.sources import uk_ofsi
from bankwire.sanctions.sources.base import SourceFile

from .golden_lists import assert_golden, by_id, fixture

XLSX = "ConList_2025-04-14_trimmed.xlsx"
CSV = "ConList_2025-04-14_trimmed.csv"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return uk_ofsi.read_xlsx([fixture("uk", XLSX)])


def test_xlsx_groups_rows_into_entries_and_reads_the_date(parsed: ParsedList) -> None:
    assert parsed.published == date(2025, 4, 14)
    assert parsed.format_name == "uk_ofsi_xlsx"
    assert parsed.list_name == "gb_ofsi"
    assert len(parsed.entries) == 19
    assert parsed.warnings == ()


def test_csv_and_xlsx_of_the_same_rows_give_the_same_entries(parsed: ParsedList) -> None:
    from_csv = uk_ofsi.read_csv([fixture("uk", CSV)])
    assert from_csv.format_name == "uk_ofsi_csv"
    assert from_csv.published == parsed.published
    assert from_csv.entries == parsed.entries


def test_read_dispatches_on_content(parsed: ParsedList) -> None:
    assert uk_ofsi.read([fixture("uk", CSV)]).format_name == "uk_ofsi_csv"
    assert uk_ofsi.read([fixture("uk", XLSX)]).entries == parsed.entries


def test_promsvyazbank(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "14184")
    assert entry.kind == EntryKind.ORGANIZATION
    assert entry.primary_name == "PUBLIC JOINT STOCK COMPANY PROMSVYAZBANK"
    assert [(n.full, n.name_type, n.script) for n in entry.names] == [
        ("PJSC PROMSVYAZBANK", NameType.ALIAS, None),
        ("PROMSVYAZBANK PJSC", NameType.ALIAS, None),
        ("PUBLIC JOINT STOCK COMPANY PROMSVYAZBANK", NameType.PRIMARY, None),
        ('ПAO "Промсвязьбанк"', NameType.NON_LATIN, "Cyrillic"),
    ]
    assert ("uk_sanctions_list_ref", "RUS0237") in entry.properties
    assert entry.programs == ("Russia",)
    assert entry.listed_on == date(2022, 2, 22)
    assert [(a.postal_code, a.country) for a in entry.addresses] == [("109052", "RU")]
    assert_golden("uk_ofsi_xlsx", entry)


def test_delcy_rodriguez(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "13687")
    assert entry.primary_name == "Delcy Eloina RODRIGUEZ GOMEZ"
    assert entry.names[0].parts == (
        ("given", "Delcy"),
        ("middle", "Eloina"),
        ("family", "RODRIGUEZ GOMEZ"),
    )
    # OFSI files the accented spelling under "non-Latin script"; it is a Latin alias.
    assert entry.names[1].full == "Delcy Eloina Rodríguez Gómez"
    assert entry.names[1].name_type == NameType.ALIAS
    assert entry.birth_dates == (PartialDate(1969, 5, 18),)
    assert ("uk_sanctions_list_ref", "VEN0010") in entry.properties
    assert_golden("uk_ofsi_xlsx", entry)


def test_partial_dates_of_birth(parsed: ParsedList) -> None:
    assert by_id(parsed.entries, "6909").birth_dates == (PartialDate(1963),)
    assert by_id(parsed.entries, "13754").birth_dates == (PartialDate(1962, 9),)
    assert by_id(parsed.entries, "12727").birth_dates == (PartialDate(1954),)


def test_low_quality_aliases_are_weak_and_fka_are_former_names(parsed: ParsedList) -> None:
    kony = by_id(parsed.entries, "13378")
    weak = {n.full for n in kony.names if n.strength == NameStrength.WEAK}
    assert {"BASHIR", "CAESAR"} <= weak
    adf = by_id(parsed.entries, "13189")
    former = [n.full for n in adf.names if n.name_type == NameType.FORMERLY_KNOWN_AS]
    assert "ADF/NALU" in former


def test_numbered_cells_split_into_values(parsed: ParsedList) -> None:
    bahaji = by_id(parsed.entries, "7059")
    assert bahaji.nationalities == ("DE", "MA")
    assert [(i.scheme, i.value) for i in bahaji.identifiers] == [
        (IdentifierScheme.PASSPORT, "28642163"),
        (IdentifierScheme.PASSPORT, "954242"),
        (IdentifierScheme.NATIONAL_ID, "1336597587"),
    ]
    assert bahaji.identifiers[0].note is not None
    assert_golden("uk_ofsi_xlsx", bahaji)


def test_ships_carry_their_imo_number(parsed: ParsedList) -> None:
    ship = by_id(parsed.entries, "13660")
    assert ship.kind == EntryKind.VESSEL
    assert [(i.scheme, i.value) for i in ship.identifiers] == [(IdentifierScheme.IMO, "8503228")]
    assert_golden("uk_ofsi_xlsx", ship)


def test_business_registration_numbers_are_identifiers(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "16636")
    assert [(i.scheme, i.value) for i in entry.identifiers] == [
        (IdentifierScheme.REGISTRATION_NUMBER, "Kazakhstan BIN - 170440031562")
    ]


def _csv(text: str, encoding: str = "utf-8") -> SourceFile:
    return SourceFile("ConList.csv", text.encode(encoding))


def _csv_lines() -> list[str]:
    return fixture("uk", CSV).data.decode("utf-8").splitlines()


def test_windows_1252_csv_is_read_with_a_warning() -> None:
    lines = _csv_lines()
    delcy = [line for line in lines if line.endswith(",13687")]
    parsed = uk_ofsi.read_csv([_csv("\r\n".join(lines[:2] + delcy) + "\r\n", "cp1252")])
    assert [name.full for name in parsed.entries[0].names][1] == "Delcy Eloina Rodríguez Gómez"
    assert len(parsed.warnings) == 1
    assert "decoded as Windows-1252" in parsed.warnings[0]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    data = "\n".join(_csv_lines()[:3]).encode("utf-8") + b"\n\x81\x8d\n"
    with pytest.raises(
        ListLoadError, match=r"line 4: expected UTF-8 or Windows-1252 text .got byte 0x81"
    ):
        uk_ofsi.read_csv([SourceFile("ConList.csv", data)])


def test_truncated_row_names_its_line() -> None:
    lines = _csv_lines()
    cut = lines[4][: len(lines[4]) // 3]
    with pytest.raises(
        ListLoadError, match=r"line 5: expected 36 columns as in the header .got \d+"
    ):
        uk_ofsi.read_csv([_csv("\n".join([*lines[:4], cut]))])


def test_old_fragment_with_a_shifted_header_is_refused() -> None:
    # A real 2020 fragment whose header has one more column than its rows.
    with pytest.raises(
        ListLoadError, match=r"line 2: expected 30 columns as in the header .got 29"
    ):
        uk_ofsi.read_csv([fixture("uk", "ConList_2020_fragment.csv")])


def test_header_without_group_id_is_refused() -> None:
    lines = _csv_lines()
    with pytest.raises(ListLoadError, match="no header row with 'Group ID'"):
        uk_ofsi.read_csv([_csv("\n".join([lines[0], lines[1].replace("Group ID", "Group")]))])


def test_bad_last_updated_date_is_refused() -> None:
    lines = _csv_lines()
    with pytest.raises(ListLoadError, match="'Last Updated' must be followed by dd/mm/yyyy"):
        uk_ofsi.read_csv([_csv("\n".join(["Last Updated,2025-04-14", *lines[1:3]]))])


def test_row_without_group_id_is_refused() -> None:
    lines = _csv_lines()
    row = lines[2].rsplit(",", 1)[0] + ","
    with pytest.raises(ListLoadError, match="line 3: Group ID is required"):
        uk_ofsi.read_csv([_csv("\n".join([*lines[:2], row]))])


def test_truncated_xlsx_is_refused() -> None:
    data = fixture("uk", XLSX).data
    with pytest.raises(ListLoadError, match="not a readable XLSX workbook"):
        uk_ofsi.read_xlsx([SourceFile("ConList.xlsx", data[: len(data) // 2])])


def test_xlsx_with_dates_typed_as_dates_reads_the_same() -> None:
    """Workbooks re-saved by a spreadsheet program hold real dates, not text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    header = ["Name 6", "Name 1", "DOB", "Group Type", "Alias Type", "Listed On", "Group ID"]
    sheet.append(["Last Updated", date(2025, 4, 14)])
    sheet.append(header)
    sheet.append(
        ["DOE", "Jane", date(1970, 1, 2), "Individual", "Primary name", date(2020, 3, 4), 42]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = uk_ofsi.read_xlsx([SourceFile("x.xlsx", buffer.getvalue())])
    entry = parsed.entries[0]
    assert parsed.published == date(2025, 4, 14)
    assert (entry.source_id, entry.primary_name) == ("42", "Jane DOE")
    assert entry.birth_dates == (PartialDate(1970, 1, 2),)
    assert entry.listed_on == date(2020, 3, 4)
