"""The OFAC Remarks mini-language: every field OFAC packs into remarks lands in its slot,
unknown keys are kept verbatim, and the parser never raises on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankwire.sanctions.model import (
    DateRange,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    Name,
    NameStrength,
    NameType,
    PartialDate,
)
from bankwire.sanctions.sources.ofac_remarks import parse_birth_date, parse_remarks, split_remarks
from tests.strategies_ofac import remarks_texts

MADURO = (
    "DOB 23 Nov 1962; POB Caracas, Venezuela; citizen Venezuela; Gender Male; "
    "Cedula No. 5892464 (Venezuela); President of the Bolivarian Republic of Venezuela."
)
EVROFINANCE = (
    "SWIFT/BIC EVRFRUMM; Registration ID 1027700565970 (Russia); Tax ID No. 7703115760 "
    "(Russia); Government Gazette Number 09610839 (Russia); Linked To: PETROLEOS DE "
    "VENEZUELA, S.A."
)


def test_maduro_remarks_give_dob_place_citizenship_gender_and_cedula() -> None:
    fields = parse_remarks(MADURO)
    assert fields.birth_dates == (PartialDate(1962, 11, 23),)
    assert fields.birth_places == ("Caracas, Venezuela",)
    assert fields.citizenships == ("VE",)
    assert fields.gender == "Male"
    assert fields.identifiers == (
        Identifier(IdentifierScheme.NATIONAL_ID, "5892464", "VE", "Cedula No."),
    )
    assert fields.properties == (("Remark", "President of the Bolivarian Republic of Venezuela"),)


def test_linked_to_keeps_the_abbreviation_full_stop_and_is_not_ownership() -> None:
    fields = parse_remarks(EVROFINANCE)
    assert fields.links == (Link(LinkRelation.LINKED_TO, "PETROLEOS DE VENEZUELA, S.A."),)
    assert [identifier.scheme for identifier in fields.identifiers] == [
        IdentifierScheme.BIC,
        IdentifierScheme.REGISTRATION_NUMBER,
        IdentifierScheme.TAX_ID,
        IdentifierScheme.REGISTRATION_NUMBER,
    ]


def test_closing_full_stop_of_a_plain_name_is_dropped() -> None:
    assert parse_remarks("Linked To: HIZBALLAH.").links == (
        Link(LinkRelation.LINKED_TO, "HIZBALLAH"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Nov 1962", PartialDate(1962, 11, 12)),
        ("1962", PartialDate(1962)),
        ("Nov 1962", PartialDate(1962, 11)),
        ("circa 1955", PartialDate(1955)),
        ("1955 to 1958", DateRange(PartialDate(1955), PartialDate(1958))),
        (
            "01 Jan 1955 to 31 Dec 1958",
            DateRange(PartialDate(1955, 1, 1), PartialDate(1958, 12, 31)),
        ),
        ("Mar 1955 to Mar 1958", DateRange(PartialDate(1955, 3), PartialDate(1958, 3))),
        ("1962.", PartialDate(1962)),
        ("circa 1979-1982", DateRange(PartialDate(1979), PartialDate(1982))),
        ("31 Feb 1970", None),
        ("unknown", None),
        ("12 Foo 1962", None),
    ],
)
def test_birth_date_forms(text: str, expected: PartialDate | DateRange | None) -> None:
    assert parse_birth_date(text) == expected


def test_several_dates_of_birth_are_all_kept() -> None:
    fields = parse_remarks("DOB 1962; alt. DOB 1963; alt. DOB circa 1960.")
    assert fields.birth_dates == (PartialDate(1962), PartialDate(1963), PartialDate(1960))


def test_an_unparsable_dob_is_kept_as_text() -> None:
    assert parse_remarks("DOB 31 Feb 1970").properties == (("DOB", "31 Feb 1970"),)


def test_quoted_aliases_are_weak_and_keep_inner_apostrophes() -> None:
    fields = parse_remarks("a.k.a. 'ABU-'UBAYDA'; f.k.a. 'ANA I'; n.k.a. NEW NAME LTD.")
    assert fields.names == (
        Name("ABU-'UBAYDA", NameType.ALIAS, NameStrength.WEAK),
        Name("ANA I", NameType.FORMERLY_KNOWN_AS, NameStrength.WEAK),
        Name("NEW NAME LTD", NameType.NEW_NAME, NameStrength.STRONG),
    )


def test_a_quoted_alias_containing_a_semicolon_is_not_cut() -> None:
    assert split_remarks("a.k.a. 'X; Y'; DOB 1962") == ["a.k.a. 'X; Y'", "DOB 1962"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Passport A123 (Iran) issued 1999 expires 2004",
            Identifier(
                IdentifierScheme.PASSPORT, "A123", "IR", "Passport", note="issued 1999 expires 2004"
            ),
        ),
        (
            "National ID No. 216040 (Yemen)",
            Identifier(IdentifierScheme.NATIONAL_ID, "216040", "YE", "National ID No."),
        ),
        (
            "Kenyan ID No. 12773667",
            Identifier(IdentifierScheme.NATIONAL_ID, "12773667", None, "Kenyan ID No."),
        ),
        ("SWIFT/BIC PRMSRUMM", Identifier(IdentifierScheme.BIC, "PRMSRUMM", None, "SWIFT/BIC")),
        ("MMSI 572469210", Identifier(IdentifierScheme.MMSI, "572469210", None, "MMSI")),
        (
            "Vessel Registration Identification IMO 7406784",
            Identifier(
                IdentifierScheme.IMO, "IMO 7406784", None, "Vessel Registration Identification"
            ),
        ),
        (
            "Vessel Registration Identification 12345",
            Identifier(
                IdentifierScheme.VESSEL_REGISTRATION,
                "12345",
                None,
                "Vessel Registration Identification",
            ),
        ),
        (
            "Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
            Identifier(
                IdentifierScheme.CRYPTO_ADDRESS,
                "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
                None,
                "Digital Currency Address - ETH",
                chain="ETH",
            ),
        ),
        (
            "Tax ID No. 7744000912 (Russia)",
            Identifier(IdentifierScheme.TAX_ID, "7744000912", "RU", "Tax ID No."),
        ),
        (
            "Registration Number 1027739019142 (Russia)",
            Identifier(
                IdentifierScheme.REGISTRATION_NUMBER, "1027739019142", "RU", "Registration Number"
            ),
        ),
        (
            "Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
            Identifier(IdentifierScheme.LEI, "253400V1H6ART1UQ0N98", "RU", "Legal Entity Number"),
        ),
        ("alt. Passport 77 (Egypt)", Identifier(IdentifierScheme.PASSPORT, "77", "EG", "Passport")),
        (
            "Identification Number IMO 5499198",
            Identifier(IdentifierScheme.IMO, "IMO 5499198", None, "Identification Number"),
        ),
    ],
)
def test_identifier_labels(text: str, expected: Identifier) -> None:
    assert parse_remarks(text).identifiers == (expected,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Organization Established Date 2001", ("Organization Established Date", "2001")),
        ("Target Type Financial Institution", ("Target Type", "Financial Institution")),
        (
            "Secondary sanctions risk: section 1(b) of Executive Order 13224",
            ("Secondary sanctions risk", "section 1(b) of Executive Order 13224"),
        ),
        (
            "Additional Sanctions Information - Subject to Secondary Sanctions",
            ("Additional Sanctions Information", "Subject to Secondary Sanctions"),
        ),
        ("Website www.psbank.ru", ("Website", "www.psbank.ru")),
        ("Email Address info@example.ru", ("Email Address", "info@example.ru")),
        ("Email:adelb@shabakah.net.sa", ("Email", "adelb@shabakah.net.sa")),
        (
            "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
            ("Listing Date (EO 14024 Directive 2)", "24 Feb 2022"),
        ),
        ("Tribe: Noorzai", ("Tribe", "Noorzai")),
        ("all offices worldwide", ("Remark", "all offices worldwide")),
        ("(Linked To: BM BANK JSC)", None),
    ],
)
def test_other_keys_are_kept_verbatim(text: str, expected: tuple[str, str] | None) -> None:
    fields = parse_remarks(text)
    assert fields.properties == ((expected,) if expected else ())


def test_nationality_unmapped_is_kept_as_written() -> None:
    fields = parse_remarks("nationality Russia; alt. nationality possibly Atlantis")
    assert fields.nationalities == ("RU", "possibly Atlantis")


def test_websites_is_not_the_website_label() -> None:
    assert parse_remarks("Websites are many").properties == (("Remark", "Websites are many"),)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_any_unicode(text: str) -> None:
    parse_remarks(text)


@settings(max_examples=300)
@given(remarks_texts)
def test_never_raises_on_remark_shaped_text(text: str) -> None:
    fields = parse_remarks(text)
    assert all(name.full for name in fields.names)


@pytest.mark.slow
@settings(max_examples=20000, deadline=None)
@given(st.one_of(st.text(), remarks_texts))
def test_never_raises_long_fuzz(text: str) -> None:
    parse_remarks(text)
