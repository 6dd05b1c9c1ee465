"""The pipeline per message: ACK/NAK at the door, then decide, settle, queue, deliver, ack."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import Engine

from bankwire.flows.admin import disconnect
from bankwire.flows.deliver import acknowledge_delivery, fetch_deliveries
from bankwire.flows.screening import ListScreener
from bankwire.flows.submit_payment import Status, prepare_many, submit, submit_prepared
from bankwire.flows.track import track
from bankwire.money import Amount
from tests.flows.harness import Network, make_network


def test_clean_payment_is_delivered_and_the_sender_gets_accc(network: Network) -> None:
    result = network.submit(network.payment("DEUTDEFF", "BOFAUS3N"))
    assert (result.status, result.code, result.decision) == (Status.ACK, None, "pass")
    [delivered] = fetch_deliveries(network.services, "BOFAUS3N")
    assert (delivered.sequence, delivered.uetr, delivered.possible_duplicate) == (
        1, result.uetr, False,
    )  # fmt: skip
    acknowledge_delivery(network.services, "BOFAUS3N", 1)
    [status] = fetch_deliveries(network.services, "DEUTDEFF")
    assert status.message_type == "pacs.002.001.10"
    assert b"ACCC" in status.body
    assert result.uetr is not None
    kinds = [event.kind for event in track(network.services, result.uetr).events]
    assert kinds == [
        "received", "validated", "ack", "screened", "decided", "settled", "queued",
        "delivered", "acknowledged", "status_sent", "delivered",
    ]  # fmt: skip


def test_payment_to_a_listed_bank_is_blocked(network: Network) -> None:
    transfer = network.payment(
        "BOFAUS3N", "EVRFRUMM", amount=Amount.parse("250000.00", "USD"),
        creditor="Petroleos de Venezuela SA", creditor_country="VE",
    )  # fmt: skip
    result = network.submit(transfer)
    assert (result.status, result.decision) == (Status.ACK, "block")
    assert fetch_deliveries(network.services, "EVRFRUMM") == []
    [status] = fetch_deliveries(network.services, "BOFAUS3N")
    assert b"RJCT" in status.body


def test_pipeline_on_both_databases(any_engine: Engine, screener: ListScreener) -> None:
    """The same pipeline on SQLite and PostgreSQL: ACK, decision, delivery, pacs.002."""
    network = make_network(any_engine, screener)
    result = network.submit(network.payment("DEUTDEFF", "BOFAUS3N"))
    assert (result.status, result.decision) == (Status.ACK, "pass")
    blocked = network.submit(network.payment("DEUTDEFF", "PRMSRUMM"))
    assert blocked.decision == "block"
    [delivered] = fetch_deliveries(network.services, "BOFAUS3N")
    assert acknowledge_delivery(network.services, "BOFAUS3N", delivered.sequence).value == (
        "acknowledged"
    )
    kinds = [item.body.count(b"RJCT") for item in fetch_deliveries(network.services, "DEUTDEFF")]
    assert sorted(kinds) == [0, 1]


def test_nak_after_routing_names_the_uetr(network: Network) -> None:
    """A refusal decided once the route is known tells the sender which payment it was."""
    unknown = network.payment("DEUTDEFF", "ZZZZDEFF")
    result = network.submit(unknown)
    assert (result.status, result.code, result.uetr) == (Status.NAK, "H02", unknown.uetr)
    signed = network.signed(network.payment("DEUTDEFF", "BOFAUS3N"))
    assert submit(network.services, signed).status is Status.ACK
    replay = submit(network.services, signed)
    assert replay.code == "S05"
    assert replay.uetr is not None
    claimed = network.payment("BOFAUS3N", "DEUTDEFF")
    stolen = submit(network.services, network.signed(claimed, signer="DEUTDEFF"))
    assert (stolen.code, stolen.uetr) == ("S04", claimed.uetr)
    garbled = dataclasses.replace(signed, body=b"<Envelope>", signature=None)
    assert submit(network.services, garbled).uetr is None  # Refused before it was parsed.


def test_early_decisions_stand_only_on_an_unchanged_directory(network: Network) -> None:
    """Decided before the write transaction (another server process may write meanwhile):
    a participant cut off between the checks and the transaction is rejected all the same."""
    kept = prepare_many(network.services, [network.signed(network.payment("DEUTDEFF", "BOFAUS3N"))])
    assert kept.early is not None and kept.early.records[0].outcome == "pass"
    [result] = submit_prepared(network.services, kept)
    assert (result.status, result.decision) == (Status.ACK, "pass")
    stale = prepare_many(
        network.services, [network.signed(network.payment("DEUTDEFF", "BOFAUS3N"))]
    )
    assert stale.early is not None and stale.early.records[0].outcome == "pass"
    disconnect(network.services, "DEUTDEFF", date(2020, 1, 1))
    [result] = submit_prepared(network.services, stale)
    assert (result.status, result.decision) == (Status.ACK, "reject")
