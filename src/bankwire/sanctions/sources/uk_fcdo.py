"""UK Sanctions List summary export from the FCDO, as an ODS spreadsheet (primary names only).

The sheet ``UK_Sanction_List`` has eight columns: Unique ID, OFSI Group ID, Name, Regime Name,
Type, Designation source, Date Designated, Sanctions Imposed. It carries no aliases, dates of
birth or addresses, so entries from it screen on the primary name alone; it is read because it
is the FCDO's own publication and names the UK reference (``RUS0237``) that OFSI's list quotes.

The spreadsheet is parsed from its ``content.xml`` with the hardened XML parser rather than a
general ODS library: the file is a single flat table, and this keeps the entity and size
protections of every other list reader. ODS compresses runs of identical cells
(``table:number-columns-repeated``); runs of empty cells are skipped, not expanded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import EntryKind, ListEntry, ListSource, Name, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.xmlsafe import XML_BYTES_MAX, XmlSecurityError, XmlSyntaxError, parse_xml

__all__ = ["FORMAT_NAME", "HEADER", "looks_like", "read"]

FORMAT_NAME = "uk_fcdo_ods"
HEADER: Final = (
    "Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source",
    "Date Designated", "Sanctions Imposed",
)  # fmt: skip
_TABLE: Final = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT_P: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_REPEATED: Final = f"{_TABLE}number-columns-repeated"
_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_KINDS: Final = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANIZATION,
    "ship": EntryKind.VESSEL,
}


def looks_like(file: SourceFile) -> bool:
    """True for an ODS spreadsheet whose content mentions the FCDO columns."""
    if not file.data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            if archive.read("mimetype").strip() != _MIMETYPE:
                return False
            with archive.open("content.xml") as content:
                head = content.read(65536)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return b"Unique ID" in head and b"OFSI Group ID" in head


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse the FCDO ODS export into one entry per Unique ID.

    Raises:
        ListLoadError: not a readable ODS file, an oversized or unsafe content.xml, a header
            other than the eight FCDO columns, or a row without Unique ID or Name.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files)
        raise ListLoadError(
            f"UK FCDO list: expected exactly one ODS file (got {len(files)}: {names})"
        )
    file = files[0]
    where = f"UK FCDO list {file.name}"
    rows = _rows(where, _content(where, file.data))
    _, header = next(rows, (1, []))
    if tuple(header) != HEADER:
        raise ListLoadError(f"{where} row 1: expected the columns {list(HEADER)} (got {header})")
    warnings: list[str] = []
    found = (_entry(f"{where} row {number}", row, warnings) for number, row in rows)
    entries = [entry for entry in found if entry is not None]
    dates = [entry.listed_on for entry in entries if entry.listed_on is not None]
    return ParsedList(
        list_name=ListSource.UK_FCDO,
        format_name=FORMAT_NAME,
        entries=tuple(entries),
        # The summary states no publication date; the latest designation is the best bound.
        published=max(dates, default=None),
        warnings=tuple(warnings),
    )


def _content(where: str, data: bytes) -> etree._Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = archive.getinfo("content.xml").file_size
            if size > XML_BYTES_MAX:
                raise ListLoadError(f"{where}: content.xml unpacks to {size} bytes, over the limit")
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ListLoadError(f"{where}: not a readable ODS spreadsheet ({exc})") from exc
    try:
        return parse_xml(content, what=f"{where} content.xml")
    except (XmlSecurityError, XmlSyntaxError) as exc:
        raise ListLoadError(str(exc)) from exc


def _rows(where: str, root: etree._Element) -> Iterator[tuple[int, list[str]]]:
    table = next(root.iter(f"{_TABLE}table"), None)
    if table is None:
        raise ListLoadError(f"{where}: the spreadsheet has no table")
    for number, row in enumerate(table.iter(f"{_TABLE}table-row"), start=1):
        cells: list[str] = []
        for cell in row.iter(f"{_TABLE}table-cell"):
            text = "\n".join(str(p.xpath("string()")) for p in cell.iter(_TEXT_P)).strip()
            repeat = int(cell.get(_REPEATED, "1"))
            cells.extend([text] * (repeat if text else min(repeat, len(HEADER))))
        if any(cells):
            yield number, cells[: len(HEADER)] + [""] * (len(HEADER) - len(cells))


def _entry(where: str, row: list[str], warnings: list[str]) -> ListEntry | None:
    values = dict(zip(HEADER, row, strict=True))
    unique_id, name = values["Unique ID"], values["Name"]
    if not unique_id:
        raise ListLoadError(f"{where}: Unique ID is required (got {row})")
    if not name:
        # The published file has such rows (BEL0174 in August 2025); nothing to screen on.
        warnings.append(f"{where}: {unique_id} has no Name and cannot be screened; skipped")
        return None
    kind = _KINDS.get(values["Type"].lower())
    if kind is None:
        warnings.append(f"{where}: unknown Type {values['Type']!r}")
        kind = EntryKind.UNKNOWN
    keys = (("OFSI Group ID", "ofsi_group_id"), ("Designation source", "designation_source"),
            ("Sanctions Imposed", "sanctions_imposed"))  # fmt: skip
    return ListEntry(
        list_name=ListSource.UK_FCDO,
        source_id=unique_id,
        kind=kind,
        names=(Name(name),),
        programs=(values["Regime Name"],) if values["Regime Name"] else (),
        listed_on=_designated(where, values["Date Designated"], warnings),
        properties=tuple((key, values[column]) for column, key in keys if values[column]),
        source_record="\t".join(row),
    )


def _designated(where: str, text: str, warnings: list[str]) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d-%m-%Y").date()
    except ValueError:
        warnings.append(f"{where}: Date Designated {text!r} is not dd-mm-yyyy; left empty")
        return None
