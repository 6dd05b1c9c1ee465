"""Tree-level CBPR+ rules: references, addresses, party names, remittance, originals."""

from __future__ import annotations

import pytest

from bankwire.messages.validate import validate_message

from .mx_samples import PACS002, PACS008

SOURCE = PACS008.read_bytes()


def codes_after(old: bytes, new: bytes, source: bytes = SOURCE) -> list[str]:
    assert old in source, old
    return [issue.code for issue in validate_message(source.replace(old, new, 1)).issues]


@pytest.mark.parametrize("reference", [b"/A2B0506272708", b"A2B0506272708/", b"A2B//0506272708"])
def test_references_refuse_slashes_at_the_ends_and_double_slashes(reference: bytes) -> None:
    old = b"<pacs:InstrId>A2B0506272708<"
    assert codes_after(old, b"<pacs:InstrId>" + reference + b"<") == ["CBPR_REFERENCE_SLASH"]


def test_a_slash_inside_a_reference_is_allowed() -> None:
    assert codes_after(b"<pacs:InstrId>A2B0506272708<", b"<pacs:InstrId>A2B/0506<") == []


def test_structured_address_needs_town_and_country() -> None:
    assert codes_after(b"<pacs:TwnNm>Cambridge</pacs:TwnNm>", b"") == ["CBPR_ADDRESS_TOWN_COUNTRY"]


def test_hybrid_address_allows_two_lines() -> None:
    line = b"<pacs:AdrLine>Industrial Park</pacs:AdrLine>"
    assert codes_after(line, line * 2) == []
    assert codes_after(line, line * 3) == ["CBPR_ADDRESS_LINES"]


def test_unstructured_address_allows_three_lines() -> None:
    structured = b"<pacs:TwnNm>Cambridge</pacs:TwnNm>\n\t\t\t\t\t    <pacs:Ctry>GB</pacs:Ctry>"
    line = b"<pacs:AdrLine>Industrial Park</pacs:AdrLine>"
    source = SOURCE.replace(structured, b"")
    assert codes_after(line, line * 3, source) == []
    assert codes_after(line, line * 4, source) == ["CBPR_ADDRESS_LINES"]


def test_a_party_needs_a_name_or_bic() -> None:
    assert codes_after(b"<pacs:Nm>US Engines</pacs:Nm>", b"") == ["CBPR_PARTY_NAME"]


def test_remittance_is_unstructured_or_structured() -> None:
    old = b"<pacs:Ustrd>/ROC/E2E04044506271305</pacs:Ustrd>"
    both = old + b"<pacs:Strd><pacs:AddtlRmtInf>x</pacs:AddtlRmtInf></pacs:Strd>"
    assert codes_after(old, both) == ["CBPR_REMITTANCE_CHOICE"]


def test_original_message_name_must_be_a_payment_message() -> None:
    source = PACS002.read_bytes()
    old = b"<pacs:OrgnlMsgNmId>pacs.010.001.03</pacs:OrgnlMsgNmId>"
    assert codes_after(old, b"<pacs:OrgnlMsgNmId>MT202</pacs:OrgnlMsgNmId>", source) == []
    new = b"<pacs:OrgnlMsgNmId>camt.999.001.01</pacs:OrgnlMsgNmId>"
    assert codes_after(old, new, source) == ["CBPR_ORIGINAL_MESSAGE_NAME"]
