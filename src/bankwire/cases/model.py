"""Alerts raised by held payments, and the reviews that resolve them.

A *hold* is a policy outcome; an *alert* is the work item it creates for analysts (one word,
one meaning). An alert keeps the decision it came from, the hits and reasons that made it, and
its full audit trail as values, so the record of who decided what, and when, travels with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bankwire.policy.decision import Outcome, Reason
from bankwire.sanctions.result import Hit

__all__ = [
    "Alert",
    "AlertState",
    "AuditAction",
    "AuditEntry",
    "Case",
    "Judgement",
    "Proposal",
]


class AlertState(StrEnum):
    OPEN = "open"
    """Waiting for a first reviewer."""
    PROPOSED = "proposed"
    """A first reviewer proposed a judgement; a second, different reviewer must approve it."""
    RESOLVED = "resolved"


class Judgement(StrEnum):
    RELEASE = "release"
    """A false positive: the payment continues as if it had passed."""
    CONFIRM = "confirm"
    """A true match: the rule's measure (block or reject) applies."""


class AuditAction(StrEnum):
    OPENED = "opened"
    PROPOSED = "proposed"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Proposal:
    reviewer: str
    judgement: Judgement
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One step of an alert's life: who did what, when, and the state it left."""

    at: datetime
    actor: str
    action: AuditAction
    from_state: AlertState | None
    to_state: AlertState
    judgement: Judgement | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    """A hash of the decision id: re-opening the same hold gives the same alert."""
    decision_id: str
    uetr: str
    hits: tuple[Hit, ...]
    reasons: tuple[Reason, ...]
    """The hold reasons that raised the alert."""
    outcome_if_confirmed: Outcome
    """What a confirmation applies: the strongest measure the hold reasons stand for, and at
    least a reject (a confirmed prohibited payment never goes through)."""
    opened_at: datetime
    state: AlertState = AlertState.OPEN
    proposal: Proposal | None = None
    resolution: Judgement | None = None
    resolved_by: tuple[str, ...] = ()
    """Proposer then approver, once resolved: always two different people."""
    audit: tuple[AuditEntry, ...] = ()

    @property
    def final_outcome(self) -> Outcome | None:
        """The payment's outcome once resolved; None while the alert is under review."""
        if self.resolution is None:
            return None
        if self.resolution == Judgement.RELEASE:
            return Outcome.PASS
        return self.outcome_if_confirmed


@dataclass(frozen=True, slots=True)
class Case:
    """The alerts raised for one payment (a re-screening can raise another)."""

    id: str
    uetr: str
    alerts: tuple[Alert, ...] = ()

    @property
    def resolved(self) -> bool:
        return bool(self.alerts) and all(
            alert.state == AlertState.RESOLVED for alert in self.alerts
        )
