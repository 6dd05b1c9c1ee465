"""Field decoding shared by all MT types: dates, amounts, accounts, agents, customers."""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.errors import SchemaViolation
from bankwire.messages.model import Account, Agent, Party, PostalAddress
from bankwire.messages.mt.customer import party_from_field, party_to_field
from bankwire.messages.mt.fields import (
    agent_from_field,
    agent_to_field,
    check_format,
    decode_account,
    decode_amount,
    decode_date,
    fit_value,
)
from bankwire.money import Amount


def test_date_pivot_is_posix() -> None:
    assert decode_date("32A", "210511") == date(2021, 5, 11)
    assert decode_date("32A", "680101") == date(2068, 1, 1)
    assert decode_date("32A", "690101") == date(1969, 1, 1)
    assert decode_date("32A", "991231") == date(1999, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2A0101", "block 4 field 32A: date must be YYMMDD (got 2A0101)"),
        ("210231", "block 4 field 32A: date must be a calendar date YYMMDD (got 210231)"),
    ],
)
def test_bad_dates_name_field_and_value(text: str, message: str) -> None:
    with pytest.raises(SchemaViolation) as caught:
        decode_date("32A", text)
    assert str(caught.value) == message


def test_amount_uses_comma_and_currency_decimals() -> None:
    assert decode_amount("32A", "EUR", "6740,91") == Amount.parse("6740.91", "EUR")
    assert decode_amount("32A", "JPY", "1500,") == Amount.of(1500, "JPY")
    with pytest.raises(SchemaViolation, match="JPY allows at most 0 decimals"):
        decode_amount("32A", "JPY", "1500,5")
    with pytest.raises(SchemaViolation, match=r"currency must be an ISO 4217 code \(got XYZ\)"):
        decode_amount("33B", "XYZ", "1,")


def test_account_is_iban_only_when_check_digits_hold() -> None:
    assert decode_account("DE66593922000000045500") == Account(iban="DE66593922000000045500")
    assert decode_account("DE67593922000000045500") == Account(other_id="DE67593922000000045500")
    assert decode_account("254178963") == Account(other_id="254178963")


def test_agent_options() -> None:
    assert agent_from_field("52A", "CHASGB2LXXX") == Agent(bic="CHASGB2LXXX")
    assert agent_from_field("53A", "/D/D00030901\nECOCMLBA") == Agent(
        bic="ECOCMLBA", account=Account(other_id="D00030901")
    )
    assert agent_from_field("57A", "//FW021000018\nCHASUS33") == Agent(
        bic="CHASUS33", clearing_system="FW", member_id="021000018"
    )
    assert agent_from_field("52D", "BANK OF MOSCOW\nUL. PETROVKA 1") == Agent(
        name="BANK OF MOSCOW", address=PostalAddress(lines=("UL. PETROVKA 1",))
    )


def test_agent_encoding_inverts_decoding() -> None:
    for tag, value in [
        ("52A", "/D00030901\nECOCMLBA"),
        ("57A", "//FW021000018\nCHASUS33"),
        ("57D", "BANK OF MOSCOW\nUL. PETROVKA 1"),
    ]:
        assert agent_to_field(tag[:2], agent_from_field(tag, value), "AD") == (tag, value)


def test_structured_ordering_customer() -> None:
    value = "/96325874\n1/GB Engineering \n2/Industrial Park\n3/GB/Cambridge"
    party, account = party_from_field("50F", value)
    assert party == Party(
        name="GB Engineering ",
        address=PostalAddress(country="GB", town_name="Cambridge", lines=("Industrial Park",)),
    )
    assert account == Account(other_id="96325874")
    assert party_to_field("50", party, account) == ("50F", value)


def test_structured_customer_identity_lines() -> None:
    value = "NIDN/DE/121231234342\n1/MANN GEORG\n4/19720830\n5/DE/BERLIN\n7/DE/ID-99"
    party, account = party_from_field("50F", value)
    assert account is None
    assert party.other_ids == (("NIDN", "DE/121231234342"), ("NIDN", "DE/ID-99"))
    assert party.birth_date == date(1972, 8, 30)
    assert (party.birth_country, party.birth_city) == ("DE", "BERLIN")


def test_structured_line_numbers_are_checked() -> None:
    with pytest.raises(SchemaViolation, match=r"block 4 field 59F: line must start with a number"):
        party_from_field("59F", "/1\n9/WRONG")


def test_unstructured_customer() -> None:
    party, account = party_from_field("59", "/ES0123456789012345671234\nFOOOOO 1000 FOOBAR S.A.")
    assert party == Party(name="FOOOOO 1000 FOOBAR S.A.")
    assert account == Account(other_id="ES0123456789012345671234")


def test_check_format_names_spec() -> None:
    with pytest.raises(SchemaViolation) as caught:
        check_format("71A", "SHARED")
    assert str(caught.value) == "block 4 field 71A: must match 3!a (got 'SHARED')"


def test_fit_value_follows_cbpr_truncation() -> None:
    assert fit_value("20", "pacs008bzmsgidr-123") == "pacs008bzmsgidr+"
    assert fit_value("70", "Zoë & Co") == "Zoe . Co"
    assert fit_value("70", "\n".join(["X" * 40] * 5)) == "\n".join(["X" * 35] * 4)
    assert fit_value("59", "/1\nA\nB\nC\nD\nE") == "/1\nA\nB\nC\nD"


@pytest.mark.parametrize(
    "text",
    [
        "DE66593922000000045500",
        "GB82WEST12345698765432",
        "GB82WEST12345698765431",
        "FR1420041010050500013M02606",
        "FR1420041010050500013M02607",
        "NL91ABNA0417164300",
        "NL91ABNA0417164301",
        "CH9300762011623852957",
        "ZZ00AAAAAAAAAAAAAAA",
    ],
)
def test_iban_check_digits_follow_iso_13616(text: str) -> None:
    # MOD 97-10 spelled out: country and check digits moved to the end, A=10 ... Z=35.
    digits_hold = int("".join(str(int(char, 36)) for char in text[4:] + text[:4])) % 97 == 1
    expected = Account(iban=text) if digits_hold else Account(other_id=text)
    assert decode_account(text) == expected
    assert digits_hold == text.endswith(("500", "432", "606", "300", "957"))
