"""Business checks on any ISO 20022 part: identifiers and amounts the XSD only shapes.

The XSD checks that a BIC has the right letters in the right places and that an amount has
at most five decimals; it cannot know that ``AA`` is no country, that an IBAN's check digits
are wrong, or that yen have no minor unit. These checks run on every message (CBPR+,
Fedwire or other) and on every element, modelled or not; ``scan`` walks each part once and
hands identifiers and amounts to these checks.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.common import (
    Element,
    element_path,
    valid_bic,
    valid_iban,
    valid_lei,
    valid_uetr,
)
from bankwire.messages.report import Layer, ValidationIssue
from bankwire.money import CURRENCY_EXPONENTS

__all__ = ["BUSINESS_CODES", "IDENTIFIERS", "check_amount", "check_identifier"]

BUSINESS_CODES: Final[dict[str, str]] = {
    "BIC_INVALID": "a BICFI/AnyBIC names no real country or is not 8/11 characters",
    "IBAN_INVALID": "an IBAN fails its country format or ISO 7064 check digits",
    "LEI_INVALID": "a LEI fails its ISO 17442 check digits",
    "UETR_INVALID": "a UETR or OrgnlUETR is not a lower-case UUID version 4",
    "CURRENCY_UNSUPPORTED": "an amount's Ccy is not a national ISO 4217 currency",
    "AMOUNT_DECIMALS": "an amount has more decimals than its currency allows",
}

IDENTIFIERS: Final = {
    "BICFI": ("BIC_INVALID", valid_bic),
    "AnyBIC": ("BIC_INVALID", valid_bic),
    "BIC": ("BIC_INVALID", valid_bic),
    "IBAN": ("IBAN_INVALID", valid_iban),
    "LEI": ("LEI_INVALID", valid_lei),
    "UETR": ("UETR_INVALID", valid_uetr),
    "OrgnlUETR": ("UETR_INVALID", valid_uetr),
}


def check_identifier(name: str, element: Element, issues: list[ValidationIssue]) -> None:
    """An identifier element (``name`` is a key of ``IDENTIFIERS``) against its check."""
    code, check = IDENTIFIERS[name]
    try:
        check(element.text or "")
    except ValueError as exc:
        issues.append(ValidationIssue(Layer.BUSINESS, code, element_path(element), f"{exc}"))


def check_amount(element: Element, currency: str, issues: list[ValidationIssue]) -> None:
    if currency not in CURRENCY_EXPONENTS:
        issues.append(
            ValidationIssue(
                Layer.BUSINESS,
                "CURRENCY_UNSUPPORTED",
                f"{element_path(element)}/@Ccy",
                f"currency: must be a national ISO 4217 currency (got {currency!r})",
            )
        )
        return
    text = element.text
    if text is None or len(element):
        return  # A currency attribute on a non-amount element (e.g. an account): no value.
    # Only the decimals matter here (the XSD checks the number's shape); counting them is
    # cheaper than converting, and the mapping converts the amounts it keeps anyway.
    decimals = len(text.partition(".")[2].rstrip("0 \t\r\n"))
    exponent = CURRENCY_EXPONENTS[currency]
    if decimals > exponent:
        issues.append(
            ValidationIssue(
                Layer.USAGE,
                "AMOUNT_DECIMALS",
                element_path(element),
                f"amount: {currency} allows at most {exponent} decimals (got {text!r})",
            )
        )
