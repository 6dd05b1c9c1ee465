"""The common model every sanctions list is mapped to.

Each reader in ``sources/`` turns one publication format into ``ListEntry`` values. An entry
keeps everything a screener or a reviewer may need, and the original record it came from
(``source_record``), so nothing the authority published is lost on the way (watchman's
``SourceData``). Fields are tuples so entries are hashable, comparable and safe to share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "Address",
    "DateRange",
    "EntryKind",
    "Identifier",
    "IdentifierScheme",
    "Link",
    "LinkRelation",
    "ListEntry",
    "ListSource",
    "Name",
    "NameStrength",
    "NameType",
    "ParsedList",
    "PartialDate",
]


class ListSource(StrEnum):
    """Which publication an entry comes from; the value is the list name used everywhere."""

    OFAC_SDN = "us_ofac_sdn"
    OFAC_CONSOLIDATED = "us_ofac_cons"
    UN_SC = "un_sc"
    UK_OFSI = "gb_ofsi"
    EU_FSF = "eu_fsf"
    UK_FCDO = "gb_fcdo"  # The FCDO's UK Sanctions List, distinct from OFSI's consolidated list.
    FTM = "ftm"


class EntryKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameType(StrEnum):
    """How the list presents a name (OFAC's alt_type, UN's ALIAS quality, OFSI Alias Type)."""

    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a.
    FORMERLY_KNOWN_AS = "formerly_known_as"  # f.k.a.
    NEW_NAME = "new_name"  # n.k.a.
    NON_LATIN = "non_latin"  # The same name in its original script.


class NameStrength(StrEnum):
    """OFAC distinguishes strong from weak a.k.a.s; weak ones must not alone trigger a block."""

    STRONG = "strong"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Name:
    full: str
    name_type: NameType = NameType.PRIMARY
    strength: NameStrength = NameStrength.STRONG
    parts: tuple[tuple[str, str], ...] = ()
    """Name parts where the list gives them, as (part, value): given, family, patronymic..."""
    script: str | None = None
    """ISO 15924 script name ("Cyrillic", "Arabic") for non-Latin forms; None for Latin."""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as the list gives it: year only, year-month, or full."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year: must be 1-9999 (got {self.year})")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month: must be 1-12 (got {self.month})")
        if self.day is not None:
            if self.month is None:
                raise ValueError("day given without month")
            date(self.year, self.month, self.day)  # Raises ValueError on 31 February.

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date of birth given as a span ("circa 1955 to 1958")."""

    start: PartialDate
    end: PartialDate


@dataclass(frozen=True, slots=True)
class Address:
    lines: tuple[str, ...] = ()
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2 code when the country could be mapped, else None."""
    country_name: str | None = None
    """The country as the list wrote it, always kept."""


class IdentifierScheme(StrEnum):
    BIC = "bic"
    IMO = "imo"
    MMSI = "mmsi"
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX_ID = "tax_id"
    LEI = "lei"
    REGISTRATION_NUMBER = "registration_number"
    VESSEL_REGISTRATION = "vessel_registration"
    CRYPTO_ADDRESS = "crypto_address"
    AIRCRAFT_SERIAL = "aircraft_serial"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Identifier:
    scheme: IdentifierScheme
    value: str
    """As published, e.g. ``"PRMSRUMM"`` or ``"IMO 9187629"``."""
    country: str | None = None
    label: str | None = None
    """The list's own label for the identifier ("Cedula No.", "Kenyan ID No.")."""
    chain: str | None = None
    """For crypto addresses: the currency code the list gives (XBT, ETH, USDT ...)."""
    note: str | None = None


class LinkRelation(StrEnum):
    """Kinds of link between entries. OFAC's "Linked To" is *not* ownership."""

    LINKED_TO = "linked_to"
    OWNED_BY = "owned_by"
    DIRECTOR_OF = "director_of"
    FAMILY = "family"
    ASSOCIATE = "associate"


@dataclass(frozen=True, slots=True)
class Link:
    relation: LinkRelation
    target_name: str
    target_source_id: str | None = None
    share_basis_points: int | None = None
    """Ownership share in 1/100 of a percent (5000 = 50 %), for OWNED_BY links only."""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One designated person, organisation, vessel or aircraft on one list."""

    list_name: str
    """A ``ListSource`` value."""
    source_id: str
    """The list's own id: OFAC ent_num, UN REFERENCE_NUMBER, OFSI Group ID, EU logicalId."""
    kind: EntryKind
    names: tuple[Name, ...]
    birth_dates: tuple[PartialDate | DateRange, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    """ISO alpha-2 where mappable, else as written."""
    citizenships: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()
    """Sanctions programs/regimes as the list names them (``RUSSIA-EO14024``, ``VENEZUELA``)."""
    listed_on: date | None = None
    links: tuple[Link, ...] = ()
    remarks: str | None = None
    properties: tuple[tuple[str, str], ...] = ()
    """Fields the reader understood but the model has no slot for, and unknown remark keys
    kept verbatim as (key, value), e.g. ("Target Type", "State-Owned Enterprise")."""
    gender: str | None = None
    titles: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    source_record: str = ""
    """The original record as published (CSV rows joined, XML element text) for audit."""

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"{self.list_name} {self.source_id}: an entry needs a name")
        if not self.source_id:
            raise ValueError(f"{self.list_name}: an entry needs a source id")

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.name_type == NameType.PRIMARY:
                return name.full
        return self.names[0].full


@dataclass(frozen=True, slots=True)
class ParsedList:
    """What a reader returns: the entries of one publication and what it said about itself."""

    list_name: str
    format_name: str
    """The reader that produced it: ``ofac_csv``, ``ofac_xml``, ``ofac_advanced``, ``un_xml``..."""
    entries: tuple[ListEntry, ...]
    published: date | None = None
    """The publication date the file states, if any."""
    warnings: tuple[str, ...] = field(default=())
    """Things the reader noticed and did not drop silently: orphan alias rows and so on."""
