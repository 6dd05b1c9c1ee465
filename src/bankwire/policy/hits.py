"""What a screening hit means under one regime: its list's measure, thresholds, weak aliases.

A hit is evidence, not a decision. Under a regime it counts only if its list is one the regime
enforces and its entry was designated by the decision date; then its score decides between
no effect, review (hold), and the measure itself. A weak a.k.a. alone never blocks (OFAC: weak
aliases are "not sufficient to identify" a person), so it holds at most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bankwire.policy.decision import MatchedEntry, Outcome, Reason, strongest
from bankwire.policy.regime_model import ListRule, Regime
from bankwire.policy.rules import Finding
from bankwire.sanctions.model import IdentifierScheme, ListEntry
from bankwire.sanctions.result import Hit, ScreeningResult

__all__ = ["hit_findings", "hit_measure"]


def hit_findings(
    results: Sequence[ScreeningResult],
    regime: Regime,
    jurisdiction: str,
    purposes: Sequence[str],
    entries: Mapping[tuple[str, str], ListEntry],
    on: date,
) -> list[Finding]:
    """A finding for every hit that matters under ``regime``."""
    findings: list[Finding] = []
    for result in results:
        bics = tuple(
            value
            for scheme, value in result.query.identifiers
            if scheme == IdentifierScheme.BIC.value
        )
        party = result.query.id or result.query.name
        for hit in result.hits:
            rule = regime.list_rule(hit.list_name)
            if rule is None or hit.score < regime.thresholds.hold_min:
                continue
            entry = entries.get((hit.list_name, hit.source_id))
            if entry is not None and entry.listed_on is not None and entry.listed_on > on:
                continue  # Not designated yet on the decision date (a replay of the past).
            programs = hit.programs or (entry.programs if entry is not None else ())
            measure, reason_code = hit_measure(rule, regime, programs, purposes)
            certain = hit.score >= regime.thresholds.action_min and not hit.weak_alias
            reason = _reason(hit, regime, jurisdiction, (measure, reason_code, certain), programs,
                             party)  # fmt: skip
            findings.append(Finding(reason, bics, ((hit.list_name, hit.source_id),), certain))
    return findings


def hit_measure(
    rule: ListRule, regime: Regime, programs: Sequence[str], purposes: Sequence[str]
) -> tuple[Outcome, str]:
    """What a true match on this list requires, and the reject code that goes with it."""
    if rule.measure is not None:
        return rule.measure, rule.reason_code
    measures: list[tuple[Outcome, str]] = []
    for program in programs:
        program_rule = regime.program_rule(program)
        if program_rule is None:
            measures.append((regime.unknown_program_measure, rule.reason_code))
        elif program_rule.only_for_purposes and not set(program_rule.only_for_purposes) & set(
            purposes
        ):
            measures.append((Outcome.PASS, program_rule.reason_code))
        else:
            measures.append((program_rule.measure, program_rule.reason_code))
    if not measures:
        return regime.unknown_program_measure, rule.reason_code
    top = strongest([measure for measure, _ in measures])
    return top, next(code for measure, code in measures if measure == top)


def _reason(
    hit: Hit,
    regime: Regime,
    jurisdiction: str,
    verdict: tuple[Outcome, str, bool],
    programs: tuple[str, ...],
    party: str,
) -> Reason:
    measure, reason_code, certain = verdict
    outcome = measure if certain or measure.rank <= Outcome.HOLD.rank else Outcome.HOLD
    if hit.weak_alias and outcome == Outcome.HOLD:
        why = "a weak alias matched, which alone never blocks"
    elif outcome == Outcome.HOLD and measure.rank > Outcome.HOLD.rank:
        why = f"score {hit.score:.2f} is below {regime.thresholds.action_min:.2f}"
    else:
        why = f"{hit.basis.value} match scored {hit.score:.2f}"
    return Reason(
        rule_id=f"{regime.name}/list/{hit.list_name}",
        outcome=outcome,
        measure=measure,
        detail=(
            f"{party!r} matched {hit.matched_name!r} on {hit.list_name} "
            f"({', '.join(programs) or 'no program'}); {jurisdiction} requires {measure.value}; "
            f"{why}"
        ),
        jurisdiction=jurisdiction,
        entry=MatchedEntry(hit.list_name, hit.source_id, hit.primary_name),
        list_version=hit.list_version,
        score=hit.score,
        programs=programs,
        party=party,
        reason_code=reason_code if outcome == Outcome.REJECT else None,
    )
