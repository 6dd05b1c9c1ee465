"""Format detection by content and the ``read_list`` dispatch.

Protects: every non-OFAC fixture is recognised from its bytes whatever its name; a wrong
``--source`` says what was expected and what the file looks like; a reader module that cannot
be imported does not break the others.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankwire.errors import ListLoadError
from bankwire.sanctions.sources import FORMATS, ListFormat, detect, read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.scripts import detect_script
from bankwire.sanctions.sources.sniff import describe

from .golden_lists import FIXTURES, fixture

CASES = [
    (("un", "un_2026-08-01_trimmed.xml"), "un_xml"),
    (("uk", "ConList_2025-04-14_trimmed.xlsx"), "uk_ofsi_xlsx"),
    (("uk", "ConList_2025-04-14_trimmed.csv"), "uk_ofsi_csv"),
    (("uk", "ConList_2020_fragment.csv"), "uk_ofsi_csv"),
    (("uk", "FCDO_SL_2025-08-11_trimmed.ods"), "uk_fcdo_ods"),
    (("eu", "fsf_export_sample.xml"), "eu_xml"),
    (("eu", "EU-list_select_cols_trimmed.csv"), "eu_csv"),
    (("ftm", "entities_trimmed.ftm.json"), "ftm"),
]
# The OFAC fixtures belong to the OFAC reader tests; here they only check detection.
OFAC_CASES = [
    (("ofac", "sdn.csv"), "ofac_csv"),
    (("ofac", "alt.csv"), "ofac_csv"),
    (("ofac", "add.csv"), "ofac_csv"),
    (("ofac", "sdn_comments.csv"), "ofac_csv"),
    (("ofac", "cons_prim.csv"), "ofac_csv"),
    (("ofac", "ofac_non_sdn_2023-03-08.xml"), "ofac_xml"),
    (("ofac", "sdn_advanced_sample_2024-02-23.xml"), "ofac_advanced"),
]


def test_the_format_table_has_the_agreed_names() -> None:
    assert list(FORMATS) == [
        "ofac_csv", "ofac_xml", "ofac_advanced", "un_xml", "uk_ofsi_csv", "uk_ofsi_xlsx",
        "uk_fcdo_ods", "eu_xml", "eu_csv", "ftm",
    ]  # fmt: skip


@pytest.mark.parametrize(("parts", "expected"), CASES + OFAC_CASES)
def test_detects_by_content_not_by_name(parts: tuple[str, str], expected: str) -> None:
    if not FIXTURES.joinpath(*parts).exists():
        pytest.skip(f"{'/'.join(parts)} is not in the fixtures (yet)")
    renamed = SourceFile("download (3).bin", fixture(*parts).data)
    assert detect([renamed]) == expected


@pytest.mark.parametrize(
    ("parts", "expected"), [case for case in CASES if "2020" not in case[0][1]]
)
def test_read_list_without_source_uses_the_detected_reader(
    parts: tuple[str, str], expected: str
) -> None:
    parsed = read_list([fixture(*parts)])
    assert parsed.format_name == expected
    assert parsed.entries


def test_wrong_source_says_what_was_expected_and_what_was_found() -> None:
    with pytest.raises(ListLoadError) as caught:
        read_list([fixture("uk", "ConList_2025-04-14_trimmed.csv")], source="un_xml")
    message = str(caught.value)
    assert message.startswith("ConList_2025-04-14_trimmed.csv: --source un_xml expects UN Security")
    assert "text whose first line is 'Last Updated,14/04/2025' with 2 comma-separated" in message
    assert message.endswith("(it is uk_ofsi_csv; use --source uk_ofsi_csv or omit --source)")


def test_wrong_source_for_xml_names_the_root_element() -> None:
    with pytest.raises(
        ListLoadError, match=r"looks like an XML document with root element <CONSOLIDATED_LIST>"
    ):
        read_list([fixture("un", "un_2026-08-01_trimmed.xml")], source="eu_xml")


def test_unknown_source_lists_the_known_ones() -> None:
    with pytest.raises(ListLoadError, match=r"unknown list source 'eu'.*eu_xml, eu_csv, ftm"):
        read_list([fixture("eu", "fsf_export_sample.xml")], source="eu")


def test_files_of_different_formats_are_refused_together() -> None:
    files = [fixture("un", "un_2026-08-01_trimmed.xml"), fixture("eu", "fsf_export_sample.xml")]
    with pytest.raises(ListLoadError, match=r"different list formats .un_xml: .*; eu_xml: "):
        detect(files)


def test_no_files_is_refused() -> None:
    with pytest.raises(ListLoadError, match="no list files given"):
        detect([])


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"", "an empty file"),
        (gzip.compress(b"36,x"), "gzip-compressed data"),
        (b"\x00\x01\x02\x03binary", "binary data (first bytes 00 01 02 03"),
        (b'{"a": 1}\n', "JSON whose first line is '{\"a\": 1}'"),
        (b"PK\x03\x04broken", "a damaged or truncated ZIP archive"),
        (
            b'<?xml version="1.0"?><!-- c --><sdnList xmlns="urn:x"/>',
            "root element <sdnList> in namespace urn:x",
        ),
        (b"<!DOCTYPE x><x/>", "an XML document with a DOCTYPE declaration"),
    ],
)
def test_unrecognised_files_are_described(data: bytes, looks_like: str) -> None:
    file = SourceFile("list.dat", data)
    assert looks_like in describe(file)
    if b"sdnList" not in data:
        with pytest.raises(
            ListLoadError, match=r"list.dat: not a recognised sanctions list format"
        ):
            detect([file])


def test_a_reader_that_cannot_be_imported_does_not_break_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ghost = ListFormat("ghost", "no_such_reader", "nothing")
    monkeypatch.setitem(FORMATS, "ghost", ghost)
    assert detect([fixture("un", "un_2026-08-01_trimmed.xml")]) == "un_xml"
    with pytest.raises(ListLoadError, match="its reader module no_such_reader cannot be imported"):
        read_list([fixture("un", "un_2026-08-01_trimmed.xml")], source="ghost")


SHARED_LISTS = Path(__file__).resolve().parents[4] / "shared" / "data" / "lists"
REAL_FILES = {
    "un/UN_consolidated.xml": ("un_xml", 1003),
    "un_2026-08-01/un.xml": ("un_xml", 1011),
    "uk_ofsi_2025-04-14/ConList.xlsx": ("uk_ofsi_xlsx", 4688),
    "uk_fcdo/FCDO_SL_Mon_Aug 11 2025.ods": ("uk_fcdo_ods", 5300),
    "eu_fsf_derived_2025-09/EU-list_select_cols.csv": ("eu_csv", 5540),
    "opensanctions_ftm/entities.ftm.json": ("ftm", 17),
}


@pytest.mark.slow
@pytest.mark.parametrize("relative", sorted(REAL_FILES))
def test_every_real_non_ofac_list_loads(relative: str) -> None:
    path = SHARED_LISTS / relative
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    expected_format, expected_count = REAL_FILES[relative]
    parsed = read_list([SourceFile(path.name, path.read_bytes())])
    assert (parsed.format_name, len(parsed.entries)) == (expected_format, expected_count)
    assert len({entry.source_id for entry in parsed.entries}) == expected_count


@pytest.mark.slow
def test_the_2020_ofsi_sample_is_refused_with_its_line() -> None:
    path = SHARED_LISTS / "uk_ofsi_sample" / "ConList.csv"
    if not os.path.exists(path):
        pytest.skip(f"{path} is not present on this machine")
    with pytest.raises(ListLoadError, match="line 2: expected 30 columns"):
        read_list([SourceFile(path.name, path.read_bytes())])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_detection_never_fails_except_with_a_list_load_error(data: bytes) -> None:
    """Whatever bytes arrive, the user gets a format name or one clear ListLoadError."""
    file = SourceFile("fuzz.bin", data)
    assert describe(file)
    try:
        assert detect([file]) in FORMATS
    except ListLoadError as exc:
        assert str(exc).startswith("fuzz.bin: ")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_script_detection_never_raises(text: str) -> None:
    script = detect_script(text)
    assert script is None or script[0].isupper()


def test_un_source_on_an_ofac_csv_says_it_is_ofac() -> None:
    if not FIXTURES.joinpath("ofac", "sdn.csv").exists():
        pytest.skip("ofac/sdn.csv is not in the fixtures (yet)")
    with pytest.raises(ListLoadError) as caught:
        read_list([fixture("ofac", "sdn.csv")], source="un_xml")
    message = str(caught.value)
    assert message.startswith("sdn.csv: --source un_xml expects UN Security Council XML")
    assert "comma-separated fields" in message
    assert message.endswith("(it is ofac_csv; use --source ofac_csv or omit --source)")
