"""Alerts and cases: the analyst review of held payments, four eyes on every resolution."""

from __future__ import annotations

from bankwire.cases.model import (
    Alert,
    AlertState,
    AuditAction,
    AuditEntry,
    Case,
    Judgement,
    Proposal,
)
from bankwire.cases.workflow import (
    Applied,
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

__all__ = [
    "Alert",
    "AlertState",
    "Applied",
    "AuditAction",
    "AuditEntry",
    "Case",
    "Judgement",
    "Proposal",
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
