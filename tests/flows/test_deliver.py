"""Batched fetch and acknowledgement: many messages in a handful of statements, same rules."""

from __future__ import annotations

import dataclasses

from bankwire.flows.deliver import (
    acknowledge_deliveries,
    acknowledge_in,
    fetch_deliveries,
    fetch_in,
)
from bankwire.flows.services import Limits
from bankwire.flows.submit_payment import submit_many
from bankwire.flows.track import track
from bankwire.network.delivery import AckResult
from tests.flows.harness import Network


def _send(network: Network, count: int) -> list[str]:
    results = submit_many(
        network.services,
        [network.signed(network.payment("DEUTDEFF", "BOFAUS3N")) for _ in range(count)],
    )
    return [str(result.uetr) for result in results]


def test_a_fetch_hands_out_several_messages_numbered_in_queue_order(network: Network) -> None:
    uetrs = _send(network, 4)
    first = fetch_deliveries(network.services, "BOFAUS3N", limit=3)
    assert [(d.sequence, d.uetr, d.possible_duplicate) for d in first] == [
        (1, uetrs[0], False), (2, uetrs[1], False), (3, uetrs[2], False)
    ]  # fmt: skip
    [last] = fetch_deliveries(network.services, "BOFAUS3N")
    assert (last.sequence, last.uetr) == (4, uetrs[3])
    kinds = [event.kind for event in track(network.services, uetrs[0]).events]
    assert kinds[-1] == "delivered"


def test_redelivery_keeps_numbers_and_flags_duplicates_in_one_fetch(network: Network) -> None:
    uetrs = _send(network, 2)
    [one] = fetch_deliveries(network.services, "BOFAUS3N", limit=1)
    network.clock.advance(network.services.limits.redelivery_timeout)
    again = fetch_deliveries(network.services, "BOFAUS3N")
    assert [(d.sequence, d.uetr, d.possible_duplicate) for d in again] == [
        (1, uetrs[0], True), (2, uetrs[1], False)
    ]  # fmt: skip
    assert one.sequence == 1


def test_a_message_past_its_attempts_is_parked_not_handed_out(network: Network) -> None:
    network.services = dataclasses.replace(network.services, limits=Limits(delivery_attempts_max=1))
    [uetr] = _send(network, 1)
    assert len(fetch_deliveries(network.services, "BOFAUS3N")) == 1
    network.clock.advance(network.services.limits.redelivery_timeout)
    assert fetch_deliveries(network.services, "BOFAUS3N") == []
    kinds = [event.kind for event in track(network.services, uetr).events]
    assert kinds[-1] == "parked"


def test_acknowledging_a_batch_gives_one_result_per_sequence(network: Network) -> None:
    _send(network, 2)
    fetch_deliveries(network.services, "BOFAUS3N")
    results = acknowledge_deliveries(network.services, "BOFAUS3N", [2, 1, 2, 9])
    assert results == [
        AckResult.ACKNOWLEDGED, AckResult.ACKNOWLEDGED, AckResult.ALREADY_ACKNOWLEDGED,
        AckResult.NOT_DELIVERED,
    ]  # fmt: skip
    assert acknowledge_deliveries(network.services, "BOFAUS3N", [1]) == [
        AckResult.ALREADY_ACKNOWLEDGED
    ]
    reports = fetch_deliveries(network.services, "DEUTDEFF")
    assert [r.message_type for r in reports] == ["pacs.002.001.10"] * 2


def test_fetches_and_acks_of_several_receivers_share_one_transaction(network: Network) -> None:
    _send(network, 1)
    with network.services.store.transaction() as tx:
        [handed] = fetch_in(network.services, tx, "BOFAUS3N")
        assert fetch_in(network.services, tx, "DEUTDEFF") == []
        assert acknowledge_in(network.services, tx, "BOFAUS3N", [handed.sequence]) == [
            AckResult.ACKNOWLEDGED
        ]
    [report] = fetch_deliveries(network.services, "DEUTDEFF")
    assert b"ACCC" in report.body
