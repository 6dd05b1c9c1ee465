"""Rules that reach a payment without a listed name: embargoes and program references.

An embargo covers a whole country or region (Cuba, North Korea, Crimea) for the jurisdictions
that impose it, whoever the parties are. A reference rule covers a program's target wherever
the payment names it: a creditor called "Ministerio del Poder Popular para la Defensa" is the
Government of Venezuela under EO 13884 whether or not a list says so, and "Urals crude" in the
remittance text points at the Russian crude ban. A party *being* the target takes the rule's
party measure; a mention in free text takes the (usually weaker) text measure, because a
mention needs a reviewer to judge it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bankwire.policy.decision import Outcome, Reason
from bankwire.policy.model import FactParty, PaymentFacts, bic_country
from bankwire.policy.regime_model import Embargo, ReferenceRule, Regime
from bankwire.policy.text import contains_term, normalise_text

__all__ = ["Finding", "embargo_findings", "reference_findings"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A reason before licences, with what a licence would have to cover."""

    reason: Reason
    bics: tuple[str, ...] = ()
    """BICs of the party concerned: a licence naming one of them covers the finding."""
    entries: tuple[tuple[str, str], ...] = ()
    """(list name, source id) of the designated persons concerned: a licence must name all of
    them. A finding names its own parties and never borrows another's, so that adding a hit
    can make a licence harder to apply, never easier (the outcome is monotonic)."""
    certain: bool = False
    """A hit strong enough to identify its entry without review (not a weak alias); only
    such a hit lets the 50 % rule treat the party as that entry."""


def embargo_findings(
    facts: PaymentFacts, regime: Regime, jurisdiction: str, on: date
) -> list[Finding]:
    """One finding per embargo in force on ``on`` that a party, region or bank falls in."""
    findings: list[Finding] = []
    payment_bics = facts.bics
    for embargo in regime.embargoes:
        if embargo.effective_from > on:
            continue
        for where, bics in _locations(facts, payment_bics, embargo):
            reason = Reason(
                rule_id=f"{regime.name}/embargo/{embargo.program}",
                outcome=embargo.measure,
                measure=embargo.measure,
                detail=f"{where} is under the {embargo.program} embargo of {jurisdiction}",
                jurisdiction=jurisdiction,
                programs=(embargo.program,),
                party=where,
                reason_code=embargo.reason_code if embargo.measure == Outcome.REJECT else None,
            )
            findings.append(Finding(reason, bics))
            break  # One reason per embargo is enough to explain it.
    return findings


def _locations(
    facts: PaymentFacts, payment_bics: tuple[str, ...], embargo: Embargo
) -> list[tuple[str, tuple[str, ...]]]:
    """Where the payment touches the embargoed area: (description, BICs concerned)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for party in facts.parties:
        if _party_in(party, embargo):
            place = party.region if embargo.regions else party.country
            bics = (party.bic,) if party.bic else ()
            found.append((f"{party.role} {party.name or party.bic or ''} ({place})", bics))
    if not embargo.regions:
        # A bank's BIC locates it; regions cannot be read from a BIC.
        for bic in payment_bics:
            if bic_country(bic) == embargo.country:
                found.append((f"bank {bic} ({embargo.country})", (bic,)))
    return found


def _party_in(party: FactParty, embargo: Embargo) -> bool:
    if embargo.regions:
        return party.region is not None and party.region.upper() in embargo.regions
    return party.country is not None and party.country.upper() == embargo.country


def reference_findings(
    facts: PaymentFacts, regime: Regime, jurisdiction: str, on: date
) -> list[Finding]:
    """One finding per reference rule in force whose terms a party name or the text holds."""
    findings: list[Finding] = []
    text = normalise_text(facts.remittance_text)
    for rule in regime.reference_rules:
        if rule.effective_from > on:
            continue
        if rule.effective_until is not None and rule.effective_until <= on:
            continue
        finding = _party_reference(facts, rule, regime, jurisdiction)
        if finding is None:
            term = _first_term(text, rule.terms)
            if term is not None:
                reason = _reference_reason(
                    rule, regime, jurisdiction, rule.text_measure, term, None
                )
                finding = Finding(reason, (), rule.entries)
        if finding is not None:
            findings.append(finding)
    return findings


def _party_reference(
    facts: PaymentFacts, rule: ReferenceRule, regime: Regime, jurisdiction: str
) -> Finding | None:
    for party in facts.parties:
        term = _first_term(normalise_text(party.name or ""), rule.terms)
        if term is not None:
            reason = _reference_reason(
                rule, regime, jurisdiction, rule.party_measure, term, party.role
            )
            return Finding(reason, (party.bic,) if party.bic else (), rule.entries)
    return None


@lru_cache(maxsize=65_536)
def _first_term(text: str, terms: tuple[str, ...]) -> str | None:
    """The first of ``terms`` that the normalised ``text`` holds as whole words.

    Cached: every payment asks it for each party and each rule in force, and party names
    come back payment after payment (about 150 term tests a payment otherwise).
    """
    for term in terms:
        if contains_term(text, term):
            return term
    return None


def _reference_reason(
    rule: ReferenceRule,
    regime: Regime,
    jurisdiction: str,
    measure: Outcome,
    term: str,
    role: str | None,
) -> Reason:
    where = f"the {role} name" if role else "the remittance text"
    return Reason(
        rule_id=f"{regime.name}/reference/{rule.rule_id}",
        outcome=measure,
        measure=measure,
        detail=f"{where} references {term!r}, covered by {rule.program} in {jurisdiction}",
        jurisdiction=jurisdiction,
        programs=(rule.program,),
        party=role,
        reason_code=rule.reason_code if measure == Outcome.REJECT else None,
    )
