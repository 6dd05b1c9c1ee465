"""The 50 % rule applied to one payment under one regime.

Start nodes are the payment's parties (by BIC and by name, as a participant's register names
them) and the list entries that certain hits identified; owners come from the register and
from the entries' own ``OWNED_BY`` links. A node counts as designated when its list entry is
blocked under the regime on the decision date, or when a certain blocking hit in this payment
identified it. What ``ownership.blocked_by_ownership`` finds becomes a block reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC

from bankwire.policy.context import PolicyContext
from bankwire.policy.decision import MatchedEntry, Outcome, Reason
from bankwire.policy.hits import hit_measure
from bankwire.policy.model import PaymentFacts
from bankwire.policy.ownership import (
    BASIS_POINTS_WHOLE,
    OwnershipFinding,
    bic_node,
    blocked_by_ownership,
    entry_node,
    entry_owner_shares,
    name_node,
    owners_index,
)
from bankwire.policy.regime_model import Regime
from bankwire.policy.rules import Finding
from bankwire.sanctions.model import ListEntry

__all__ = ["ownership_findings"]


def ownership_findings(
    facts: PaymentFacts,
    regime: Regime,
    jurisdiction: str,
    hit_findings: Sequence[Finding],
    context: PolicyContext,
) -> list[Finding]:
    """Block findings for parties that blocked persons own at or above the regime's share."""
    share_min = regime.ownership_share_min_basis_points
    if share_min is None:
        return []
    starts: dict[str, tuple[str, ...]] = {}  # node -> BICs of the party it stands for
    if context.ownership_register.links:
        # Parties known by BIC or name have owners only in a register.
        for party in facts.parties:
            bics = (party.bic,) if party.bic else ()
            if party.bic:
                starts.setdefault(bic_node(party.bic), bics)
            if party.name:
                starts.setdefault(name_node(party.name), bics)
        for bic in facts.bics:
            starts.setdefault(bic_node(bic), (bic,))
    designated_by_hits: set[str] = set()
    for finding in hit_findings:
        (entry_key,) = finding.entries  # Every hit finding names exactly its entry.
        node = entry_node(*entry_key)
        if finding.certain:
            starts.setdefault(node, finding.bics)
        if finding.reason.outcome == Outcome.BLOCK:
            designated_by_hits.add(node)
            designated_by_hits.update(bic_node(bic) for bic in finding.bics)
    register = owners_index(context.ownership_register.links)
    on = context.now.astimezone(UTC).date()

    def owners_of(node: str) -> Mapping[str, int]:
        shares = dict(register.get(node, {}))
        entry = _entry(context.entries, node)
        if entry is not None:
            for owner, share in entry_owner_shares(entry).items():
                shares[owner] = max(shares.get(owner, 0), share)
        return shares

    def is_designated(node: str) -> bool:
        if node in designated_by_hits:
            return True
        entry = _entry(context.entries, node)
        if entry is None or (entry.listed_on is not None and entry.listed_on > on):
            return False
        rule = regime.list_rule(entry.list_name)
        if rule is None:
            return False
        measure, _ = hit_measure(rule, regime, entry.programs, facts.purpose_codes)
        return measure == Outcome.BLOCK

    found = blocked_by_ownership(starts, owners_of, is_designated, share_min)
    return [
        Finding(
            _reason(found[node], regime, jurisdiction, context),
            starts[node],
            tuple(_owner_key(owner) for owner in found[node].blocked_owners),
        )
        for node in sorted(found)
    ]


def _owner_key(node: str) -> tuple[str, str]:
    """The (list, source id) a licence must name to cover this owner's property.

    Owners known only by BIC or name get a key no licence names: a licence covering the
    owned party itself (by BIC) or a general licence is then needed.
    """
    prefix, _, rest = node.partition("/")
    return ("node", node) if prefix in {"bic", "name"} else (prefix, rest)


def _entry(entries: Mapping[tuple[str, str], ListEntry], node: str) -> ListEntry | None:
    list_name, _, source_id = node.partition("/")
    return entries.get((list_name, source_id))


def _reason(
    finding: OwnershipFinding, regime: Regime, jurisdiction: str, context: PolicyContext
) -> Reason:
    owners = [_entry(context.entries, owner) for owner in finding.blocked_owners]
    programs = tuple(sorted({program for owner in owners if owner for program in owner.programs}))
    # An owner blocked by a hit of this payment but absent from the lists lends no program.
    first = next((owner for owner in owners if owner is not None), None)
    share_min = regime.ownership_share_min_basis_points or BASIS_POINTS_WHOLE
    return Reason(
        rule_id=f"{regime.name}/ownership",
        outcome=Outcome.BLOCK,
        measure=Outcome.BLOCK,
        detail=(
            f"{finding.node} is owned {_percent(finding.share_basis_points)} in aggregate by "
            f"blocked persons {', '.join(finding.blocked_owners)} "
            f"({jurisdiction} blocks from {_percent(share_min)})"
        ),
        jurisdiction=jurisdiction,
        entry=(
            None
            if first is None
            else MatchedEntry(first.list_name, first.source_id, first.primary_name)
        ),
        programs=programs,
        party=finding.node,
    )


def _percent(basis_points: int) -> str:
    return f"{basis_points // 100}.{basis_points % 100:02d} %"
