"""One ``sdnEntry`` element of OFAC's ``sdnList`` XML mapped to a ``ListEntry``."""

from __future__ import annotations

from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    Name,
    NameStrength,
    NameType,
)
from bankwire.sanctions.sources.ofac_csv_mapping import person_name_parts
from bankwire.sanctions.sources.ofac_fields import FieldCollector, country_code, country_or_name
from bankwire.sanctions.sources.ofac_remarks import collect_remarks, parse_birth_date

__all__ = ["EntryReader"]

_KINDS: Final = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANIZATION,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
}
_ALIAS_TYPES: Final = {
    "a.k.a.": NameType.ALIAS,
    "f.k.a.": NameType.FORMERLY_KNOWN_AS,
    "n.k.a.": NameType.NEW_NAME,
}
_STRENGTHS: Final = {"strong": NameStrength.STRONG, "weak": NameStrength.WEAK}
_VESSEL_FIELDS: Final = (
    ("vesselType", "Vessel Type"),
    ("vesselFlag", "Vessel Flag"),
    ("vesselOwner", "Vessel Owner"),
    ("tonnage", "Vessel Tonnage"),
    ("grossRegisteredTonnage", "Vessel Gross Registered Tonnage"),
)
_HANDLED: Final = frozenset(
    {
        "uid",
        "firstName",
        "lastName",
        "title",
        "sdnType",
        "remarks",
        "programList",
        "idList",
        "akaList",
        "addressList",
        "nationalityList",
        "citizenshipList",
        "dateOfBirthList",
        "placeOfBirthList",
        "vesselInfo",
    }
)


class EntryReader:
    """Maps ``sdnEntry`` elements of one document, whose namespace it carries."""

    __slots__ = ("_namespace", "file_name", "list_name")

    def __init__(self, file_name: str, namespace: str, list_name: str) -> None:
        self.file_name = file_name
        self._namespace = f"{{{namespace}}}" if namespace else ""
        self.list_name = list_name

    def q(self, local: str) -> str:
        """The qualified tag of a local element name in this document's namespace."""
        return f"{self._namespace}{local}"

    def _text(self, element: etree._Element, local: str) -> str | None:
        text = element.findtext(self.q(local))
        return text.strip() or None if text else None

    def _items(self, element: etree._Element, path: str) -> list[etree._Element]:
        return list(element.iterfind("/".join(self.q(part) for part in path.split("/"))))

    def entry(self, element: etree._Element) -> ListEntry:
        uid = self._text(element, "uid")
        if uid is None:
            raise ListLoadError(
                f"OFAC {self.file_name} line {element.sourceline}: sdnEntry without <uid>"
            )
        kind = self._kind(element, uid)
        collector = FieldCollector()
        collector.names.append(self._primary_name(element, uid, kind))
        for aka in self._items(element, "akaList/aka"):
            collector.names.append(self._alias(aka, kind))
        self._collect_ids(element, collector)
        self._collect_people(element, collector)
        self._collect_vessel(element, collector)
        self._collect_unknown(element, collector)
        remarks = self._text(element, "remarks")
        if remarks is not None:
            collect_remarks(remarks, collector)
        title = self._text(element, "title")
        found = collector.freeze()
        return ListEntry(
            list_name=self.list_name,
            source_id=uid,
            kind=kind,
            names=found.names,
            birth_dates=found.birth_dates,
            birth_places=found.birth_places,
            nationalities=found.nationalities,
            citizenships=found.citizenships,
            addresses=tuple(
                self._address(item) for item in self._items(element, "addressList/address")
            ),
            identifiers=found.identifiers,
            programs=tuple(
                text.strip()
                for program in self._items(element, "programList/program")
                if (text := program.text) and text.strip()
            ),
            links=found.links,
            remarks=remarks,
            properties=found.properties,
            gender=found.gender,
            titles=(title,) if title else (),
            source_record=etree.tostring(element, encoding="unicode"),
        )

    def _kind(self, element: etree._Element, uid: str) -> EntryKind:
        written = self._text(element, "sdnType") or ""
        kind = _KINDS.get(written.casefold())
        if kind is None:
            raise ListLoadError(
                f"OFAC {self.file_name} line {element.sourceline}: sdnEntry {uid} has sdnType "
                f"{written!r} (expected Individual, Entity, Vessel or Aircraft)"
            )
        return kind

    def _primary_name(self, element: etree._Element, uid: str, kind: EntryKind) -> Name:
        name = self._name(element, kind)
        if name is None:
            raise ListLoadError(
                f"OFAC {self.file_name} line {element.sourceline}: sdnEntry {uid} has no "
                "lastName (expected the entry's name)"
            )
        return name

    def _name(
        self,
        element: etree._Element,
        kind: EntryKind,
        name_type: NameType = NameType.PRIMARY,
        strength: NameStrength = NameStrength.STRONG,
    ) -> Name | None:
        last, first = self._text(element, "lastName"), self._text(element, "firstName")
        if last is None and first is None:
            return None
        # Written like the CSV ("MADURO MOROS, Nicolas") so both formats give equal entries.
        full = f"{last}, {first}" if last and first else (last or first or "")
        parts = person_name_parts(full) if kind is EntryKind.PERSON else ()
        return Name(full, name_type, strength, parts)

    def _alias(self, aka: etree._Element, kind: EntryKind) -> Name:
        written_type = (self._text(aka, "type") or "").casefold()
        written_strength = (self._text(aka, "category") or "strong").casefold()
        name_type = _ALIAS_TYPES.get(written_type)
        strength = _STRENGTHS.get(written_strength)
        name = self._name(aka, kind, name_type or NameType.ALIAS, strength or NameStrength.STRONG)
        if name_type is None or strength is None or name is None:
            raise ListLoadError(
                f"OFAC {self.file_name} line {aka.sourceline}: aka with type {written_type!r}, "
                f"category {written_strength!r} (expected a.k.a./f.k.a./n.k.a., strong/weak "
                "and a name)"
            )
        return name

    def _collect_ids(self, element: etree._Element, collector: FieldCollector) -> None:
        for item in self._items(element, "idList/id"):
            label = self._text(item, "idType")
            value = self._text(item, "idNumber")
            if label is None or value is None:
                continue  # OFAC publishes a few empty <id> shells; there is nothing to keep.
            dates = [
                f"{word} {text}"
                for word, local in (("issued", "issueDate"), ("expires", "expirationDate"))
                if (text := self._text(item, local))
            ]
            collector.add(label, value, self._text(item, "idCountry"), " ".join(dates) or None)

    def _collect_people(self, element: etree._Element, collector: FieldCollector) -> None:
        for item in self._items(element, "dateOfBirthList/dateOfBirthItem"):
            text = self._text(item, "dateOfBirth")
            parsed = parse_birth_date(text) if text else None
            if parsed is not None:
                collector.birth_dates.append(parsed)
            elif text:
                collector.properties.append(("DOB", text))
        for item in self._items(element, "placeOfBirthList/placeOfBirthItem"):
            if text := self._text(item, "placeOfBirth"):
                collector.birth_places.append(text)
        for item in self._items(element, "nationalityList/nationality"):
            if text := self._text(item, "country"):
                collector.nationalities.append(country_or_name(text))
        for item in self._items(element, "citizenshipList/citizenship"):
            if text := self._text(item, "country"):
                collector.citizenships.append(country_or_name(text))

    def _collect_vessel(self, element: etree._Element, collector: FieldCollector) -> None:
        vessel = element.find(self.q("vesselInfo"))
        if vessel is None:
            return
        call_sign = self._text(vessel, "callSign")
        if call_sign is not None:
            collector.identifiers.append(
                Identifier(IdentifierScheme.OTHER, call_sign, label="Vessel Call Sign")
            )
        for local, label in _VESSEL_FIELDS:
            if text := self._text(vessel, local):
                collector.properties.append((label, text))

    def _collect_unknown(self, element: etree._Element, collector: FieldCollector) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # Comments and processing instructions carry no list data.
            local = etree.QName(child).localname
            if local not in _HANDLED:
                text = " ".join(" ".join(str(part) for part in child.itertext()).split())
                collector.properties.append((local, text))

    def _address(self, item: etree._Element) -> Address:
        lines = tuple(
            text
            for local in ("address1", "address2", "address3")
            if (text := self._text(item, local))
        )
        country = self._text(item, "country")
        return Address(
            lines=lines,
            city=self._text(item, "city"),
            postal_code=self._text(item, "postalCode"),
            region=self._text(item, "stateOrProvince"),
            country=country_code(country) if country else None,
            country_name=country,
        )
