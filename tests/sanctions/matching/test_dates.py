"""Date-of-birth agreement: exact, year, near, mismatch, ranges and unparsable query dates."""

from __future__ import annotations

import pytest

from bankwire.sanctions.matching.dates import DateAgreement, compare_birth_dates, parse_query_date
from bankwire.sanctions.model import DateRange, PartialDate

MADURO = (PartialDate(1962, 11, 23),)


@pytest.mark.parametrize(
    ("query", "listed", "agreement"),
    [
        ("1962-11-23", MADURO, DateAgreement.EXACT),
        ("1962", MADURO, DateAgreement.YEAR),
        ("1962-01-01", MADURO, DateAgreement.YEAR),
        ("1963", MADURO, DateAgreement.NEAR),
        ("1970", MADURO, DateAgreement.MISMATCH),
        ("1956", (DateRange(PartialDate(1955), PartialDate(1958)),), DateAgreement.YEAR),
        ("1960", (DateRange(PartialDate(1955), PartialDate(1958)),), DateAgreement.MISMATCH),
        ("1962", (), DateAgreement.UNKNOWN),
        ("23/11/1962", MADURO, DateAgreement.UNKNOWN),
    ],
)
def test_compare(
    query: str, listed: tuple[PartialDate | DateRange, ...], agreement: DateAgreement
) -> None:
    assert compare_birth_dates(parse_query_date(query), listed).agreement == agreement


def test_explanations_name_the_dates() -> None:
    assert compare_birth_dates(PartialDate(1962), MADURO).detail == (
        "DOB year matches (1962 ~ 1962-11-23)"
    )


def test_parse_query_date_rejects_impossible_dates() -> None:
    assert parse_query_date("1962-02-30") is None
    assert parse_query_date("1962-13") is None
    assert parse_query_date(None) is None
    assert parse_query_date("1962-11") == PartialDate(1962, 11)
