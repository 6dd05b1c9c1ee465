"""Money as integers: an ``Amount`` is a count of minor units of one ``Currency``.

No float and no Decimal arithmetic happens on amounts. Decimal strings from messages
("1234.56") are converted exactly at the edge by ``Amount.parse`` and rendered back by
``Amount.to_decimal_string``; a string with more decimals than the currency allows is an
error, never a rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["CURRENCY_EXPONENTS", "Amount", "Currency", "CurrencyMismatch"]

# ISO 4217 minor-unit exponents for currencies whose exponent is not 2. Every other active
# code in ``_ACTIVE_CODES`` has exponent 2. Funds codes and precious metals are left out:
# interbank payments in this network move only national currencies.
_EXPONENT_NOT_2: Final[dict[str, int]] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
}  # fmt: skip

_ACTIVE_CODES: Final[str] = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD "
    "BTN BWP BYN BZD CAD CDF CHF CLF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN "
    "ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR "
    "ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL "
    "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN "
    "PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP "
    "STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYI UYU UYW UZS VED "
    "VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG "
    # Withdrawn codes still met in historic messages and lists (e.g. Venezuela's VEF, used
    # in PDVSA-era payments, and the old Bolivar Fuerte's predecessor never travels).
    "VEF HRK SLL"
)

CURRENCY_EXPONENTS: Final[dict[str, int]] = {
    code: _EXPONENT_NOT_2.get(code, 2) for code in _ACTIVE_CODES.split()
}

_DECIMAL = re.compile(r"^(?P<int>[0-9]+)(?:[.,](?P<frac>[0-9]*))?$")
AMOUNT_MINOR_MAX: Final[int] = 10**18  # Bound: ISO 20022 amounts have at most 18 digits.


class CurrencyMismatch(ValueError):
    """Arithmetic or comparison across two currencies, a programming error."""


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency; ``exponent`` is the number of minor-unit decimals."""

    code: str
    exponent: int

    @classmethod
    def of(cls, code: str) -> Currency:
        """Look up an ISO 4217 code; raises ``ValueError`` naming the code if unknown."""
        exponent = CURRENCY_EXPONENTS.get(code)
        if exponent is None:
            raise ValueError(
                "currency: must be an ISO 4217 national currency code; precious metals, "
                f"funds, SDR and test codes are not carried (got {code!r})"
            )
        return cls(code, exponent)

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True, order=False)
class Amount:
    """A non-negative-or-signed count of minor units of one currency."""

    minor_units: int
    currency: Currency

    def __post_init__(self) -> None:
        if isinstance(self.minor_units, bool) or not isinstance(self.minor_units, int):
            raise TypeError(
                f"'minor_units' must be <class 'int'> (got {self.minor_units!r} that is a "
                f"{type(self.minor_units)!r})"
            )
        if abs(self.minor_units) >= AMOUNT_MINOR_MAX:
            raise ValueError(f"amount: at most 18 digits (got {self.minor_units})")

    @classmethod
    def parse(cls, text: str, currency: str | Currency) -> Amount:
        """Convert a decimal string exactly, e.g. ``Amount.parse("1234.56", "USD")``.

        Raises ``ValueError`` when the text is not a plain decimal or carries more decimals
        than the currency's exponent (``"1.005" USD``): rounding money silently is a loss.
        """
        cur = currency if isinstance(currency, Currency) else Currency.of(currency)
        match = _DECIMAL.match(text.strip())
        if match is None:
            raise ValueError(f"amount: must be a decimal number like 1234.56 (got {text!r})")
        fraction = (match.group("frac") or "").rstrip("0")
        if len(fraction) > cur.exponent:
            raise ValueError(
                f"amount: {cur.code} allows at most {cur.exponent} decimals (got {text!r})"
            )
        minor = int(match.group("int")) * 10**cur.exponent
        if fraction:
            minor += int(fraction.ljust(cur.exponent, "0"))
        return cls(minor, cur)

    @classmethod
    def of(cls, minor_units: int, currency: str) -> Amount:
        return cls(minor_units, Currency.of(currency))

    def to_decimal_string(self) -> str:
        """Render with exactly the currency's decimals: ``123456 USD`` -> ``"1234.56"``."""
        sign = "-" if self.minor_units < 0 else ""
        units = abs(self.minor_units)
        if self.currency.exponent == 0:
            return f"{sign}{units}"
        whole, fraction = divmod(units, 10**self.currency.exponent)
        return f"{sign}{whole}.{fraction:0{self.currency.exponent}d}"

    def _check(self, other: Amount) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Amount) -> Amount:
        self._check(other)
        return Amount(self.minor_units + other.minor_units, self.currency)

    def __sub__(self, other: Amount) -> Amount:
        self._check(other)
        return Amount(self.minor_units - other.minor_units, self.currency)

    def __lt__(self, other: Amount) -> bool:
        self._check(other)
        return self.minor_units < other.minor_units

    def __le__(self, other: Amount) -> bool:
        self._check(other)
        return self.minor_units <= other.minor_units

    def __str__(self) -> str:
        return f"{self.to_decimal_string()} {self.currency.code}"
