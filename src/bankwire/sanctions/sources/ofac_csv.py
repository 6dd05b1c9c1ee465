"""OFAC legacy CSV sets: sdn.csv + alt.csv + add.csv + sdn_comments.csv, and the consolidated
(non-SDN) cons_prim.csv + cons_alt.csv + cons_add.csv + cons_comments.csv.

Behaviours reproduced, checked on the real files under ofac_sdn_2024-05, ofac_sdn_2021-07,
ofac_sdn_aux_2025-12, ofac_sdn_aux_2026-08-02 and ofac_cons_2025-12:

- The files have no header; a file is told apart by its column count (12 primary, 5 alias,
  6 address, 2 comments) and, when its name says which it is (``alt``, ``add``,
  ``comments``, ``prim``/``sdn``, also under prefixes such as ``ofac_alt.csv``), the name
  must agree with the content.
- Windows-1252 text, CRLF line ends, ``-0-`` (with a trailing space) for null, and a 0x1A
  (DOS end-of-file) byte after the last row.
- sdn_comments.csv continues an entry's remarks, which sdn.csv cuts at 1,000 characters; the
  continuation starts mid-word ("tive Date ..."), so the two are joined with no separator.
- alt.csv carries only strong aliases: alt_remarks is ``-0-`` on every row of every real
  file. OFAC publishes weak aliases inside the remarks as ``a.k.a. 'NAME'`` (see
  ``ofac_remarks``). An alt_remarks that says "weak" is honoured all the same.
- Rows of alt/add/comments whose ent_num has no entry are counted and reported in
  ``ParsedList.warnings``: companion files of another date are common (the 2025-12 alt.csv
  has 2,000+ rows for ent_nums the 2024-05 sdn.csv does not hold).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ListSource, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ofac_csv_mapping import NamedRows, Row, build_entries, gc_paused

__all__ = ["CSV_BYTES_MAX", "FORMAT_NAME", "looks_like", "read"]

FORMAT_NAME: Final = "ofac_csv"
CSV_BYTES_MAX: Final = 64 * 1024 * 1024
"""Refuse larger files: a full sdn.csv is about 6 MB, so 64 MB is never a real list."""


class Role(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    ADDRESS = "address"
    COMMENTS = "comments"


_COLUMNS: Final = {Role.PRIMARY: 12, Role.ALIAS: 5, Role.ADDRESS: 6, Role.COMMENTS: 2}
_ROLE_BY_COLUMNS: Final = {count: role for role, count in _COLUMNS.items()}
_EXPECTED_NAMES: Final = {
    Role.PRIMARY: "sdn.csv / cons_prim.csv",
    Role.ALIAS: "alt.csv / cons_alt.csv",
    Role.ADDRESS: "add.csv / cons_add.csv",
    Role.COMMENTS: "sdn_comments.csv / cons_comments.csv",
}
_FIRST_LINE: Final = re.compile(rb"^\d+,")


@dataclass(slots=True)
class Table:
    """The parsed rows of one file, each with its first line number and raw text."""

    name: str
    role: Role
    rows: list[Row] = field(default_factory=list)


def looks_like(file: SourceFile) -> bool:
    """True when the bytes start like an OFAC legacy CSV row (``36,"AEROCARIBBEAN ...``)."""
    head = file.data[:4096]
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if not _FIRST_LINE.match(first_line):
        return False
    try:
        fields = next(csv.reader([first_line.decode("cp1252")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return False
    return len(fields) in _ROLE_BY_COLUMNS


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse one OFAC CSV set, given in any order, into a ``ParsedList``.

    Raises:
        ListLoadError: a file is not OFAC CSV, is undecodable, has a wrong column count or a
            truncated row, two files play the same part, or the primary file is missing.
    """
    if not files:
        raise ListLoadError("OFAC CSV: no files given (expected sdn.csv or cons_prim.csv)")
    with gc_paused():
        return _read(files)


def _read(files: Sequence[SourceFile]) -> ParsedList:
    tables: dict[Role, Table] = {}
    for file in files:
        table = _parse_file(file)
        if table.role in tables:
            raise ListLoadError(
                f"OFAC CSV: {tables[table.role].name} and {file.name} are both "
                f"{_EXPECTED_NAMES[table.role]} files (expected one of each)"
            )
        tables[table.role] = table
    primary = tables.get(Role.PRIMARY)
    if primary is None:
        given = ", ".join(file.name for file in files)
        raise ListLoadError(
            f"OFAC CSV: no primary file among {given} (expected sdn.csv or cons_prim.csv "
            "with 12 columns)"
        )
    list_name = _list_name(files)
    entries, warnings = build_entries(
        list_name,
        (primary.name, primary.rows),
        *(_named_rows(tables.get(role)) for role in (Role.ALIAS, Role.ADDRESS, Role.COMMENTS)),
    )
    return ParsedList(list_name, FORMAT_NAME, entries, None, warnings)


def _named_rows(table: Table | None) -> NamedRows | None:
    return None if table is None else (table.name, table.rows)


def _list_name(files: Sequence[SourceFile]) -> str:
    consolidated = [file.name for file in files if "cons" in _base_name(file.name)]
    if consolidated and len(consolidated) != len(files):
        sdn = [file.name for file in files if file.name not in consolidated]
        raise ListLoadError(
            f"OFAC CSV: consolidated files ({', '.join(consolidated)}) mixed with SDN files "
            f"({', '.join(sdn)}); expected one set"
        )
    return ListSource.OFAC_CONSOLIDATED.value if consolidated else ListSource.OFAC_SDN.value


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].casefold()


def _role_from_name(name: str) -> Role | None:
    base = _base_name(name)
    if "comment" in base:
        return Role.COMMENTS
    if "alt" in base:
        return Role.ALIAS
    if "add" in base:
        return Role.ADDRESS
    if "prim" in base or "sdn" in base:
        return Role.PRIMARY
    return None


def _parse_file(file: SourceFile) -> Table:
    if len(file.data) > CSV_BYTES_MAX:
        raise ListLoadError(
            f"OFAC {file.name}: {len(file.data)} bytes exceeds the limit of {CSV_BYTES_MAX}"
        )
    lines = _decode_lines(file)
    if not lines:
        raise ListLoadError(f"OFAC {file.name}: the file is empty (expected OFAC CSV rows)")
    # Line ends are given back so that a quoted field spanning lines keeps its line break.
    reader = csv.reader((f"{line}\n" for line in lines), strict=True)
    table: Table | None = None
    line_end = 0
    try:
        for fields in reader:
            line_start, line_end = line_end + 1, reader.line_num
            if table is None:
                table = Table(file.name, _role(file.name, len(fields), line_start))
            expected = _COLUMNS[table.role]
            if len(fields) != expected:
                raise ListLoadError(
                    f"OFAC {file.name} line {line_start}: expected {expected} columns "
                    f"({table.role.value} file), got {len(fields)}; the row may be truncated"
                )
            raw = (
                lines[line_start - 1]
                if line_start == line_end
                else "\n".join(lines[line_start - 1 : line_end])
            )
            _check_quotes(file.name, line_start, raw, fields)
            table.rows.append(Row(line_start, raw, fields))
    except csv.Error as exc:
        raise ListLoadError(
            f"OFAC {file.name} line {line_end + 1}: not valid CSV ({exc}); the row may be truncated"
        ) from exc
    assert table is not None  # lines is not empty, so the reader yielded a row or raised.
    return table


def _check_quotes(name: str, line: int, raw: str, fields: list[str]) -> None:
    """A quote belongs in a quoted field, doubled; ``csv`` keeps a stray one as text
    (``4715,SHINING PATH",...`` gives the name ``SHINING PATH"``), which is a damaged row."""
    for column, text in enumerate(fields, start=1):
        if '"' in text and '"' + text.replace('"', '""') + '"' not in raw:
            raise ListLoadError(
                f"OFAC {name} line {line} column {column}: a quote inside an unquoted field "
                f"(got {text[:60]!r}); quotes belong in quoted fields, doubled"
            )


def _role(name: str, columns: int, line: int) -> Role:
    role = _ROLE_BY_COLUMNS.get(columns)
    if role is None:
        raise ListLoadError(
            f"OFAC {name} line {line}: {columns} columns is no OFAC CSV layout (expected 12 "
            "for sdn.csv, 5 for alt.csv, 6 for add.csv or 2 for sdn_comments.csv)"
        )
    named = _role_from_name(name)
    if named is not None and named is not role:
        raise ListLoadError(
            f"OFAC {name}: the name says {_EXPECTED_NAMES[named]} ({_COLUMNS[named]} columns) "
            f"but line {line} has {columns} columns, as in {_EXPECTED_NAMES[role]}"
        )
    return role


def _decode_lines(file: SourceFile) -> list[str]:
    data = file.data.rstrip(b"\x1a\r\n")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ListLoadError(
            f"OFAC {file.name} line {line}: byte 0x{data[exc.start]:02X} is not Windows-1252 "
            "text (expected the cp1252 encoding OFAC publishes)"
        ) from exc
    if not text:
        return []
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines
