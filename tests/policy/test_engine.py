"""The seed story, decided: PDVSA, Evrofinance and Promsvyazbank, 2018-2022.

Each row is one payment of the story with the screening hits a screener would return, and the
outcome the law of the jurisdictions involved requires on that date. The network sits in the
EU; a USD payment brings in OFAC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from bankwire.money import Amount
from bankwire.policy import Decision, Licence, LicenceKind, Outcome, PaymentFacts, decide
from bankwire.sanctions.result import ScreeningResult
from tests.policy.factory import (
    EU_BANK,
    EVROFINANCE,
    EVROFINANCE_BIC,
    PDVSA,
    PSB,
    PSB_BIC,
    PSB_EU,
    US_BANK,
    at,
    context,
    facts,
    hit,
    licence,
    result,
)

PDVSA_NAME = "PETROLEOS DE VENEZUELA, S.A."
HUMANITARIAN_GL = licence(
    "GL 4C",
    kind=LicenceKind.GENERAL,
    covered_entries=(),
    programs=("VENEZUELA-EO13850", "VENEZUELA-EO13884"),
    purposes=("MDCS", "FOOD"),
    valid_from=at(2019, 8, 5, 0),
)
RELEASE_LICENCE = licence(
    "VE-2022-0001",
    valid_from=at(2022, 3, 10, 0),
    valid_until=at(2022, 6, 10, 0),
    cap="50000000.00",
    releases_blocked_funds=True,
)


@dataclass(frozen=True)
class Case:
    id: str
    now: datetime
    payment: PaymentFacts
    screening: tuple[ScreeningResult, ...]
    expected: Outcome
    licences: tuple[Licence, ...] = ()
    used: dict[str, Amount] = field(default_factory=dict)
    cited: tuple[str, ...] = ()


def pdvsa_hit() -> ScreeningResult:
    return result("creditor", PDVSA_NAME, hit(PDVSA))


CASES = [
    Case(
        "pdvsa-usd-2018: before any designation, USD oil proceeds to PDVSA are delivered",
        at(2018, 11, 5),
        facts("USD", creditor=PDVSA_NAME, creditor_agent=US_BANK),
        (pdvsa_hit(),),
        Outcome.PASS,
    ),
    Case(
        "pdvsa-usd-2019: after the 2019-01-28 designation the same payment is blocked",
        at(2019, 1, 29),
        facts("USD", creditor=PDVSA_NAME, creditor_agent=US_BANK),
        (pdvsa_hit(),),
        Outcome.BLOCK,
    ),
    Case(
        "evrofinance-usd-2019: PDVSA paid via Evrofinance after 2019-03-11 is blocked",
        at(2019, 3, 12),
        facts("USD", creditor=PDVSA_NAME, creditor_agent=EVROFINANCE_BIC),
        (pdvsa_hit(), result("creditor_agent", "EVRFRUMM", hit(EVROFINANCE), bic=EVROFINANCE_BIC)),
        Outcome.BLOCK,
    ),
    Case(
        "evrofinance-usd-2019-other-payer: Evrofinance alone blocks a USD payment too",
        at(2019, 3, 12),
        facts("USD", intermediaries=(EVROFINANCE_BIC,)),
        (result("intermediary_agent", "EVRFRUMM", hit(EVROFINANCE), bic=EVROFINANCE_BIC),),
        Outcome.BLOCK,
    ),
    Case(
        "evrofinance-usd-before-designation: on 2019-03-10 Evrofinance is not yet listed",
        at(2019, 3, 10),
        facts("USD", intermediaries=(EVROFINANCE_BIC,)),
        (result("intermediary_agent", "EVRFRUMM", hit(EVROFINANCE), bic=EVROFINANCE_BIC),),
        Outcome.PASS,
    ),
    Case(
        "pdvsa-eur-via-psb-2020: EUR, no US nexus, PDVSA not EU-listed: delivered",
        at(2020, 6, 1),
        facts("EUR", creditor=PDVSA_NAME, creditor_agent=PSB_BIC, receiver=PSB_BIC),
        (pdvsa_hit(),),
        Outcome.PASS,
    ),
    Case(
        "psb-usd-2022: PSB as intermediary in USD after 2022-02-22 is blocked",
        at(2022, 2, 23),
        facts("USD", intermediaries=(PSB_BIC,)),
        (result("intermediary_agent", "PRMSRUMM", hit(PSB), bic=PSB_BIC),),
        Outcome.BLOCK,
    ),
    Case(
        "psb-eur-2022-before-eu-listing: on 2022-02-22 only OFAC lists PSB; EUR passes",
        at(2022, 2, 22),
        facts("EUR", intermediaries=(PSB_BIC,)),
        (result("intermediary_agent", "PRMSRUMM", hit(PSB), hit(PSB_EU), bic=PSB_BIC),),
        Outcome.PASS,
    ),
    Case(
        "psb-eur-2022: EUR via PSB after the EU listing of 2022-02-23 is blocked",
        at(2022, 2, 24),
        facts("EUR", intermediaries=(PSB_BIC,)),
        (result("intermediary_agent", "PRMSRUMM", hit(PSB), hit(PSB_EU), bic=PSB_BIC),),
        Outcome.BLOCK,
    ),
    Case(
        "humanitarian-gl: medicine for the Venezuelan health ministry passes under GL 4C",
        at(2020, 4, 1),
        facts(
            "USD",
            creditor="Ministerio del Poder Popular para la Salud",
            creditor_agent=US_BANK,
            purposes=("MDCS",),
        ),
        (),
        Outcome.PASS,
        licences=(HUMANITARIAN_GL,),
        cited=("GL 4C",),
    ),
    Case(
        "humanitarian-gl-wrong-purpose: the same payment for arms is blocked",
        at(2020, 4, 1),
        facts(
            "USD",
            creditor="Ministerio del Poder Popular para la Defensa",
            creditor_agent=US_BANK,
            purposes=("GDDS",),
        ),
        (),
        Outcome.BLOCK,
        licences=(HUMANITARIAN_GL,),
    ),
    Case(
        "licence-release-2022: frozen PDVSA funds move under a specific licence",
        at(2022, 3, 15),
        facts(
            "USD",
            debtor=PDVSA_NAME,
            releases_blocked_funds=True,
            blocked_funds_owners=(PDVSA,),
            amount="1000000.00",
        ),
        (result("debtor", PDVSA_NAME, hit(PDVSA)),),
        Outcome.PASS,
        licences=(RELEASE_LICENCE,),
        cited=("VE-2022-0001",),
    ),
    Case(
        "licence-expired-2022: the same payment after the licence expired is blocked",
        at(2022, 6, 10, 0),
        facts("USD", debtor=PDVSA_NAME, releases_blocked_funds=True, blocked_funds_owners=(PDVSA,)),
        (result("debtor", PDVSA_NAME, hit(PDVSA)),),
        Outcome.BLOCK,
        licences=(RELEASE_LICENCE,),
    ),
    Case(
        "licence-cap-filled-exactly: a payment that fills the cap exactly still passes",
        at(2022, 3, 15),
        facts(
            "USD",
            debtor=PDVSA_NAME,
            releases_blocked_funds=True,
            blocked_funds_owners=(PDVSA,),
            amount="1000000.00",
        ),
        (result("debtor", PDVSA_NAME, hit(PDVSA)),),
        Outcome.PASS,
        licences=(RELEASE_LICENCE,),
        used={RELEASE_LICENCE.key: Amount.parse("49000000.00", "USD")},
        cited=("VE-2022-0001",),
    ),
    Case(
        "licence-cap-exceeded: one cent over the cap and the licence no longer applies",
        at(2022, 3, 15),
        facts(
            "USD",
            debtor=PDVSA_NAME,
            releases_blocked_funds=True,
            blocked_funds_owners=(PDVSA,),
            amount="1000000.01",
        ),
        (result("debtor", PDVSA_NAME, hit(PDVSA)),),
        Outcome.BLOCK,
        licences=(RELEASE_LICENCE,),
        used={RELEASE_LICENCE.key: Amount.parse("49000000.00", "USD")},
    ),
    Case(
        "release-without-release-authority: a licence that does not release frozen funds",
        at(2022, 3, 15),
        facts("EUR", debtor="ACME", releases_blocked_funds=True),
        (),
        Outcome.BLOCK,
        licences=(licence("EU-1", jurisdiction="EU", valid_from=at(2022, 3, 1)),),
    ),
    Case(
        "release-owner-unknown: a licence naming PDVSA cannot release funds of no named owner",
        at(2022, 3, 15),
        facts("USD", releases_blocked_funds=True),
        (),
        Outcome.BLOCK,
        licences=(RELEASE_LICENCE,),
    ),
    Case(
        "near-miss-name: 'Petroleos de Venezeula SA' scored 0.88 is held for review",
        at(2020, 1, 10),
        facts("USD", creditor="Petroleos de Venezeula SA", creditor_agent=US_BANK),
        (
            result(
                "creditor",
                "Petroleos de Venezeula SA",
                hit(PDVSA, 0.88, matched_name=PDVSA_NAME),
            ),
        ),
        Outcome.HOLD,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id.split(":")[0] for case in CASES])
def test_seed_story(case: Case) -> None:
    """Each step of the story gets the outcome its jurisdictions require on its date."""
    ctx = context(case.now, licences=case.licences, used=case.used)
    decision = decide(case.payment, case.screening, ctx)
    assert decision.outcome == case.expected, _explain(decision)
    assert decision.licences_cited == case.cited


def _explain(decision: Decision) -> str:
    return "\n".join(f"{r.rule_id} {r.outcome}: {r.detail}" for r in decision.reasons)


def test_blocked_decision_names_entry_list_version_and_score() -> None:
    """A block explains itself: rule, entry, list version, score, jurisdiction."""
    decision = decide(
        facts("USD", intermediaries=(PSB_BIC,)),
        [result("intermediary_agent", "PRMSRUMM", hit(PSB), bic=PSB_BIC)],
        context(at(2022, 3, 1)),
    )
    (reason,) = decision.effective_reasons
    assert reason.rule_id == "us_ofac/list/us_ofac_sdn"
    assert reason.entry is not None
    assert (reason.entry.list_name, reason.entry.source_id) == PSB
    assert reason.entry.name == "PROMSVYAZBANK PUBLIC JOINT STOCK COMPANY"
    assert reason.list_version == "us_ofac_sdn-v1"
    assert reason.score == 1.0
    assert reason.jurisdiction == "US"
    assert reason.programs == ("RUSSIA-EO14024",)
    assert decision.reject_reason_code is None
    assert decision.jurisdictions == ("EU", "US")


def test_expired_licence_is_noted_as_consulted() -> None:
    """An expired licence does not apply, and the decision records that it was looked at."""
    decision = decide(
        facts("USD", debtor=PDVSA_NAME, releases_blocked_funds=True, blocked_funds_owners=(PDVSA,)),
        [result("debtor", PDVSA_NAME, hit(PDVSA))],
        context(at(2022, 7, 1), licences=(RELEASE_LICENCE,)),
    )
    assert decision.outcome == Outcome.BLOCK
    assert {note.status for note in decision.licences_consulted} == {"expired"}


def test_licence_is_cited_on_the_licensed_reason() -> None:
    decision = decide(
        facts("USD", debtor=PDVSA_NAME, releases_blocked_funds=True, blocked_funds_owners=(PDVSA,)),
        [result("debtor", PDVSA_NAME, hit(PDVSA))],
        context(at(2022, 3, 15), licences=(RELEASE_LICENCE,)),
    )
    licensed = [reason for reason in decision.reasons if reason.licence]
    assert {reason.rule_id for reason in licensed} == {
        "us_ofac/list/us_ofac_sdn",
        "us_ofac/reference/venezuela-pdvsa",
        "release/blocked-funds",
    }
    assert all(reason.measure == Outcome.BLOCK for reason in licensed)
    assert all("allowed by OFAC licence VE-2022-0001" in reason.detail for reason in licensed)


def test_participant_jurisdiction_brings_its_law() -> None:
    """A US participant applies OFAC even to a EUR payment."""
    payment = facts("EUR", creditor=PDVSA_NAME, creditor_agent=US_BANK, receiver=US_BANK)
    screening = [pdvsa_hit()]
    alone = decide(payment, screening, context(at(2020, 6, 1)))
    with_us = decide(payment, screening, context(at(2020, 6, 1), participants={US_BANK: ("US",)}))
    assert alone.outcome == Outcome.PASS
    assert with_us.outcome == Outcome.BLOCK
    assert with_us.reasons[1].rule_id == "nexus/participant"
    assert with_us.jurisdictions == ("EU", "US")


def test_participant_looked_up_by_bic8() -> None:
    ctx = context(at(2020, 6, 1), participants={US_BANK[:8]: ("US",)})
    decision = decide(facts("EUR", receiver=US_BANK), [], ctx)
    assert decision.jurisdictions == ("EU", "US")


def test_reject_carries_reason_code() -> None:
    """A non-SDN directive prohibition rejects with RR04 instead of blocking."""
    from tests.policy.factory import SBERBANK_SSI

    decision = decide(
        facts("USD", purposes=("LOAN",)),
        [result("creditor", "SBERBANK", hit(SBERBANK_SSI))],
        context(at(2022, 1, 10)),
    )
    assert decision.outcome == Outcome.REJECT
    assert decision.reject_reason_code == "RR04"


def test_same_inputs_same_decision_id_and_different_inputs_differ() -> None:
    payment = facts("USD", intermediaries=(PSB_BIC,))
    screening = [result("intermediary_agent", "PRMSRUMM", hit(PSB), bic=PSB_BIC)]
    first = decide(payment, screening, context(at(2022, 3, 1)))
    again = decide(payment, screening, context(at(2022, 3, 1)))
    later = decide(payment, screening, context(at(2022, 3, 2)))
    licensed = decide(payment, screening, context(at(2022, 3, 1), licences=(RELEASE_LICENCE,)))
    assert first == again
    assert len({first.id, later.id, licensed.id}) == 3


def test_policy_version_names_every_regime() -> None:
    decision = decide(facts("EUR", sender=EU_BANK), [], context(at(2022, 3, 1)))
    assert decision.policy_version == "eu@2022.12;uk_ofsi@2022.03;un_sc@2022.01;us_ofac@2022.03"
    assert decision.outcome == Outcome.PASS
    assert [reason.rule_id for reason in decision.reasons] == ["nexus/network"]
