"""Country agreement between a query and a listed entry (nationality, citizenship, address).

Country codes come through ``bankwire.sanctions.countries.to_country_code`` so that "Russia",
"RU" and "Russian Federation" agree. An entry with no known country neither supports nor argues
against a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.model import ListEntry

__all__ = ["CountryAgreement", "CountryComparison", "compare_countries", "entry_countries"]


class CountryAgreement(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class CountryComparison:
    agreement: CountryAgreement
    detail: str


def entry_countries(entry: ListEntry) -> frozenset[str]:
    """Every ISO alpha-2 code the entry is tied to; unmappable names are left out."""
    codes: set[str] = set()
    for value in (*entry.nationalities, *entry.citizenships):
        code = to_country_code(value)
        if code is not None:
            codes.add(code)
    for address in entry.addresses:
        code = address.country or to_country_code(address.country_name)
        if code is not None:
            codes.add(code.upper())
    return frozenset(codes)


def compare_countries(query_country: str | None, listed: frozenset[str]) -> CountryComparison:
    if query_country is None or not listed:
        return CountryComparison(CountryAgreement.UNKNOWN, "no country to compare")
    code = to_country_code(query_country)
    if code is None:
        return CountryComparison(
            CountryAgreement.UNKNOWN, f"query country {query_country!r} is not a known country"
        )
    shown = ", ".join(sorted(listed))
    if code in listed:
        return CountryComparison(CountryAgreement.MATCH, f"country {code} matches")
    return CountryComparison(CountryAgreement.MISMATCH, f"country {code} not among listed {shown}")
