"""Identifiers are validated once at the edge, with errors that say what was expected."""

from __future__ import annotations

import pytest

from bankwire.ids import bic8, make_key, new_uetr, parse_bic, parse_iban, parse_lei, parse_uetr


def test_bic_accepts_8_and_11() -> None:
    assert parse_bic("prmsrumm") == "PRMSRUMM"
    assert parse_bic("EVRFRUMMXXX") == "EVRFRUMMXXX"
    assert bic8("EVRFRUMMXXX") == "EVRFRUMM"


@pytest.mark.parametrize("text", ["PRMSRUM", "PRMSZZMM", "PRMS-UMM", "PRMSRUMMXX"])
def test_bic_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="BIC"):
        parse_bic(text)


def test_uetr() -> None:
    uetr = new_uetr()
    assert parse_uetr(uetr.upper()) == uetr
    with pytest.raises(ValueError, match="UUIDv4"):
        parse_uetr("eb6305c9-1f7f-19de-8c2f-e29dbb4ec6c2")  # Version 1, not 4.


def test_lei_check_digits() -> None:
    assert parse_lei("5493001KJTIIGC8Y1R12") == "5493001KJTIIGC8Y1R12"
    with pytest.raises(ValueError, match="check digits"):
        parse_lei("5493001KJTIIGC8Y1R13")


def test_iban() -> None:
    assert parse_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    with pytest.raises(ValueError, match="IBAN"):
        parse_iban("DE89370400440532013001")


def test_make_key_is_stable_and_separates_parts() -> None:
    assert make_key("a", "bc") == make_key("a", "bc")
    assert make_key("a", "bc") != make_key("ab", "c")
    assert make_key("x", None) == make_key("x", "")
