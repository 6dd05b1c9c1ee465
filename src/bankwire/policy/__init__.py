"""Sanctions policy: from a payment's facts and screening results to a decision.

The public surface is what the network pipeline calls: build ``PaymentFacts`` from a message
and a ``PolicyContext`` from the state of the world, call ``decide``, and ``check_access``
before screening.
"""

from __future__ import annotations

from bankwire.policy.access import (
    ACCESS_REJECT_CODE,
    AccessDecision,
    AccessReason,
    ParticipantStatus,
    check_access,
)
from bankwire.policy.context import PolicyContext
from bankwire.policy.decision import (
    REJECT_REASON_CODES,
    Decision,
    LicenceNote,
    MatchedEntry,
    Outcome,
    Reason,
    strongest,
)
from bankwire.policy.engine import applicable_jurisdictions, decide
from bankwire.policy.licences import (
    Licence,
    LicenceKind,
    LicenceRequest,
    LicenceSearch,
    LicenceStatus,
    add_usage,
    find_applicable,
)
from bankwire.policy.model import FactParty, PaymentFacts
from bankwire.policy.ownership import (
    OwnershipLink,
    OwnershipRegister,
    bic_node,
    entry_node,
    links_from_entries,
    name_node,
)
from bankwire.policy.regimes import Regime, bundled_regimes, load_regime, regimes_for

__all__ = [
    "ACCESS_REJECT_CODE",
    "REJECT_REASON_CODES",
    "AccessDecision",
    "AccessReason",
    "Decision",
    "FactParty",
    "Licence",
    "LicenceKind",
    "LicenceNote",
    "LicenceRequest",
    "LicenceSearch",
    "LicenceStatus",
    "MatchedEntry",
    "Outcome",
    "OwnershipLink",
    "OwnershipRegister",
    "ParticipantStatus",
    "PaymentFacts",
    "PolicyContext",
    "Reason",
    "Regime",
    "add_usage",
    "applicable_jurisdictions",
    "bic_node",
    "bundled_regimes",
    "check_access",
    "decide",
    "entry_node",
    "find_applicable",
    "links_from_entries",
    "load_regime",
    "name_node",
    "regimes_for",
    "strongest",
]
