"""Everything besides the payment and its screening that a decision depends on.

The context is passed in whole, so ``decide`` reads no clock, no store and no settings: the
same context and inputs give the same decision, which is what makes replays and audits work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bankwire.errors import PolicyError
from bankwire.ids import bic8
from bankwire.money import Amount
from bankwire.policy.licences import Licence
from bankwire.policy.ownership import OwnershipRegister
from bankwire.policy.regime_model import Regime
from bankwire.sanctions.model import ListEntry

__all__ = ["PolicyContext"]


@dataclass(frozen=True, slots=True, eq=False)
class PolicyContext:
    """The state of the world a payment is decided in."""

    now: datetime
    """The decision instant (aware); licences expire and designations start against it."""
    network_jurisdiction: str
    """The jurisdiction the network itself is under (``EU``): its law applies to every payment."""
    regimes: tuple[Regime, ...]
    """The regimes in force (``bundled_regimes()`` or a replay's own versions)."""
    participant_jurisdictions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """BIC (8 or 11) -> jurisdictions that participant applies to everything it handles."""
    licences: tuple[Licence, ...] = ()
    licence_used: Mapping[str, Amount] = field(default_factory=dict)
    """``Licence.key`` -> amount already moved under it (from the ledger)."""
    ownership_register: OwnershipRegister = field(default_factory=OwnershipRegister)
    entries: Mapping[tuple[str, str], ListEntry] = field(default_factory=dict)
    """(list name, source id) -> entry, for ownership links and designation dates."""

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise PolicyError(f"policy context: now must be timezone-aware (got {self.now})")
        if not self.regimes:
            raise PolicyError("policy context: at least one regime must be in force (got none)")
        caps = {licence.key: licence.amount_cap for licence in self.licences}
        for key, used in self.licence_used.items():
            cap = caps.get(key)
            if cap is not None and cap.currency != used.currency:
                raise PolicyError(
                    f"policy context: licence_used[{key!r}] must be in {cap.currency} (got {used})"
                )

    def jurisdictions_of(self, bic: str) -> tuple[str, ...]:
        """A participant's jurisdictions, looked up by the full BIC, then by its BIC8."""
        found = self.participant_jurisdictions.get(bic.upper())
        if found is None:
            found = self.participant_jurisdictions.get(bic8(bic.upper()), ())
        return found

    @property
    def policy_version(self) -> str:
        return ";".join(sorted(f"{regime.name}@{regime.version}" for regime in self.regimes))
