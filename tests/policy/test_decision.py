"""Decision values: outcome order, the reject-code invariant, cited licences."""

from __future__ import annotations

import pytest

from bankwire.policy.decision import Decision, Outcome, Reason, strongest
from tests.policy.factory import at


def reason(outcome: Outcome, licence: str | None = None) -> Reason:
    return Reason("r", outcome, outcome, "why", licence=licence)


def test_outcomes_are_ordered_block_reject_hold_pass() -> None:
    assert [o.rank for o in Outcome] == [0, 1, 2, 3]
    assert strongest([Outcome.HOLD, Outcome.BLOCK, Outcome.REJECT]) == Outcome.BLOCK
    assert strongest([]) == Outcome.PASS
    assert [str(o) for o in Outcome] == ["pass", "hold", "reject", "block"]


@pytest.mark.parametrize(
    ("outcome", "code"),
    [(Outcome.REJECT, None), (Outcome.BLOCK, "RR04"), (Outcome.PASS, "AG01")],
)
def test_reject_code_goes_with_reject_only(outcome: Outcome, code: str | None) -> None:
    with pytest.raises(ValueError, match="a reject reason code goes with a reject outcome"):
        Decision("id", "uetr", outcome, (), at(2022, 1, 1), "v", reject_reason_code=code)


def test_licences_cited_in_order_without_repeats() -> None:
    decision = Decision(
        "id",
        "uetr",
        Outcome.HOLD,
        (reason(Outcome.PASS, "B"), reason(Outcome.HOLD), reason(Outcome.PASS, "A"),
         reason(Outcome.PASS, "B")),
        at(2022, 1, 1),
        "v",
    )  # fmt: skip
    assert decision.licences_cited == ("B", "A")
    assert decision.effective_reasons == (reason(Outcome.HOLD),)
