"""Date-of-birth agreement between a query and a listed entry.

Lists give birth dates as full dates, year-months, years, ranges ("circa 1955 to 1958") and often
several per person; queries give what the payment carries. A full agreement or a year agreement
supports a name match; a year more than one off from every listed date argues against it (a
one-year slack absorbs the off-by-one years that lists and registries commonly carry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bankwire.sanctions.model import DateRange, PartialDate

__all__ = ["DateAgreement", "DateComparison", "compare_birth_dates", "parse_query_date"]

_QUERY_DATE: Final = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_YEAR_SLACK: Final = 1


class DateAgreement(StrEnum):
    EXACT = "exact"
    YEAR = "year"
    NEAR = "near"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DateComparison:
    agreement: DateAgreement
    detail: str


def parse_query_date(text: str | None) -> PartialDate | None:
    """An ISO date, year-month or year; None when absent or not a date (never raises)."""
    if text is None:
        return None
    found = _QUERY_DATE.match(text)
    if found is None:
        return None
    year, month, day = (int(part) if part else None for part in found.groups())
    assert year is not None
    try:
        return PartialDate(year, month, day if month is not None else None)
    except ValueError:
        return None


def _against_date(query: PartialDate, listed: PartialDate) -> DateAgreement:
    if query.year != listed.year:
        near = abs(query.year - listed.year) <= _YEAR_SLACK
        return DateAgreement.NEAR if near else DateAgreement.MISMATCH
    both_full = None not in (query.month, query.day, listed.month, listed.day)
    if both_full:
        same = (query.month, query.day) == (listed.month, listed.day)
        return DateAgreement.EXACT if same else DateAgreement.YEAR
    return DateAgreement.YEAR


def _against_range(query: PartialDate, listed: DateRange) -> DateAgreement:
    if listed.start.year <= query.year <= listed.end.year:
        return DateAgreement.YEAR
    gap = min(abs(query.year - listed.start.year), abs(query.year - listed.end.year))
    return DateAgreement.NEAR if gap <= _YEAR_SLACK else DateAgreement.MISMATCH


_RANK: Final = {
    DateAgreement.EXACT: 0,
    DateAgreement.YEAR: 1,
    DateAgreement.NEAR: 2,
    DateAgreement.MISMATCH: 3,
    DateAgreement.UNKNOWN: 4,
}


def compare_birth_dates(
    query: PartialDate | None, listed: tuple[PartialDate | DateRange, ...]
) -> DateComparison:
    """The best agreement between the query date and any listed birth date, explained."""
    if query is None or not listed:
        return DateComparison(DateAgreement.UNKNOWN, "no date of birth to compare")
    best = DateAgreement.UNKNOWN
    best_listed = ""
    for value in listed:
        if isinstance(value, DateRange):
            agreement = _against_range(query, value)
            shown = f"{value.start.iso()} to {value.end.iso()}"
        else:
            agreement = _against_date(query, value)
            shown = value.iso()
        if _RANK[agreement] < _RANK[best]:
            best, best_listed = agreement, shown
    details = {
        DateAgreement.EXACT: f"DOB matches ({query.iso()})",
        DateAgreement.YEAR: f"DOB year matches ({query.iso()} ~ {best_listed})",
        DateAgreement.NEAR: f"DOB within a year ({query.iso()} ~ {best_listed})",
        DateAgreement.MISMATCH: f"DOB {query.iso()} differs from listed {best_listed}",
    }
    return DateComparison(best, details[best])
