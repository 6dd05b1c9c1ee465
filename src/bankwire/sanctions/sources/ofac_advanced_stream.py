"""The state of one streamed OFAC advanced XML file, and its assembly into entries.

Each top-level record is handled when its end tag arrives (see ``ofac_advanced``). Documents,
relationships and sanctions entries refer to parties by identity or profile id and arrive
after them, so they are kept aside and attached in ``finish``.

Relation types are kept apart as OFAC names them: "Owned or Controlled By" becomes an
``OWNED_BY`` link, "Owns, controls, or operates" the same link seen from the owned party,
family and associate relations their own kinds, and everything else (providing support,
acting for or on behalf of ...) a ``LINKED_TO`` link, which is what the legacy CSV prints as
"Linked To:". The relation's own words are also kept in ``properties``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    DateRange,
    Link,
    LinkRelation,
    ListEntry,
    NameType,
)
from bankwire.sanctions.sources.ofac_advanced_party import (
    Location,
    PartyDraft,
    PartyReader,
    read_location,
)
from bankwire.sanctions.sources.ofac_advanced_refs import (
    References,
    local_name,
    parse_date_period,
    parse_ymd,
)

__all__ = ["AdvancedStream"]

_RELATIONS: Final = {
    "owned or controlled by": LinkRelation.OWNED_BY,
    "family member of": LinkRelation.FAMILY,
    "associate of": LinkRelation.ASSOCIATE,
    "leader or official of": LinkRelation.DIRECTOR_OF,
    "principal executive officer": LinkRelation.DIRECTOR_OF,
}
_REVERSED_OWNERSHIP: Final = "owns, controls, or operates"


@dataclass(frozen=True, slots=True)
class _Document:
    label: str
    number: str
    country: str | None
    note: str | None


@dataclass(slots=True)
class _Sanctions:
    programs: list[str] = field(default_factory=list)
    listed_on: list[date] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)


class AdvancedStream:
    """Collects the records of one advanced XML file as they stream past."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.published: date | None = None
        self.has_references = False
        self._refs = References(file_name)
        self._locations: dict[str, Location] = {}
        self._documents: dict[str, list[_Document]] = {}
        self._parties: list[PartyDraft] = []
        self._relationships: list[tuple[str, str, str]] = []
        self._sanctions: dict[str, _Sanctions] = {}
        self._party_reader = PartyReader(file_name, self._refs, self._locations)

    def handle(self, element: etree._Element) -> None:
        name = local_name(element)
        if name == "DistinctParty":
            self._parties.append(self._party_reader.party(element))
        elif name == "Location":
            self._locations[element.get("ID") or ""] = read_location(element, self._refs)
        elif name == "IDRegDocument":
            self._document(element)
        elif name == "ProfileRelationship":
            relation = self._refs.text("RelationType", element.get("RelationTypeID"), element)
            from_id, to_id = element.get("From-ProfileID"), element.get("To-ProfileID")
            self._relationships.append((from_id or "", to_id or "", relation))
        elif name == "SanctionsEntry":
            self._sanctions_entry(element)
        elif name == "ReferenceValueSets":
            self._refs.load(element)
            self.has_references = True
        elif name == "DateOfIssue":
            ymd = parse_ymd(element)
            self.published = date(*ymd) if ymd else None

    def _document(self, element: etree._Element) -> None:
        label = self._refs.text("IDRegDocType", element.get("IDRegDocTypeID"), element)
        number = (element.findtext("{*}IDRegistrationNo") or "").strip()
        country_id = element.get("IssuedBy-CountryID")
        country = self._refs.text("Country", country_id, element) if country_id else None
        notes = []
        for document_date in element.iterfind("{*}DocumentDate"):
            kind = self._refs.text(
                "IDRegDocDateType", document_date.get("IDRegDocDateTypeID"), document_date
            )
            period = document_date.find("{*}DatePeriod")
            parsed = parse_date_period(period) if period is not None else None
            if parsed is not None and not isinstance(parsed, DateRange):
                notes.append(f"{kind} {parsed.iso()}")
        comment = (element.findtext("{*}Comment") or "").strip()
        if comment:
            notes.append(comment)
        identity_id = element.get("IdentityID") or ""
        document = _Document(label, number, country, "; ".join(notes) or None)
        self._documents.setdefault(identity_id, []).append(document)

    def _sanctions_entry(self, element: etree._Element) -> None:
        found = self._sanctions.setdefault(element.get("ProfileID") or "", _Sanctions())
        list_text = self._refs.text("List", element.get("ListID"), element)
        found.properties.append(("List", list_text))
        for event in element.iterfind("{*}EntryEvent"):
            ymd = parse_ymd(event.find("{*}Date"))
            if ymd is not None:
                found.listed_on.append(date(*ymd))
            basis_id = event.get("LegalBasisID")
            if basis_id is not None:
                basis = self._refs.attribute("LegalBasis", basis_id, "LegalBasisShortRef", event)
                found.properties.append(("Legal Basis", basis or ""))
        for measure in element.iterfind("{*}SanctionsMeasure"):
            kind = self._refs.text("SanctionsType", measure.get("SanctionsTypeID"), measure)
            comment = (measure.findtext("{*}Comment") or "").strip()
            if kind.casefold() == "program" and comment:
                found.programs.append(comment)
            else:
                found.properties.append(("Sanctions Measure", f"{kind} {comment}".strip()))

    def finish(self, list_name: str) -> tuple[tuple[ListEntry, ...], tuple[str, ...]]:
        """Attach documents, links and sanctions to the parties; return entries and warnings."""
        by_identity = {
            identity_id: party for party in self._parties for identity_id in party.identity_ids
        }
        by_profile = {party.profile_id: party for party in self._parties}
        warnings = []
        orphan_documents = 0
        for identity_id, documents in self._documents.items():
            party = by_identity.get(identity_id)
            if party is None:
                orphan_documents += len(documents)
                continue
            for document in documents:
                party.collector.add(
                    document.label, document.number, document.country, document.note
                )
        if orphan_documents:
            warnings.append(
                f"{self.file_name}: {orphan_documents:,} IDRegDocuments for identities not in "
                "DistinctParties"
            )
        links, orphan_links = self._links(by_profile)
        if orphan_links:
            warnings.append(
                f"{self.file_name}: {orphan_links:,} ProfileRelationships name profiles not in "
                "DistinctParties"
            )
        if self._party_reader.dangling_locations:
            warnings.append(
                f"{self.file_name}: {self._party_reader.dangling_locations:,} features refer "
                "to Locations the file does not define (kept as properties)"
            )
        orphan_sanctions = sum(1 for profile in self._sanctions if profile not in by_profile)
        if orphan_sanctions:
            warnings.append(
                f"{self.file_name}: SanctionsEntries for {orphan_sanctions:,} profiles not in "
                "DistinctParties"
            )
        entries = tuple(self._entry(list_name, party, links) for party in self._parties)
        return entries, tuple(warnings)

    def _links(
        self, by_profile: dict[str, PartyDraft]
    ) -> tuple[dict[str, list[tuple[Link, tuple[str, str]]]], int]:
        links: dict[str, list[tuple[Link, tuple[str, str]]]] = {}
        orphans = 0
        for from_id, to_id, relation in self._relationships:
            source, target = by_profile.get(from_id), by_profile.get(to_id)
            if source is None or target is None:
                orphans += 1
                continue
            key = relation.casefold()
            if key == _REVERSED_OWNERSHIP:
                source, target, kind = target, source, LinkRelation.OWNED_BY
            else:
                kind = _RELATIONS.get(key, LinkRelation.LINKED_TO)
            link = Link(kind, _primary_name(target), target.source_id)
            links.setdefault(source.profile_id, []).append((link, (relation, link.target_name)))
        return links, orphans

    def _entry(
        self,
        list_name: str,
        party: PartyDraft,
        links: dict[str, list[tuple[Link, tuple[str, str]]]],
    ) -> ListEntry:
        found = party.collector.freeze()
        if not found.names:
            raise ListLoadError(
                f"OFAC {self.file_name}: DistinctParty {party.source_id} has no name "
                "(expected at least one Alias/DocumentedName)"
            )
        sanctions = self._sanctions.get(party.profile_id, _Sanctions())
        party_links = links.get(party.profile_id, [])
        properties = (
            *found.properties,
            *(words for _, words in party_links),
            *dict.fromkeys(sanctions.properties),
        )
        return ListEntry(
            list_name=list_name,
            source_id=party.source_id,
            kind=party.kind,
            names=found.names,
            birth_dates=found.birth_dates,
            birth_places=found.birth_places,
            nationalities=found.nationalities,
            citizenships=found.citizenships,
            addresses=tuple(dict.fromkeys(party.addresses)),
            identifiers=found.identifiers,
            programs=tuple(dict.fromkeys(sanctions.programs)),
            listed_on=min(sanctions.listed_on) if sanctions.listed_on else None,
            links=(*found.links, *(link for link, _ in party_links)),
            remarks=party.remarks,
            properties=properties,
            gender=found.gender,
            source_record=party.source_record,
        )


def _primary_name(party: PartyDraft) -> str:
    for name in party.collector.names:
        if name.name_type is NameType.PRIMARY:
            return name.full
    return party.collector.names[0].full if party.collector.names else party.source_id
