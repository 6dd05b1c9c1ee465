"""Identifier screening: normalised exact matching, BIC forms, IBAN to BIC, cross-scheme."""

from __future__ import annotations

import pytest

from bankwire.errors import QueryError
from bankwire.sanctions.matching.identifiers import IdentifierIndex, identifier_keys
from bankwire.sanctions.model import EntryKind, Identifier, IdentifierScheme
from tests.strategies_screening import entry

ENTRIES = [
    entry(
        EntryKind.ORGANIZATION,
        "PROMSVYAZBANK PJSC",
        source_id="34656",
        identifiers=(
            Identifier(IdentifierScheme.BIC, "PRMSRUMM"),
            Identifier(IdentifierScheme.TAX_ID, "7744000912"),
        ),
    ),
    entry(
        EntryKind.VESSEL,
        "URDANETA",
        source_id="26623",
        identifiers=(Identifier(IdentifierScheme.VESSEL_REGISTRATION, "IMO 7912111"),),
    ),
    entry(
        EntryKind.ORGANIZATION,
        "COMMERZBANK",
        source_id="9",
        identifiers=(
            Identifier(IdentifierScheme.BIC, "COBADEFFXXX"),
            Identifier(IdentifierScheme.CRYPTO_ADDRESS, "0xAbC123", chain="ETH"),
            Identifier(IdentifierScheme.PASSPORT, "A12"),
        ),
    ),
]
INDEX = IdentifierIndex(ENTRIES)


def found(scheme: str, value: str) -> list[str]:
    return [ENTRIES[m.entry_position].source_id for m in INDEX.lookup([(scheme, value)])]


@pytest.mark.parametrize(
    ("scheme", "value", "expected"),
    [
        ("bic", "PRMSRUMM", ["34656"]),
        ("bic", "prms rumm xxx", ["34656"]),  # 11-character form of the same institution.
        ("bic", "PRMSRUMM123", ["34656"]),  # A branch of a listed institution.
        ("bic", "COBADEFF", ["9"]),
        ("iban", "DE89 3704 0044 0532 0130 00", ["9"]),  # Resolves to COBADEFFXXX.
        ("imo", "7912111", ["26623"]),  # Filed by the list as vessel registration.
        ("tax_id", "7744000912", ["34656"]),
        ("national_id", "7744-000-912", ["34656"]),  # Cross-scheme document number.
        ("crypto_address", "0XABC123", ["9"]),  # Hex addresses ignore case.
        ("passport", "A12", []),  # Too short to screen on.
        ("bic", "PRMSRUM", []),  # Not a BIC length.
    ],
)
def test_lookup(scheme: str, value: str, expected: list[str]) -> None:
    assert found(scheme, value) == expected


def test_same_scheme_is_exact_and_cross_scheme_is_not() -> None:
    exact = INDEX.lookup([("bic", "PRMSRUMM")])[0]
    cross = INDEX.lookup([("national_id", "7744000912")])[0]
    assert exact.same_scheme
    assert exact.detail == "BIC PRMSRUMM exact"
    assert not cross.same_scheme


@pytest.mark.parametrize(
    ("scheme", "value", "detail"),
    [
        ("imo", "IMO 7912111", "imo 7912111 ~ listed IMO 7912111 (7912111)"),
        ("bic", "prmsrumm", "BIC PRMSRUMM exact"),
        ("bic", "PRMSRUMMXXX", "BIC PRMSRUMMXXX ~ listed PRMSRUMM (PRMSRUMM)"),
    ],
)
def test_a_detail_names_the_scheme_once(scheme: str, value: str, detail: str) -> None:
    """ "IMO 7912111" given for a vessel listed as vessel registration "IMO 7912111": the
    label is said once ("imo IMO 7912111" before)."""
    assert INDEX.lookup([(scheme, value)])[0].detail == detail


def test_unknown_scheme_and_bad_iban_raise() -> None:
    with pytest.raises(QueryError, match="scheme 'swift'"):
        INDEX.lookup([("swift", "PRMSRUMM")])
    with pytest.raises(QueryError, match="not a valid IBAN"):
        INDEX.lookup([("iban", "DE00")])


def test_identifier_keys_of_unusable_values() -> None:
    assert identifier_keys(IdentifierScheme.LEI, "123") == []
    assert identifier_keys(IdentifierScheme.BIC, "   ") == []
