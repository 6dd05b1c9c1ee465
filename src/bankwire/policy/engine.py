"""``decide``: the policy decision for one payment, a pure function of its inputs.

The steps, each producing reasons: find the jurisdictions whose law applies (the network's,
each participant's, and the currency's nexus); under each regime those jurisdictions enforce,
weigh the screening hits, the 50 % ownership rule, embargoes and program references; let a
licence turn a block or reject into a pass where it covers the party, purpose, window and
amount; and take the strongest outcome (block > reject > hold > pass). Nothing here reads a
clock, a store or a setting, so a replay with the same inputs gives the same decision and id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC

from bankwire.ids import make_key
from bankwire.policy.context import PolicyContext
from bankwire.policy.decision import Decision, LicenceNote, Outcome, Reason, strongest
from bankwire.policy.hits import hit_findings
from bankwire.policy.licences import LicenceRequest, find_applicable
from bankwire.policy.model import PaymentFacts
from bankwire.policy.ownership_rule import ownership_findings
from bankwire.policy.rules import Finding, embargo_findings, reference_findings
from bankwire.sanctions.result import ScreeningResult

__all__ = ["applicable_jurisdictions", "decide"]

_DEFAULT_REJECT_CODE = "RR04"


def decide(
    facts: PaymentFacts, screening: Sequence[ScreeningResult], context: PolicyContext
) -> Decision:
    """Decide what happens to ``facts`` given its screening results, in ``context``.

    Never raises on well-typed input: every expected situation (a hit, an expired licence,
    a missing entry) is an outcome with reasons.
    """
    on = context.now.astimezone(UTC).date()
    jurisdictions = applicable_jurisdictions(facts, context)
    reasons: list[Reason] = [
        Reason(rule_id=rule_id, outcome=Outcome.PASS, measure=Outcome.PASS, detail=why,
               jurisdiction=jurisdiction)
        for jurisdiction, (rule_id, why) in jurisdictions.items()
    ]  # fmt: skip
    findings: list[Finding] = []
    for regime in context.regimes:
        for jurisdiction in regime.applied_by:
            if jurisdiction not in jurisdictions:
                continue
            regime_hits = hit_findings(
                screening, regime, jurisdiction, facts.purpose_codes, context.entries, on
            )
            findings.extend(regime_hits)
            findings.extend(ownership_findings(facts, regime, jurisdiction, regime_hits, context))
            findings.extend(embargo_findings(facts, regime, jurisdiction, on))
            findings.extend(reference_findings(facts, regime, jurisdiction, on))
    if facts.releases_blocked_funds:
        findings.append(_release_finding(facts))
    licensed, notes = _apply_licences(findings, facts, context)
    reasons.extend(licensed)
    outcome = strongest([reason.outcome for reason in reasons])
    reject_code = None
    if outcome == Outcome.REJECT:
        codes = [reason.reason_code for reason in reasons if reason.outcome == Outcome.REJECT]
        reject_code = next((code for code in codes if code), _DEFAULT_REJECT_CODE)
    return Decision(
        id=_decision_id(facts, screening, context, tuple(jurisdictions)),
        uetr=facts.uetr,
        outcome=outcome,
        reasons=tuple(reasons),
        decided_at=context.now,
        policy_version=context.policy_version,
        jurisdictions=tuple(jurisdictions),
        licences_consulted=notes,
        reject_reason_code=reject_code,
    )


def applicable_jurisdictions(
    facts: PaymentFacts, context: PolicyContext
) -> dict[str, tuple[str, str]]:
    """Jurisdiction -> (rule id, why it applies), first reason first, network first."""
    found: dict[str, tuple[str, str]] = {
        context.network_jurisdiction: (
            "nexus/network",
            f"the network operates under {context.network_jurisdiction} law",
        )
    }
    currency = facts.amount.currency.code
    for regime in context.regimes:
        if currency in regime.nexus_currencies:
            found.setdefault(
                regime.jurisdiction,
                ("nexus/currency", f"a {currency} payment carries a {regime.jurisdiction} nexus"),
            )
    for bic in facts.bics:
        for jurisdiction in context.jurisdictions_of(bic):
            found.setdefault(
                jurisdiction,
                ("nexus/participant", f"participant {bic} applies {jurisdiction} law"),
            )
    return found


def _release_finding(facts: PaymentFacts) -> Finding:
    """Money leaving a blocked account needs a licence authorising release, always."""
    reason = Reason(
        rule_id="release/blocked-funds",
        outcome=Outcome.BLOCK,
        measure=Outcome.BLOCK,
        detail="the payment releases blocked funds, which only a licence authorising "
        "release allows",
    )
    return Finding(reason, facts.bics, facts.blocked_funds_owners)


def _apply_licences(
    findings: Sequence[Finding], facts: PaymentFacts, context: PolicyContext
) -> tuple[list[Reason], tuple[LicenceNote, ...]]:
    """Each block or reject finding, turned into a pass where a licence covers it."""
    reasons: list[Reason] = []
    notes: dict[LicenceNote, None] = {}
    for finding in findings:
        reason = finding.reason
        if reason.outcome not in (Outcome.BLOCK, Outcome.REJECT) or not context.licences:
            reasons.append(reason)
            continue
        request = LicenceRequest(
            jurisdiction=reason.jurisdiction,
            programs=reason.programs,
            entries=finding.entries,
            bics=finding.bics,
            message_type=facts.message_type,
            purposes=facts.purpose_codes,
            amount=facts.amount,
            releases_blocked_funds=facts.releases_blocked_funds,
        )
        search = find_applicable(context.licences, request, context.now, context.licence_used)
        notes.update(dict.fromkeys(search.notes))
        if search.licence is None:
            reasons.append(reason)
            continue
        reasons.append(
            dataclasses.replace(
                reason,
                outcome=Outcome.PASS,
                licence=search.licence.number,
                reason_code=None,
                detail=f"{reason.detail}; allowed by {search.licence.issuer} licence "
                f"{search.licence.number}",
            )
        )
    return reasons, tuple(notes)


def _decision_id(
    facts: PaymentFacts,
    screening: Sequence[ScreeningResult],
    context: PolicyContext,
    jurisdictions: tuple[str, ...],
) -> str:
    """A hash of everything the decision read, so equal inputs give equal ids."""
    parts: list[str | int | None] = [
        facts.uetr, facts.message_type, facts.amount.minor_units, facts.amount.currency.code,
        facts.sender_bic, facts.receiver_bic, repr(facts.parties), repr(facts.purpose_codes),
        facts.remittance_text, repr(facts.intermediary_bics), int(facts.releases_blocked_funds),
        repr(facts.blocked_funds_owners),
        context.now.isoformat(), ",".join(jurisdictions),
        ",".join(sorted(regime.digest for regime in context.regimes)),
        repr(context.ownership_register.links),
    ]  # fmt: skip
    for result in screening:
        parts.append(result.query.id or result.query.name)
        parts.extend(
            f"{hit.list_name}|{hit.source_id}|{hit.score!r}|{hit.list_version}|{hit.weak_alias}"
            for hit in result.hits
        )
    for licence in sorted(context.licences, key=lambda item: item.key):
        used = context.licence_used.get(licence.key)
        parts.append(f"{licence.key}|{used}|{licence!r}")
    return make_key(*parts)
