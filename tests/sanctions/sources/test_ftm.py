"""FollowTheMoney import (trimmed OpenSanctions yente fixture, CC BY-NC: tests only) and export.

Protects: relationship entities turned into programs, links and identifiers; exports that are
valid FtM with stable content-derived ids; and that export -> import keeps what matters.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    Name,
    ParsedList,
)
from bankwire.sanctions.sources import eu, ftm, ofac_csv, uk_ofsi
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ftm_export import entity_id
from tests.strategies_screening import entry

from .golden_lists import assert_golden, assert_golden_value, by_id, fixture

ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"
CST = "NK-abdzbEBkqyT29GyREbiURZ"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return ftm.read([fixture("ftm", "entities_trimmed.ftm.json")])


def _lines(entities: list[dict[str, Any]]) -> SourceFile:
    text = "\n".join(json.dumps(entity, ensure_ascii=False) for entity in entities)
    return SourceFile("export.ftm.json", text.encode("utf-8"))


def test_people_and_companies_become_entries(parsed: ParsedList) -> None:
    """Targets and related parties alike (three companies marked ``"target": false``): the
    ownership rule needs the companies listed persons own."""
    kinds = [entry.kind for entry in parsed.entries]
    assert kinds.count(EntryKind.PERSON) == 6
    assert kinds.count(EntryKind.ORGANIZATION) == 11
    assert parsed.format_name == "ftm"
    assert parsed.published == date(2026, 4, 29)


def test_missing_address_entities_are_reported(parsed: ParsedList) -> None:
    assert any("not in the file" in warning for warning in parsed.warnings)


def test_zakharov_gets_sanctions_family_and_directorships(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, ZAKHAROV)
    relations = [link.relation for link in entry.links]
    assert entry.primary_name == "Alexander Vyacheslavovich ZAKHAROV"
    assert entry.programs == ("EU-UKR", "SECO-UKRAINE")
    assert relations.count(LinkRelation.FAMILY) == 4
    assert relations.count(LinkRelation.DIRECTOR_OF) == 2
    assert entry.listed_on is not None
    assert_golden("ftm", entry)


def test_ownership_percentages_become_basis_points(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, CST)
    shares = {link.share_basis_points for link in entry.links if link.target_source_id == ZAKHAROV}
    assert shares == {5000, 4800, 5100}
    assert all(link.relation == LinkRelation.OWNED_BY for link in entry.links)
    assert_golden("ftm", entry)


def test_passport_entities_become_identifiers_of_their_holder(parsed: ParsedList) -> None:
    entry = by_id(parsed.entries, "NK-hUAjuiA3vTKXF6v2X6MYnS")
    assert (IdentifierScheme.PASSPORT, "089132114") in [
        (i.scheme, i.value) for i in entry.identifiers
    ]


def test_export_is_valid_shaped_and_stable(parsed: ParsedList) -> None:
    first = list(ftm.export_ftm(parsed.entries))
    second = list(ftm.export_ftm(parsed.entries))
    ids = [entity["id"] for entity in first]
    assert first == second
    assert len(ids) == len(set(ids))
    assert all(entity_id.startswith("ftm-") for entity_id in ids)
    # FtM's entity id syntax: references to any other id would be dropped by its loaders.
    assert all(re.fullmatch(r"[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?", i) for i in ids)
    for entity in first:
        assert set(entity) - {"target"} == {"id", "schema", "caption", "datasets", "properties"}
        assert all(isinstance(values, list) and values for values in entity["properties"].values())
    targets = [entity["id"] for entity in first if entity.get("target")]
    assert sorted(targets) == sorted(entity_id("ftm", e.source_id) for e in parsed.entries)
    sanctions = [entity for entity in first if entity["schema"] == "Sanction"]
    assert len(sanctions) == len(parsed.entries)


def test_export_writes_ownership_with_percentage(parsed: ParsedList) -> None:
    exported = list(ftm.export_ftm(parsed.entries))
    cst = entity_id("ftm", CST)
    owner = entity_id("ftm", ZAKHAROV)
    ownerships = [
        entity["properties"]
        for entity in exported
        if entity["schema"] == "Ownership" and entity["properties"]["asset"] == [cst]
    ]
    assert {"owner": [owner], "asset": [cst], "percentage": ["50"]} in ownerships


def test_export_then_import_keeps_names_identifiers_programs_and_links(parsed: ParsedList) -> None:
    again = ftm.read([_lines(list(ftm.export_ftm(parsed.entries)))])
    assert len(again.entries) == len(parsed.entries)
    for original in parsed.entries:
        copy = by_id(again.entries, entity_id("ftm", original.source_id))
        assert {n.full for n in copy.names} == {n.full for n in original.names}
        assert {(i.scheme, i.value) for i in copy.identifiers} == {
            (i.scheme, i.value) for i in original.identifiers
        }
        assert set(copy.programs) == set(original.programs)
        assert copy.listed_on == original.listed_on
        assert {_link_key(link) for link in copy.links} >= {
            _link_key(link)
            for link in original.links
            if link.relation in (LinkRelation.OWNED_BY, LinkRelation.DIRECTOR_OF)
        }


def _link_key(link: Link) -> tuple[LinkRelation, str, int | None]:
    return (link.relation, link.target_name, link.share_basis_points)


def test_export_of_eu_entries_maps_identifiers_and_sanctions() -> None:
    entries = eu.read([fixture("eu", "fsf_export_sample.xml")]).entries
    exported = {entity["id"]: entity for entity in ftm.export_ftm(entries)}
    bank = exported[entity_id("eu_fsf", "5815")]
    delcy = exported[entity_id("eu_fsf", "117530")]
    sanction = next(
        e for e in exported.values()
        if e["schema"] == "Sanction" and e["properties"]["entity"] == [delcy["id"]]
    )  # fmt: skip
    assert (bank["schema"], bank["properties"]["swiftBic"]) == ("Organization", ["KDBKKPPY"])
    assert delcy["properties"]["birthDate"] == ["1969-05-18"]
    assert delcy["properties"]["citizenship"] == ["ve"]
    assert delcy["properties"]["gender"] == ["female"]
    assert sanction["properties"]["program"] == ["VEN"]
    assert sanction["properties"]["listingDate"] == ["2018-06-25"]
    assert delcy["id"].startswith("eu-fsf-")
    assert_golden_value("ftm_export", "eu_fsf-117530", delcy)


def test_export_of_a_ship_uses_vessel_properties() -> None:
    entries = uk_ofsi.read([fixture("uk", "ConList_2025-04-14_trimmed.xlsx")]).entries
    ship = next(e for e in ftm.export_ftm(entries) if e["id"] == entity_id("gb_ofsi", "13660"))
    assert ship["schema"] == "Vessel"
    assert ship["properties"]["imoNumber"] == ["8503228"]


def test_crypto_addresses_and_unknown_link_targets_get_their_own_entities() -> None:
    entry = ListEntry(
        list_name="us_ofac_sdn",
        source_id="1",
        kind=EntryKind.PERSON,
        names=(Name("John DOE"),),
        identifiers=(Identifier(IdentifierScheme.CRYPTO_ADDRESS, "1AbC", chain="XBT"),),
        links=(Link(LinkRelation.LINKED_TO, "ACME LTD"),),
    )
    exported = list(ftm.export_ftm([entry]))
    schemas = [entity["schema"] for entity in exported]
    wallet = exported[schemas.index("CryptoWallet")]["properties"]
    assert schemas == ["Person", "Sanction", "CryptoWallet", "LegalEntity", "UnknownLink"]
    assert wallet == {"publicKey": ["1AbC"], "currency": ["XBT"], "holder": [exported[0]["id"]]}
    assert exported[3]["properties"] == {"name": ["ACME LTD"]}


def test_export_validates_with_followthemoney_when_installed(parsed: ParsedList) -> None:
    followthemoney = pytest.importorskip("followthemoney")
    for entity in ftm.export_ftm(parsed.entries):
        proxy = followthemoney.model.get_proxy(entity, cleaned=False)
        assert proxy.schema.name == entity["schema"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{not json", r"line 1 column 2: expected one JSON object per line"),
        (b'{"id": "x", "properties": {}}', r"'schema' must be a string"),
        (b'{"id": "", "schema": "Person", "properties": {}}', r"'id' must be a non-empty"),
        (b'{"id": "x", "schema": "Person", "properties": {"name": "A"}}', r"must be a list"),
        (b'{"id": "x", "schema": "Person", "properties": {"name": [1]}}', r"not a string"),
        (b'{"id": "x", "schema": "Person", "properties": {}}', r"it has no name property"),
        (b'["x"]', r"expected a JSON object .got list."),
        (b'{"id": "x", "schema": "Person", "properties": {"name": ["\xff"]}}', r"expected UTF-8"),
    ],
)
def test_bad_lines_are_refused_with_their_line(line: bytes, message: str) -> None:
    with pytest.raises(ListLoadError, match=message):
        ftm.read([SourceFile("bad.json", line + b"\n")])


def test_export_marks_targets_and_link_ends_no_list_holds() -> None:
    """Listed entries are targets; the ends of their links that no list holds are exported
    as named stubs marked ``"target": false``, and read back as related parties."""
    entries = ofac_csv.read(
        [fixture("ofac", name) for name in ("sdn.csv", "alt.csv", "add.csv")]
    ).entries
    exported = list(ftm.export_ftm(entries))
    ids = [entity["id"] for entity in exported]
    assert len(ids) == len(set(ids))
    stubs = [e for e in exported if e.get("target") is False]
    targets = [e for e in exported if e.get("target") is True]
    assert stubs, "the fixture has links to entries it does not hold"
    assert len(targets) == len(entries)
    again = ftm.read([_lines(exported)])
    assert len(again.entries) == len(entries) + len(stubs)


def test_an_address_listed_for_two_chains_is_one_wallet() -> None:
    address = "0x098b716b8aaf21512996dc57eb0615e2383e2f96"
    listed = entry(
        EntryKind.ORGANIZATION, "LAZARUS GROUP", source_id="23254",
        identifiers=(Identifier(IdentifierScheme.CRYPTO_ADDRESS, address, chain="ETH"),
                     Identifier(IdentifierScheme.CRYPTO_ADDRESS, address, chain="ETC")),
    )  # fmt: skip
    wallets = [e for e in ftm.export_ftm([listed]) if e["schema"] == "CryptoWallet"]
    assert [(w["properties"]["publicKey"], w["properties"]["currency"]) for w in wallets] == [
        ([address], ["ETH", "ETC"])
    ]
