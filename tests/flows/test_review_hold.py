"""A held payment waits for two analysts; their agreed judgement settles or blocks it."""

from __future__ import annotations

from bankwire.flows.deliver import fetch_deliveries
from bankwire.flows.review_hold import Action, review_hold
from bankwire.money import Amount
from tests.flows.harness import Network

NEAR_MISS = {"amount": Amount.parse("5000.00", "USD"), "creditor": "Petrol de Venezuela",
             "creditor_country": "VE"}  # fmt: skip


def test_release_needs_two_different_analysts(network: Network) -> None:
    result = network.submit(network.payment("BOFAUS3N", "DEUTDEFF", **NEAR_MISS))
    assert result.decision == "hold"
    assert result.uetr is not None
    assert fetch_deliveries(network.services, "DEUTDEFF") == []
    first = review_hold(network.services, result.uetr, "ana", Action.APPROVE, "vessel agent")
    assert (first.applied, first.alert_state) == (True, "proposed")
    same = review_hold(network.services, result.uetr, "ana", Action.APPROVE)
    assert (same.applied, same.detail.split(":")[0]) == (False, "same_reviewer")
    second = review_hold(network.services, result.uetr, "ben", Action.APPROVE)
    assert (second.applied, second.payment_state) == (True, "queued")
    [delivered] = fetch_deliveries(network.services, "DEUTDEFF")
    assert delivered.uetr == result.uetr


def test_confirmed_match_applies_the_rules_measure(network: Network) -> None:
    result = network.submit(network.payment("BOFAUS3N", "DEUTDEFF", **NEAR_MISS))
    assert result.uetr is not None
    review_hold(network.services, result.uetr, "ana", Action.REJECT)
    outcome = review_hold(network.services, result.uetr, "ben", Action.REJECT)
    assert outcome.payment_state == "blocked"
    assert fetch_deliveries(network.services, "DEUTDEFF") == []
    statuses = [item.body for item in fetch_deliveries(network.services, "BOFAUS3N")]
    assert [b"PDNG" in body for body in statuses] == [True, False]
    assert b"RJCT" in statuses[1]


def test_disagreement_reopens_the_alert(network: Network) -> None:
    result = network.submit(network.payment("BOFAUS3N", "DEUTDEFF", **NEAR_MISS))
    assert result.uetr is not None
    review_hold(network.services, result.uetr, "ana", Action.APPROVE)
    declined = review_hold(network.services, result.uetr, "ben", Action.REJECT)
    assert (declined.applied, declined.alert_state) == (True, "open")
    assert fetch_deliveries(network.services, "DEUTDEFF") == []
