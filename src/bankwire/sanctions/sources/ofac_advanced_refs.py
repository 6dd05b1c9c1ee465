"""The ReferenceValueSets of an OFAC advanced XML file, and its date periods.

Everything in the advanced format points into these tables by numeric id (FeatureTypeID 8 is
"Birthdate", AliasTypeID 1400 is "A.K.A.", CountryID 11212 is the United States ...). The ids
are OFAC's and may change between publications, so they are always resolved through the
file's own tables, never hard-coded; a reference missing from its table is an error.
"""

from __future__ import annotations

import calendar
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import DateRange, PartialDate

__all__ = ["References", "local_name", "parse_date_period", "parse_ymd"]


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


class References:
    """Lookup of ``<Table ID="n">text</Table>`` rows of one file's ReferenceValueSets."""

    __slots__ = ("_file_name", "_tables")

    def __init__(self, file_name: str) -> None:
        self._file_name = file_name
        self._tables: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}

    def load(self, reference_value_sets: etree._Element) -> None:
        for table in reference_value_sets:
            for row in table:
                if not isinstance(row.tag, str):
                    continue
                row_id = row.get("ID")
                if row_id is None:
                    continue  # Type-less wrapper rows carry no referencable value.
                rows = self._tables.setdefault(local_name(row), {})
                attributes = {str(key): str(value) for key, value in row.attrib.items()}
                rows[row_id] = ((row.text or "").strip(), attributes)

    def text(self, table: str, row_id: str | None, where: etree._Element) -> str:
        """The text of row ``row_id`` of ``table``; a missing row is a load error."""
        return self._row(table, row_id, where)[0]

    def attribute(
        self, table: str, row_id: str | None, name: str, where: etree._Element
    ) -> str | None:
        return self._row(table, row_id, where)[1].get(name)

    def _row(
        self, table: str, row_id: str | None, where: etree._Element
    ) -> tuple[str, dict[str, str]]:
        row = self._tables.get(table, {}).get(row_id or "")
        if row is None:
            raise ListLoadError(
                f"OFAC {self._file_name} line {where.sourceline}: <{local_name(where)}> refers "
                f"to {table} ID {row_id!r}, which the file's ReferenceValueSets do not define"
            )
        return row


_YEAR_START: Final = (1, 1)
_YEAR_END: Final = (12, 31)


def parse_ymd(element: etree._Element | None) -> tuple[int, int, int] | None:
    """(year, month, day) of an element with Year/Month/Day children, or None."""
    if element is None:
        return None
    values: dict[str, int] = {}
    for child in element:
        text = (child.text or "").strip()
        if text.isdigit():
            values[local_name(child)] = int(text)
    if "Year" not in values:
        return None
    return values["Year"], values.get("Month", 1), values.get("Day", 1)


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    for child in element:
        if local_name(child) == name:
            return child
    return None


def parse_date_period(period: etree._Element) -> PartialDate | DateRange | None:
    """The date a DatePeriod describes, as precise as its bounds allow.

    OFAC encodes "1962" as 1962-01-01 .. 1962-12-31, "Nov 1962" as the whole month, an exact
    date as equal bounds, and "1955 to 1958" as 1955-01-01 .. 1958-12-31.
    """
    start_element = _child(period, "Start")
    end_element = _child(period, "End")
    start = parse_ymd(_child(start_element, "From"))
    end = parse_ymd(_child(end_element, "To")) or parse_ymd(_child(start_element, "To")) or start
    if start is None or end is None:
        return None
    try:
        return _partial_or_range(start, end)
    except ValueError:
        return None  # Impossible calendar dates in the source: the raw record keeps them.


def _partial_or_range(
    start: tuple[int, int, int], end: tuple[int, int, int]
) -> PartialDate | DateRange:
    if start == end:
        return PartialDate(*start)
    if start[1:] == _YEAR_START and end[1:] == _YEAR_END:
        if start[0] == end[0]:
            return PartialDate(start[0])
        return DateRange(PartialDate(start[0]), PartialDate(end[0]))
    last_day = calendar.monthrange(end[0], end[1])[1] if 1 <= end[1] <= 12 else 0
    if start[:2] == end[:2] and start[2] == 1 and end[2] == last_day:
        return PartialDate(start[0], start[1])
    return DateRange(PartialDate(*start), PartialDate(*end))
