"""Business checks on any ISO 20022 part: identifiers and amounts the XSD only shapes.

The XSD checks that a BIC has the right letters in the right places and that an amount has
at most five decimals; it cannot know that ``AA`` is no country, that an IBAN's check digits
are wrong, or that yen have no minor unit. These checks run on every message (CBPR+,
Fedwire or other) and on every element, modelled or not, found in one C-level XPath pass.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from bankwire.messages.iso20022.common import (
    Element,
    element_path,
    local_name,
    qualified,
    valid_bic,
    valid_iban,
    valid_lei,
    valid_uetr,
)
from bankwire.messages.report import Layer, ValidationIssue
from bankwire.money import CURRENCY_EXPONENTS, Amount

__all__ = ["BUSINESS_CODES", "check_identifiers"]

BUSINESS_CODES: Final[dict[str, str]] = {
    "BIC_INVALID": "a BICFI/AnyBIC names no real country or is not 8/11 characters",
    "IBAN_INVALID": "an IBAN fails its country format or ISO 7064 check digits",
    "LEI_INVALID": "a LEI fails its ISO 17442 check digits",
    "UETR_INVALID": "a UETR or OrgnlUETR is not a lower-case UUID version 4",
    "CURRENCY_UNSUPPORTED": "an amount's Ccy is not a national ISO 4217 currency",
    "AMOUNT_DECIMALS": "an amount has more decimals than its currency allows",
}

_IDENTIFIERS: Final = {
    "BICFI": ("BIC_INVALID", valid_bic),
    "AnyBIC": ("BIC_INVALID", valid_bic),
    "BIC": ("BIC_INVALID", valid_bic),
    "IBAN": ("IBAN_INVALID", valid_iban),
    "LEI": ("LEI_INVALID", valid_lei),
    "UETR": ("UETR_INVALID", valid_uetr),
    "OrgnlUETR": ("UETR_INVALID", valid_uetr),
}


def check_identifiers(part: Element) -> list[ValidationIssue]:
    """Every identifier and amount in ``part`` (a Document or AppHdr)."""
    issues: list[ValidationIssue] = []
    for element in part.iter(etree.Element):
        currency = element.get("Ccy")
        if currency is not None:
            _check_amount(element, currency, issues)
    for element in part.iter(*qualified(etree.QName(part).namespace, _IDENTIFIERS)):
        code, check = _IDENTIFIERS[local_name(element.tag)]
        try:
            check(element.text or "")
        except ValueError as exc:
            issues.append(ValidationIssue(Layer.BUSINESS, code, element_path(element), f"{exc}"))
    return issues


def _check_amount(element: Element, currency: str, issues: list[ValidationIssue]) -> None:
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
    try:
        Amount.parse(text, currency)
    except ValueError as exc:
        issues.append(
            ValidationIssue(Layer.USAGE, "AMOUNT_DECIMALS", element_path(element), str(exc))
        )
