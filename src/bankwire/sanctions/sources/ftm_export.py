"""Export list entries as FollowTheMoney entities, for yente, nomenklatura and watchman users.

Each entry becomes one Person, Organization, Vessel, Airplane or LegalEntity, plus a
``Sanction`` carrying its programs and listing date, an ``Ownership`` per ``OWNED_BY`` link,
a ``Directorship``/``Family``/``Associate``/``UnknownLink`` per other link and a
``CryptoWallet`` per digital-currency address. Ids are content-derived (``make_key`` over list
name and source id, prefixed by the list name written with dashes, since FtM ids allow no
underscore), so exporting the same list twice gives the same ids and loaders can merge
re-exports. A link to an entity not in the export gets a
named stub entity so that no relationship points nowhere.

Identifiers go to the FtM property the schema has for them (``swiftBic``, ``imoNumber``,
``passportNumber`` ...); one a schema cannot hold is written into ``notes``, not dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Final

from bankwire.ids import make_key
from bankwire.sanctions.model import (
    Address,
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    NameStrength,
    NameType,
)

__all__ = ["entity_id", "export_ftm"]

FtmEntity = dict[str, Any]
_SCHEMAS: Final = {
    EntryKind.PERSON: "Person",
    EntryKind.ORGANIZATION: "Organization",
    EntryKind.VESSEL: "Vessel",
    EntryKind.AIRCRAFT: "Airplane",
    EntryKind.UNKNOWN: "LegalEntity",
}
_LEGAL: Final = {"Person", "Organization", "LegalEntity"}
_AUTHORITIES: Final = {
    "us_ofac_sdn": "US Office of Foreign Assets Control (OFAC)",
    "us_ofac_cons": "US Office of Foreign Assets Control (OFAC)",
    "un_sc": "United Nations Security Council",
    "gb_ofsi": "UK Office of Financial Sanctions Implementation (OFSI)",
    "eu_fsf": "European Union",
}
_NAME_PARTS: Final = {"given": "firstName", "middle": "middleName", "family": "lastName"}
_GENDERS: Final = {"m": "male", "male": "male", "f": "female", "female": "female"}
# (relation, schema, property for this entry, property for the target, target stub schema).
_LINKS: Final = {
    LinkRelation.OWNED_BY: ("Ownership", "asset", "owner", "LegalEntity"),
    LinkRelation.DIRECTOR_OF: ("Directorship", "director", "organization", "Organization"),
    LinkRelation.FAMILY: ("Family", "person", "relative", "Person"),
    LinkRelation.ASSOCIATE: ("Associate", "person", "associate", "Person"),
    LinkRelation.LINKED_TO: ("UnknownLink", "subject", "object", "LegalEntity"),
}


def entity_id(list_name: str, source_id: str) -> str:
    """The FtM id of an entry: stable across exports of any version of the same list."""
    return _ftm_id(list_name, make_key(list_name, source_id))


def _ftm_id(list_name: str, key: str) -> str:
    # FtM entity references allow only letters, digits, dots and dashes: "un_sc" -> "un-sc".
    return f"{list_name.replace('_', '-')}-{key}"


def export_ftm(entries: Iterable[ListEntry]) -> Iterator[FtmEntity]:
    """FtM entity dicts (``id``, ``schema``, ``properties``, ``caption``, ``datasets``)."""
    materialised = list(entries)
    known = {(entry.list_name, entry.source_id): entry for entry in materialised}
    emitted: set[str] = set()
    for entry in materialised:
        entity = _entity(entry)
        emitted.add(entity["id"])
        yield entity
        yield _sanction(entry, entity["id"])
        yield from _wallets(entry, entity["id"])
        for link in entry.links:
            yield from _link(entry, entity, link, known, emitted)


def _make(entity_key: str, schema: str, list_name: str, props: dict[str, list[str]]) -> FtmEntity:
    properties = {key: list(dict.fromkeys(v for v in values if v)) for key, values in props.items()}
    properties = {key: values for key, values in properties.items() if values}
    caption = (properties.get("name") or [entity_key])[0]
    return {
        "id": entity_key,
        "schema": schema,
        "caption": caption,
        "datasets": [list_name],
        "properties": properties,
    }


def _entity(entry: ListEntry) -> FtmEntity:
    schema = _SCHEMAS[entry.kind]
    props: dict[str, list[str]] = {
        "name": [], "alias": [], "weakAlias": [], "previousName": [], "notes": [],
        "country": [], "address": [], "program": list(entry.programs), "topics": ["sanction"],
    }  # fmt: skip
    for name in entry.names:
        if name.name_type == NameType.PRIMARY:
            props["name"].append(name.full)
        elif name.name_type == NameType.FORMERLY_KNOWN_AS:
            props["previousName"].append(name.full)
        elif name.strength == NameStrength.WEAK:
            props["weakAlias"].append(name.full)
        else:
            props["alias"].append(name.full)
    if not props["name"]:
        props["name"].append(entry.primary_name)
    for address in entry.addresses:
        props["address"].append(_address_text(address))
        if address.country:
            props["country"].append(address.country.lower())
    for identifier in entry.identifiers:
        _add_identifier(schema, identifier, props)
    if schema == "Person":
        _person(entry, props)
    if entry.remarks:
        props["notes"].append(entry.remarks)
    entity = _make(entity_id(entry.list_name, entry.source_id), schema, entry.list_name, props)
    return entity | {"target": True}  # Listed: what OpenSanctions calls a target.


def _person(entry: ListEntry, props: dict[str, list[str]]) -> None:
    dates: list[str] = []
    for value in entry.birth_dates:
        if isinstance(value, DateRange):
            dates.extend((value.start.iso(), value.end.iso()))
        else:
            dates.append(value.iso())
    props["birthDate"] = dates
    props["birthPlace"] = list(entry.birth_places)
    props["nationality"] = _codes(entry.nationalities)
    props["citizenship"] = _codes(entry.citizenships)
    props["title"] = list(entry.titles)
    props["position"] = list(entry.positions)
    gender = _GENDERS.get((entry.gender or "").strip().lower())
    props["gender"] = [gender] if gender else []
    # Name parts help FtM matchers align given and family names; only labelled parts map.
    for name in entry.names:
        for label, part in name.parts:
            if (prop := _NAME_PARTS.get(label)) is not None:
                props.setdefault(prop, []).append(part)


def _codes(values: tuple[str, ...]) -> list[str]:
    # FtM country values are ISO codes; names we could not map would fail its validation.
    return [value.lower() for value in values if len(value) == 2 and value.isalpha()]


def _address_text(address: Address) -> str:
    country = address.country_name or address.country
    parts = (*address.lines, address.city, address.postal_code, address.region, country)
    return ", ".join(part for part in parts if part)


def _identifier_property(schema: str, scheme: IdentifierScheme) -> str | None:
    legal = schema in _LEGAL
    by_scheme: dict[IdentifierScheme, str | None] = {
        IdentifierScheme.BIC: "swiftBic" if legal else None,
        IdentifierScheme.LEI: "leiCode" if legal else None,
        IdentifierScheme.TAX_ID: "taxNumber" if legal else None,
        IdentifierScheme.NATIONAL_ID: "idNumber" if legal else None,
        IdentifierScheme.PASSPORT: "passportNumber" if schema == "Person" else None,
        IdentifierScheme.IMO: "imoNumber" if schema in ("Vessel", "Organization") else None,
        IdentifierScheme.MMSI: "mmsi" if schema == "Vessel" else None,
        IdentifierScheme.AIRCRAFT_SERIAL: "serialNumber" if schema == "Airplane" else None,
        IdentifierScheme.REGISTRATION_NUMBER: "registrationNumber",
        IdentifierScheme.VESSEL_REGISTRATION: "registrationNumber",
        IdentifierScheme.OTHER: "idNumber" if legal else None,
    }
    return by_scheme.get(scheme)


def _add_identifier(schema: str, identifier: Identifier, props: dict[str, list[str]]) -> None:
    if identifier.scheme == IdentifierScheme.CRYPTO_ADDRESS:
        return  # Exported as CryptoWallet entities.
    prop = _identifier_property(schema, identifier.scheme)
    if prop is None:
        label = identifier.label or identifier.scheme.value
        props["notes"].append(f"{label}: {identifier.value}")
        return
    props.setdefault(prop, []).append(identifier.value)


def _sanction(entry: ListEntry, subject_id: str) -> FtmEntity:
    props = {
        "entity": [subject_id],
        "authority": [_AUTHORITIES.get(entry.list_name, entry.list_name)],
        "authorityId": [entry.source_id],
        "program": list(entry.programs),
        "listingDate": [entry.listed_on.isoformat()] if entry.listed_on else [],
    }
    key = _ftm_id(entry.list_name, make_key(entry.list_name, entry.source_id, "Sanction"))
    return _make(key, "Sanction", entry.list_name, props) | {"caption": entry.primary_name}


def _wallets(entry: ListEntry, holder_id: str) -> Iterator[FtmEntity]:
    """One wallet per address: OFAC lists an address once per chain that uses it (ETH and
    ETC share their addresses), which as wallets of their own gave two entities one id."""
    chains: dict[str, list[str]] = {}
    for identifier in entry.identifiers:
        if identifier.scheme == IdentifierScheme.CRYPTO_ADDRESS:
            found = chains.setdefault(identifier.value, [])
            if identifier.chain:
                found.append(identifier.chain)
    for address, currencies in chains.items():
        key = make_key(entry.list_name, entry.source_id, "CryptoWallet", address)
        props = {"publicKey": [address], "currency": currencies, "holder": [holder_id]}
        wallet = _make(_ftm_id(entry.list_name, key), "CryptoWallet", entry.list_name, props)
        yield wallet | {"caption": address}


def _link(
    entry: ListEntry,
    entity: FtmEntity,
    link: Link,
    known: dict[tuple[str, str], ListEntry],
    emitted: set[str],
) -> Iterator[FtmEntity]:
    schema, own, other, stub_schema = _LINKS[link.relation]
    if schema in ("Family", "Associate") and entity["schema"] != "Person":
        schema, own, other = "UnknownLink", "subject", "object"
    if schema == "Directorship" and entity["schema"] not in _LEGAL:
        schema, own, other = "UnknownLink", "subject", "object"
    target = known.get((entry.list_name, link.target_source_id or ""))
    if target is not None:
        target_id = entity_id(target.list_name, target.source_id)
    else:
        target_id = _ftm_id(entry.list_name, make_key(entry.list_name, "stub", link.target_name))
        if target_id not in emitted:
            emitted.add(target_id)
            # Named by a listed entry but held by no list: not a target (as OpenSanctions marks
            # related parties); read back, it is an entry like theirs, for the ownership rule.
            stub = _make(target_id, stub_schema, entry.list_name, {"name": [link.target_name]})
            yield stub | {"target": False}
    props: dict[str, list[str]] = {own: [entity["id"]], other: [target_id]}
    if link.share_basis_points is not None:
        percentage = Decimal(link.share_basis_points) / 100
        props["percentage"] = [f"{percentage.normalize():f}"]
    # The share is part of the key: a list may record several holdings by the same owner.
    key = make_key(entry.list_name, entry.source_id, schema, target_id, link.share_basis_points)
    yield _make(_ftm_id(entry.list_name, key), schema, entry.list_name, props) | {
        "caption": f"{entity['caption']} - {link.target_name}"
    }
