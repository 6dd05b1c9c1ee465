"""OFAC advanced XML: reference tables resolved, names with parts and scripts, features,
documents, sanctions entries and relationships attached, unsafe or broken files refused."""

from __future__ import annotations

import pytest
from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListSource,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources import ofac_advanced
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ofac_advanced_refs import parse_date_period
from tests.sanctions.sources.ofac_support import (
    SHARED_LISTS,
    by_source_id,
    check_golden,
    fixture,
)

CONS = "cons_advanced_2020-03-17_trimmed.xml"
SDN_SAMPLE = "sdn_advanced_sample_2024-02-23.xml"


@pytest.fixture(scope="module")
def cons() -> ParsedList:
    return ofac_advanced.read([fixture(CONS)])


@pytest.fixture(scope="module")
def sample() -> ParsedList:
    return ofac_advanced.read([fixture(SDN_SAMPLE)])


def test_publication_and_list(cons: ParsedList) -> None:
    assert cons.published is not None
    assert cons.published.isoformat() == "2020-03-17"
    assert cons.list_name == ListSource.OFAC_CONSOLIDATED
    assert cons.format_name == "ofac_advanced"
    assert len(cons.entries) == 22
    assert cons.warnings == ()


def test_bank_features_programs_and_listing_date(cons: ParsedList) -> None:
    veb = by_source_id(cons)["17015"]
    assert veb.kind is EntryKind.ORGANIZATION
    assert Identifier(IdentifierScheme.BIC, "BFEARUMM", label="SWIFT/BIC") in veb.identifiers
    assert veb.programs == ("UKRAINE-EO13662",)
    assert veb.listed_on is not None
    assert veb.listed_on.isoformat() == "2014-07-16"
    assert ("VEB", NameType.ALIAS, NameStrength.WEAK) in [
        (name.full, name.name_type, name.strength) for name in veb.names
    ]
    assert veb.addresses[0].country == "RU"
    assert veb.addresses[0].postal_code == "107996"


def test_ownership_is_an_owned_by_link_not_linked_to(cons: ParsedList) -> None:
    eximbank = by_source_id(cons)["18268"]
    assert eximbank.links == (Link(LinkRelation.OWNED_BY, "Vnesheconombank", "17015"),)
    assert ("Owned or Controlled By", "Vnesheconombank") in eximbank.properties


def test_person_documents_gender_and_birth_date(cons: ParsedList) -> None:
    person = by_source_id(cons)["26182"]
    assert person.kind is EntryKind.PERSON
    assert person.gender == "Male"
    assert person.birth_dates == (PartialDate(1980, 2, 8),)
    assert person.identifiers == (
        Identifier(IdentifierScheme.PASSPORT, "U00242309", "TR", "Passport"),
    )
    assert person.names[0].parts == (("family", "KAYAKIRAN"), ("given", "Evren"))
    assert by_source_id(cons)["9639"].birth_dates == (PartialDate(1962),)


def test_cyrillic_names_keep_their_script(sample: ParsedList) -> None:
    markov = by_source_id(sample)["36368"]
    assert markov.primary_name == "Markov, Ilya Anatolyevich"
    cyrillic = [name for name in markov.names if name.script == "Cyrillic"]
    assert [(name.full, name.name_type) for name in cyrillic] == [
        ("Марков, Илья Анатольевич", NameType.NON_LATIN)
    ]
    assert markov.names[0].parts == (
        ("family", "Markov"),
        ("given", "Ilya"),
        ("middle", "Anatolyevich"),
    )


def test_vessels_and_dangling_references_are_reported(sample: ParsedList) -> None:
    vessel = by_source_id(sample)["36399"]
    assert vessel.kind is EntryKind.VESSEL
    assert ("Vessel Flag", "Russia") in vessel.properties
    assert ("Vessel Type", "Products Tanker") in vessel.properties
    assert sample.list_name == ListSource.OFAC_SDN
    assert sample.warnings == (
        f"{SDN_SAMPLE}: 12 IDRegDocuments for identities not in DistinctParties",
        f"{SDN_SAMPLE}: 3 ProfileRelationships name profiles not in DistinctParties",
        f"{SDN_SAMPLE}: 57 features refer to Locations the file does not define (kept as "
        "properties)",
        f"{SDN_SAMPLE}: SanctionsEntries for 67 profiles not in DistinctParties",
    )


def _period(start: tuple[int, int, int], end: tuple[int, int, int]) -> etree._Element:
    def bound(name: str, ymd: tuple[int, int, int]) -> str:
        y, m, d = ymd
        inner = f"<Year>{y}</Year><Month>{m}</Month><Day>{d}</Day>"
        return f"<{name}><From>{inner}</From><To>{inner}</To></{name}>"

    return etree.fromstring(f"<DatePeriod>{bound('Start', start)}{bound('End', end)}</DatePeriod>")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((1962, 11, 23), (1962, 11, 23), PartialDate(1962, 11, 23)),
        ((1962, 1, 1), (1962, 12, 31), PartialDate(1962)),
        ((1962, 2, 1), (1962, 2, 28), PartialDate(1962, 2)),
        ((1955, 1, 1), (1958, 12, 31), DateRange(PartialDate(1955), PartialDate(1958))),
        ((1955, 3, 4), (1955, 5, 6), DateRange(PartialDate(1955, 3, 4), PartialDate(1955, 5, 6))),
        ((1955, 2, 30), (1955, 2, 30), None),
    ],
)
def test_date_periods(
    start: tuple[int, int, int], end: tuple[int, int, int], expected: object
) -> None:
    assert parse_date_period(_period(start, end)) == expected


def test_the_namespace_of_newer_publications_reads_the_same(
    cons: ParsedList,
) -> None:
    newer = fixture(CONS).data.replace(
        b"http://www.un.org/sanctions/1.0",
        b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
    )
    again = ofac_advanced.read([SourceFile(CONS, newer)])
    assert [(e.names, e.identifiers, e.links) for e in again.entries] == [
        (e.names, e.identifiers, e.links) for e in cons.entries
    ]


@pytest.mark.parametrize(
    ("name", "source_id"),
    [(CONS, "17015"), (CONS, "18268"), (CONS, "26182"), (SDN_SAMPLE, "36368")],
)
def test_golden_entries(name: str, source_id: str) -> None:
    check_golden("ofac_advanced", by_source_id(ofac_advanced.read([fixture(name)]))[source_id])


def test_looks_like() -> None:
    assert ofac_advanced.looks_like(fixture(CONS))
    assert not ofac_advanced.looks_like(fixture("ofac_non_sdn_2023-03-08.xml"))
    assert not ofac_advanced.looks_like(fixture("sdn.csv"))


# Bad input.


def _adv(data: bytes) -> list[SourceFile]:
    return [SourceFile("sdn_advanced.xml", data)]


def test_dtd_and_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE Sanctions [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<Sanctions>&b;</Sanctions>"
    )
    with pytest.raises(ListLoadError, match="DOCTYPE/ENTITY declaration is not allowed"):
        ofac_advanced.read(_adv(bomb))


def test_a_truncated_file_names_the_line() -> None:
    data = fixture(CONS).data
    truncated = data[: len(data) // 2]
    with pytest.raises(ListLoadError, match=r"sdn_advanced\.xml: not well-formed XML at line \d+"):
        ofac_advanced.read(_adv(truncated))


def test_a_document_that_is_not_advanced_xml_is_refused() -> None:
    with pytest.raises(ListLoadError, match="the root element is not <Sanctions>"):
        ofac_advanced.read(_adv(fixture("ofac_non_sdn_2023-03-08.xml").data))
    with pytest.raises(ListLoadError, match="no ReferenceValueSets"):
        ofac_advanced.read(
            _adv(b"<Sanctions><DateOfIssue><Year>2020</Year></DateOfIssue></Sanctions>")
        )


def test_an_undefined_reference_is_refused() -> None:
    data = fixture(CONS).data.replace(b'<FeatureType ID="8" ', b'<FeatureType ID="8000" ', 1)
    with pytest.raises(ListLoadError, match=r"line \d+: <Feature> refers to FeatureType ID '8'"):
        ofac_advanced.read(_adv(data))


def test_oversized_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ofac_advanced, "XML_BYTES_MAX", 100)
    with pytest.raises(ListLoadError, match="exceeds the limit of 100 bytes"):
        ofac_advanced.read(_adv(fixture(CONS).data))


@pytest.mark.slow
@pytest.mark.parametrize(
    "relative",
    [
        "ofac_cons_advanced_2020-03-17/cons_advanced.xml",
        "ofac_sdn_advanced_sample_2024-02-23/test.xml",
    ],
)
def test_every_real_advanced_file_loads(relative: str) -> None:
    """The full files in ../shared (skipped where that directory is absent)."""
    path = SHARED_LISTS / relative
    if not path.exists():
        pytest.skip(f"{path} is absent")
    parsed = ofac_advanced.read([SourceFile(path.name, path.read_bytes())])
    assert len(parsed.entries) >= 37
