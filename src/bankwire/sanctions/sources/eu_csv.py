"""EU FSF list in the derived one-row-per-entity CSV (``EU-list_select_cols.csv``).

This is not an EU publication: it was derived from the official FSF CSV 1.1 by selecting
26 columns and joining each entity's values with ``:::``. It is the only EU data bundled,
so it is read faithfully with its limits stated:

- No regulation/programme columns: entries have no programs and no listing date.
- The address columns are joined independently. When every address column of a row holds
  the same number of values they are zipped into addresses; otherwise each value becomes its
  own partial address rather than a guessed combination.
- Identification cells read ``NUMBER (code-Description) (remark)``, the FSF type code
  giving the scheme (``fiscalcode`` -> tax id, ``regnumber`` -> registration number).
- Line breaks inside cells are written as a literal backslash-n; they are turned back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from bankwire.errors import ListLoadError
from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    ListSource,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.eu import IDENTIFIER_SCHEMES
from bankwire.sanctions.sources.eu_names import ordered_names

__all__ = ["COLUMNS", "FORMAT_NAME", "looks_like", "read"]

FORMAT_NAME = "eu_csv"
COLUMNS: Final = (
    "Entity_LogicalId", "Entity_EU_ReferenceNumber", "Entity_SubjectType",
    "NameAlias_WholeName", "NameAlias_Title", "NameAlias_Function", "Address_City",
    "Address_Street", "Address_PoBox", "Address_ZipCode", "Address_Region", "Address_Place",
    "Address_ContactInfo", "Address_Remark", "BirthDate_BirthDate", "BirthDate_Region",
    "BirthDate_Place", "BirthDate_City", "Identification_Number", "Identification_IssuedDate",
    "Identification_ValidFrom", "Identification_ValidTo", "Identification_NameOnDocument",
    "Citizenship_Region", "Citizenship_CountryDescription", "Citizenship_Remark",
)  # fmt: skip
_SEPARATOR: Final = ":::"
_KINDS: Final = {"P": EntryKind.PERSON, "E": EntryKind.ORGANIZATION}
_IDENTIFICATION = re.compile(
    r"^(?P<number>.*?)\s*\((?P<code>[a-z0-9]+)-(?P<label>[^)]*)\)\s*(?P<rest>.*)$", re.S
)
_ADDRESS_COLUMNS: Final = (
    "Address_Street", "Address_PoBox", "Address_Place", "Address_City", "Address_ZipCode",
    "Address_Region",
)  # fmt: skip
_PROPERTY_COLUMNS: Final = {
    "Entity_EU_ReferenceNumber": "eu_reference_number",
    "Address_ContactInfo": "contact_info",
    "Address_Remark": "address_remark",
    "Identification_NameOnDocument": "name_on_document",
    "Citizenship_Region": "citizenship_region",
    "Citizenship_Remark": "citizenship_remark",
}


def looks_like(file: SourceFile) -> bool:
    """True when the first line is the derived file's header."""
    head = file.data[:1024].removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"Entity_LogicalId,") and b"NameAlias_WholeName" in head


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse the derived CSV: UTF-8 (BOM optional), exactly the 26 known columns.

    Raises:
        ListLoadError: not UTF-8, a different header, a row with the wrong column count or
            without a logical id or name.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files)
        raise ListLoadError(f"EU list: expected exactly one CSV file (got {len(files)}: {names})")
    file = files[0]
    where = f"EU derived CSV {file.name}"
    try:
        text = file.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.data[: exc.start].count(b"\n") + 1
        raise ListLoadError(
            f"{where} line {line}: expected UTF-8 (got byte 0x{file.data[exc.start]:02X} at "
            f"offset {exc.start})"
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(next(reader, ()))
    if header != COLUMNS:
        raise ListLoadError(
            f"{where} line 1: expected the header {list(COLUMNS)} (got {list(header)})"
        )
    entries: list[ListEntry] = []
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != len(COLUMNS):
                raise ListLoadError(
                    f"{where} line {reader.line_num}: expected {len(COLUMNS)} columns (got "
                    f"{len(row)}); the row is truncated or has stray separators"
                )
            entries.append(
                _entry(f"{where} line {reader.line_num}", dict(zip(COLUMNS, row, strict=True)))
            )
    except csv.Error as exc:
        raise ListLoadError(f"{where} line {reader.line_num}: {exc}") from exc
    return ParsedList(list_name=ListSource.EU_FSF, format_name=FORMAT_NAME, entries=tuple(entries))


def _values(row: dict[str, str], column: str) -> list[str]:
    cleaned = (
        " ".join(value.replace("\\n", "\n").split()) for value in row[column].split(_SEPARATOR)
    )
    return [value for value in cleaned if value]


def _entry(where: str, row: dict[str, str]) -> ListEntry:
    logical_id = row["Entity_LogicalId"].strip()
    if not logical_id:
        raise ListLoadError(f"{where}: Entity_LogicalId is required (got an empty cell)")
    names = ordered_names([(name, True, None, ()) for name in _values(row, "NameAlias_WholeName")])
    if not names:
        raise ListLoadError(f"{where}: NameAlias_WholeName is required (got an empty cell)")
    subject = row["Entity_SubjectType"].strip()
    if subject not in _KINDS:
        raise ListLoadError(f"{where}: Entity_SubjectType must be P or E (got {subject!r})")
    properties = [
        (key, value) for column, key in _PROPERTY_COLUMNS.items() for value in _values(row, column)
    ]
    return ListEntry(
        list_name=ListSource.EU_FSF,
        source_id=logical_id,
        kind=_KINDS[subject],
        names=names,
        birth_dates=_birth_dates(where, row),
        birth_places=_birth_places(row),
        citizenships=tuple(
            dict.fromkeys(
                to_country_code(value) or value
                for value in _values(row, "Citizenship_CountryDescription")
            )
        ),
        addresses=_addresses(row),
        identifiers=_identifiers(row),
        properties=tuple(properties),
        titles=tuple(dict.fromkeys(_values(row, "NameAlias_Title"))),
        positions=tuple(dict.fromkeys(_values(row, "NameAlias_Function"))),
        source_record=_record(row),
    )


def _record(row: dict[str, str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row.values())
    return buffer.getvalue()


def _birth_places(row: dict[str, str]) -> tuple[str, ...]:
    columns = ("BirthDate_City", "BirthDate_Place", "BirthDate_Region")
    return tuple(dict.fromkeys(value for column in columns for value in _values(row, column)))


def _birth_dates(where: str, row: dict[str, str]) -> tuple[PartialDate, ...]:
    found: list[PartialDate] = []
    for text in _values(row, "BirthDate_BirthDate"):
        try:
            parsed = date.fromisoformat(text)
        except ValueError as exc:
            raise ListLoadError(
                f"{where}: BirthDate_BirthDate must be YYYY-MM-DD (got {text!r})"
            ) from exc
        found.append(PartialDate(parsed.year, parsed.month, parsed.day))
    return tuple(dict.fromkeys(found))


def _addresses(row: dict[str, str]) -> tuple[Address, ...]:
    columns = {column: _values(row, column) for column in _ADDRESS_COLUMNS}
    counts = {len(values) for values in columns.values() if values}
    if not counts:
        return ()
    if len(counts) == 1:
        count = counts.pop()
        return tuple(
            _address({column: values[index] for column, values in columns.items() if values})
            for index in range(count)
        )
    # Columns of different lengths cannot be zipped without guessing: one address per value.
    return tuple(
        _address({column: value}) for column, values in columns.items() for value in values
    )


def _address(values: dict[str, str]) -> Address:
    lines = tuple(
        value
        for column in ("Address_Street", "Address_PoBox", "Address_Place")
        if (value := values.get(column))
    )
    return Address(
        lines=lines,
        city=values.get("Address_City"),
        postal_code=values.get("Address_ZipCode"),
        region=values.get("Address_Region"),
    )


def _identifiers(row: dict[str, str]) -> tuple[Identifier, ...]:
    identifiers: list[Identifier] = []
    for text in _values(row, "Identification_Number"):
        match = _IDENTIFICATION.match(text)
        if match is None:
            identifiers.append(Identifier(scheme=IdentifierScheme.OTHER, value=text))
            continue
        code = match["code"]
        rest = match["rest"].strip()
        identifiers.append(
            Identifier(
                scheme=IDENTIFIER_SCHEMES.get(code, IdentifierScheme.OTHER),
                value=match["number"].strip(),
                label=match["label"].strip() or code,
                note=rest.removeprefix("(").removesuffix(")").strip() or None,
            )
        )
    return tuple(dict.fromkeys(identifiers))
