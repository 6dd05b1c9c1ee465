"""Country agreement from nationality, citizenship and addresses."""

from __future__ import annotations

from bankwire.sanctions.matching.countries import (
    CountryAgreement,
    compare_countries,
    entry_countries,
)
from bankwire.sanctions.model import Address, EntryKind, ListEntry, Name


def test_entry_countries_from_all_fields() -> None:
    listed = ListEntry(
        "us_ofac_sdn",
        "1",
        EntryKind.PERSON,
        (Name("X"),),
        nationalities=("Venezuela",),
        citizenships=("Unknownland",),
        addresses=(Address(country="RU"), Address(country_name="Iran")),
    )
    assert entry_countries(listed) == frozenset({"VE", "RU", "IR"})


def test_compare_countries() -> None:
    listed = frozenset({"VE"})
    assert compare_countries("VE", listed).agreement == CountryAgreement.MATCH
    assert compare_countries("Venezuela", listed).agreement == CountryAgreement.MATCH
    assert compare_countries("RU", listed).agreement == CountryAgreement.MISMATCH
    assert compare_countries("Atlantis", listed).agreement == CountryAgreement.UNKNOWN
    assert compare_countries("VE", frozenset()).agreement == CountryAgreement.UNKNOWN
