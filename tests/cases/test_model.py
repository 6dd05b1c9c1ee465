"""Alert and case values: what a resolution means for the payment."""

from __future__ import annotations

import dataclasses

from bankwire.cases import Alert, AlertState, Case, Judgement
from bankwire.policy import Outcome
from tests.policy.factory import at


def alert(**changes: object) -> Alert:
    base = Alert("a1", "d1", "u1", (), (), Outcome.BLOCK, at(2022, 1, 1))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_final_outcome_follows_the_resolution() -> None:
    assert alert().final_outcome is None
    assert alert(resolution=Judgement.RELEASE).final_outcome == Outcome.PASS
    assert alert(resolution=Judgement.CONFIRM).final_outcome == Outcome.BLOCK
    rejecting = alert(resolution=Judgement.CONFIRM, outcome_if_confirmed=Outcome.REJECT)
    assert rejecting.final_outcome == Outcome.REJECT


def test_case_is_resolved_when_every_alert_is() -> None:
    open_alert = alert()
    done = alert(id="a2", state=AlertState.RESOLVED, resolution=Judgement.RELEASE)
    assert not Case("c", "u1").resolved
    assert not Case("c", "u1", (done, open_alert)).resolved
    assert Case("c", "u1", (done,)).resolved
