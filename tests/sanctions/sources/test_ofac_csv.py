"""OFAC legacy CSV sets: the four files join on ent_num in any order and under any name,
nothing is dropped silently, and bad input fails with the file, line and what was expected."""

from __future__ import annotations

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    EntryKind,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    ListSource,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources import ofac_csv
from bankwire.sanctions.sources.base import SourceFile
from tests.sanctions.sources.ofac_support import (
    CONS_SET,
    SDN_SET,
    SHARED_LISTS,
    by_source_id,
    check_golden,
    fixture,
    fixtures,
)

GOLDEN_ENTS = ("34656", "26503", "26367", "22790", "25077", "4243", "15431", "27307", "17018")


@pytest.fixture(scope="module")
def sdn() -> ParsedList:
    return ofac_csv.read(fixtures(*SDN_SET))


def _identifiers(entry: ListEntry, scheme: IdentifierScheme) -> list[str]:
    return [i.value for i in entry.identifiers if i.scheme is scheme]


def test_psb_carries_bic_tax_id_and_registration_number(sdn: ParsedList) -> None:
    psb = by_source_id(sdn)["34656"]
    assert psb.primary_name == "PROMSVYAZBANK PUBLIC JOINT STOCK COMPANY"
    assert psb.kind is EntryKind.ORGANIZATION
    assert _identifiers(psb, IdentifierScheme.BIC) == ["PRMSRUMM"]
    assert _identifiers(psb, IdentifierScheme.TAX_ID) == ["7744000912"]
    assert "1027739019142" in _identifiers(psb, IdentifierScheme.REGISTRATION_NUMBER)
    assert psb.programs == ("RUSSIA-EO14024",)
    assert ("OJSC PROMSVYAZBANK", NameType.FORMERLY_KNOWN_AS) in [
        (name.full, name.name_type) for name in psb.names
    ]
    assert {address.country for address in psb.addresses} == {"RU", "CN", "IN"}


def test_evrofinance_carries_bic_and_its_link_to_pdvsa(sdn: ParsedList) -> None:
    evrofinance = by_source_id(sdn)["26503"]
    assert _identifiers(evrofinance, IdentifierScheme.BIC) == ["EVRFRUMM"]
    assert evrofinance.links == (
        Link(LinkRelation.LINKED_TO, "PETROLEOS DE VENEZUELA, S.A.", "26367"),
    )
    assert by_source_id(sdn)["26367"].primary_name == "PETROLEOS DE VENEZUELA, S.A."


def test_maduro_carries_dob_cedula_and_two_programs(sdn: ParsedList) -> None:
    maduro = by_source_id(sdn)["22790"]
    assert maduro.kind is EntryKind.PERSON
    assert maduro.birth_dates == (PartialDate(1962, 11, 23),)
    assert _identifiers(maduro, IdentifierScheme.NATIONAL_ID) == ["5892464"]
    assert maduro.programs == ("VENEZUELA", "IRAN-CON-ARMS-EO")
    assert maduro.names[0].parts == (("family", "MADURO MOROS"), ("given", "Nicolas"))
    assert maduro.titles == ("President of the Bolivarian Republic of Venezuela",)


def test_vessel_columns_become_identifiers_and_properties(sdn: ParsedList) -> None:
    tug = by_source_id(sdn)["4238"]
    assert tug.kind is EntryKind.VESSEL
    assert _identifiers(tug, IdentifierScheme.OTHER) == ["CL2192"]
    assert ("Vessel Type", "Tug") in tug.properties
    assert ("Vessel Flag", "Cuba") in tug.properties
    assert ("Vessel Owner", "Samir de Navegacion S.A.") in tug.properties
    ebano = by_source_id(sdn)["4243"]
    assert _identifiers(ebano, IdentifierScheme.IMO) == ["IMO 7406784"]
    assert [(n.full, n.strength) for n in ebano.names[1:]] == [
        ("ANA I", NameStrength.WEAK),
        ("SAND SWAN", NameStrength.WEAK),
    ]


def test_aircraft_and_crypto_addresses(sdn: ParsedList) -> None:
    assert by_source_id(sdn)["15431"].kind is EntryKind.AIRCRAFT
    assert _identifiers(by_source_id(sdn)["15431"], IdentifierScheme.AIRCRAFT_SERIAL)
    crypto = [
        identifier
        for entry in sdn.entries
        for identifier in entry.identifiers
        if identifier.scheme is IdentifierScheme.CRYPTO_ADDRESS
    ]
    assert {identifier.chain for identifier in crypto} >= {"XBT", "ETH"}


def test_comments_continue_the_remarks_without_a_separator(sdn: ParsedList) -> None:
    entry = by_source_id(sdn)["17018"]
    comment = fixture("sdn_comments.csv").data.decode("cp1252")
    continuation = next(
        line.split(",", 1)[1].strip('"')
        for line in comment.splitlines()
        if line.startswith("17018,")
    )
    assert entry.remarks is not None
    assert entry.remarks.endswith(continuation)
    assert len(entry.remarks) > 1000
    assert entry.source_record.count("\n") >= 1


def test_orphan_rows_are_counted_not_dropped(sdn: ParsedList) -> None:
    assert sdn.warnings == (
        "alt.csv: 7 rows for 2 ent_nums not in sdn.csv",
        "add.csv: 7 rows for 3 ent_nums not in sdn.csv",
        "sdn_comments.csv: 6 rows for 6 ent_nums not in sdn.csv",
    )


def test_order_and_renamed_files_do_not_matter(sdn: ParsedList) -> None:
    renamed = [
        SourceFile(f"cache/ofac_{file.name}", file.data) for file in reversed(fixtures(*SDN_SET))
    ]
    again = ofac_csv.read(renamed)
    assert again.entries == sdn.entries
    assert again.list_name == ListSource.OFAC_SDN


def test_unnamed_files_are_recognised_by_their_columns(sdn: ParsedList) -> None:
    anonymous = [SourceFile(f"part{n}.csv", f.data) for n, f in enumerate(fixtures(*SDN_SET))]
    assert ofac_csv.read(anonymous).entries == sdn.entries


def test_the_primary_file_alone_loads() -> None:
    parsed = ofac_csv.read([fixture("sdn.csv")])
    assert parsed.warnings == ()
    assert len(parsed.entries) == 324


def test_consolidated_set_is_its_own_list() -> None:
    parsed = ofac_csv.read(fixtures(*CONS_SET))
    assert parsed.list_name == ListSource.OFAC_CONSOLIDATED
    assert parsed.format_name == "ofac_csv"
    assert len(parsed.entries) == 60
    check_golden("ofac_csv", by_source_id(parsed)["9639"])


@pytest.mark.parametrize("ent_num", GOLDEN_ENTS)
def test_golden_entries(sdn: ParsedList, ent_num: str) -> None:
    check_golden("ofac_csv", by_source_id(sdn)[ent_num])


def test_looks_like() -> None:
    assert all(ofac_csv.looks_like(file) for file in fixtures(*SDN_SET, *CONS_SET))
    assert not ofac_csv.looks_like(fixture("ofac_non_sdn_2023-03-08.xml"))
    assert not ofac_csv.looks_like(SourceFile("x.csv", b"Name 6,Name 1,Name 2\r\n"))


# Bad input: each error names the file and line and says what was expected.

_ROW = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


def _sdn(data: bytes, name: str = "sdn.csv") -> list[SourceFile]:
    return [SourceFile(name, data)]


def test_truncated_row_is_refused() -> None:
    data = _ROW + b'173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CU'
    with pytest.raises(ListLoadError, match=r"OFAC sdn\.csv line 2: .*truncated"):
        ofac_csv.read(_sdn(data))


def test_wrong_column_count_is_refused() -> None:
    with pytest.raises(ListLoadError, match=r"sdn\.csv line 2: expected 12 columns .* got 11"):
        ofac_csv.read(_sdn(_ROW + _ROW.replace(b",-0- \r\n", b"\r\n")))


def test_a_stray_quote_is_a_damaged_row_not_part_of_a_name() -> None:
    stray = _ROW.replace(b'36,"AEROCARIBBEAN AIRLINES"', b'37,AEROCARIBBEAN AIRLINES"')
    with pytest.raises(
        ListLoadError, match=r"sdn\.csv line 2 column 2: a quote inside an unquoted field"
    ):
        ofac_csv.read(_sdn(_ROW + stray))


def test_doubled_quotes_in_a_quoted_field_are_text() -> None:
    quoted = _ROW.replace(b'"AEROCARIBBEAN AIRLINES"', b'"LLC ""AEROCARIBBEAN"""')
    (entry,) = ofac_csv.read(_sdn(quoted)).entries
    assert entry.names[0].full == 'LLC "AEROCARIBBEAN"'


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(ListLoadError, match=r"sdn\.csv line 2: byte 0x81 is not Windows-1252"):
        ofac_csv.read(_sdn(_ROW + _ROW.replace(b"CUBA", b"CU\x81A")))


def test_name_and_content_must_agree() -> None:
    with pytest.raises(ListLoadError, match=r"alt\.csv: the name says alt\.csv .* 12 columns"):
        ofac_csv.read([fixture("sdn.csv"), SourceFile("alt.csv", fixture("sdn.csv").data)])


def test_two_files_of_the_same_kind_are_refused() -> None:
    with pytest.raises(ListLoadError, match=r"are both alt\.csv"):
        ofac_csv.read([*fixtures(*SDN_SET), SourceFile("alt2.csv", fixture("alt.csv").data)])


def test_a_set_without_its_primary_file_is_refused() -> None:
    with pytest.raises(ListLoadError, match=r"no primary file among alt\.csv"):
        ofac_csv.read([fixture("alt.csv")])


def test_sdn_and_consolidated_files_do_not_mix() -> None:
    with pytest.raises(ListLoadError, match="mixed with SDN files"):
        ofac_csv.read([fixture("sdn.csv"), fixture("cons_alt.csv")])


def test_unknown_sdn_type_is_refused() -> None:
    with pytest.raises(ListLoadError, match="line 1: SDN_Type 'submarine' is unknown"):
        ofac_csv.read(_sdn(_ROW.replace(b'-0- ,"CUBA"', b'"submarine","CUBA"')))


def test_a_file_that_is_not_ofac_csv_is_refused() -> None:
    with pytest.raises(ListLoadError, match="3 columns is no OFAC CSV layout"):
        ofac_csv.read(_sdn(b"a,b,c\r\n"))
    with pytest.raises(ListLoadError, match="is not a number"):
        ofac_csv.read(_sdn(_ROW.replace(b"36,", b"X6,", 1)))
    with pytest.raises(ListLoadError, match="the file is empty"):
        ofac_csv.read(_sdn(b"\x1a"))


def test_duplicate_ent_num_is_refused() -> None:
    with pytest.raises(ListLoadError, match="line 2: ent_num 36 already given on line 1"):
        ofac_csv.read(_sdn(_ROW + _ROW))


def test_oversized_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ofac_csv, "CSV_BYTES_MAX", 10)
    with pytest.raises(ListLoadError, match="exceeds the limit of 10"):
        ofac_csv.read(_sdn(_ROW))


_REAL_SETS = (
    ("ofac_sdn_2024-05/sdn.csv", "ofac_sdn_aux_2025-12/*.csv"),
    ("ofac_sdn_2024-05/sdn.csv", "ofac_sdn_aux_2026-08-02/*.csv"),
    ("ofac_sdn_2021-07/*.csv",),
    ("ofac_cons_2025-12/*.csv",),
)


@pytest.mark.slow
@pytest.mark.parametrize("patterns", _REAL_SETS)
def test_every_real_csv_set_loads(patterns: tuple[str, ...]) -> None:
    """The full files in ../shared (skipped where that directory is absent)."""
    paths = sorted(path for pattern in patterns for path in SHARED_LISTS.glob(pattern))
    if not paths:
        pytest.skip(f"{SHARED_LISTS} does not hold {patterns}")
    parsed = ofac_csv.read([SourceFile(path.name, path.read_bytes()) for path in paths])
    assert len(parsed.entries) > 400


def test_an_xml_list_given_as_csv_is_refused() -> None:
    with pytest.raises(ListLoadError, match=r"sdn\.csv line 1: 1 columns is no OFAC CSV layout"):
        ofac_csv.read(_sdn(fixture("ofac_non_sdn_2023-03-08.xml").data))


def test_a_quoted_line_break_keeps_row_and_line_numbers_right() -> None:
    split_row = _ROW.replace(b"AEROCARIBBEAN AIRLINES", b"AEROCARIBBEAN\r\nAIRLINES")
    third = _ROW.replace(b"36,", b"37,", 1).replace(b",-0- \r\n", b"\r\n")
    with pytest.raises(ListLoadError, match="line 3: expected 12 columns"):
        ofac_csv.read(_sdn(split_row + third))
    entry = ofac_csv.read(_sdn(split_row)).entries[0]
    assert entry.primary_name == "AEROCARIBBEAN\nAIRLINES"
    assert entry.source_record == split_row.decode("cp1252").rstrip("\r\n").replace("\r", "")
