"""OFAC's field vocabulary, shared by the three OFAC readers.

OFAC writes the same labels in three places: as prefixes inside legacy CSV remarks
(``SWIFT/BIC PRMSRUMM``), as ``<idType>`` in the ``sdnList`` XML, and as FeatureType and
IDRegDocType names in the advanced XML. One table maps each label to the common model, so a
BIC found in a CSV remark and the same BIC found in an advanced-XML feature end up in the same
``Identifier``. A label the table does not know is kept verbatim in ``properties``: an unknown
field is never dropped.

The identifier labels are those of the advanced XML's IDRegDocTypeValues and FeatureTypeValues
(2020 and 2024 files), which are OFAC's own closed list of identification document types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Final, NamedTuple

from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.model import (
    DateRange,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    Name,
    PartialDate,
)
from bankwire.sanctions.sources.ofac_countries import OFAC_COUNTRY_CODES

__all__ = [
    "FACT_LABELS",
    "IDENTIFIER_LABELS",
    "EntryFields",
    "FieldCollector",
    "LabelPlan",
    "Slot",
    "country_code",
    "country_or_name",
    "identifier_scheme",
    "label_plan",
    "normalize_label",
    "resolve_entry_links",
    "resolve_link",
]

_S = IdentifierScheme
IDENTIFIER_LABELS: Final[dict[str, IdentifierScheme]] = {
    "swift/bic": _S.BIC,
    "imo": _S.IMO,
    "mmsi": _S.MMSI,
    "vessel registration identification": _S.VESSEL_REGISTRATION,
    "legal entity number": _S.LEI,
    "aircraft construction number (also called l/n or s/n or f/n)": _S.AIRCRAFT_SERIAL,
    "aircraft manufacturer's serial number (msn)": _S.AIRCRAFT_SERIAL,
    "aircraft manufacturer’s serial number (msn)": _S.AIRCRAFT_SERIAL,
    "aircraft serial identification": _S.AIRCRAFT_SERIAL,
    "aircraft tail number": _S.OTHER,
    "previous aircraft tail number": _S.OTHER,
    "aircraft mode s transponder code": _S.OTHER,
    "vessel call sign": _S.OTHER,
    "other vessel call sign": _S.OTHER,
    "passport": _S.PASSPORT,
    "diplomatic passport": _S.PASSPORT,
    "british national overseas passport": _S.PASSPORT,
    "stateless person passport": _S.PASSPORT,
    "travel document number": _S.PASSPORT,
    "cedula no.": _S.NATIONAL_ID,
    "national id no.": _S.NATIONAL_ID,
    "national foreign id number": _S.NATIONAL_ID,
    "identification number": _S.NATIONAL_ID,
    "personal id card": _S.NATIONAL_ID,
    "d.n.i.": _S.NATIONAL_ID,
    "c.u.r.p.": _S.NATIONAL_ID,
    "c.u.r.p. #": _S.NATIONAL_ID,
    "ssn": _S.NATIONAL_ID,
    "turkish identification number": _S.NATIONAL_ID,
    "tazkira national id card": _S.NATIONAL_ID,
    "citizen's card number": _S.NATIONAL_ID,
    "uae identification": _S.NATIONAL_ID,
    "numero de identidad": _S.NATIONAL_ID,
    "credencial electoral": _S.NATIONAL_ID,
    "electoral registry no.": _S.NATIONAL_ID,
    "i.f.e.": _S.NATIONAL_ID,
    "cnp (personal numerical code)": _S.NATIONAL_ID,
    "stateless person id card": _S.NATIONAL_ID,
    "refugee id card": _S.NATIONAL_ID,
    "c.u.i.": _S.NATIONAL_ID,
    "tax id no.": _S.TAX_ID,
    "r.f.c.": _S.TAX_ID,
    "r.f.c. #": _S.TAX_ID,
    "rfc": _S.TAX_ID,
    "nit #": _S.TAX_ID,
    "ruc #": _S.TAX_ID,
    "rif #": _S.TAX_ID,
    "v.a.t. number": _S.TAX_ID,
    "c.u.i.t.": _S.TAX_ID,
    "c.i.f.": _S.TAX_ID,
    "n.i.f.": _S.TAX_ID,
    "italian fiscal code": _S.TAX_ID,
    "fiscal code": _S.TAX_ID,
    "us fein": _S.TAX_ID,
    "paraguayan tax identification number": _S.TAX_ID,
    "numero unico de identificacao tributaria (nuit)": _S.TAX_ID,
    "romanian tax registration": _S.TAX_ID,
    "rtn": _S.TAX_ID,
    "registration number": _S.REGISTRATION_NUMBER,
    "registration id": _S.REGISTRATION_NUMBER,
    "business registration document #": _S.REGISTRATION_NUMBER,
    "business registration number": _S.REGISTRATION_NUMBER,
    "business number": _S.REGISTRATION_NUMBER,
    "company number": _S.REGISTRATION_NUMBER,
    "uk company number": _S.REGISTRATION_NUMBER,
    "commercial registry number": _S.REGISTRATION_NUMBER,
    "government gazette number": _S.REGISTRATION_NUMBER,
    "public registration number": _S.REGISTRATION_NUMBER,
    "c.r. no.": _S.REGISTRATION_NUMBER,
    "romanian c.r.": _S.REGISTRATION_NUMBER,
    "folio mercantil no.": _S.REGISTRATION_NUMBER,
    "matricula mercantil no": _S.REGISTRATION_NUMBER,
    "chamber of commerce number": _S.REGISTRATION_NUMBER,
    "istanbul chamber of comm. no.": _S.REGISTRATION_NUMBER,
    "dubai chamber of commerce membership no.": _S.REGISTRATION_NUMBER,
    "trade license no.": _S.REGISTRATION_NUMBER,
    "certificate of incorporation number": _S.REGISTRATION_NUMBER,
    "enterprise number": _S.REGISTRATION_NUMBER,
    "branch unit number": _S.REGISTRATION_NUMBER,
    "economic register number (cbls)": _S.REGISTRATION_NUMBER,
    "central registration system number": _S.REGISTRATION_NUMBER,
    "unified social credit code (uscc)": _S.REGISTRATION_NUMBER,
    "united social credit code certificate (usccc)": _S.REGISTRATION_NUMBER,
    "registered charity no.": _S.REGISTRATION_NUMBER,
    "le number": _S.REGISTRATION_NUMBER,
    "organization code": _S.REGISTRATION_NUMBER,
    "msb registration number": _S.REGISTRATION_NUMBER,
    "afghan money service provider license number": _S.REGISTRATION_NUMBER,
    "d-u-n-s number": _S.OTHER,
    "bik (ru)": _S.OTHER,
    "isin": _S.OTHER,
    "equity ticker": _S.OTHER,
    "micex code": _S.OTHER,
    "un/locode": _S.OTHER,
    "chinese commercial code": _S.OTHER,
    "license": _S.OTHER,
    "driver's license no.": _S.OTHER,
    "residency number": _S.OTHER,
    "immigration no.": _S.OTHER,
    "public security and immigration no.": _S.OTHER,
    "birth certificate number": _S.OTHER,
    "pilot license number": _S.OTHER,
    "seafarer's identification document": _S.OTHER,
    "visanumberid": _S.OTHER,
    "permit number": _S.OTHER,
    "sre permit no.": _S.OTHER,
    "file number": _S.OTHER,
    "c.u.i.p.": _S.OTHER,
    "cartilla de servicio militar nacional": _S.OTHER,
    "military registration number": _S.OTHER,
    "serial no.": _S.OTHER,
    "romanian permanent resident": _S.OTHER,
    "tourism license no.": _S.OTHER,
    "trademark number": _S.OTHER,
}
"""Every label OFAC uses for an identification number, normalised by ``normalize_label``."""

FACT_LABELS: Final = (
    "DOB",
    "POB",
    "nationality",
    "citizen",
    "Gender",
    "Linked To",
    "Website",
    "Email Address",
    "Email",
    "Phone Number",
    "Telephone No.",
    "Telephone",
    "Phone",
    "Fax",
    "Organization Established Date",
    "Organization Type",
    "Target Type",
    "Secondary sanctions risk",
    "Additional Sanctions Information",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
    "Executive Order 13662 Directive Determination",
    "Executive Order 14024 Directive Information",
    "Executive Order 13846 information",
    "CAATSA Section 235 Information",
    "IFCA Determination",
    "PEESA Information",
    "Nationality of Registration",
    "Registration Country",
    "Vessel Flag",
    "Other Vessel Flag",
    "Former Vessel Flag",
    "Vessel Type",
    "Other Vessel Type",
    "Vessel Owner",
    "Vessel Year of Build",
    "Vessel Tonnage",
    "Vessel Gross Registered Tonnage",
    "Aircraft Manufacture Date",
    "Aircraft Model",
    "Aircraft Operator",
    "Issuer Name",
    "Position",
    "Title",
)
"""Labels of facts that are not identifiers, spelt as OFAC spells them in remarks. Other
spellings of the same label ("VESSEL TYPE" in the advanced XML) are filed under these."""

_CANONICAL_LABELS: Final = {label.casefold(): label for label in FACT_LABELS}

# "Kenyan ID No.", "Bosnian Personal ID No.", "Moroccan Personal ID No.": a country adjective
# in front of "ID No." is OFAC's way of naming a national identity card.
_COUNTRY_ID_LABEL: Final = re.compile(r"^[a-z][a-z' ]* (?:personal )?id no\.$")
_CRYPTO_LABEL: Final = re.compile(r"^digital currency address - (?P<chain>[a-z0-9]+)$")
_LABEL_TRAILER: Final = re.compile(r"[\s:\-]+$")


_LABEL_KEYS: Final[dict[str, str]] = {}
_LABEL_KEYS_MAX: Final = 65536


def normalize_label(label: str) -> str:
    """The table key of an OFAC label: case-folded, without the trailing ':' or ' -'."""
    # Memoised: a full list asks for the same few hundred labels about 130,000 times.
    key = _LABEL_KEYS.get(label)
    if key is None:
        key = _LABEL_TRAILER.sub("", label.strip()).casefold()
        if len(_LABEL_KEYS) < _LABEL_KEYS_MAX:
            _LABEL_KEYS[label] = key
    return key


def identifier_scheme(label: str) -> tuple[IdentifierScheme, str | None] | None:
    """The scheme (and crypto chain) a label names, or None when it is not an identifier."""
    key = normalize_label(label)
    scheme = IDENTIFIER_LABELS.get(key)
    if scheme is not None:
        return scheme, None
    crypto = _CRYPTO_LABEL.match(key)
    if crypto is not None:
        return _S.CRYPTO_ADDRESS, crypto.group("chain").upper()
    if _COUNTRY_ID_LABEL.match(key):
        return _S.NATIONAL_ID, None
    return None


def country_code(text: str) -> str | None:
    """ISO alpha-2 code of a country as OFAC writes it, or None when it cannot be mapped."""
    code = OFAC_COUNTRY_CODES.get(text)
    return code if code is not None else to_country_code(text)


def country_or_name(text: str) -> str:
    """ISO alpha-2 code when the country is known, else the text as written (never a guess)."""
    return country_code(text) or text


@dataclass(frozen=True, slots=True)
class EntryFields:
    """What one OFAC record says besides its primary name, ready to go into a ``ListEntry``."""

    names: tuple[Name, ...] = ()
    birth_dates: tuple[PartialDate | DateRange, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    links: tuple[Link, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    gender: str | None = None


_IMO_HOSTS: Final = frozenset(
    {_S.VESSEL_REGISTRATION, _S.NATIONAL_ID, _S.REGISTRATION_NUMBER, _S.OTHER}
)


class Slot(IntEnum):
    """Where a labelled value goes in an entry."""

    NATIONALITY = 1
    CITIZENSHIP = 2
    BIRTH_PLACE = 3
    GENDER = 4
    LINK = 5
    IDENTIFIER = 6
    PROPERTY = 7


_FACT_SLOTS: Final = {
    "nationality": Slot.NATIONALITY,
    "nationality country": Slot.NATIONALITY,
    "citizen": Slot.CITIZENSHIP,
    "citizenship": Slot.CITIZENSHIP,
    "citizenship country": Slot.CITIZENSHIP,
    "pob": Slot.BIRTH_PLACE,
    "place of birth": Slot.BIRTH_PLACE,
    "gender": Slot.GENDER,
    "linked to": Slot.LINK,
}


class LabelPlan(NamedTuple):
    """What to do with values of one label, worked out once per distinct spelling."""

    slot: Slot
    key: str
    """``normalize_label`` of the label."""
    label: str
    """The label to record: as written, or OFAC's usual spelling of a known fact."""
    scheme: IdentifierScheme | None
    chain: str | None


_PLANS: Final[dict[str, LabelPlan]] = {}
_PLANS_MAX: Final = 65536


def label_plan(label: str) -> LabelPlan:
    """The (memoised) plan for a label as written."""
    plan = _PLANS.get(label)
    if plan is None:
        plan = _make_plan(label)
        if len(_PLANS) < _PLANS_MAX:
            _PLANS[label] = plan
    return plan


def _make_plan(label: str) -> LabelPlan:
    key = normalize_label(label)
    written = _LABEL_TRAILER.sub("", label.strip())
    slot = _FACT_SLOTS.get(key)
    if slot is not None:
        return LabelPlan(slot, key, written, None, None)
    found = identifier_scheme(label)
    if found is None:
        return LabelPlan(Slot.PROPERTY, key, _CANONICAL_LABELS.get(key, written), None, None)
    return LabelPlan(Slot.IDENTIFIER, key, written, found[0], found[1])


class FieldCollector:
    """Accumulates labelled values of one record; ``freeze()`` returns them de-duplicated.

    Mutable on purpose: a record is built field by field while its rows or elements are read,
    then frozen once. This is the hot path of a full-list load, hence ``__slots__``.
    """

    __slots__ = (
        "birth_dates",
        "birth_places",
        "citizenships",
        "gender",
        "identifiers",
        "links",
        "names",
        "nationalities",
        "properties",
    )

    def __init__(self) -> None:
        self.names: list[Name] = []
        self.birth_dates: list[PartialDate | DateRange] = []
        self.birth_places: list[str] = []
        self.nationalities: list[str] = []
        self.citizenships: list[str] = []
        self.identifiers: list[Identifier] = []
        self.links: list[Link] = []
        self.properties: list[tuple[str, str]] = []
        self.gender: str | None = None

    def add(
        self, label: str, value: str, country: str | None = None, note: str | None = None
    ) -> bool:
        """File one labelled value; True when the label has a typed slot, False when kept as a
        property. ``country`` is the issuing country as the source wrote it."""
        value = value.strip()
        if not value:
            return True
        plan = label_plan(label)
        slot = plan.slot
        if slot is Slot.IDENTIFIER:
            self._add_identifier(plan, value, country, note)
        elif slot is Slot.PROPERTY:
            self.properties.append((plan.label, value))
            return False
        elif slot is Slot.NATIONALITY:
            self.nationalities.append(country_or_name(value))
        elif slot is Slot.CITIZENSHIP:
            self.citizenships.append(country_or_name(value))
        elif slot is Slot.BIRTH_PLACE:
            self.birth_places.append(value)
        elif slot is Slot.GENDER:
            self.gender = value
        else:
            self.links.append(Link(LinkRelation.LINKED_TO, value))
        return True

    def _add_identifier(
        self, plan: LabelPlan, value: str, country: str | None, note: str | None
    ) -> None:
        scheme = plan.scheme
        assert scheme is not None  # An IDENTIFIER plan always names its scheme.
        if scheme in _IMO_HOSTS and value[:4].upper() == "IMO ":
            # OFAC files IMO ship numbers under "Vessel Registration Identification IMO 1234567"
            # and IMO company numbers under "Identification Number IMO 5499198".
            scheme = IdentifierScheme.IMO
        code = country_or_name(country) if country else None
        self.identifiers.append(Identifier(scheme, value, code, plan.label, plan.chain, note))

    def freeze(self) -> EntryFields:
        return EntryFields(
            names=tuple(dict.fromkeys(self.names)),
            birth_dates=tuple(dict.fromkeys(self.birth_dates)),
            birth_places=tuple(dict.fromkeys(self.birth_places)),
            nationalities=tuple(dict.fromkeys(self.nationalities)),
            citizenships=tuple(dict.fromkeys(self.citizenships)),
            identifiers=tuple(dict.fromkeys(self.identifiers)),
            links=tuple(dict.fromkeys(self.links)),
            properties=tuple(dict.fromkeys(self.properties)),
            gender=self.gender,
        )


def resolve_link(link: Link, source_ids_by_name: dict[str, str]) -> Link:
    """Fill ``target_source_id`` of a "Linked To" link from the list's own primary names.

    Remarks name the target, not its ent_num. The remark's closing full stop may or may not
    belong to the name ("... S.A." vs "HIZBALLAH."), so both spellings are tried; a target
    the list does not hold keeps its name and no id, never a guessed one.
    """
    if link.target_source_id is not None:
        return link
    name = link.target_name
    for candidate in (name, f"{name}.", name.rstrip(".")):
        source_id = source_ids_by_name.get(candidate.casefold())
        if source_id is not None:
            return Link(link.relation, candidate, source_id, link.share_basis_points)
    return link


def resolve_entry_links(entries: tuple[ListEntry, ...]) -> tuple[ListEntry, ...]:
    """Entries with every "Linked To" target resolved against the list's primary names."""
    ids_by_name = {entry.primary_name.casefold(): entry.source_id for entry in entries}
    resolved = []
    for entry in entries:
        if entry.links:
            links = tuple(resolve_link(link, ids_by_name) for link in entry.links)
            if links != entry.links:
                entry = replace(entry, links=links)
        resolved.append(entry)
    return tuple(resolved)
