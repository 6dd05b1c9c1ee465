"""The FCDO UK Sanctions List summary (ODS) on a trimmed real export of 11 August 2025.

Protects: one primary-name entry per Unique ID with the OFSI group id kept, nameless rows
reported rather than dropped silently, and clear errors for damaged spreadsheets.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import EntryKind, ParsedList
from bankwire.sanctions.sources import uk_fcdo
from bankwire.sanctions.sources.base import SourceFile

from .golden_lists import assert_golden, by_id, fixture

ODS = "FCDO_SL_2025-08-11_trimmed.ods"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return uk_fcdo.read([fixture("uk", ODS)])


def test_reads_each_designation(parsed: ParsedList) -> None:
    kinds = [entry.kind for entry in parsed.entries]
    assert parsed.list_name == "gb_fcdo"
    assert len(parsed.entries) == 17
    assert kinds.count(EntryKind.VESSEL) == 5
    assert parsed.published == date(2025, 7, 21)


def test_promsvyazbank_keeps_its_ofsi_group(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "RUS0237")
    assert entry.primary_name == "Public Joint Stock Company Promsvyazbank"
    assert ("ofsi_group_id", "14184") in entry.properties
    assert entry.listed_on == date(2022, 2, 22)
    assert_golden("uk_fcdo_ods", entry)


def test_delcy_rodriguez(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "VEN0010")
    assert (entry.kind, entry.primary_name, entry.programs) == (
        EntryKind.PERSON,
        "Rodriguez Gomez Delcy Eloina",
        ("Venezuela",),
    )


def test_rows_without_a_name_are_reported(parsed: ParsedList) -> None:
    assert parsed.warnings == (
        f"UK FCDO list {ODS} row 9: BEL0174 has no Name and cannot be screened; skipped",
    )


def _ods(content: bytes) -> SourceFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return SourceFile("list.ods", buffer.getvalue())


def test_truncated_ods_is_refused() -> None:
    data = fixture("uk", ODS).data
    with pytest.raises(ListLoadError, match="not a readable ODS spreadsheet"):
        uk_fcdo.read([SourceFile(ODS, data[: len(data) // 2])])


def test_entity_bomb_in_content_is_refused() -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(ListLoadError, match="DOCTYPE"):
        uk_fcdo.read([_ods(bomb)])


def test_other_columns_are_refused() -> None:
    content = (
        b'<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><table:table>'
        b"<table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell>"
        b"</table:table-row></table:table></o:document-content>"
    )
    with pytest.raises(ListLoadError, match="row 1: expected the columns"):
        uk_fcdo.read([_ods(content)])
