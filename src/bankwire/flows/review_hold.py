"""An analyst's review of a held payment, four-eyes, and what follows from it.

A hold opens an alert (``bankwire.cases``); one analyst proposes (approve = release, reject =
confirm the match), a second, different analyst agrees or declines. Only an agreed judgement
acts: a release posts the payment's pending transfer and queues it to the receiver; a
confirmation voids the reservation and applies the rule's measure (reject, or block with the
funds frozen). The reviews are stored as a list and replayed through the workflow, so the
stored record and the rules can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bankwire.cases.model import Alert, AlertState, Judgement
from bankwire.cases.workflow import Applied, Refused, approve, decline, propose
from bankwire.flows.decide import DecisionRecord
from bankwire.flows.postings import blocked_account, post, post_hold, settlement_account, void_hold
from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.flows.steps import drive, message_amount
from bankwire.ids import make_key
from bankwire.ledger.model import TransferCode
from bankwire.ledger.results import CreateTransferResult
from bankwire.messages.model import TransactionStatus
from bankwire.policy.decision import Outcome, strongest
from bankwire.store.base import Event, HoldRecord, HoldState, MessageState, StoredMessage

__all__ = ["Action", "ReviewOutcome", "resume_reviews", "review_hold"]


class Action(StrEnum):
    APPROVE = "approve"
    """Release: the hit is a false positive; the payment continues."""
    REJECT = "reject"
    """Confirm: the hit is true; the rule's measure applies."""


_JUDGEMENTS = {Action.APPROVE: Judgement.RELEASE, Action.REJECT: Judgement.CONFIRM}


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    applied: bool
    alert_state: str
    detail: str
    payment_state: str | None = None


def review_hold(
    services: Services, uetr: str, analyst: str, action: Action, note: str = ""
) -> ReviewOutcome:
    """Record one analyst's judgement on the hold of ``uetr``; act once two agree."""
    now = services.clock.now()
    with services.store.transaction() as tx:
        message = next(
            (m for m in tx.messages_by_uetr(uetr.lower()) if m.origin == "participant"), None
        )
        hold = None if message is None else tx.hold(message.id)
        if message is None or hold is None or hold.state is not HoldState.OPEN:
            return ReviewOutcome(False, "none", f"no open hold for UETR {uetr}")
        alert = _replay(message, hold)
        result = _transition(alert, analyst, _JUDGEMENTS[action], now, note)
        if isinstance(result, Refused):
            return ReviewOutcome(False, alert.state.value, f"{result.error}: {result.detail}")
        review = {"analyst": analyst, "action": action.value, "at": now.isoformat(), "note": note}
        resolved = result.alert.final_outcome
        state = _hold_state(resolved)
        tx.save_hold(HoldRecord(hold.message_pk, hold.uetr, hold.opened_at, state,
                                (*hold.reviews, review)))  # fmt: skip
        detail = {"analyst": analyst, "action": action.value, "alert": result.alert.state.value}
        tx.append_event(Event(now, "reviewed", message.uetr, message.id, analyst, detail))
    if resolved is None:
        return ReviewOutcome(True, result.alert.state.value, "awaiting a second analyst")
    payment_state = _act(services, message, resolved, result.alert)
    return ReviewOutcome(True, AlertState.RESOLVED.value, f"resolved: {resolved}", payment_state)


def _transition(
    alert: Alert, analyst: str, judgement: Judgement, now: datetime, note: str
) -> Applied | Refused:
    if alert.state is AlertState.OPEN:
        return propose(alert, analyst, judgement, now, note)
    assert alert.proposal is not None
    if alert.proposal.judgement is judgement:
        return approve(alert, analyst, now, note)
    return decline(alert, analyst, now, note)


def _replay(message: StoredMessage, hold: HoldRecord) -> Alert:
    """The alert as the stored reviews left it, rebuilt through the workflow's own rules."""
    record = DecisionRecord.from_json(message.decision)
    measures = [Outcome(r["measure"]) for r in record.reasons if r["outcome"] == "hold"]
    alert = Alert(
        id=make_key("alert", record.decision_id),
        decision_id=record.decision_id or "",
        uetr=message.uetr or "",
        hits=(),
        reasons=(),
        outcome_if_confirmed=strongest([*measures, Outcome.REJECT]),
        opened_at=hold.opened_at,
    )
    for review in hold.reviews:
        step = _transition(
            alert, review["analyst"], _JUDGEMENTS[Action(review["action"])],
            datetime.fromisoformat(review["at"]), review["note"],
        )  # fmt: skip
        assert isinstance(step, Applied), f"stored review does not replay: {step}"
        alert = step.alert
    return alert


def _hold_state(resolved: Outcome | None) -> HoldState:
    if resolved is None:
        return HoldState.OPEN
    return HoldState.APPROVED if resolved is Outcome.PASS else HoldState.REJECTED


def _act(services: Services, message: StoredMessage, resolved: Outcome, alert: Alert) -> str:
    """Apply the agreed judgement: settle and queue, or void and reject/block."""
    if resolved is Outcome.PASS:
        result = post_hold(services.ledger, message.id, message.uetr)
        assert result in (CreateTransferResult.OK, CreateTransferResult.EXISTS), result
        with services.store.transaction() as tx:
            if tx.advance(message.id, MessageState.HELD, MessageState.SETTLED, "pass"):
                detail: dict[str, Any] = {"released_by": list(alert.resolved_by)}
                tx.append_event(Event(services.clock.now(), "released", message.uetr,
                                      message.id, None, detail))  # fmt: skip
        drive(services, message.id)
        return MessageState.QUEUED.value
    void_hold(services.ledger, message.id, message.uetr)
    return _confirm(services, message, resolved, alert)


def _confirm(services: Services, message: StoredMessage, resolved: Outcome, alert: Alert) -> str:
    record = DecisionRecord.from_json(message.decision)
    amount = message_amount(message)
    new_state = MessageState.REJECTED
    if resolved is Outcome.BLOCK:
        sender = settlement_account(message.sender, amount.currency.code)
        frozen = blocked_account(record.block_jurisdiction, amount.currency.code)
        post(services.ledger, "block", message.id, message.uetr, sender, frozen, amount,
             TransferCode.BLOCK)  # fmt: skip
        new_state = MessageState.BLOCKED
    now = services.clock.now()
    with services.store.transaction() as tx:
        if tx.advance(message.id, MessageState.HELD, new_state, resolved.value):
            detail = {"confirmed_by": list(alert.resolved_by), "outcome": resolved.value}
            tx.append_event(Event(now, new_state.value, message.uetr, message.id, None, detail))
            why = ("confirmed sanctions match after review",)
            rejected = TransactionStatus.REJECTED
            issue_status_report(tx, services.network_bic, message, rejected, now, "RR04", why)
    return new_state.value


def resume_reviews(services: Services) -> int:
    """Act on holds two analysts resolved but a crash stopped before the ledger moved."""
    with services.store.transaction() as tx:
        pending = [
            (message, hold)
            for message in tx.messages_in([MessageState.HELD])
            if (hold := tx.hold(message.id)) is not None and hold.state is not HoldState.OPEN
        ]
    for message, hold in pending:
        alert = _replay(message, hold)
        resolved = alert.final_outcome
        assert resolved is not None, f"hold {hold.message_pk} marked {hold.state} but unresolved"
        _act(services, message, resolved, alert)
    return len(pending)
