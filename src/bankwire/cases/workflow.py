"""The four-eyes review of an alert, as transitions that return values.

    open --propose(A)--> proposed --approve(B != A)--> resolved
                          proposed --decline(B != A)--> open

An alert is resolved only when two different reviewers agree: one proposes a judgement
(release or confirm), another approves it. A reviewer can never approve their own proposal,
and a second reviewer who disagrees declines it, which reopens the alert. Every transition
returns ``Applied`` with the new alert and its audit entry, or ``Refused`` naming why; an
illegal step is an expected event in a review queue, not an exception.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bankwire.cases.model import (
    Alert,
    AlertState,
    AuditAction,
    AuditEntry,
    Case,
    Judgement,
    Proposal,
)
from bankwire.ids import make_key
from bankwire.policy.decision import Decision, Outcome, strongest
from bankwire.sanctions.result import ScreeningResult

__all__ = [
    "Applied",
    "Refused",
    "ReviewError",
    "TransitionResult",
    "add_alert",
    "approve",
    "decline",
    "open_alert",
    "open_case",
    "propose",
]

SYSTEM_ACTOR = "policy"
"""The actor recorded for the alert's opening: the engine, not a person."""


class ReviewError(StrEnum):
    NOT_A_HOLD = "not_a_hold"
    ALREADY_RESOLVED = "already_resolved"
    NO_PROPOSAL = "no_proposal"
    PROPOSAL_PENDING = "proposal_pending"
    SAME_REVIEWER = "same_reviewer"
    REVIEWER_MISSING = "reviewer_missing"
    TIME_WENT_BACKWARDS = "time_went_backwards"
    OTHER_PAYMENT = "other_payment"


@dataclass(frozen=True, slots=True)
class Applied:
    alert: Alert
    audit: AuditEntry


@dataclass(frozen=True, slots=True)
class Refused:
    error: ReviewError
    detail: str


TransitionResult = Applied | Refused


def open_alert(
    decision: Decision, screening: Sequence[ScreeningResult], now: datetime
) -> TransitionResult:
    """The alert for a held decision, with the hits its hold reasons rest on."""
    if decision.outcome != Outcome.HOLD:
        return Refused(
            ReviewError.NOT_A_HOLD,
            f"decision {decision.id} is {decision.outcome.value}; only a hold opens an alert",
        )
    reasons = decision.effective_reasons
    cited = {(reason.entry.list_name, reason.entry.source_id) for reason in reasons if reason.entry}
    hits = tuple(
        hit
        for result in screening
        for hit in result.hits
        if (hit.list_name, hit.source_id) in cited
    )
    measures = [reason.measure for reason in reasons]
    audit = AuditEntry(now, SYSTEM_ACTOR, AuditAction.OPENED, None, AlertState.OPEN)
    alert = Alert(
        id=make_key("alert", decision.id),
        decision_id=decision.id,
        uetr=decision.uetr,
        hits=hits,
        reasons=reasons,
        outcome_if_confirmed=strongest([*measures, Outcome.REJECT]),
        opened_at=now,
        audit=(audit,),
    )
    return Applied(alert, audit)


def propose(
    alert: Alert, reviewer: str, judgement: Judgement, now: datetime, note: str = ""
) -> TransitionResult:
    """A first reviewer's judgement; it needs a second reviewer's approval."""
    refused = _check_step(alert, reviewer, now)
    if refused is not None:
        return refused
    if alert.state == AlertState.PROPOSED:
        assert alert.proposal is not None
        return Refused(
            ReviewError.PROPOSAL_PENDING,
            f"alert {alert.id} already has a proposal by {alert.proposal.reviewer} to "
            f"{alert.proposal.judgement.value}; approve or decline it first",
        )
    proposal = Proposal(reviewer, judgement, now, note)
    return _step(alert, reviewer, now, AuditAction.PROPOSED, AlertState.PROPOSED, judgement,
                 note, proposal=proposal)  # fmt: skip


def approve(alert: Alert, reviewer: str, now: datetime, note: str = "") -> TransitionResult:
    """A second, different reviewer agrees: the alert is resolved with the proposal."""
    refused = _check_second(alert, reviewer, now)
    if refused is not None:
        return refused
    assert alert.proposal is not None
    proposal = alert.proposal
    return _step(alert, reviewer, now, AuditAction.APPROVED, AlertState.RESOLVED,
                 proposal.judgement, note, proposal=proposal, resolution=proposal.judgement,
                 resolved_by=(proposal.reviewer, reviewer))  # fmt: skip


def decline(alert: Alert, reviewer: str, now: datetime, note: str = "") -> TransitionResult:
    """A second, different reviewer disagrees: the proposal is dropped, the alert reopens."""
    refused = _check_second(alert, reviewer, now)
    if refused is not None:
        return refused
    assert alert.proposal is not None
    return _step(alert, reviewer, now, AuditAction.DECLINED, AlertState.OPEN,
                 alert.proposal.judgement, note, proposal=None)  # fmt: skip


def open_case(alert: Alert) -> Case:
    """A case for the alert's payment, holding that alert."""
    return Case(id=make_key("case", alert.uetr), uetr=alert.uetr, alerts=(alert,))


def add_alert(case: Case, alert: Alert) -> Case | Refused:
    """The case with ``alert`` added (or replaced, by id, with its newer state)."""
    if alert.uetr != case.uetr:
        return Refused(
            ReviewError.OTHER_PAYMENT,
            f"alert {alert.id} is for payment {alert.uetr}, not {case.uetr}",
        )
    kept = tuple(existing for existing in case.alerts if existing.id != alert.id)
    return dataclasses.replace(case, alerts=(*kept, alert))


def _check_step(alert: Alert, reviewer: str, now: datetime) -> Refused | None:
    if not reviewer.strip():
        return Refused(ReviewError.REVIEWER_MISSING, "a review step needs a named reviewer")
    if alert.state == AlertState.RESOLVED:
        return Refused(
            ReviewError.ALREADY_RESOLVED,
            f"alert {alert.id} was resolved by {' and '.join(alert.resolved_by)}",
        )
    last = alert.audit[-1].at if alert.audit else alert.opened_at
    if now < last:
        return Refused(
            ReviewError.TIME_WENT_BACKWARDS,
            f"step at {now.isoformat()} is before the alert's last step at {last.isoformat()}",
        )
    return None


def _check_second(alert: Alert, reviewer: str, now: datetime) -> Refused | None:
    refused = _check_step(alert, reviewer, now)
    if refused is not None:
        return refused
    if alert.proposal is None:
        return Refused(ReviewError.NO_PROPOSAL, f"alert {alert.id} has no proposal to review")
    if alert.proposal.reviewer == reviewer:
        return Refused(
            ReviewError.SAME_REVIEWER,
            f"{reviewer} proposed this judgement and cannot also approve or decline it",
        )
    return None


def _step(
    alert: Alert,
    actor: str,
    now: datetime,
    action: AuditAction,
    to_state: AlertState,
    judgement: Judgement,
    note: str,
    *,
    proposal: Proposal | None,
    resolution: Judgement | None = None,
    resolved_by: tuple[str, ...] = (),
) -> Applied:
    entry = AuditEntry(now, actor, action, alert.state, to_state, judgement, note)
    updated = dataclasses.replace(
        alert,
        state=to_state,
        proposal=proposal,
        resolution=resolution,
        resolved_by=resolved_by,
        audit=(*alert.audit, entry),
    )
    return Applied(updated, entry)
