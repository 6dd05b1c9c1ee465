"""Embargoes and program references, per jurisdiction and date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankwire.policy import FactParty, Outcome, decide
from bankwire.policy.regimes import bundled_regimes
from bankwire.policy.rules import embargo_findings, reference_findings
from tests.policy.factory import at, context, facts

US_OFAC = next(regime for regime in bundled_regimes() if regime.name == "us_ofac")
EU = next(regime for regime in bundled_regimes() if regime.name == "eu")


def party(role: str, name: str | None, country: str | None, region: str | None = None,
          bic: str | None = None) -> FactParty:  # fmt: skip
    return FactParty(role, name, bic, country, None, region)


@pytest.mark.parametrize(
    ("currency", "extra", "on", "expected"),
    [
        ("USD", party("creditor", "HAVANA TRADING", "CU"), at(2020, 1, 1), Outcome.BLOCK),
        ("EUR", party("creditor", "HAVANA TRADING", "CU"), at(2020, 1, 1), Outcome.PASS),
        ("USD", party("creditor", "TEHRAN CO", "IR"), at(2020, 1, 1), Outcome.REJECT),
        ("EUR", party("creditor", "PYONGYANG CO", "KP"), at(2020, 1, 1), Outcome.REJECT),
        ("EUR", party("creditor", "SIMFEROPOL CO", "UA", "UA-43"), at(2020, 1, 1), Outcome.REJECT),
        ("EUR", party("creditor", "KYIV CO", "UA", "UA-30"), at(2020, 1, 1), Outcome.PASS),
        ("EUR", party("creditor", "DONETSK CO", "UA", "UA-14"), at(2022, 2, 22), Outcome.PASS),
        ("EUR", party("creditor", "DONETSK CO", "UA", "UA-14"), at(2022, 2, 23), Outcome.REJECT),
        ("USD", party("creditor", "DONETSK CO", "UA", "UA-14"), at(2022, 2, 21), Outcome.REJECT),
        ("EUR", party("creditor", "NO COUNTRY", None), at(2020, 1, 1), Outcome.PASS),
    ],
    ids=["cuba-usd", "cuba-eur", "iran-usd", "dprk-eur", "crimea", "kyiv", "dnr-eve", "dnr-eu",
         "dnr-us", "no-country"],
)  # fmt: skip
def test_embargo(currency: str, extra: FactParty, on: object, expected: Outcome) -> None:
    decision = decide(facts(currency, extra_parties=(extra,)), [], context(on))  # type: ignore[arg-type]
    assert decision.outcome == expected
    if expected == Outcome.REJECT:
        assert decision.reject_reason_code == "RR04"


def test_embargo_by_bank_country_and_one_reason_per_embargo() -> None:
    """A Cuban bank's BIC locates it in Cuba; two Cuban parties still give one reason."""
    payment = facts(
        "USD",
        creditor_agent="BNCUCUHHXXX",
        extra_parties=(party("ultimate_creditor", "HAVANA TRADING", "CU"),),
    )
    findings = embargo_findings(payment, US_OFAC, "US", date(2020, 1, 1))
    assert len(findings) == 1
    assert findings[0].reason.rule_id == "us_ofac/embargo/CUBA"
    assert findings[0].reason.reason_code is None  # Block, not reject.


def test_embargo_by_an_intermediary_bank_alone() -> None:
    """No party says Cuba; the intermediary's BIC does (lower case as sent)."""
    payment = facts("USD", intermediaries=("bncucuhhxxx",))
    (finding,) = embargo_findings(payment, US_OFAC, "US", date(2020, 1, 1))
    assert finding.reason.rule_id == "us_ofac/embargo/CUBA"
    assert finding.bics == ("BNCUCUHHXXX",)
    assert embargo_findings(facts("USD"), US_OFAC, "US", date(2020, 1, 1)) == []


def test_region_embargo_ignores_bank_country() -> None:
    payment = facts("EUR", creditor_agent="CHARUAUKXXX")
    assert embargo_findings(payment, EU, "EU", date(2022, 3, 1)) == []


def test_region_embargo_names_region_and_party_bic() -> None:
    extra = party("creditor", "SEVASTOPOL PORT", "UA", "ua-40", bic="SEVPUAUKXXX")
    (finding,) = embargo_findings(facts("EUR", extra_parties=(extra,)), EU, "EU", date(2020, 1, 1))
    assert finding.bics == ("SEVPUAUKXXX",)
    assert "(ua-40)" in finding.reason.detail


@pytest.mark.parametrize(
    ("kwargs", "on", "rule", "outcome"),
    [
        ({"creditor": "Petróleos de Venezuela S.A."}, date(2019, 2, 1), "venezuela-pdvsa",
         Outcome.BLOCK),
        ({"creditor": "PDVSA SERVICES BV"}, date(2019, 1, 27), None, None),
        ({"remittance": "Invoice 22/7 PDVSA cargo"}, date(2019, 2, 1), "venezuela-pdvsa",
         Outcome.HOLD),
        ({"creditor": "Banco Central de Venezuela"}, date(2019, 8, 5), "venezuela-government",
         Outcome.BLOCK),
        ({"creditor": "Banco Central de Venezuela"}, date(2019, 8, 4), None, None),
        ({"remittance": "Urals crude, cargo 7"}, date(2022, 3, 8), "russia-crude-oil",
         Outcome.HOLD),
        ({"remittance": "Urals crude, cargo 7"}, date(2022, 3, 7), None, None),
        ({"remittance": "PDVSAX invoice"}, date(2020, 1, 1), None, None),
    ],
    ids=["pdvsa-party", "pdvsa-before", "pdvsa-text", "bcv", "bcv-before", "crude", "crude-before",
         "word-boundary"],
)  # fmt: skip
def test_reference_rules(
    kwargs: dict[str, str], on: date, rule: str | None, outcome: Outcome | None
) -> None:
    findings = reference_findings(facts("USD", **kwargs), US_OFAC, "US", on)  # type: ignore[arg-type]
    found = [(f.reason.rule_id, f.reason.outcome) for f in findings]
    expected = [] if rule is None else [(f"us_ofac/reference/{rule}", outcome)]
    assert found == expected


def test_reference_rule_window_end() -> None:
    """A rule with an end date (a lifted program) stops applying on that date."""
    import dataclasses

    rule = dataclasses.replace(US_OFAC.reference_rules[0], effective_until=date(2023, 10, 18))
    regime = dataclasses.replace(US_OFAC, reference_rules=(rule,))
    payment = facts("USD", creditor="PDVSA")
    assert reference_findings(payment, regime, "US", date(2023, 10, 17)) != []
    assert reference_findings(payment, regime, "US", date(2023, 10, 18)) == []


def test_reference_reason_codes_only_on_reject() -> None:
    import dataclasses

    rule = dataclasses.replace(US_OFAC.reference_rules[0], party_measure=Outcome.REJECT)
    regime = dataclasses.replace(US_OFAC, reference_rules=(rule,))
    (finding,) = reference_findings(facts("USD", creditor="PDVSA"), regime, "US", date(2020, 1, 1))
    assert finding.reason.reason_code == "RR04"
    assert finding.reason.party == "creditor"


def test_reference_under_eu_law_only_from_its_own_date() -> None:
    """The EU crude-oil ban (2022-12-05) holds a EUR payment; earlier, EU law is silent."""
    payment = facts("EUR", remittance="Payment for Russian crude oil, B/L 1123")
    assert decide(payment, [], context(at(2022, 12, 4))).outcome == Outcome.PASS
    assert decide(payment, [], context(at(2022, 12, 5))).outcome == Outcome.HOLD


def test_reference_party_with_bic_carries_it_for_licences() -> None:
    extra = FactParty("creditor", "PDVSA", "PDVSVECAXXX", "VE")
    payment = facts("USD", extra_parties=(extra,))
    (finding,) = reference_findings(payment, US_OFAC, "US", date(2020, 1, 1))
    assert finding.bics == ("PDVSVECAXXX",)


def test_first_term_follows_the_rule_order_not_the_text() -> None:
    from bankwire.policy.rules import _first_term

    text = "petroleos de venezuela s a pdvsa"
    assert _first_term(text, ("pdvsa", "petroleos de venezuela")) == "pdvsa"
    assert _first_term(text, ("petroleos de venezuela", "pdvsa")) == "petroleos de venezuela"
    # The same text with other terms is not answered from the first question's memo.
    assert _first_term(text, ("banco central de venezuela",)) is None
    assert _first_term(text, ("venezuela s",)) == "venezuela s"
    assert _first_term(text, ("venezuela sa",)) is None


_WORDS = st.sampled_from(["pdvsa", "pdvs", "urals", "crude", "oil", "banco", "central", "a"])


@given(
    text=st.lists(_WORDS, max_size=6).map(" ".join),
    terms=st.lists(st.lists(_WORDS, min_size=1, max_size=2).map(" ".join), max_size=4),
)
def test_first_term_is_the_first_whole_word_match(text: str, terms: list[str]) -> None:
    """Against a word-boundary search: the first term in order found as whole words; asked
    twice (the second from the memo), the same answer."""
    import re

    from bankwire.policy.rules import _first_term

    def found(term: str) -> bool:
        return re.search(rf"(?<![0-9a-z]){re.escape(term)}(?![0-9a-z])", text) is not None

    expected = next((term for term in terms if found(term)), None)
    assert _first_term(text, tuple(terms)) == expected
    assert _first_term(text, tuple(terms)) == expected
