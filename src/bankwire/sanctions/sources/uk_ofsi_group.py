"""One OFSI group (all rows sharing a Group ID) mapped to one ``ListEntry``.

Behaviours reproduced from the published list (ConList 2022 format, 14/04/2025 edition):

- ``Name 6`` is the family name (or the whole name of an entity or ship); ``Name 1`` .. ``Name 5``
  are the other parts in writing order.
- ``Alias Type`` ``Primary name`` / ``Prime Alias`` is the primary name; ``Primary name
  variation`` and ``AKA`` are aliases; ``FKA`` a former name. ``Alias Quality`` ``Low quality``
  makes an alias weak.
- Multi-valued cells are numbered inline: ``(1) Germany. (2) Morocco``; ``-`` stands for none.
- ``DOB`` is ``dd/mm/yyyy`` with ``00`` for an unknown day or month (``00/00/1962``), or a bare
  year.
- ``Other Information`` carries labelled fields, ``(UK Sanctions List Ref):RUS0237.
  (Gender):Male ...``; they are pulled into properties (IMO numbers and business registration
  numbers into identifiers) and the whole text is kept as remarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    ListSource,
    Name,
    NameStrength,
    NameType,
    PartialDate,
)
from bankwire.sanctions.sources.scripts import detect_script

__all__ = ["HEADER_REQUIRED", "Row", "group_entry"]

HEADER_REQUIRED: Final = ("Name 6", "Group Type", "Group ID")
_KINDS: Final = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANIZATION,
    "ship": EntryKind.VESSEL,
}
_ALIAS_TYPES: Final = {
    "primary name": NameType.PRIMARY,
    "prime alias": NameType.PRIMARY,
    "primary name variation": NameType.ALIAS,
    "aka": NameType.ALIAS,
    "alias": NameType.ALIAS,
    "fka": NameType.FORMERLY_KNOWN_AS,
}
_NAME_PARTS: Final = (
    ("Name 1", "given"),
    ("Name 2", "middle"),
    ("Name 3", "middle"),
    ("Name 4", "middle"),
    ("Name 5", "middle"),
    ("Name 6", "family"),
)
_NUMBERED = re.compile(r"\(\d+\)\s*")
_LABEL = re.compile(r"\(([A-Za-z][A-Za-z ]*)\):")
_OTHER_IDENTIFIERS: Final = {
    "IMO number": IdentifierScheme.IMO,
    "Business Reg No": IdentifierScheme.REGISTRATION_NUMBER,
}
_REFERENCES: Final = {"UK Sanctions List Ref", "UN Ref"}
# Labels already represented elsewhere: the reasons are the remarks, gender has a field.
_OTHER_SKIPPED: Final = {"UK Statement of Reasons", "Gender"}


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str]
    """Non-empty cells by header name."""
    record: str
    """The row as CSV text, for the entry's source record."""

    def get(self, column: str) -> str | None:
        return self.values.get(column)


def group_entry(where: str, group_id: str, rows: list[Row], warnings: list[str]) -> ListEntry:
    """Map the rows of one Group ID to an entry; ``warnings`` collects unusual values."""
    assert rows, "a group has at least one row"
    first = rows[0]
    kind_text = first.get("Group Type") or ""
    kind = _KINDS.get(kind_text.lower())
    if kind is None:
        warnings.append(f"{where} line {first.line}: unknown Group Type {kind_text!r}")
        kind = EntryKind.UNKNOWN
    identifiers, properties = _identifiers(rows)
    other = _distinct(rows, "Other Information")
    gender = None
    for text in other:
        for label, value in _labelled(text):
            if label == "Gender":
                gender = value
            elif label in _OTHER_IDENTIFIERS:
                scheme = _OTHER_IDENTIFIERS[label]
                for number in _numbered(value):
                    identifiers.append(Identifier(scheme=scheme, value=number, label=label))
            elif label in _REFERENCES:
                # The reference is the first word; the text after it is kept in the remarks.
                properties.append((_key(label), value.split(maxsplit=1)[0].rstrip(".")))
            elif label not in _OTHER_SKIPPED:
                properties.append((_key(label), value))
    for column in ("UK Sanctions List Date Designated", "Last Updated"):
        properties.extend((_key(column), value) for value in _distinct(rows, column))
    return ListEntry(
        list_name=ListSource.UK_OFSI,
        source_id=group_id,
        kind=kind,
        names=_names(where, rows, warnings),
        birth_dates=_birth_dates(where, rows, warnings),
        birth_places=_birth_places(rows),
        nationalities=tuple(
            dict.fromkeys(_country(value) for value in _split(rows, "Nationality"))
        ),
        addresses=_addresses(rows),
        identifiers=tuple(dict.fromkeys(identifiers)),
        programs=_distinct(rows, "Regime"),
        listed_on=_listed_on(where, rows, warnings),
        remarks="\n".join(other) or None,
        properties=tuple(dict.fromkeys(properties)),
        gender=gender,
        titles=tuple(dict.fromkeys(_split(rows, "Title"))),
        positions=_distinct(rows, "Position"),
        source_record="\n".join(row.record for row in rows),
    )


def _key(label: str) -> str:
    return "_".join(label.lower().split())


def _distinct(rows: list[Row], column: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for row in rows if (value := row.get(column))))


def _split(rows: list[Row], column: str) -> list[str]:
    """Every value of a numbered multi-value column, across rows, in order."""
    found: list[str] = []
    for text in _distinct(rows, column):
        found.extend(_numbered(text))
    return found


def _numbered(text: str) -> list[str]:
    # Most cells are empty or hold one value; skip the regex for them (18,000 rows a load).
    if "(" not in text:
        value = text.strip().rstrip(".").strip()
        return [value] if value and value != "-" else []
    parts = (part.strip().rstrip(".").strip() for part in _NUMBERED.split(text))
    return [part for part in parts if part and part != "-"]


def _labelled(text: str) -> list[tuple[str, str]]:
    pieces = _LABEL.split(text)
    # re.split with one group gives [before, label, value, label, value, ...].
    pairs = zip(pieces[1::2], pieces[2::2], strict=True)
    return [
        (label.strip(), value.strip().rstrip(".").strip())
        for label, value in pairs
        if value.strip()
    ]


def _country(name: str) -> str:
    return to_country_code(name) or name


def _names(where: str, rows: list[Row], warnings: list[str]) -> tuple[Name, ...]:
    names: list[Name] = []
    for row in rows:
        alias_type = (row.get("Alias Type") or "").lower()
        name_type = _ALIAS_TYPES.get(alias_type)
        if name_type is None:
            warnings.append(f"{where} line {row.line}: unknown Alias Type {alias_type!r}; alias")
            name_type = NameType.ALIAS
        weak = (row.get("Alias Quality") or "").lower().startswith("low")
        strength = NameStrength.WEAK if weak else NameStrength.STRONG
        parts = tuple((label, value) for column, label in _NAME_PARTS if (value := row.get(column)))
        if parts:
            full = " ".join(value for _, value in parts)
            names.append(Name(full, name_type, strength, parts if len(parts) > 1 else ()))
        if (original := row.get("Name Non-Latin Script")) is not None:
            language = row.get("Non-Latin Script Language")
            script = detect_script(original)
            if script in (None, "Latin"):
                # OFSI puts accented Latin spellings here too ("Rodríguez Gómez").
                names.append(Name(original, NameType.ALIAS, strength, (), None, language))
            else:
                names.append(Name(original, NameType.NON_LATIN, strength, (), script, language))
    return tuple(dict.fromkeys(names))


def _birth_dates(where: str, rows: list[Row], warnings: list[str]) -> tuple[PartialDate, ...]:
    found: list[PartialDate] = []
    for text in _split(rows, "DOB"):
        try:
            found.append(_partial_date(text))
        except ValueError as exc:
            warnings.append(f"{where} group {rows[0].get('Group ID')}: DOB {text!r} skipped: {exc}")
    return tuple(dict.fromkeys(found))


def _partial_date(text: str) -> PartialDate:
    pieces = text.split("/")
    if len(pieces) == 1:
        return PartialDate(int(pieces[0]))
    if len(pieces) == 2:
        month, year = (int(piece) for piece in pieces)
        return PartialDate(year, month or None)
    if len(pieces) == 3:
        day, month, year = (int(piece) for piece in pieces)
        if month == 0:
            return PartialDate(year)
        return PartialDate(year, month, day or None)
    raise ValueError("expected dd/mm/yyyy, mm/yyyy or yyyy")


def _birth_places(rows: list[Row]) -> tuple[str, ...]:
    places: list[str] = []
    for row in rows:
        towns = _numbered(row.get("Town of Birth") or "")
        countries = _numbered(row.get("Country of Birth") or "")
        for index in range(max(len(towns), len(countries))):
            pair = (_at(towns, index), _at(countries, index))
            places.append(", ".join(part for part in pair if part))
    return tuple(dict.fromkeys(places))


def _at(values: list[str], index: int) -> str | None:
    return values[index] if index < len(values) else None


def _addresses(rows: list[Row]) -> tuple[Address, ...]:
    addresses: list[Address] = []
    for row in rows:
        lines = tuple(value for number in range(1, 7) if (value := row.get(f"Address {number}")))
        country = row.get("Country")
        address = Address(
            lines=lines,
            postal_code=row.get("Post/Zip Code"),
            country=to_country_code(country),
            country_name=country,
        )
        if address != Address():
            addresses.append(address)
    return tuple(dict.fromkeys(addresses))


def _identifiers(rows: list[Row]) -> tuple[list[Identifier], list[tuple[str, str]]]:
    """Identifiers from the number columns, and details that came without a number."""
    identifiers: list[Identifier] = []
    details_only: list[tuple[str, str]] = []
    pairs = (
        ("Passport Number", "Passport Details", IdentifierScheme.PASSPORT),
        ("National Identification Number", "National Identification Details",
         IdentifierScheme.NATIONAL_ID),
        ("NI Number", "", IdentifierScheme.NATIONAL_ID),
    )  # fmt: skip
    for row in rows:
        for number_column, details_column, scheme in pairs:
            numbers = _numbered(row.get(number_column) or "")
            details = _numbered(row.get(details_column) or "")
            for index, number in enumerate(numbers):
                note = (
                    _at(details, index) if len(details) == len(numbers) else row.get(details_column)
                )
                identifiers.append(Identifier(scheme=scheme, value=number, note=note))
            if not numbers and (text := row.get(details_column)):
                # Older exports put the number inside free text; it is kept, not guessed at.
                details_only.append((_key(details_column), text))
    return identifiers, details_only


def _listed_on(where: str, rows: list[Row], warnings: list[str]) -> date | None:
    dates: list[date] = []
    for text in _distinct(rows, "Listed On"):
        try:
            dates.append(datetime.strptime(text, "%d/%m/%Y").date())
        except ValueError:
            warnings.append(f"{where} line {rows[0].line}: Listed On {text!r} is not dd/mm/yyyy")
    return min(dates) if dates else None
