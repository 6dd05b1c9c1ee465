"""The 50 % rule inside ``decide``: list ownership data, a participant's register, per regime."""

from __future__ import annotations

import dataclasses

from bankwire.policy import (
    LicenceKind,
    Outcome,
    OwnershipLink,
    OwnershipRegister,
    PolicyContext,
    bic_node,
    decide,
    entry_node,
    load_regime,
    name_node,
)
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import Feature, Hit, HitBasis
from bankwire.sanctions.sources import ftm
from bankwire.sanctions.sources.base import SourceFile
from tests.policy.factory import (
    FIXTURES,
    PSB,
    PSB_BIC,
    UNLISTED_RU_BANK,
    at,
    context,
    facts,
    hit,
    licence,
    result,
)

ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"
TSST = "ru-inn-5920040846"  # 100 % Zakharov.
SPS = "NK-9Xa4Kg7Y7nfccE7VcZt6Q6"  # 75 % Zakharov.
IZHTELECOM = "NK-56Edov9bas9puzaChH5pBy"  # Owned by Zakharov, share not published.

FTM_REGIME = """
regime: eu_test
version: "1"
authority: test
applied_by: [EU]
thresholds: {hold_min: 0.8, action_min: 0.9}
ownership: {share_min_basis_points: 5001}
lists:
  - {list: ftm, measure: by_program}
programs:
  - {program: EU-UKR, measure: block}
unknown_program_measure: pass
"""


def ftm_entries() -> dict[tuple[str, str], ListEntry]:
    data = (FIXTURES / "ownership.ftm.json").read_bytes()
    parsed = ftm.read([SourceFile("ownership.ftm.json", data)])
    return {(entry.list_name, entry.source_id): entry for entry in parsed.entries}


def ftm_hit(entries: dict[tuple[str, str], ListEntry], source_id: str) -> Hit:
    entry = entries[("ftm", source_id)]
    return Hit(
        "ftm", source_id, entry.kind.value, entry.primary_name, entry.primary_name, 1.0,
        HitBasis.NAME, (Feature("name_tokens", 1.0, "exact"),), "ftm-v1", entry.programs,
    )  # fmt: skip


def test_ownership_from_list_data_blocks_owned_companies() -> None:
    """Zakharov's 100 % and 75 % companies are blocked; the unknown share proves nothing."""
    entries = ftm_entries()
    ctx = PolicyContext(
        now=at(2023, 8, 1),
        network_jurisdiction="EU",
        regimes=(load_regime(FTM_REGIME, "eu_test.yaml"),),
        entries=entries,
    )
    outcomes = {}
    for source_id in (TSST, SPS, IZHTELECOM):
        screening = [result("creditor", "company", ftm_hit(entries, source_id))]
        decision = decide(facts("EUR"), screening, ctx)
        outcomes[source_id] = decision.outcome
        if decision.outcome == Outcome.BLOCK:
            (reason,) = decision.effective_reasons
            assert reason.rule_id == "eu_test/ownership"
            assert reason.entry is not None
            assert reason.entry.source_id == ZAKHAROV
            assert "EU-UKR" in reason.programs
            assert "blocked persons ftm/" + ZAKHAROV in reason.detail
    assert outcomes == {TSST: Outcome.BLOCK, SPS: Outcome.BLOCK, IZHTELECOM: Outcome.PASS}


def test_register_ownership_by_name_is_per_jurisdiction() -> None:
    """A customer 60 % owned by PSB is blocked under OFAC (USD), not under EU law (EUR)."""
    register = OwnershipRegister(
        (OwnershipLink(name_node("Acme Trading GmbH"), entry_node(*PSB), 6000, "ALPHDEFF"),)
    )
    usd = decide(facts("USD"), [], context(at(2022, 3, 1), register=register))
    eur = decide(facts("EUR"), [], context(at(2022, 3, 1), register=register))
    before = decide(facts("USD"), [], context(at(2022, 2, 21), register=register))
    assert usd.outcome == Outcome.BLOCK
    assert usd.effective_reasons[0].rule_id == "us_ofac/ownership"
    assert "owned 60.00 % in aggregate" in usd.effective_reasons[0].detail
    assert "(US blocks from 50.00 %)" in usd.effective_reasons[0].detail
    assert eur.outcome == Outcome.PASS
    assert before.outcome == Outcome.PASS


def test_register_ownership_by_bic_of_a_blocked_bank_identified_by_a_hit() -> None:
    """A bank half-owned by PSB is blocked once a certain hit identifies PSB in the payment."""
    register = OwnershipRegister(
        (OwnershipLink(bic_node(UNLISTED_RU_BANK), bic_node(PSB_BIC), 5000, "register"),)
    )
    screening = [result("intermediary_agent", "PRMSRUMM", hit(PSB), bic=PSB_BIC)]
    decision = decide(
        facts("USD", intermediaries=(PSB_BIC,)),
        screening,
        context(at(2022, 3, 1), register=register, entries={}),
    )
    ownership = [r for r in decision.reasons if r.rule_id == "us_ofac/ownership"]
    assert len(ownership) == 1
    assert ownership[0].party == bic_node(UNLISTED_RU_BANK)
    assert ownership[0].entry is None  # PSB is known here only from the hit, not the lists.


def test_weak_hit_does_not_designate_an_owner() -> None:
    register = OwnershipRegister(
        (OwnershipLink(bic_node(UNLISTED_RU_BANK), bic_node(PSB_BIC), 5000, "register"),)
    )
    screening = [result("intermediary_agent", "PRMSRUMM", hit(PSB, 0.85), bic=PSB_BIC)]
    decision = decide(
        facts("USD", intermediaries=(PSB_BIC,)),
        screening,
        context(at(2022, 3, 1), register=register, entries={}),
    )
    assert decision.outcome == Outcome.HOLD
    assert not [r for r in decision.reasons if r.rule_id.endswith("/ownership")]


def test_general_licence_for_the_owners_program_covers_the_owned_company() -> None:
    register = OwnershipRegister(
        (OwnershipLink(name_node("Acme Trading GmbH"), entry_node(*PSB), 6000, "ALPHDEFF"),)
    )
    general = licence(
        "GL 8",
        kind=LicenceKind.GENERAL,
        covered_entries=(),
        programs=("RUSSIA-EO14024",),
        valid_from=at(2022, 2, 24),
    )
    decision = decide(
        facts("USD"), [], context(at(2022, 3, 1), register=register, licences=(general,))
    )
    assert decision.outcome == Outcome.PASS
    assert decision.licences_cited == ("GL 8",)


def test_weak_alias_hit_does_not_make_the_party_an_owned_entity() -> None:
    """A weak a.k.a. does not identify the party, so its owners do not block the payment."""
    entries = ftm_entries()
    ctx = PolicyContext(
        now=at(2023, 8, 1),
        network_jurisdiction="EU",
        regimes=(load_regime(FTM_REGIME, "eu_test.yaml"),),
        entries=entries,
    )
    weak = dataclasses.replace(ftm_hit(entries, TSST), weak_alias=True)
    decision = decide(facts("EUR"), [result("creditor", "company", weak)], ctx)
    assert decision.outcome == Outcome.PASS


def test_licence_must_name_every_blocked_owner() -> None:
    """PSB and Evrofinance own 30 % each: a licence for PSB alone does not free the company."""
    from tests.policy.factory import EVROFINANCE

    register = OwnershipRegister(
        (
            OwnershipLink(name_node("Acme Trading GmbH"), entry_node(*PSB), 3000, "ALPHDEFF"),
            OwnershipLink(name_node("Acme Trading GmbH"), entry_node(*EVROFINANCE), 3000, "r"),
        )
    )
    for_psb = licence("SL-PSB", covered_entries=(PSB,), valid_from=at(2022, 2, 24))
    for_both = licence("SL-BOTH", covered_entries=(PSB, EVROFINANCE), valid_from=at(2022, 2, 24))
    only_psb = decide(facts("USD"), [], context(at(2022, 3, 1), register=register,
                                                licences=(for_psb,)))  # fmt: skip
    both = decide(facts("USD"), [], context(at(2022, 3, 1), register=register,
                                            licences=(for_both,)))  # fmt: skip
    assert only_psb.outcome == Outcome.BLOCK
    assert both.outcome == Outcome.PASS
    assert both.licences_cited == ("SL-BOTH",)


def test_owner_known_only_by_bic_is_covered_only_through_the_owned_party() -> None:
    register = OwnershipRegister(
        (OwnershipLink(bic_node(UNLISTED_RU_BANK), bic_node(PSB_BIC), 5000, "register"),)
    )
    screening = [result("intermediary_agent", "PRMSRUMM", hit(PSB), bic=PSB_BIC)]
    by_owner = licence("SL-1", covered_entries=(PSB,), valid_from=at(2022, 2, 24))
    by_bank = licence(
        "SL-2", covered_entries=(), covered_bics=(UNLISTED_RU_BANK,), valid_from=at(2022, 2, 24)
    )
    for licences, cited in (((by_owner,), False), ((by_bank,), True)):
        decision = decide(
            facts("USD", intermediaries=(PSB_BIC,)),
            screening,
            context(at(2022, 3, 1), register=register, entries={}, licences=licences),
        )
        (ownership,) = [r for r in decision.reasons if r.rule_id == "us_ofac/ownership"]
        assert (ownership.licence is not None) == cited
