"""Amounts are exact integers of minor units; decimals convert only at the edge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankwire.money import Amount, Currency, CurrencyMismatch


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1234.56", "USD", 123456),
        ("1234.5", "EUR", 123450),
        ("1234", "USD", 123400),
        ("1000", "JPY", 1000),
        ("1.234", "KWD", 1234),
        ("0.10", "USD", 10),
        ("5.000", "JPY", 5),
    ],
)
def test_parse_is_exact(text: str, currency: str, minor: int) -> None:
    assert Amount.parse(text, currency).minor_units == minor


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("1.005", "USD", "at most 2 decimals"),
        ("1.5", "JPY", "at most 0 decimals"),
        ("-1", "USD", "decimal number"),
        ("1e5", "USD", "decimal number"),
        ("", "USD", "decimal number"),
        ("1.00", "XYZ", "ISO 4217"),
        ("1.00", "XAU", "precious metals"),
    ],
)
def test_parse_rejects_with_reason(text: str, currency: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Amount.parse(text, currency)


def test_arithmetic_across_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Amount.of(1, "USD") + Amount.of(1, "EUR")


def test_minor_units_must_be_int() -> None:
    with pytest.raises(TypeError, match="must be <class 'int'>"):
        Amount(1.5, Currency.of("USD"))  # type: ignore[arg-type]


@given(
    st.integers(min_value=0, max_value=10**17),
    st.sampled_from(["USD", "EUR", "JPY", "KWD", "CLF", "RUB", "VES"]),
)
def test_decimal_string_round_trip(minor: int, code: str) -> None:
    amount = Amount.of(minor, code)
    assert Amount.parse(amount.to_decimal_string(), code) == amount
