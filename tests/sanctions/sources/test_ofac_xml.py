"""OFAC sdnList XML: publication data, names with strength, typed ids, vessels and people,
namespace-independence, and clear refusals of unsafe or foreign documents."""

from __future__ import annotations

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListSource,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources import ofac_xml
from bankwire.sanctions.sources.base import SourceFile
from tests.sanctions.sources.ofac_support import (
    SHARED_LISTS,
    by_source_id,
    check_golden,
    fixture,
)

NON_SDN = "ofac_non_sdn_2023-03-08.xml"
CONSOLIDATED = "consolidated_2018-04-06.xml"


@pytest.fixture(scope="module")
def non_sdn() -> ParsedList:
    return ofac_xml.read([fixture(NON_SDN)])


@pytest.fixture(scope="module")
def consolidated() -> ParsedList:
    return ofac_xml.read([fixture(CONSOLIDATED)])


def test_publication_date_and_count(non_sdn: ParsedList) -> None:
    assert non_sdn.published is not None
    assert non_sdn.published.isoformat() == "2023-03-08"
    assert non_sdn.list_name == ListSource.OFAC_CONSOLIDATED
    assert non_sdn.format_name == "ofac_xml"
    assert len(non_sdn.entries) == 50
    assert non_sdn.warnings == ()


def test_record_count_mismatch_is_a_warning() -> None:
    data = fixture(NON_SDN).data.replace(b"<Record_Count>50<", b"<Record_Count>445<")
    parsed = ofac_xml.read([SourceFile("sdn.xml", data)])
    assert parsed.list_name == ListSource.OFAC_SDN
    assert parsed.warnings == (
        "sdn.xml: Record_Count says 445 entries but the file holds 50 sdnEntry elements",
    )


def test_weak_and_strong_akas(non_sdn: ParsedList) -> None:
    veb = by_source_id(non_sdn)["17015"]
    assert [(n.full, n.name_type, n.strength) for n in veb.names[:2]] == [
        (
            "STATE CORPORATION BANK FOR DEVELOPMENT AND FOREIGN ECONOMIC AFFAIRS VNESHECONOMBANK",
            NameType.PRIMARY,
            NameStrength.STRONG,
        ),
        ("VEB", NameType.ALIAS, NameStrength.WEAK),
    ]
    assert [i.value for i in veb.identifiers if i.scheme is IdentifierScheme.BIC] == ["BFEARUMM"]


def test_person_fields_from_id_list_and_lists(non_sdn: ParsedList) -> None:
    person = by_source_id(non_sdn)["26182"]
    assert person.kind is EntryKind.PERSON
    assert person.gender == "Male"
    assert person.citizenships == ("TR",)
    assert person.birth_dates == (PartialDate(1980, 2, 8),)
    assert person.names[0].parts == (("family", "KAYAKIRAN"), ("given", "Evren"))
    assert [i.scheme for i in person.identifiers] == [IdentifierScheme.PASSPORT]


def test_vessel_info_and_parenthesised_links(consolidated: ParsedList) -> None:
    darab = by_source_id(consolidated)["15044"]
    assert darab.kind is EntryKind.VESSEL
    assert ("Vessel Type", "Crude Oil Tanker") in darab.properties
    assert ("Vessel Flag", "None Identified") in darab.properties
    assert (
        Identifier(IdentifierScheme.OTHER, "9HEE9", label="Vessel Call Sign") in darab.identifiers
    )
    assert [i.scheme for i in darab.identifiers][:2] == [
        IdentifierScheme.IMO,
        IdentifierScheme.MMSI,
    ]
    assert [link.target_name for link in darab.links] == ["NATIONAL IRANIAN TANKER COMPANY"]


def test_birth_range_nationality_and_title(consolidated: ParsedList) -> None:
    person = by_source_id(consolidated)["15962"]
    assert person.birth_dates == (DateRange(PartialDate(1961, 1, 1), PartialDate(1962, 12, 31)),)
    assert person.nationalities == ("IR",)
    assert person.titles[0].startswith("Finance Director, National Iranian Oil Company")


def test_the_namespace_of_newer_publications_reads_the_same(
    non_sdn: ParsedList,
) -> None:
    newer = fixture(NON_SDN).data.replace(
        b'xmlns="http://tempuri.org/sdnList.xsd"',
        b'xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"',
    )
    again = ofac_xml.read([SourceFile(NON_SDN, newer)])
    assert [entry.names for entry in again.entries] == [entry.names for entry in non_sdn.entries]
    assert [e.identifiers for e in again.entries] == [e.identifiers for e in non_sdn.entries]


def test_unknown_children_are_kept_as_properties() -> None:
    data = fixture(NON_SDN).data.replace(
        b"<sdnType>Individual</sdnType>", b"<sdnType>Individual</sdnType><newField>x</newField>", 1
    )
    parsed = ofac_xml.read([SourceFile(NON_SDN, data)])
    assert ("newField", "x") in parsed.entries[0].properties


@pytest.mark.parametrize(
    ("name", "uid"),
    [(NON_SDN, "17015"), (NON_SDN, "26182"), (CONSOLIDATED, "15044"), (CONSOLIDATED, "15962")],
)
def test_golden_entries(name: str, uid: str) -> None:
    check_golden("ofac_xml", by_source_id(ofac_xml.read([fixture(name)]))[uid])


def test_looks_like() -> None:
    assert ofac_xml.looks_like(fixture(NON_SDN))
    assert not ofac_xml.looks_like(fixture("sdn.csv"))
    assert not ofac_xml.looks_like(fixture("cons_advanced_2020-03-17_trimmed.xml"))


# Bad input.


def _xml(data: bytes) -> list[SourceFile]:
    return [SourceFile("sdn.xml", data)]


def test_dtd_and_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><sdnList>&lol2;</sdnList>'
    )
    with pytest.raises(ListLoadError, match="DOCTYPE/ENTITY declaration is not allowed"):
        ofac_xml.read(_xml(bomb))
    external = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sdnList>&e;</sdnList>'
    with pytest.raises(ListLoadError, match="not allowed"):
        ofac_xml.read(_xml(external))


def test_malformed_xml_names_the_line() -> None:
    truncated = fixture(NON_SDN).data[:2000]
    with pytest.raises(ListLoadError, match=r"sdn\.xml: not well-formed XML at line \d+"):
        ofac_xml.read(_xml(truncated))


def test_a_document_that_is_not_an_sdn_list_is_refused() -> None:
    with pytest.raises(ListLoadError, match=r"root element <CONSOLIDATED_LIST> is not <sdnList>"):
        ofac_xml.read(_xml(b"<CONSOLIDATED_LIST/>"))


def test_an_entry_without_uid_or_type_is_refused() -> None:
    with pytest.raises(ListLoadError, match="line 1: sdnEntry without <uid>"):
        ofac_xml.read(_xml(b"<sdnList><sdnEntry><lastName>X</lastName></sdnEntry></sdnList>"))
    bad_type = (
        b"<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Boat</sdnType>"
        b"</sdnEntry></sdnList>"
    )
    with pytest.raises(ListLoadError, match="sdnEntry 1 has sdnType 'Boat'"):
        ofac_xml.read(_xml(bad_type))


def test_bad_publish_date_is_refused() -> None:
    data = fixture(NON_SDN).data.replace(b"03/08/2023", b"2023-03-08")
    with pytest.raises(ListLoadError, match="Publish_Date '2023-03-08' is not a date"):
        ofac_xml.read(_xml(data))


def test_exactly_one_file_is_expected() -> None:
    with pytest.raises(ListLoadError, match="expected exactly one file"):
        ofac_xml.read([fixture(NON_SDN), fixture(CONSOLIDATED)])


@pytest.mark.slow
@pytest.mark.parametrize(
    "relative", ["ofac_cons_xml_2018/consolidated.xml", "ofac_cons_xml_2023-03-08/ofac_non_sdn.xml"]
)
def test_every_real_sdn_list_xml_loads(relative: str) -> None:
    """The full files in ../shared (skipped where that directory is absent)."""
    path = SHARED_LISTS / relative
    if not path.exists():
        pytest.skip(f"{path} is absent")
    parsed = ofac_xml.read([SourceFile(path.name, path.read_bytes())])
    assert parsed.warnings == ()
    assert len(parsed.entries) > 400
