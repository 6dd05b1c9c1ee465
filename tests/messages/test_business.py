"""Business checks: identifiers and amounts the XSD accepts but the world does not."""

from __future__ import annotations

import pytest

from bankwire.messages.report import Layer
from bankwire.messages.validate import validate_message

from .mx_samples import PACS008

SOURCE = PACS008.read_bytes()


def issues_after(old: bytes, new: bytes) -> list[tuple[Layer, str, str]]:
    assert old in SOURCE, old
    report = validate_message(SOURCE.replace(old, new, 1))
    return [(issue.layer, issue.code, issue.location) for issue in report.issues]


def test_bic_with_unknown_country_is_refused() -> None:
    assert issues_after(b"<pacs:BICFI>HNBAUS51XXX<", b"<pacs:BICFI>HNBAAA51XXX<") == [
        (
            Layer.BUSINESS,
            "BIC_INVALID",
            "/Envelope/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI",
        )
    ]


@pytest.mark.parametrize(
    ("iban", "codes"),
    [(b"GB29NWBK60161331926819", []), (b"GB28NWBK60161331926819", ["IBAN_INVALID"])],
    ids=["valid", "bad-check-digits"],
)
def test_iban_check_digits(iban: bytes, codes: list[str]) -> None:
    old = (
        b"<pacs:Othr>\n                            <pacs:Id>254178963</pacs:Id>\n"
        b"                        </pacs:Othr>"
    )
    found = issues_after(old, b"<pacs:IBAN>" + iban + b"</pacs:IBAN>")
    assert [code for _, code, _ in found] == codes


def test_lei_check_digits() -> None:
    old = b"<pacs:BICFI>HNBAUS51XXX</pacs:BICFI>"
    good = old + b"<pacs:LEI>5299000J2N45DDNE4Y28</pacs:LEI>"
    bad = old + b"<pacs:LEI>5299000J2N45DDNE4Y29</pacs:LEI>"
    assert issues_after(old, good) == []
    assert [code for _, code, _ in issues_after(old, bad)] == ["LEI_INVALID"]


def test_uetr_must_be_version_4() -> None:
    """pacs.008.001.08's XSD pattern demands version 4 too; older schemas do not."""
    old = b"174c245f-2682-4291-ad67-2a41e530cd27"
    found = issues_after(old, b"174c245f-2682-1291-ad67-2a41e530cd27")
    assert [code for _, code, _ in found] == ["XSD", "UETR_INVALID"]


def test_amount_decimals_follow_the_currency() -> None:
    old = b'<pacs:IntrBkSttlmAmt Ccy="USD">136500<'
    yen = issues_after(old, b'<pacs:IntrBkSttlmAmt Ccy="JPY">136500.5<')
    assert ("AMOUNT_DECIMALS" in [code for _, code, _ in yen]) is True
    dinar = issues_after(old, b'<pacs:IntrBkSttlmAmt Ccy="KWD">136500.125<')
    assert [code for _, code, _ in dinar] == []


def test_precious_metals_are_not_currencies_here() -> None:
    old = b'<pacs:IntrBkSttlmAmt Ccy="USD">'
    found = issues_after(old, b'<pacs:IntrBkSttlmAmt Ccy="XAU">')
    assert [code for _, code, _ in found] == ["CURRENCY_UNSUPPORTED"]
