"""UK OFSI Consolidated List of asset-freeze targets, "2022 format", as CSV or XLSX.

Both files hold the same table: a first row ``Last Updated,dd/mm/yyyy``, the header row, then
one row per *name variant*. Rows sharing a ``Group ID`` are one designation, so they are
grouped into one entry and every other column (dates of birth, addresses, passports) is
collected across the group's rows, duplicates dropped. The mapping of a group to an entry
lives in ``uk_ofsi_group``; this module only turns bytes into rows.

Older exports (before 2022) have no ``Last Updated`` row and fewer columns (``NI Number``
instead of the National Identification pair); they are read by header name all the same.
"""

from __future__ import annotations

import csv
import io
import warnings as python_warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ListEntry, ListSource, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.uk_ofsi_group import HEADER_REQUIRED, Row, group_entry

__all__ = [
    "FORMAT_CSV",
    "FORMAT_XLSX",
    "looks_like",
    "looks_like_csv",
    "looks_like_xlsx",
    "read",
    "read_csv",
    "read_xlsx",
]

FORMAT_CSV = "uk_ofsi_csv"
FORMAT_XLSX = "uk_ofsi_xlsx"
_ROWS_MAX = 500_000
_PEEK_BYTES = 65536
Cells = tuple[str | None, ...]


def looks_like_csv(file: SourceFile) -> bool:
    """True for text whose first lines carry the OFSI header (``Name 6`` .. ``Group ID``)."""
    head = file.data[:8192]
    return not head.startswith(b"PK") and b"Name 6" in head and b"Group ID" in head


def looks_like_xlsx(file: SourceFile) -> bool:
    """True for an XLSX workbook whose first strings carry the OFSI header.

    Peeks at the start of the shared-string table and the first sheet instead of loading the
    workbook: detection runs before every load and must not cost a second parse.
    """
    if not file.data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return False
            head = b"".join(
                _peek(archive, name)
                for name in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml")
                if name in names
            )
    except (zipfile.BadZipFile, OSError):
        return False
    return b"Name 6" in head and b"Group ID" in head


def _peek(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(_PEEK_BYTES)


def looks_like(file: SourceFile) -> bool:
    return looks_like_csv(file) or looks_like_xlsx(file)


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Read an OFSI list given as CSV or XLSX, chosen by content."""
    file = _one(files)
    return read_xlsx(files) if file.data.startswith(b"PK") else read_csv(files)


def read_csv(files: Sequence[SourceFile]) -> ParsedList:
    """Read ConList.csv: UTF-8 (with or without BOM); Windows-1252 accepted with a warning."""
    file = _one(files)
    warnings: list[str] = []
    try:
        text = file.data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = file.data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = file.data[: exc.start].count(b"\n") + 1
            raise ListLoadError(
                f"UK OFSI list {file.name} line {line}: expected UTF-8 or Windows-1252 text "
                f"(got byte 0x{file.data[exc.start]:02X} at offset {exc.start})"
            ) from exc
        warnings.append(
            f"UK OFSI list {file.name}: not UTF-8 ({utf8_error.reason} at offset "
            f"{utf8_error.start}); decoded as Windows-1252"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [tuple(cell.strip() or None for cell in row) for row in reader]
    except csv.Error as exc:
        raise ListLoadError(f"UK OFSI list {file.name} line {reader.line_num}: {exc}") from exc
    return _parse(file.name, FORMAT_CSV, enumerate(rows, start=1), warnings, strict_width=True)


def read_xlsx(files: Sequence[SourceFile]) -> ParsedList:
    """Read ConList.xlsx (first sheet) in openpyxl's streaming read-only mode."""
    file = _one(files)
    rows = enumerate(_xlsx_rows(file), start=1)
    return _parse(file.name, FORMAT_XLSX, rows, [], strict_width=False)


def _one(files: Sequence[SourceFile]) -> SourceFile:
    if len(files) != 1:
        names = ", ".join(file.name for file in files)
        raise ListLoadError(f"UK OFSI list: expected exactly one file (got {len(files)}: {names})")
    return files[0]


def _xlsx_rows(file: SourceFile) -> Iterator[Cells]:
    try:
        with python_warnings.catch_warnings():
            # openpyxl warns that OFSI's workbook has no default style; styles are not read.
            python_warnings.filterwarnings("ignore", message="Workbook contains no default style")
            workbook = load_workbook(io.BytesIO(file.data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ListLoadError(
            f"UK OFSI list {file.name}: not a readable XLSX workbook ({exc})"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield tuple(_cell(value) for value in values)
    finally:
        workbook.close()


def _cell(value: object) -> str | None:
    # Called for every cell of an 18,000-row sheet: the common cases come first.
    if value is None:
        return None
    if value.__class__ is str:
        assert isinstance(value, str)
        return value.strip() or None
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None


def _parse(
    file_name: str,
    format_name: str,
    rows: Iterable[tuple[int, Cells]],
    warnings: list[str],
    *,
    strict_width: bool,
) -> ParsedList:
    where = f"UK OFSI list {file_name}"
    published: date | None = None
    header: Cells | None = None
    groups: dict[str, list[Row]] = {}
    for line, cells in rows:
        if line > _ROWS_MAX:
            raise ListLoadError(f"{where}: more than {_ROWS_MAX} rows; refusing the file")
        if header is None:
            if cells and cells[0] == "Last Updated":
                published = _published(where, line, cells)
            elif "Group ID" in cells:
                header = _check_header(where, line, cells)
            elif line >= 3:
                raise ListLoadError(
                    f"{where}: expected a header row with {', '.join(HEADER_REQUIRED)} in the "
                    f"first rows (got {[cell for cell in cells if cell][:6]} on line {line})"
                )
            continue
        if not any(cells):
            continue
        row = _row(where, line, header, cells, strict_width=strict_width)
        group_id = row.get("Group ID")
        if group_id is None:
            raise ListLoadError(f"{where} line {line}: Group ID is required (got an empty cell)")
        groups.setdefault(group_id, []).append(row)
    if header is None:
        raise ListLoadError(f"{where}: no header row with 'Group ID' found (file is empty?)")
    entries: list[ListEntry] = [
        group_entry(where, group_id, group_rows, warnings)
        for group_id, group_rows in groups.items()
    ]
    return ParsedList(
        list_name=ListSource.UK_OFSI,
        format_name=format_name,
        entries=tuple(entries),
        published=published,
        warnings=tuple(warnings),
    )


def _published(where: str, line: int, cells: Cells) -> date:
    text = cells[1] if len(cells) > 1 else None
    try:
        return datetime.strptime(text or "", "%d/%m/%Y").date()
    except ValueError as exc:
        raise ListLoadError(
            f"{where} line {line}: 'Last Updated' must be followed by dd/mm/yyyy (got {text!r})"
        ) from exc


def _check_header(where: str, line: int, cells: Cells) -> Cells:
    missing = [name for name in HEADER_REQUIRED if name not in cells]
    if missing:
        raise ListLoadError(f"{where} line {line}: header lacks columns {missing} (got {cells})")
    return cells


def _row(where: str, line: int, header: Cells, cells: Cells, *, strict_width: bool) -> Row:
    if len(cells) != len(header):
        if strict_width or len(cells) > len(header):
            raise ListLoadError(
                f"{where} line {line}: expected {len(header)} columns as in the header "
                f"(got {len(cells)}); the row is truncated or has stray separators"
            )
        cells = cells + (None,) * (len(header) - len(cells))
    values = {name: value for name, value in zip(header, cells, strict=True) if name and value}
    return Row(line=line, values=values, record=_record(cells))


def _record(cells: Cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if cell is None else cell for cell in cells])
    return buffer.getvalue()
