"""FtM entities, and the graph that turns an FtM file's entities into list entries.

Relationship entities (Sanction, Ownership, Passport ...) are indexed once by the entity they
refer to, so mapping an entry is a dictionary lookup, not a scan of the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    ListSource,
    PartialDate,
)
from bankwire.sanctions.sources.ftm_names import entity_names

__all__ = ["ENTRY_SCHEMAS", "Entity", "EntityGraph"]

ENTRY_SCHEMAS: Final = {
    "Person": EntryKind.PERSON,
    "Organization": EntryKind.ORGANIZATION,
    "Company": EntryKind.ORGANIZATION,
    "LegalEntity": EntryKind.ORGANIZATION,
    "PublicBody": EntryKind.ORGANIZATION,
    "Vessel": EntryKind.VESSEL,
    "Airplane": EntryKind.AIRCRAFT,
}
IDENTIFIER_PROPERTIES: Final = {
    "swiftBic": (IdentifierScheme.BIC, None),
    "imoNumber": (IdentifierScheme.IMO, None),
    "mmsi": (IdentifierScheme.MMSI, None),
    "leiCode": (IdentifierScheme.LEI, None),
    "taxNumber": (IdentifierScheme.TAX_ID, None),
    "innCode": (IdentifierScheme.TAX_ID, "INN"),
    "vatCode": (IdentifierScheme.TAX_ID, "VAT"),
    "registrationNumber": (IdentifierScheme.REGISTRATION_NUMBER, None),
    "ogrnCode": (IdentifierScheme.REGISTRATION_NUMBER, "OGRN"),
    "idNumber": (IdentifierScheme.NATIONAL_ID, None),
    "passportNumber": (IdentifierScheme.PASSPORT, None),
    "serialNumber": (IdentifierScheme.AIRCRAFT_SERIAL, None),
    "callSign": (IdentifierScheme.OTHER, "Call sign"),
}
# (schema, property of the entity the link belongs to, property of the target, relation).
_LINK_SCHEMAS: Final = (
    ("Ownership", "asset", "owner", LinkRelation.OWNED_BY),
    ("Directorship", "director", "organization", LinkRelation.DIRECTOR_OF),
    ("Family", "person", "relative", LinkRelation.FAMILY),
    ("Family", "relative", "person", LinkRelation.FAMILY),
    ("Associate", "person", "associate", LinkRelation.ASSOCIATE),
    ("Associate", "associate", "person", LinkRelation.ASSOCIATE),
    ("Membership", "member", "organization", LinkRelation.ASSOCIATE),
    ("Employment", "employee", "employer", LinkRelation.ASSOCIATE),
    ("UnknownLink", "subject", "object", LinkRelation.LINKED_TO),
)
_HOLDER_SCHEMAS: Final = {"Passport", "Identification", "CryptoWallet"}
_HANDLED_SCHEMAS: Final = (
    set(ENTRY_SCHEMAS) | _HOLDER_SCHEMAS | {"Sanction", "Address"} | {s for s, *_ in _LINK_SCHEMAS}
)
# Properties mapped to a model field; every other property is kept in ``properties``.
_MAPPED: Final = set(IDENTIFIER_PROPERTIES) | {
    "name", "alias", "weakAlias", "previousName", "abbreviation", "birthDate", "birthPlace",
    "nationality", "citizenship", "address", "addressEntity", "notes", "gender", "title",
    "position", "program", "programId", "firstName", "lastName", "middleName", "fatherName",
    "secondName", "motherName",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    schema: str
    properties: dict[str, tuple[str, ...]]
    caption: str | None
    last_change: str | None
    datasets: tuple[str, ...]
    record: str
    """The JSON line as read, kept as the entry's source record."""

    def get(self, prop: str) -> tuple[str, ...]:
        return self.properties.get(prop, ())

    @classmethod
    def from_json(cls, where: str, value: object, record: str) -> Entity:
        """Check the shape FtM promises and build an entity; raise ListLoadError otherwise."""
        if not isinstance(value, dict):
            raise ListLoadError(f"{where}: expected a JSON object (got {type(value).__name__})")
        entity_id, schema, raw = value.get("id"), value.get("schema"), value.get("properties")
        if not isinstance(entity_id, str) or not entity_id:
            raise ListLoadError(f"{where}: 'id' must be a non-empty string (got {entity_id!r})")
        if not isinstance(schema, str) or not schema:
            raise ListLoadError(f"{where} {entity_id}: 'schema' must be a string (got {schema!r})")
        if not isinstance(raw, dict):
            raise ListLoadError(f"{where} {entity_id}: 'properties' must be an object")
        properties = {str(key): _strings(where, str(key), values) for key, values in raw.items()}
        caption = value.get("caption")
        last_change = value.get("last_change")
        datasets = value.get("datasets") or []
        return cls(
            id=entity_id,
            schema=schema,
            properties=properties,
            caption=caption if isinstance(caption, str) else None,
            last_change=last_change if isinstance(last_change, str) else None,
            datasets=tuple(str(dataset) for dataset in datasets),
            record=record,
        )


def _strings(where: str, key: str, values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ListLoadError(f"{where}: property {key!r} must be a list (got {values!r})")
    found: list[str] = []
    for item in values:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            found.append(item["id"])  # The "nested" export inlines referenced entities.
        else:
            raise ListLoadError(f"{where}: property {key!r} holds {item!r}, not a string")
    return tuple(found)


class EntityGraph:
    """All entities of a file, indexed by the entity each relationship entity points at."""

    def __init__(self, entities: dict[str, Entity], warnings: list[str]) -> None:
        self._entities = entities
        self._warnings = warnings
        self._sanctions: dict[str, list[Entity]] = {}
        self._links: dict[str, list[Link]] = {}
        self._identifiers: dict[str, list[Identifier]] = {}
        unmapped: Counter[str] = Counter()
        for entity in entities.values():
            if entity.schema == "Sanction":
                for target in entity.get("entity"):
                    self._sanctions.setdefault(target, []).append(entity)
            elif entity.schema in _HOLDER_SCHEMAS:
                self._index_holder(entity)
            elif entity.schema not in _HANDLED_SCHEMAS:
                unmapped[entity.schema] += 1
            self._index_links(entity)
        for schema, count in sorted(unmapped.items()):
            warnings.append(f"FtM: {count} entities of schema {schema} are not mapped to entries")

    def _index_holder(self, entity: Entity) -> None:
        if entity.schema == "CryptoWallet":
            values = entity.get("publicKey")
            scheme, chain = IdentifierScheme.CRYPTO_ADDRESS, _first(entity.get("currency"))
        else:
            values = entity.get("number")
            passport = entity.schema == "Passport"
            scheme = IdentifierScheme.PASSPORT if passport else IdentifierScheme.NATIONAL_ID
            chain = None
        country = _first(entity.get("country"))
        for holder in entity.get("holder"):
            for value in values:
                identifier = Identifier(
                    scheme=scheme,
                    value=value,
                    country=country.upper() if country else None,
                    label=_first(entity.get("type")),
                    chain=chain,
                )
                self._identifiers.setdefault(holder, []).append(identifier)

    def _index_links(self, entity: Entity) -> None:
        for schema, own, other, relation in _LINK_SCHEMAS:
            if entity.schema != schema:
                continue
            share = self._share(entity) if relation == LinkRelation.OWNED_BY else None
            for source in entity.get(own):
                for target in entity.get(other):
                    link = Link(relation, self._caption(target), target, share)
                    self._links.setdefault(source, []).append(link)

    def _share(self, ownership: Entity) -> int | None:
        text = _first(ownership.get("percentage"))
        if text is None:
            return None
        try:
            percent = Decimal(text.strip().rstrip("%").replace(",", "."))
        except InvalidOperation:
            self._warnings.append(f"FtM {ownership.id}: percentage {text!r} is not a number")
            return None
        return int((percent * 100).to_integral_value())

    def _caption(self, entity_id: str) -> str:
        target = self._entities.get(entity_id)
        if target is None:
            self._warnings.append(f"FtM: link target {entity_id} is not in the file")
            return entity_id
        return target.caption or _first(target.get("name")) or entity_id

    def entry(self, entity: Entity) -> ListEntry:
        """The list entry for a Person, Organization, Vessel ... entity."""
        sanctions = self._sanctions.get(entity.id, [])
        # programId is the short code ("EU-UKR"); program is often a paragraph of text.
        programs = [value for s in sanctions for value in s.get("programId") or s.get("program")]
        if not sanctions:
            programs.extend(entity.get("programId") or entity.get("program"))
        listed = [
            self._listing_date(s, value)
            for s in sanctions
            for value in s.get("listingDate") or s.get("startDate")
        ]
        properties = [("dataset", dataset) for dataset in entity.datasets]
        properties.extend(
            (prop, value)
            for prop, values in entity.properties.items()
            if prop not in _MAPPED
            for value in values
        )
        for sanction in sanctions:
            properties.extend(("sanction_authority", value) for value in sanction.get("authority"))
        return ListEntry(
            list_name=ListSource.FTM,
            source_id=entity.id,
            kind=ENTRY_SCHEMAS[entity.schema],
            names=entity_names(entity.caption, entity.properties),
            birth_dates=self._birth_dates(entity),
            birth_places=entity.get("birthPlace"),
            nationalities=tuple(code.upper() for code in entity.get("nationality")),
            citizenships=tuple(code.upper() for code in entity.get("citizenship")),
            addresses=self._addresses(entity),
            identifiers=self._entity_identifiers(entity),
            programs=tuple(dict.fromkeys(programs)),
            listed_on=min((day for day in listed if day is not None), default=None),
            links=tuple(dict.fromkeys(self._links.get(entity.id, []))),
            remarks="\n".join(entity.get("notes")) or None,
            properties=tuple(dict.fromkeys(properties)),
            gender=_first(entity.get("gender")),
            titles=entity.get("title"),
            positions=entity.get("position"),
            source_record=entity.record,
        )

    def _listing_date(self, sanction: Entity, text: str) -> date | None:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            # FtM dates may be year-only ("2022"); a listing date needs the day.
            self._warnings.append(f"FtM {sanction.id}: listing date {text!r} is not a full date")
            return None

    def _birth_dates(self, entity: Entity) -> tuple[PartialDate, ...]:
        found: list[PartialDate] = []
        for text in entity.get("birthDate"):
            try:
                pieces = [int(piece) for piece in text[:10].split("-")]
                found.append(PartialDate(*pieces[:3]))
            except (ValueError, TypeError) as exc:
                self._warnings.append(f"FtM {entity.id}: birthDate {text!r} skipped ({exc})")
        return tuple(dict.fromkeys(found))

    def _addresses(self, entity: Entity) -> tuple[Address, ...]:
        addresses = [Address(lines=(text,)) for text in entity.get("address")]
        for address_id in entity.get("addressEntity"):
            node = self._entities.get(address_id)
            if node is None:
                self._warnings.append(f"FtM {entity.id}: address {address_id} not in the file")
                continue
            street = node.get("street") or node.get("full")
            country = _first(node.get("country"))
            addresses.append(
                Address(
                    lines=street + node.get("postOfficeBox"),
                    city=_first(node.get("city")),
                    postal_code=_first(node.get("postalCode")),
                    region=_first(node.get("region")),
                    country=country.upper() if country else None,
                )
            )
        return tuple(dict.fromkeys(addresses))

    def _entity_identifiers(self, entity: Entity) -> tuple[Identifier, ...]:
        found = list(self._identifiers.get(entity.id, []))
        for prop, (scheme, label) in IDENTIFIER_PROPERTIES.items():
            found.extend(Identifier(scheme, value, label=label) for value in entity.get(prop))
        unique: dict[tuple[IdentifierScheme, str], Identifier] = {}
        for identifier in found:
            unique.setdefault((identifier.scheme, identifier.value), identifier)
        return tuple(unique.values())


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None
