"""Four-eyes review of alerts: every legal step and every refusal, as values."""

from __future__ import annotations

import dataclasses

import pytest

from bankwire.cases import (
    Alert,
    AlertState,
    Applied,
    AuditAction,
    Judgement,
    Refused,
    ReviewError,
    TransitionResult,
    add_alert,
    approve,
    decline,
    open_alert,
    open_case,
    propose,
)
from bankwire.policy import Outcome, decide
from tests.policy.factory import PDVSA, PSB, at, context, facts, hit, result

NEAR_MISS = [result("creditor", "Petroleos de Venezeula SA", hit(PDVSA, 0.88))]


def applied(step: TransitionResult) -> Alert:
    assert isinstance(step, Applied), step
    return step.alert


def refused(step: TransitionResult) -> ReviewError:
    assert isinstance(step, Refused), step
    return step.error


def held_alert() -> Alert:
    decision = decide(facts("USD", creditor="Petroleos de Venezeula SA"), NEAR_MISS,
                      context(at(2020, 1, 10)))  # fmt: skip
    assert decision.outcome == Outcome.HOLD
    return applied(open_alert(decision, NEAR_MISS, at(2020, 1, 10)))


def test_alert_from_a_hold_keeps_decision_hits_and_measure() -> None:
    alert = held_alert()
    assert alert.state == AlertState.OPEN
    assert [h.source_id for h in alert.hits] == [PDVSA[1]]
    assert [r.rule_id for r in alert.reasons] == ["us_ofac/list/us_ofac_sdn"]
    assert alert.outcome_if_confirmed == Outcome.BLOCK
    assert alert.final_outcome is None
    assert [(e.actor, e.action) for e in alert.audit] == [("policy", AuditAction.OPENED)]
    assert alert == held_alert()  # The same hold gives the same alert id and content.


def test_only_a_hold_opens_an_alert() -> None:
    screening = [result("creditor", "PDVSA", hit(PDVSA))]
    decision = decide(facts("USD"), screening, context(at(2020, 1, 10)))
    assert decision.outcome == Outcome.BLOCK
    assert refused(open_alert(decision, screening, at(2020, 1, 10))) == ReviewError.NOT_A_HOLD


def test_hold_without_a_list_hit_confirms_at_least_to_reject() -> None:
    """A remittance mention holds; confirming it rejects (the rule's own measure is hold)."""
    decision = decide(facts("EUR", remittance="Urals crude cargo"), [], context(at(2023, 1, 2)))
    alert = applied(open_alert(decision, [], at(2023, 1, 2)))
    assert alert.hits == ()
    assert alert.outcome_if_confirmed == Outcome.REJECT


@pytest.mark.parametrize(
    ("judgement", "final"), [(Judgement.RELEASE, Outcome.PASS), (Judgement.CONFIRM, Outcome.BLOCK)]
)
def test_two_reviewers_resolve(judgement: Judgement, final: Outcome) -> None:
    alert = applied(propose(held_alert(), "ana", judgement, at(2020, 1, 11), "spelling only"))
    assert alert.state == AlertState.PROPOSED
    step = approve(alert, "ben", at(2020, 1, 11, 13), "agreed")
    resolved = applied(step)
    assert resolved.state == AlertState.RESOLVED
    assert resolved.resolution == judgement
    assert resolved.resolved_by == ("ana", "ben")
    assert resolved.final_outcome == final
    assert [(e.actor, e.action, e.from_state, e.to_state) for e in resolved.audit[1:]] == [
        ("ana", AuditAction.PROPOSED, AlertState.OPEN, AlertState.PROPOSED),
        ("ben", AuditAction.APPROVED, AlertState.PROPOSED, AlertState.RESOLVED),
    ]
    assert isinstance(step, Applied)
    assert step.audit == resolved.audit[-1]


def test_the_proposer_cannot_approve_or_decline() -> None:
    alert = applied(propose(held_alert(), "ana", Judgement.RELEASE, at(2020, 1, 11)))
    assert refused(approve(alert, "ana", at(2020, 1, 12))) == ReviewError.SAME_REVIEWER
    assert refused(decline(alert, "ana", at(2020, 1, 12))) == ReviewError.SAME_REVIEWER


def test_decline_reopens_for_a_new_proposal() -> None:
    alert = applied(propose(held_alert(), "ana", Judgement.RELEASE, at(2020, 1, 11)))
    reopened = applied(decline(alert, "ben", at(2020, 1, 12), "true match"))
    assert reopened.state == AlertState.OPEN
    assert reopened.proposal is None
    # Now ben proposes and ana, a different person, approves.
    proposed = applied(propose(reopened, "ben", Judgement.CONFIRM, at(2020, 1, 12)))
    resolved = applied(approve(proposed, "ana", at(2020, 1, 13)))
    assert resolved.resolved_by == ("ben", "ana")
    assert resolved.final_outcome == Outcome.BLOCK
    assert [e.action for e in resolved.audit] == [
        AuditAction.OPENED, AuditAction.PROPOSED, AuditAction.DECLINED,
        AuditAction.PROPOSED, AuditAction.APPROVED,
    ]  # fmt: skip


def test_refusals() -> None:
    alert = held_alert()
    proposed = applied(propose(alert, "ana", Judgement.RELEASE, at(2020, 1, 11)))
    resolved = applied(approve(proposed, "ben", at(2020, 1, 12)))
    when = at(2020, 1, 13)
    assert refused(approve(alert, "ben", when)) == ReviewError.NO_PROPOSAL
    assert refused(decline(alert, "ben", when)) == ReviewError.NO_PROPOSAL
    assert refused(propose(proposed, "ben", Judgement.CONFIRM, when)) == (
        ReviewError.PROPOSAL_PENDING
    )
    assert refused(propose(resolved, "cem", Judgement.CONFIRM, when)) == (
        ReviewError.ALREADY_RESOLVED
    )
    assert refused(approve(resolved, "cem", when)) == ReviewError.ALREADY_RESOLVED
    assert refused(propose(alert, " ", Judgement.RELEASE, when)) == ReviewError.REVIEWER_MISSING
    assert refused(approve(proposed, "ben", at(2020, 1, 10))) == ReviewError.TIME_WENT_BACKWARDS


def test_refusal_explains_itself() -> None:
    alert = applied(propose(held_alert(), "ana", Judgement.RELEASE, at(2020, 1, 11)))
    step = propose(alert, "ben", Judgement.CONFIRM, at(2020, 1, 12))
    assert isinstance(step, Refused)
    assert "already has a proposal by ana to release" in step.detail


def test_time_is_checked_against_opening_when_there_is_no_audit() -> None:
    alert = dataclasses.replace(held_alert(), audit=())
    step = propose(alert, "ana", Judgement.RELEASE, at(2020, 1, 9))
    assert refused(step) == ReviewError.TIME_WENT_BACKWARDS


def test_case_collects_alerts_of_one_payment() -> None:
    alert = held_alert()
    case = open_case(alert)
    assert case.uetr == alert.uetr
    assert not case.resolved
    proposed = applied(propose(alert, "ana", Judgement.RELEASE, at(2020, 1, 11)))
    resolved = applied(approve(proposed, "ben", at(2020, 1, 12)))
    updated = add_alert(case, resolved)
    assert not isinstance(updated, Refused)
    assert updated.alerts == (resolved,)
    assert updated.resolved
    other = dataclasses.replace(resolved, uetr="another", id="x")
    step = add_alert(updated, other)
    assert isinstance(step, Refused)
    assert step.error == ReviewError.OTHER_PAYMENT
    second = dataclasses.replace(alert, id="second-screening")
    grown = add_alert(updated, second)
    assert not isinstance(grown, Refused)
    assert [a.id for a in grown.alerts] == [resolved.id, "second-screening"]
    assert not grown.resolved


def test_alert_hits_are_those_its_reasons_cite() -> None:
    """Hits of the payment that did not raise the hold stay out of the alert."""
    screening = [*NEAR_MISS, result("debtor", "PSB", hit(PSB, 0.5))]
    decision = decide(facts("USD"), screening, context(at(2022, 3, 1)))
    alert = applied(open_alert(decision, screening, at(2022, 3, 1)))
    assert [h.source_id for h in alert.hits] == [PDVSA[1]]
