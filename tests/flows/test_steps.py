"""The batched steps: decide inside the receive transaction, settle and queue together (with
the durable ledger's batch in the same commit), and the one-by-one redo when another run moved
a message first."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Connection, Engine, event

from bankwire.flows import steps
from bankwire.flows.deliver import fetch_deliveries
from bankwire.flows.services import Limits
from bankwire.flows.steps import MovedByAnother, decide_in, drive_many, resume
from bankwire.flows.submit_payment import Status, receive, submit_many
from bankwire.flows.track import track
from bankwire.store.base import MessageState
from bankwire.store.ledger import DurableLedger, SqlLedgerStore
from tests.flows.harness import Network


def test_a_batch_is_received_decided_settled_and_queued_with_every_event(
    network: Network,
) -> None:
    results = submit_many(
        network.services,
        [network.signed(network.payment("DEUTDEFF", "BOFAUS3N")) for _ in range(3)],
    )
    assert [(r.status, r.decision) for r in results] == [(Status.ACK, "pass")] * 3
    for result in results:
        assert result.uetr is not None
        kinds = [event.kind for event in track(network.services, result.uetr).events]
        assert kinds == ["received", "validated", "ack", "screened", "decided", "settled",
                         "queued"]  # fmt: skip
    delivered = fetch_deliveries(network.services, "BOFAUS3N")
    assert [d.uetr for d in delivered] == [r.uetr for r in results]
    assert [d.sequence for d in delivered] == [1, 2, 3]


def test_the_queue_bound_counts_the_batch_s_own_payments(network: Network) -> None:
    network.services = dataclasses.replace(network.services, limits=Limits(queue_length_max=2))
    results = submit_many(
        network.services,
        [network.signed(network.payment("DEUTDEFF", "BOFAUS3N")) for _ in range(3)],
    )
    assert [(r.status, r.code) for r in results] == [
        (Status.ACK, None), (Status.ACK, None), (Status.NAK, "H04")
    ]  # fmt: skip


def test_batched_decide_refuses_a_message_another_run_moved(network: Network) -> None:
    accepted = receive(network.services, network.signed(network.payment("DEUTDEFF", "BOFAUS3N")))
    assert accepted.message_pk is not None
    with network.services.store.transaction() as tx:
        stale = tx.message(accepted.message_pk)
    assert stale is not None and stale.state is MessageState.ACCEPTED
    drive_many(network.services, [stale.id])  # Another run decides, settles and queues it.
    with pytest.raises(MovedByAnother), network.services.store.transaction() as tx:
        decide_in(network.services, tx, [stale], {})
    with network.services.store.transaction() as tx:
        after = decide_in(network.services, tx, [stale], {}, batched=False)
    assert after[stale.id].state is MessageState.QUEUED  # As the other run left it.


@pytest.mark.parametrize("ledger", ["memory", "durable"])
def test_driving_from_a_stale_copy_redoes_the_steps_one_by_one(
    ledger: str, request: pytest.FixtureRequest
) -> None:
    """A step whose batch finds a message moved rolls back and keeps what the other did; a
    durable ledger's batch rolls back with it and is posted again, once."""
    network: Network = request.getfixturevalue(
        "network" if ledger == "memory" else "durable_network"
    )
    first = receive(network.services, network.signed(network.payment("DEUTDEFF", "BOFAUS3N")))
    second = receive(network.services, network.signed(network.payment("DEUTDEFF", "BOFAUS3N")))
    assert first.message_pk is not None and second.message_pk is not None
    with network.services.store.transaction() as tx:
        stale = tx.messages_by_pk([first.message_pk, second.message_pk])
    drive_many(network.services, [first.message_pk])  # Another run finishes the first.
    outcomes = drive_many(network.services, list(stale), known=stale)
    assert outcomes == {first.message_pk: "pass", second.message_pk: "pass"}
    delivered = fetch_deliveries(network.services, "BOFAUS3N")
    assert sorted(str(d.uetr) for d in delivered) == sorted([str(first.uetr), str(second.uetr)])
    assert first.uetr is not None
    kinds = [event.kind for event in track(network.services, first.uetr).events]
    assert kinds.count("decided") == 1 and kinds.count("queued") == 1
    if isinstance(network.services.ledger, DurableLedger):
        _assert_memory_is_disk(network)
    assert len(network.services.ledger.transfers()) == 2


def _assert_memory_is_disk(network: Network) -> None:
    ledger = network.services.ledger
    assert isinstance(ledger, DurableLedger)
    engine = network.services.store.engine  # type: ignore[attr-defined]
    on_disk = SqlLedgerStore(engine).load(network.clock)
    assert on_disk.transfers() == ledger.transfers()
    assert on_disk.accounts() == ledger.accounts()
    assert ledger.verify() == []


def test_the_ledger_batch_is_committed_with_the_settlements(
    durable_network: Network, engine: Engine
) -> None:
    """One durable commit for the postings and the settlements they record, not two."""
    network = durable_network
    warm = submit_many(network.services, [network.signed(network.payment("DEUTDEFF", "BOFAUS3N"))])
    assert [r.decision for r in warm] == ["pass"]  # The accounts exist from now on.
    commits: list[int] = []

    def counted(connection: Connection) -> None:
        commits.append(1)

    event.listen(engine, "commit", counted)
    try:
        results = submit_many(
            network.services,
            [network.signed(network.payment("DEUTDEFF", "BOFAUS3N")) for _ in range(3)],
        )
    finally:
        event.remove(engine, "commit", counted)
    assert [r.decision for r in results] == ["pass"] * 3
    # The checks' read of the directory, receive and decide, then ledger + settle + queue.
    assert len(commits) == 3
    assert len(network.services.ledger.transfers()) == 4
    _assert_memory_is_disk(network)


def test_a_failed_settlement_leaves_no_posting_in_memory_or_on_disk(
    durable_network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The joined transaction rolls back: the ledger reloads, and resume settles once."""
    network = durable_network

    def broken(*args: object) -> None:
        raise OSError("disk unplugged after the ledger's batch was written")

    monkeypatch.setattr(steps, "_settle_and_queue", broken)
    with pytest.raises(OSError, match="unplugged"):
        submit_many(network.services, [network.signed(network.payment("DEUTDEFF", "BOFAUS3N"))])
    assert network.services.ledger.transfers() == []
    _assert_memory_is_disk(network)
    monkeypatch.undo()
    assert resume(network.services) == 1
    [delivered] = fetch_deliveries(network.services, "BOFAUS3N")
    assert len(network.services.ledger.transfers()) == 1
    _assert_memory_is_disk(network)
    kinds = [event.kind for event in track(network.services, str(delivered.uetr)).events]
    assert kinds.count("settled") == 1 and kinds.count("queued") == 1


def test_settling_from_a_stale_copy_records_nothing_twice(network: Network) -> None:
    accepted = receive(network.services, network.signed(network.payment("DEUTDEFF", "BOFAUS3N")))
    assert accepted.message_pk is not None and accepted.uetr is not None
    drive_many(network.services, [accepted.message_pk])
    with network.services.store.transaction() as tx:
        done = tx.message(accepted.message_pk)
    assert done is not None
    stale = dataclasses.replace(done, state=MessageState.DECIDED)
    outcomes = drive_many(network.services, [stale.id], known={stale.id: stale})
    assert outcomes == {stale.id: "pass"}
    kinds = [event.kind for event in track(network.services, accepted.uetr).events]
    assert kinds.count("settled") == 1 and kinds.count("queued") == 1
    assert len(fetch_deliveries(network.services, "BOFAUS3N")) == 1
