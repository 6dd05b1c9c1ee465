"""Screening hits under a regime: thresholds, weak aliases, by-program lists, dates."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bankwire.policy.decision import Outcome
from bankwire.policy.hits import hit_findings, hit_measure
from bankwire.policy.regimes import bundled_regimes
from tests.policy.factory import (
    CHINA_TELECOM_CMIC,
    PDVSA,
    PSB_BIC,
    SBERBANK_SSI,
    hit,
    result,
    story_entries,
)

US_OFAC = next(regime for regime in bundled_regimes() if regime.name == "us_ofac")
ON = date(2022, 3, 1)


def outcomes(*results: object, purposes: tuple[str, ...] = (), entries: object = None) -> list[
    tuple[Outcome, Outcome]
]:  # fmt: skip
    found = hit_findings(
        results,  # type: ignore[arg-type]
        US_OFAC,
        "US",
        purposes,
        story_entries() if entries is None else entries,  # type: ignore[arg-type]
        ON,
    )
    return [(finding.reason.outcome, finding.reason.measure) for finding in found]


@pytest.mark.parametrize(
    ("score", "weak", "expected"),
    [
        (0.79, False, []),
        (0.80, False, [(Outcome.HOLD, Outcome.BLOCK)]),
        (0.91, False, [(Outcome.HOLD, Outcome.BLOCK)]),
        (0.92, False, [(Outcome.BLOCK, Outcome.BLOCK)]),
        (1.00, True, [(Outcome.HOLD, Outcome.BLOCK)]),
    ],
)
def test_thresholds_and_weak_alias(score: float, weak: bool, expected: list[object]) -> None:
    assert outcomes(result("creditor", "PDVSA", hit(PDVSA, score, weak_alias=weak))) == expected


def test_weak_alias_explained() -> None:
    (finding,) = hit_findings(
        [result("creditor", "PDVSA", hit(PDVSA, weak_alias=True))],
        US_OFAC, "US", (), story_entries(), ON,
    )  # fmt: skip
    assert "a weak alias matched, which alone never blocks" in finding.reason.detail
    assert finding.reason.reason_code is None


def test_hits_on_lists_the_regime_does_not_enforce_are_ignored() -> None:
    eu_hit = dataclasses.replace(hit(PDVSA), list_name="eu_fsf")
    assert outcomes(result("creditor", "PDVSA", eu_hit)) == []


def test_bic_of_the_query_is_kept_for_licences() -> None:
    (finding,) = hit_findings(
        [result("creditor_agent", "PSB", hit(PDVSA), bic=PSB_BIC)],
        US_OFAC, "US", (), story_entries(), ON,
    )  # fmt: skip
    assert finding.bics == (PSB_BIC,)
    assert finding.entries == (PDVSA,)


@pytest.mark.parametrize(
    ("key", "purposes", "expected"),
    [
        (SBERBANK_SSI, (), (Outcome.REJECT, Outcome.REJECT)),  # RUSSIA-EO14024 directive.
        (CHINA_TELECOM_CMIC, ("GDDS",), (Outcome.PASS, Outcome.PASS)),
        (CHINA_TELECOM_CMIC, ("SECU",), (Outcome.REJECT, Outcome.REJECT)),
    ],
)
def test_by_program_lists(
    key: tuple[str, str], purposes: tuple[str, ...], expected: tuple[Outcome, Outcome]
) -> None:
    assert outcomes(result("creditor", "X", hit(key)), purposes=purposes) == [expected]


def test_hit_measure_unknown_and_missing_programs() -> None:
    rule = US_OFAC.list_rule("us_ofac_cons")
    assert rule is not None
    assert hit_measure(rule, US_OFAC, ("NO-SUCH-PROGRAM",), ()) == (Outcome.HOLD, "RR04")
    assert hit_measure(rule, US_OFAC, (), ()) == (Outcome.HOLD, "RR04")
    assert hit_measure(rule, US_OFAC, ("NS-PLC", "UKRAINE-EO13662"), ()) == (
        Outcome.REJECT,
        "RR04",
    )


def test_programs_come_from_the_entry_when_the_hit_has_none() -> None:
    bare = dataclasses.replace(hit(SBERBANK_SSI), programs=())
    assert outcomes(result("creditor", "X", bare)) == [(Outcome.REJECT, Outcome.REJECT)]
    assert outcomes(result("creditor", "X", bare), entries={}) == [(Outcome.HOLD, Outcome.HOLD)]


def test_entry_listed_after_the_decision_date_does_not_count() -> None:
    entries = dict(story_entries())
    entries[PDVSA] = dataclasses.replace(entries[PDVSA], listed_on=date(2022, 3, 2))
    assert outcomes(result("creditor", "PDVSA", hit(PDVSA)), entries=entries) == []
    entries[PDVSA] = dataclasses.replace(entries[PDVSA], listed_on=None)
    assert outcomes(result("creditor", "PDVSA", hit(PDVSA)), entries=entries) != []


def test_party_is_the_query_id_or_its_name() -> None:
    from bankwire.sanctions.result import ScreeningQuery, ScreeningResult

    unnamed = ScreeningResult(ScreeningQuery("PDVSA"), (hit(PDVSA),), "m")
    (finding,) = hit_findings([unnamed], US_OFAC, "US", (), story_entries(), ON)
    assert finding.reason.party == "PDVSA"
