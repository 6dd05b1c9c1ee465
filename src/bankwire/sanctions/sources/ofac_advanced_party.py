"""DistinctParty and Location elements of OFAC's advanced XML, mapped to draft entries.

A party's names live in Identity/Alias/DocumentedName, whose parts take their type (Last
Name, First Name, Patronymic ...) from the identity's NamePartGroups and their script from
ScriptID. Its facts are Features typed by FeatureTypeID: a date period (Birthdate), a
location (Location, Nationality Country), a reference value (Gender) or a text (SWIFT/BIC,
Digital Currency Address - XBT ...). Text features go through the same OFAC label table as
the CSV remarks, so the three OFAC readers agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import Address, DateRange, EntryKind, Name, NameStrength, NameType
from bankwire.sanctions.sources.ofac_advanced_refs import (
    References,
    local_name,
    parse_date_period,
)
from bankwire.sanctions.sources.ofac_fields import FieldCollector, country_code
from bankwire.sanctions.sources.ofac_remarks import collect_remarks

__all__ = ["Location", "PartyDraft", "PartyReader", "read_location"]

_ALIAS_TYPES: Final = {
    "a.k.a.": NameType.ALIAS,
    "f.k.a.": NameType.FORMERLY_KNOWN_AS,
    "n.k.a.": NameType.NEW_NAME,
    "name": NameType.PRIMARY,
}
_PART_KEYS: Final = {
    "last name": "family",
    "first name": "given",
    "middle name": "middle",
    "maiden name": "maiden",
    "patronymic": "patronymic",
    "matronymic": "matronymic",
    "nickname": "nickname",
}
_LOCATION_PARTS: Final = {
    "ADDRESS1": "line",
    "ADDRESS2": "line",
    "ADDRESS3": "line",
    "CITY": "city",
    "STATE/PROVINCE": "region",
    "REGION": "region",
    "POSTAL CODE": "postal_code",
}


@dataclass(frozen=True, slots=True)
class Location:
    address: Address
    country_code: str | None
    country_name: str | None


@dataclass(slots=True)
class PartyDraft:
    """A party read from DistinctParties, waiting for documents, links and sanctions entries
    that the file gives later."""

    source_id: str
    profile_id: str
    kind: EntryKind
    identity_ids: list[str]
    collector: FieldCollector
    addresses: list[Address] = field(default_factory=list)
    remarks: str | None = None
    source_record: str = ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if local_name(child) == name:
            return child
    return None


def read_location(element: etree._Element, refs: References) -> Location:
    parts: dict[str, list[str]] = {}
    for part in _children(element, "LocationPart"):
        kind = refs.text("LocPartType", part.get("LocPartTypeID"), part)
        for value in part.iter("{*}Value"):
            if value.text and value.text.strip():
                parts.setdefault(_LOCATION_PARTS.get(kind.upper(), "line"), []).append(
                    value.text.strip()
                )
    country_element = _child(element, "LocationCountry")
    country_name = code = None
    if country_element is not None:
        country_id = country_element.get("CountryID")
        country_name = refs.text("Country", country_id, country_element)
        code = refs.attribute("Country", country_id, "ISO2", country_element)
        code = code or country_code(country_name)
    area = _child(element, "LocationAreaCode")
    if country_element is None and area is not None:
        # Some locations carry only an area code, e.g. "undetermined" for an unknown place.
        area_id = area.get("AreaCodeID")
        country_name = refs.attribute("AreaCode", area_id, "Description", area)
        area_code = refs.text("AreaCode", area_id, area)
        code = area_code if len(area_code) == 2 else None
    address = Address(
        lines=tuple(parts.get("line", ())),
        city=", ".join(parts["city"]) if "city" in parts else None,
        postal_code=", ".join(parts["postal_code"]) if "postal_code" in parts else None,
        region=", ".join(parts["region"]) if "region" in parts else None,
        country=code,
        country_name=country_name,
    )
    return Location(address, code, country_name)


class PartyReader:
    """Maps DistinctParty elements using the file's references and locations."""

    __slots__ = ("_file_name", "_locations", "_refs", "dangling_locations")

    def __init__(self, file_name: str, refs: References, locations: dict[str, Location]) -> None:
        self._file_name = file_name
        self._refs = refs
        self._locations = locations
        self.dangling_locations = 0
        """Feature versions whose VersionLocation names a Location the file lacks."""

    def party(self, element: etree._Element) -> PartyDraft:
        source_id = element.get("FixedRef")
        profile = _child(element, "Profile")
        if not source_id or profile is None:
            raise ListLoadError(
                f"OFAC {self._file_name} line {element.sourceline}: DistinctParty without "
                "FixedRef or Profile (expected both)"
            )
        draft = PartyDraft(
            source_id=source_id,
            profile_id=profile.get("ID") or source_id,
            kind=self._kind(profile),
            identity_ids=[],
            collector=FieldCollector(),
            source_record=etree.tostring(element, encoding="unicode"),
        )
        comment = _child(element, "Comment")
        if comment is not None and comment.text and comment.text.strip():
            draft.remarks = comment.text.strip()
            collect_remarks(draft.remarks, draft.collector)
        for identity in _children(profile, "Identity"):
            draft.identity_ids.append(identity.get("ID") or "")
            self._names(identity, draft)
        for feature in _children(profile, "Feature"):
            self._feature(feature, draft)
        return draft

    def _kind(self, profile: etree._Element) -> EntryKind:
        sub_type_id = profile.get("PartySubTypeID")
        sub_type = self._refs.text("PartySubType", sub_type_id, profile).casefold()
        if sub_type in ("vessel", "aircraft"):
            return EntryKind(sub_type)
        type_id = self._refs.attribute("PartySubType", sub_type_id, "PartyTypeID", profile)
        party_type = self._refs.text("PartyType", type_id, profile).casefold()
        if party_type == "individual":
            return EntryKind.PERSON
        if party_type == "entity":
            return EntryKind.ORGANIZATION
        return EntryKind.UNKNOWN

    def _names(self, identity: etree._Element, draft: PartyDraft) -> None:
        part_types: dict[str, str] = {}
        for group in identity.iter("{*}NamePartGroup"):
            part_type = self._refs.text("NamePartType", group.get("NamePartTypeID"), group)
            part_types[group.get("ID") or ""] = part_type
        for alias in _children(identity, "Alias"):
            written = self._refs.text("AliasType", alias.get("AliasTypeID"), alias).casefold()
            name_type = _ALIAS_TYPES.get(written, NameType.ALIAS)
            if name_type is NameType.PRIMARY and alias.get("Primary") != "true":
                name_type = NameType.ALIAS
            weak = alias.get("LowQuality") == "true"
            strength = NameStrength.WEAK if weak else NameStrength.STRONG
            for documented in _children(alias, "DocumentedName"):
                name = self._documented_name(documented, part_types, name_type, strength)
                if name is not None:
                    draft.collector.names.append(name)

    def _documented_name(
        self,
        documented: etree._Element,
        part_types: dict[str, str],
        name_type: NameType,
        strength: NameStrength,
    ) -> Name | None:
        parts: list[tuple[str, str]] = []
        script: str | None = None
        for value in documented.iter("{*}NamePartValue"):
            text = (value.text or "").strip()
            if not text:
                continue
            part_type = part_types.get(value.get("NamePartGroupID") or "", "")
            parts.append((_PART_KEYS.get(part_type.casefold(), part_type.casefold()), text))
            script_name = self._refs.text("Script", value.get("ScriptID"), value)
            if script_name.casefold() != "latin":
                script = script_name
        if not parts:
            return None
        family = [text for key, text in parts if key == "family"]
        others = [text for key, text in parts if key != "family"]
        full = (
            f"{family[0]}, {' '.join(others)}"
            if family and others
            else " ".join(t for _, t in parts)
        )
        named_parts = tuple(parts) if family else ()
        if script is not None:
            name_type = NameType.NON_LATIN if name_type is NameType.PRIMARY else name_type
        return Name(full, name_type, strength, named_parts, script)

    def _feature(self, feature: etree._Element, draft: PartyDraft) -> None:
        label = self._refs.text("FeatureType", feature.get("FeatureTypeID"), feature)
        for version in _children(feature, "FeatureVersion"):
            location = _child(version, "VersionLocation")
            location_id = location.get("LocationID") if location is not None else None
            if location_id is not None and location_id not in self._locations:
                # Trimmed files keep features whose Location was cut; say so, drop nothing.
                self.dangling_locations += 1
                draft.collector.properties.append((label, f"Location {location_id} (not in file)"))
                continue
            reliability = self._refs.text("Reliability", version.get("ReliabilityID"), version)
            if reliability.casefold() == "false":
                # OFAC states the value is known to be false; keep it, but out of the typed
                # slots so it never matches a payment on its own.
                draft.collector.properties.append((f"{label} (false)", self._value(version) or ""))
                continue
            self._feature_version(label, version, draft)

    def _feature_version(self, label: str, version: etree._Element, draft: PartyDraft) -> None:
        key = label.casefold()
        period = _child(version, "DatePeriod")
        location = _child(version, "VersionLocation")
        if key == "birthdate" and period is not None:
            parsed = parse_date_period(period)
            if parsed is not None:
                draft.collector.birth_dates.append(parsed)
            return
        if key == "location" and location is not None:
            found = self._location(location)
            draft.addresses.append(found.address)
            return
        if key in ("nationality country", "citizenship country") and location is not None:
            found = self._location(location)
            value = found.country_code or found.country_name
            if value:
                slot = draft.collector.nationalities
                if key.startswith("citizenship"):
                    slot = draft.collector.citizenships
                slot.append(value)
            return
        value = self._value(version)
        if value is not None:
            draft.collector.add(label, value)

    def _value(self, version: etree._Element) -> str | None:
        """A feature version's value as text: a date, a location's country, or a detail."""
        period = _child(version, "DatePeriod")
        if period is not None:
            parsed = parse_date_period(period)
            if isinstance(parsed, DateRange):
                return f"{parsed.start.iso()} to {parsed.end.iso()}"
            if parsed is not None:
                return parsed.iso()
        location = _child(version, "VersionLocation")
        if location is not None:
            found = self._location(location)
            return found.country_name or ", ".join(found.address.lines) or None
        detail = _child(version, "VersionDetail")
        if detail is None:
            return None
        reference_id = detail.get("DetailReferenceID")
        if reference_id is not None:
            return self._refs.text("DetailReference", reference_id, detail)
        return (detail.text or "").strip() or None

    def _location(self, element: etree._Element) -> Location:
        location_id = element.get("LocationID") or ""
        found = self._locations.get(location_id)
        if found is None:
            raise ListLoadError(
                f"OFAC {self._file_name} line {element.sourceline}: VersionLocation refers to "
                f"Location {location_id!r}, which the file's Locations do not define"
            )
        return found
