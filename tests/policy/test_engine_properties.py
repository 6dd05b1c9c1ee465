"""Properties of ``decide`` over generated payments, screenings and contexts.

- It never raises on well-typed input, and its decision is consistent (a reject code exactly
  on reject, the same id for the same inputs).
- It is monotonic: adding a screening hit never weakens the outcome (block > reject > hold >
  pass), with or without licences, ownership registers and embargoes in play.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bankwire.policy import PaymentFacts, PolicyContext, decide
from bankwire.sanctions.result import Hit, ScreeningResult
from tests.strategies_policy import hits, payment_facts, policy_contexts, screening_results

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(payment_facts(), st.lists(screening_results(), max_size=3), policy_contexts())
def test_decide_never_raises_and_is_consistent(
    facts: PaymentFacts, screening: list[ScreeningResult], context: PolicyContext
) -> None:
    decision = decide(facts, screening, context)
    assert (decision.reject_reason_code is not None) == (decision.outcome == "reject")
    assert decision.outcome == max(
        (reason.outcome for reason in decision.reasons), key=lambda outcome: outcome.rank
    )
    assert decide(facts, screening, context) == decision


MONOTONIC_INPUTS = (
    payment_facts(),
    st.lists(screening_results(), max_size=3),
    policy_contexts(),
    screening_results(),
    hits(),
    st.integers(0, 2),
)


def check_monotonic(
    facts: PaymentFacts,
    screening: list[ScreeningResult],
    context: PolicyContext,
    extra_result: ScreeningResult,
    extra_hit: Hit,
    where: int,
) -> None:
    before = decide(facts, screening, context)
    if where == 0 or not screening:  # A new screened party.
        grown = [*screening, extra_result]
    else:  # One more hit for a party already screened.
        index = (where - 1) % len(screening)
        result = screening[index]
        grown = list(screening)
        grown[index] = dataclasses.replace(result, hits=(*result.hits, extra_hit))
    after = decide(facts, grown, context)
    assert after.outcome.rank >= before.outcome.rank, (before.reasons, after.reasons)


@PROPERTY
@given(*MONOTONIC_INPUTS)
def test_adding_a_hit_never_weakens_the_outcome(
    facts: PaymentFacts,
    screening: list[ScreeningResult],
    context: PolicyContext,
    extra_result: ScreeningResult,
    extra_hit: Hit,
    where: int,
) -> None:
    check_monotonic(facts, screening, context, extra_result, extra_hit, where)


@pytest.mark.slow
@settings(max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(*MONOTONIC_INPUTS)
def test_adding_a_hit_never_weakens_the_outcome_long_run(
    facts: PaymentFacts,
    screening: list[ScreeningResult],
    context: PolicyContext,
    extra_result: ScreeningResult,
    extra_hit: Hit,
    where: int,
) -> None:
    check_monotonic(facts, screening, context, extra_result, extra_hit, where)
