"""Held payments over the API: listed for operators, released by two analysts, delivered."""

from __future__ import annotations

from bankwire.api.batcher import QueueSignal
from bankwire.money import Amount
from tests.api.conftest import Api
from tests.api.harness import payment

NEAR_MISS = {"amount": Amount.parse("5000.00", "USD"), "creditor": "Petrol de Venezuela",
             "creditor_country": "VE"}  # fmt: skip


def _signal(api: Api) -> QueueSignal:
    signal: QueueSignal = api.transport._app.state.queue_signal
    return signal


def test_a_held_payment_is_released_by_two_analysts_and_its_receiver_woken(api: Api) -> None:
    answer = api.client("BOFAUS3N").submit(payment("BOFAUS3N", "DEUTDEFF", **NEAR_MISS))
    assert (answer["status"], answer["decision"]) == ("ack", "hold")
    uetr = answer["uetr"]
    [held] = api.http.get("/holds", headers=api.operator).json()
    assert held["uetr"] == uetr
    assert any("VENEZUELA" in reason.upper() for reason in held["reasons"])
    assert api.client("DEUTDEFF").fetch() == []  # Also: the submission's round is over.
    before = _signal(api).generation_for("DEUTDEFF")
    first = api.http.post(f"/holds/{uetr}/approve", json={"analyst": "ana"}, headers=api.operator)
    assert (first.json()["applied"], first.json()["payment_state"]) == (True, None)
    assert _signal(api).generation_for("DEUTDEFF") == before  # Not released yet.
    second = api.http.post(f"/holds/{uetr}/approve", json={"analyst": "ben"}, headers=api.operator)
    assert (second.json()["applied"], second.json()["payment_state"]) == (True, "queued")
    assert _signal(api).generation_for("DEUTDEFF") == before + 1  # Its long polls wake now.
    [delivered] = api.client("DEUTDEFF").fetch()
    assert delivered["uetr"] == uetr
    assert api.http.get("/holds", headers=api.operator).json() == []


def test_a_hold_confirmed_by_two_analysts_tells_the_sender(api: Api) -> None:
    answer = api.client("BOFAUS3N").submit(payment("BOFAUS3N", "DEUTDEFF", **NEAR_MISS))
    uetr = answer["uetr"]
    # A fetch is a batcher round: the submission's round, and its notices, are over by now.
    assert api.client("DEUTDEFF").fetch() == []
    before = _signal(api).generation_for("BOFAUS3N")
    for analyst in ("ana", "ben"):
        reviewed = api.http.post(
            f"/holds/{uetr}/reject", json={"analyst": analyst}, headers=api.operator
        )
        assert reviewed.json()["applied"] is True
    assert reviewed.json()["payment_state"] in {"blocked", "rejected"}
    assert _signal(api).generation_for("BOFAUS3N") == before + 1  # Its pacs.002 is queued.
    assert api.client("DEUTDEFF").fetch() == []
    pending, final = api.client("BOFAUS3N").fetch()  # On hold, then the judgement.
    assert {pending["uetr"], final["uetr"]} == {uetr}
    assert "PDNG" in pending["message"] and "RJCT" in final["message"]
