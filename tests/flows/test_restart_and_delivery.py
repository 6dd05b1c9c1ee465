"""Restart safety between steps, redelivery with the duplicate flag, bounds and access."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from bankwire.flows.admin import disconnect
from bankwire.flows.deliver import acknowledge_delivery, fetch_deliveries
from bankwire.flows.services import Limits
from bankwire.flows.steps import resume
from bankwire.flows.submit_payment import Status, receive
from bankwire.flows.track import track
from tests.flows.harness import Network


def test_a_message_acked_before_a_crash_is_finished_on_restart(network: Network) -> None:
    accepted = receive(network.services, network.signed(network.payment("DEUTDEFF", "BOFAUS3N")))
    assert (accepted.status, accepted.decision) == (Status.ACK, None)
    assert fetch_deliveries(network.services, "BOFAUS3N") == []
    assert resume(network.services) == 1
    assert resume(network.services) == 0
    [delivered] = fetch_deliveries(network.services, "BOFAUS3N")
    assert delivered.uetr == accepted.uetr


def test_unacknowledged_delivery_comes_back_flagged(network: Network) -> None:
    network.submit(network.payment("DEUTDEFF", "BOFAUS3N"))
    [first] = fetch_deliveries(network.services, "BOFAUS3N")
    assert fetch_deliveries(network.services, "BOFAUS3N") == []
    network.clock.advance(network.services.limits.redelivery_timeout)
    [again] = fetch_deliveries(network.services, "BOFAUS3N")
    assert (again.sequence, again.possible_duplicate, first.possible_duplicate) == (1, True, False)
    acknowledge_delivery(network.services, "BOFAUS3N", 1)
    network.clock.advance(timedelta(hours=1))
    assert fetch_deliveries(network.services, "BOFAUS3N") == []


def test_full_queue_is_a_nak(network: Network) -> None:
    network.services = dataclasses.replace(network.services, limits=Limits(queue_length_max=1))
    assert network.submit(network.payment("DEUTDEFF", "BOFAUS3N")).status is Status.ACK
    refused = network.submit(network.payment("DEUTDEFF", "BOFAUS3N"))
    assert (refused.status, refused.code) == (Status.NAK, "H04")


def test_disconnected_sender_is_rejected_before_screening(network: Network) -> None:
    disconnect(network.services, "EVRFRUMM", date(2022, 1, 1))
    result = network.submit(network.payment("EVRFRUMM", "DEUTDEFF"))
    assert (result.status, result.decision) == (Status.ACK, "reject")
    assert result.uetr is not None
    kinds = [event.kind for event in track(network.services, result.uetr).events]
    assert "screened" in kinds  # The access decision is recorded as the screening step.
    assert fetch_deliveries(network.services, "DEUTDEFF") == []


def test_oversize_message_is_refused_before_parsing(network: Network) -> None:
    network.services = dataclasses.replace(network.services, limits=Limits(message_bytes_max=1024))
    refused = network.submit(network.payment("DEUTDEFF", "BOFAUS3N"))
    assert (refused.status, refused.code) == (Status.NAK, "T04")
