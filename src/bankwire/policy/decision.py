"""A policy decision and the reasons it gives.

A decision is a value a reviewer, a regulator and a replay can all read: the outcome, every rule
that fired with the list entry and list version it rests on, the licences consulted, and the
policy version. Its id is a hash of its inputs so the same payment under the same lists and
rules always gets the same decision id (followthemoney ``make_key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

__all__ = [
    "REJECT_REASON_CODES",
    "Decision",
    "LicenceNote",
    "MatchedEntry",
    "Outcome",
    "Reason",
    "strongest",
]


class Outcome(StrEnum):
    """What happens to the payment, weakest first: the strongest reason wins."""

    PASS = "pass"
    """Deliver and settle."""
    HOLD = "hold"
    """An analyst must review; the payment waits (a ledger *pending* transfer, not a hold)."""
    REJECT = "reject"
    """Returned to the sender with a reason code (pacs.002 RJCT, pacs.004)."""
    BLOCK = "block"
    """Funds frozen into a blocked account and reported to the regulator."""

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK: Final[dict[Outcome, int]] = {
    Outcome.PASS: 0,
    Outcome.HOLD: 1,
    Outcome.REJECT: 2,
    Outcome.BLOCK: 3,
}

# ISO 20022 ExternalStatusReason1Code values a policy rule may give when it rejects. Kept to
# the codes that describe a compliance refusal so a typo in a regime file fails on load.
REJECT_REASON_CODES: Final[dict[str, str]] = {
    "RR04": "Regulatory reason",
    "AG01": "Transaction forbidden on this type of account or network",
    "AG03": "Transaction type not supported or authorised",
    "AC06": "Account specified is blocked",
    "RR01": "Missing debtor account or identification",
    "RR02": "Missing debtor name or address",
    "RR03": "Missing creditor name or address",
    "FF01": "Invalid file format",
    "NOAS": "No answer from customer",
}


def strongest(outcomes: list[Outcome] | tuple[Outcome, ...]) -> Outcome:
    """The strongest outcome (block > reject > hold > pass); pass when there is none."""
    return max(outcomes, key=lambda outcome: outcome.rank, default=Outcome.PASS)


@dataclass(frozen=True, slots=True)
class MatchedEntry:
    """The list entry a reason rests on, as a reviewer needs to find it again."""

    list_name: str
    source_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired, what it asks for, and what it yields after licences."""

    rule_id: str
    """Stable id: ``us_ofac/list/us_ofac_sdn``, ``eu/embargo/KP``, ``us_ofac/ownership``..."""
    outcome: Outcome
    """What this reason contributes to the decision, after thresholds and licences."""
    measure: Outcome
    """What the rule requires when the match is true: the outcome a reviewer applies when
    confirming a hold, or the one a licence overrode."""
    detail: str
    """A sentence for the reviewer: why the rule fired."""
    jurisdiction: str | None = None
    entry: MatchedEntry | None = None
    list_version: str | None = None
    score: float | None = None
    programs: tuple[str, ...] = ()
    party: str | None = None
    """The screened party (the screening query's id or name) the reason is about."""
    licence: str | None = None
    """The licence number that turned this reason into a pass, when one did."""
    reason_code: str | None = None
    """ISO 20022 ExternalStatusReason code when the reason rejects (``RR04``)."""


@dataclass(frozen=True, slots=True)
class LicenceNote:
    """A licence the engine consulted and why it did or did not apply."""

    number: str
    issuer: str
    status: str
    """A ``LicenceStatus`` value: ``applies``, ``expired``, ``cap_exceeded`` ..."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one payment, with everything needed to explain and replay it."""

    id: str
    uetr: str
    outcome: Outcome
    reasons: tuple[Reason, ...]
    decided_at: datetime
    policy_version: str
    """The regimes in force, ``name@version`` joined, sorted."""
    jurisdictions: tuple[str, ...] = ()
    """Jurisdictions whose law applied, with the nexus that brought each in the reasons."""
    licences_consulted: tuple[LicenceNote, ...] = ()
    reject_reason_code: str | None = None
    """Set exactly when the outcome is ``reject``."""

    def __post_init__(self) -> None:
        if (self.outcome == Outcome.REJECT) != (self.reject_reason_code is not None):
            raise ValueError(
                f"decision {self.id}: a reject reason code goes with a reject outcome "
                f"(got outcome {self.outcome} and code {self.reject_reason_code!r})"
            )

    @property
    def licences_cited(self) -> tuple[str, ...]:
        """Numbers of the licences that allowed this payment, in reason order."""
        return tuple(
            dict.fromkeys(reason.licence for reason in self.reasons if reason.licence is not None)
        )

    @property
    def effective_reasons(self) -> tuple[Reason, ...]:
        """The reasons that carry the outcome (the others were weaker or licensed)."""
        return tuple(reason for reason in self.reasons if reason.outcome == self.outcome)
