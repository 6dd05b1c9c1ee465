"""The shape of a sanctions regime once loaded: thresholds, list and program rules, embargoes.

Kept apart from the file format (``_regime_file``) so the engine depends on plain frozen values
and never on how they were written down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bankwire.policy.decision import Outcome

__all__ = ["Embargo", "ListRule", "ProgramRule", "ReferenceRule", "Regime", "Thresholds"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Screening scores at which a hit starts to matter."""

    hold_min: float
    """From this score a hit holds the payment for review."""
    action_min: float
    """From this score the rule's measure (block, reject) applies without review."""


@dataclass(frozen=True, slots=True)
class ListRule:
    list_name: str
    measure: Outcome | None
    """What being on this list requires; None means the entry's programs decide."""
    reason_code: str


@dataclass(frozen=True, slots=True)
class ProgramRule:
    """What a program requires of entries on a list whose measure is decided by program."""

    program: str
    measure: Outcome
    only_for_purposes: tuple[str, ...]
    """When set, the program prohibits only these purposes (OFAC SSI directives forbid new
    debt and equity, not ordinary trade); other payments pass."""
    reason_code: str
    note: str


@dataclass(frozen=True, slots=True)
class Embargo:
    """A jurisdiction-wide restriction on a country or some of its regions."""

    country: str
    regions: tuple[str, ...]
    """ISO 3166-2 codes; when set, only these regions are embargoed (Crimea ``UA-43``)."""
    measure: Outcome
    program: str
    effective_from: date
    reason_code: str


@dataclass(frozen=True, slots=True)
class ReferenceRule:
    """A program that reaches payments by what they reference, not by a listed name."""

    rule_id: str
    program: str
    effective_from: date
    effective_until: date | None
    terms: tuple[str, ...]
    """Lower-case ASCII phrases, matched on word boundaries."""
    party_measure: Outcome
    """When a party's name contains a term (the party *is* the referenced person)."""
    text_measure: Outcome
    """When only the remittance text does (a reference that needs review)."""
    reason_code: str
    entries: tuple[tuple[str, str], ...] = ()
    """(list name, source id) of the designated persons the terms stand for (PDVSA's SDN
    entry), so a licence naming that person covers a reference to it too."""


@dataclass(frozen=True, slots=True)
class Regime:
    name: str
    version: str
    authority: str
    applied_by: tuple[str, ...]
    """Jurisdictions that enforce this regime (the UN's is enforced by its members)."""
    nexus_currencies: tuple[str, ...]
    """Currencies whose payments fall under the first ``applied_by`` jurisdiction."""
    thresholds: Thresholds
    lists: tuple[ListRule, ...]
    programs: tuple[ProgramRule, ...]
    unknown_program_measure: Outcome
    """For an entry on a by-program list whose programs this file does not know."""
    ownership_share_min_basis_points: int | None
    """OFAC blocks at 5000 (50 % or more); the EU and UK at 5001 (more than 50 %)."""
    embargoes: tuple[Embargo, ...]
    reference_rules: tuple[ReferenceRule, ...]
    source: str
    """The file it was loaded from, for error messages and the audit trail."""
    digest: str
    """sha256 of the file's bytes: the decision id changes when the rule text does."""

    @property
    def jurisdiction(self) -> str:
        return self.applied_by[0]

    def list_rule(self, list_name: str) -> ListRule | None:
        for rule in self.lists:
            if rule.list_name == list_name:
                return rule
        return None

    def program_rule(self, program: str) -> ProgramRule | None:
        for rule in self.programs:
            if rule.program == program:
                return rule
        return None
