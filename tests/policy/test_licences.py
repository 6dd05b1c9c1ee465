"""Licences: scope, validity window and cap, each checked in order and named when failing."""

from __future__ import annotations

from datetime import datetime

import pytest

from bankwire.errors import PolicyError
from bankwire.money import Amount
from bankwire.policy.licences import (
    Licence,
    LicenceKind,
    LicenceRequest,
    LicenceStatus,
    add_usage,
    evaluate,
    find_applicable,
    message_type_in,
)
from tests.policy.factory import PDVSA, PSB, at, licence

USD = "USD"


def request(
    *,
    jurisdiction: str | None = "US",
    programs: tuple[str, ...] = ("VENEZUELA-EO13850",),
    entries: tuple[tuple[str, str], ...] = (PDVSA,),
    bics: tuple[str, ...] = (),
    message_type: str = "pacs.008.001.08",
    purposes: tuple[str, ...] = ("MDCS",),
    amount: str = "100.00",
    currency: str = USD,
    releases_blocked_funds: bool = False,
) -> LicenceRequest:
    return LicenceRequest(
        jurisdiction=jurisdiction,
        programs=programs,
        entries=entries,
        bics=bics,
        message_type=message_type,
        purposes=purposes,
        amount=Amount.parse(amount, currency),
        releases_blocked_funds=releases_blocked_funds,
    )


NOW = at(2022, 3, 15)

STATUS_CASES = [
    ("applies", licence(), request(), LicenceStatus.APPLIES),
    ("other jurisdiction", licence(jurisdiction="EU"), request(), "jurisdiction_not_covered"),
    ("program", licence(programs=("CUBA",)), request(), "program_not_covered"),
    ("program matches", licence(programs=("VENEZUELA-EO13850",)), request(), "applies"),
    (
        "every program",
        licence(programs=("VENEZUELA-EO13850",)),
        request(programs=("VENEZUELA-EO13850", "IRAN-CON-ARMS-EO")),
        "program_not_covered",
    ),
    ("no program", licence(programs=("CUBA",)), request(programs=()), "program_not_covered"),
    ("party", licence(covered_entries=(PSB,)), request(), "party_not_covered"),
    ("every party", licence(), request(entries=(PDVSA, PSB)), "party_not_covered"),
    ("no party named", licence(), request(entries=()), "party_not_covered"),
    (
        "party by BIC8",
        licence(covered_entries=(), covered_bics=("PRMSRUMMXXX",)),
        request(entries=(), bics=("PRMSRUMM",)),
        "applies",
    ),
    ("message type", licence(message_types=("pacs.009",)), request(), "message_type_not_covered"),
    ("message type family", licence(message_types=("pacs.008",)), request(), "applies"),
    ("purpose", licence(purposes=("FOOD",)), request(), "purpose_not_covered"),
    ("release", licence(), request(releases_blocked_funds=True), "release_not_authorised"),
    ("currency", licence(cap="1000.00"), request(currency="EUR"), "currency_not_covered"),
    ("not yet valid", licence(valid_from=at(2022, 4, 1)), request(), "not_yet_valid"),
    ("expired", licence(valid_until=at(2022, 3, 15)), request(), "expired"),
    ("cap", licence(cap="99.99"), request(), "cap_exceeded"),
    ("cap exact", licence(cap="100.00"), request(), "applies"),
    ("any jurisdiction", licence(jurisdiction="EU"), request(jurisdiction=None), "applies"),
]


@pytest.mark.parametrize(
    ("licence_", "request_", "expected"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_evaluate(licence_: Licence, request_: LicenceRequest, expected: str) -> None:
    assert evaluate(licence_, request_, NOW, None) == expected


def test_expiry_is_the_instant() -> None:
    """A licence applies up to, and not at, its valid_until instant."""
    expiring = licence(valid_until=at(2022, 3, 15, 12))
    assert evaluate(expiring, request(), at(2022, 3, 15, 11), None) == LicenceStatus.APPLIES
    assert evaluate(expiring, request(), at(2022, 3, 15, 12), None) == LicenceStatus.EXPIRED


def test_cap_counts_used_amount() -> None:
    capped = licence(cap="1000.00")
    assert evaluate(capped, request(), NOW, Amount.parse("900.00", USD)) == "applies"
    assert evaluate(capped, request(), NOW, Amount.parse("900.01", USD)) == "cap_exceeded"


def test_find_applicable_prefers_specific_and_notes_all() -> None:
    general = licence("GL 1", kind=LicenceKind.GENERAL, covered_entries=())
    specific = licence("SL 1")
    other_jurisdiction = licence("UK-1", jurisdiction="UK")
    expired = licence("SL 0", valid_until=at(2020, 1, 1))
    search = find_applicable([general, expired, other_jurisdiction, specific], request(), NOW, {})
    assert search.licence == specific
    assert [(note.number, note.status) for note in search.notes] == [
        ("SL 0", "expired"),
        ("SL 1", "applies"),
        ("GL 1", "applies"),
    ]


def test_find_applicable_uses_the_used_amount_by_key() -> None:
    capped = licence(cap="100.00")
    used = {capped.key: Amount.parse("0.01", USD)}
    search = find_applicable([capped], request(), NOW, used)
    assert search.licence is None
    assert search.notes[0].status == "cap_exceeded"


def test_add_usage_accumulates_and_rejects_other_currency() -> None:
    capped = licence(cap="100.00")
    used = add_usage({}, capped, Amount.parse("40.00", USD))
    used = add_usage(used, capped, Amount.parse("60.00", USD))
    assert used == {capped.key: Amount.parse("100.00", USD)}
    assert add_usage({}, licence(), Amount.parse("1.00", "EUR"))[licence().key].currency.code == (
        "EUR"
    )
    with pytest.raises(PolicyError, match=r"usage must be in USD \(got 1.00 EUR\)"):
        add_usage(used, capped, Amount.parse("1.00", "EUR"))


def test_message_type_in() -> None:
    assert message_type_in("pacs.008.001.08", ["pacs.008"])
    assert message_type_in("MT103", ["MT103"])
    assert not message_type_in("MT103STP", ["MT103"])
    assert not message_type_in("pacs.0081", ["pacs.008"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": " "}, "number and issuer must be non-empty"),
        ({"valid_from": datetime(2022, 1, 1)}, "valid_from must be timezone-aware"),
        ({"valid_until": datetime(2022, 1, 1)}, "valid_until must be timezone-aware"),
        ({"valid_until": at(2018, 1, 1)}, "valid_until must be after valid_from"),
        ({"amount_cap": Amount.parse("0", USD)}, "amount_cap must be positive"),
        ({"covered_entries": ()}, "a specific licence must name the parties it covers"),
    ],
)
def test_invalid_licence_is_refused(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "number": "SL 9",
        "issuer": "OFAC",
        "jurisdiction": "US",
        "kind": LicenceKind.SPECIFIC,
        "valid_from": at(2019, 1, 1),
        "covered_entries": (PDVSA,),
    }
    fields.update(changes)
    with pytest.raises(PolicyError, match=message):
        Licence(**fields)  # type: ignore[arg-type]
