"""The durable ledger on SQLite and PostgreSQL: batches survive restarts, crashes leave nothing.

Protects the promise the network makes to banks: once ``create_transfers`` returned, the
batch is on disk; if the process dies or the write fails mid-batch, neither the database nor
the in-memory ledger keeps any part of it; a reload re-checks every balance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from bankwire.clock import FixedClock
from bankwire.errors import LedgerError, StoreError
from bankwire.ledger import CreateTransferResult, Ledger, PendingStatus, TransferFlags
from bankwire.store.base import LedgerPort
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import (
    DurableLedger,
    SqlLedgerStore,
    ledger_accounts,
    ledger_transfers,
)
from bankwire.store.ledger_port import LedgerStore
from bankwire.store.network import SqlNetworkStore
from tests.ledger.factory import (
    ACCOUNTS,
    FUNDING,
    HUGE_A,
    HUGE_B,
    RECEIVER,
    SENDER,
    pending,
    post,
    transfer,
)

R = CreateTransferResult
START = datetime(2022, 2, 22, 10, 0, tzinfo=UTC)


def _opened(engine: Engine) -> tuple[DurableLedger, FixedClock]:
    clock = FixedClock(START)
    ledger = DurableLedger.open(engine, clock)
    assert {str(result) for _, result in ledger.create_accounts(ACCOUNTS)} == {"ok"}
    assert ledger.create_transfers([transfer(1, FUNDING, SENDER, 1_000)]) == [(0, R.OK)]
    return ledger, clock


def test_batches_survive_a_restart(any_engine: Engine) -> None:
    ledger, clock = _opened(any_engine)
    results = ledger.create_transfers(
        [
            pending(
                20, SENDER, RECEIVER, 300, timeout_s=60, uetr="eb6305c9-1f7f-49de-aed0-16487c27b42d"
            ),
            post(21, 20, 200),
            pending(22, SENDER, RECEIVER, 100, timeout_s=60),
            transfer(23, HUGE_A, HUGE_B, 2**128 - 1),  # u128 balances round-trip exactly.
        ]
    )
    assert [str(result) for _, result in results] == ["ok"] * 4
    clock.advance(timedelta(minutes=2))
    assert ledger.expire_pending_transfers() == 1
    reopened = DurableLedger.open(any_engine, clock)
    assert reopened.accounts() == ledger.accounts()
    assert reopened.lookup_transfers([20, 21, 22, 23]) == ledger.lookup_transfers([20, 21, 22, 23])
    assert reopened.get_account_transfers(RECEIVER) == ledger.get_account_transfers(RECEIVER)
    assert reopened.pending_status(20) is PendingStatus.POSTED
    assert reopened.pending_status(22) is PendingStatus.EXPIRED
    assert reopened.balances() == ledger.balances()
    assert reopened.verify() == []
    # Resending after the restart is idempotent, as it was before it.
    assert reopened.create_transfers([post(21, 20, 200)]) == [(0, R.EXISTS)]


def test_failed_chains_and_unchanged_batches_write_nothing(any_engine: Engine) -> None:
    ledger, _clock = _opened(any_engine)
    with any_engine.connect() as connection:
        before = connection.execute(select(ledger_transfers.c.id)).all()
    batch = [transfer(30, SENDER, RECEIVER, 1, flags=TransferFlags.LINKED),
             transfer(31, SENDER, RECEIVER, 5_000)]  # fmt: skip
    assert [str(r) for _, r in ledger.create_transfers(batch)] == [
        "linked_event_failed",
        "exceeds_credits",
    ]
    assert ledger.create_transfers([transfer(1, FUNDING, SENDER, 1_000)]) == [(0, R.EXISTS)]
    with any_engine.connect() as connection:
        assert connection.execute(select(ledger_transfers.c.id)).all() == before


@pytest.mark.parametrize(
    "failing_step", ["_insert_transfers", "_insert_resolutions", "_write_balances"]
)
def test_crash_mid_batch_leaves_nothing(
    any_engine: Engine, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    """An exception at any write step rolls the whole batch back, on disk and in memory."""
    ledger, clock = _opened(any_engine)
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100)])
    accounts_before = ledger.accounts()

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt(f"power cut in {failing_step}")

    monkeypatch.setattr(SqlLedgerStore, failing_step, crash)
    with pytest.raises(KeyboardInterrupt, match="power cut"):
        ledger.create_transfers([post(21, 20), transfer(22, SENDER, RECEIVER, 5)])
    monkeypatch.undo()
    assert ledger.accounts() == accounts_before
    assert ledger.lookup_transfers([21, 22]) == []
    assert ledger.pending_status(20) is PendingStatus.PENDING
    reopened = DurableLedger.open(any_engine, clock)
    assert reopened.accounts() == accounts_before
    assert reopened.lookup_transfers([21, 22]) == []
    # The same batch goes through once the fault is gone.
    results = ledger.create_transfers([post(21, 20), transfer(22, SENDER, RECEIVER, 5)])
    assert [str(result) for _, result in results] == ["ok", "ok"]


def test_database_errors_become_store_errors(engine: Engine) -> None:
    ledger, _clock = _opened(engine)
    with engine.begin() as connection:  # A row the ledger does not know about takes id 40.
        row = connection.execute(select(ledger_transfers).where(ledger_transfers.c.id == 1)).one()
        values = dict(row._mapping)
        connection.execute(
            ledger_transfers.insert(),
            {**values, "id": 40, "timestamp": values["timestamp"] + 10**12},
        )
    with pytest.raises(StoreError, match="cannot write a batch of 1 transfers"):
        ledger.create_transfers([transfer(40, FUNDING, SENDER, 1)])
    # Memory was rebuilt from the database, which is the truth: transfer 40 is now known.
    assert [t.id for t in ledger.lookup_transfers([40])] == [40]


def test_tampered_balance_is_refused_on_open(any_engine: Engine) -> None:
    _opened(any_engine)
    with any_engine.begin() as connection:
        connection.execute(
            update(ledger_accounts)
            .where(ledger_accounts.c.id == SENDER)
            .values(credits_posted=2_000)
        )
    with pytest.raises(LedgerError, match="discrepancies between balances and transfers"):
        DurableLedger.open(any_engine, FixedClock(START))


def test_unreadable_rows_are_store_errors(engine: Engine) -> None:
    _opened(engine)
    with engine.begin() as connection:
        connection.execute(update(ledger_accounts).values(kind="piggy-bank"))
    with pytest.raises(StoreError, match=r"stored rows .* are invalid"):
        SqlLedgerStore(engine).load(FixedClock(START))


def test_missing_schema_is_a_store_error(tmp_path: object) -> None:
    from bankwire.store.db import open_engine

    bare = open_engine(f"sqlite:///{tmp_path}/bare.db")
    with pytest.raises(StoreError, match="cannot read"):
        SqlLedgerStore(bare).load(FixedClock(START))
    bare.dispose()


def test_timestamps_past_2262_do_not_fit(engine: Engine) -> None:
    clock = FixedClock(START.replace(year=2300))
    ledger = DurableLedger.open(engine, clock)
    with pytest.raises(StoreError, match="does not fit a BIGINT"):
        ledger.create_accounts([replace(ACCOUNTS[0])])


def test_durable_and_memory_ledgers_share_the_port(engine: Engine) -> None:
    ledger: LedgerStore = DurableLedger.open(engine, FixedClock(START))
    assert ledger.verify() == []
    assert ledger.lookup_accounts([SENDER]) == []
    # Both are what the flows take (checked by the type checker), joined batches included.
    ports: list[LedgerPort] = [
        DurableLedger.open(engine, FixedClock(START)),
        Ledger(FixedClock(START)),
    ]
    with ports[1].joined() as join:
        assert not join(object())


def test_batches_from_several_threads_are_serialised(engine: Engine) -> None:
    """API handlers call the ledger from worker threads; no batch may interleave another."""
    from concurrent.futures import ThreadPoolExecutor

    ledger, clock = _opened(engine)

    def send(worker: int) -> list[str]:
        batch = [transfer(1_000 + worker * 10 + n, SENDER, RECEIVER, 1) for n in range(10)]
        return [str(result) for _, result in ledger.create_transfers(batch)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(send, range(8)))
    assert outcomes == [["ok"] * 10] * 8
    reopened = DurableLedger.open(engine, clock)
    (receiver,) = reopened.lookup_accounts([RECEIVER])
    assert receiver.credits_posted == 80


def test_a_second_writer_is_caught_and_reloads(any_engine: Engine) -> None:
    """Two processes writing one ledger: the one whose memory is behind fails and catches up."""
    first, clock = _opened(any_engine)
    second = DurableLedger.open(any_engine, clock)
    assert first.create_transfers([transfer(50, SENDER, RECEIVER, 600)]) == [(0, R.OK)]
    # The second still believes the sender holds 1,000 and would overdraw it.
    with pytest.raises(StoreError, match=r"already written .* by another writer"):
        second.create_transfers([transfer(51, SENDER, RECEIVER, 600)])
    assert [t.id for t in second.lookup_transfers([50, 51])] == [50]
    assert second.create_transfers([transfer(51, SENDER, RECEIVER, 600)]) == [
        (0, R.EXCEEDS_CREDITS)
    ]
    assert DurableLedger.open(any_engine, clock).verify() == []


def test_writers_taking_turns_catch_up_with_each_other(any_engine: Engine) -> None:
    """Two writers on one database, each catching up before it writes (the server's worker
    processes under their shared lock): no batch fails, and both end where a fresh load ends.
    """
    first, clock = _opened(any_engine)
    second = DurableLedger.open(any_engine, clock)
    assert second.catch_up() == 0
    assert first.create_transfers([pending(60, SENDER, RECEIVER, 300, timeout_s=60)]) == [(0, R.OK)]
    assert first.create_transfers([transfer(61, SENDER, RECEIVER, 100)]) == [(0, R.OK)]
    assert second.catch_up() == 2
    # The second sees the reservation and what is left, and posts the pending transfer.
    assert second.create_transfers([transfer(62, SENDER, RECEIVER, 700)]) == [
        (0, R.EXCEEDS_CREDITS)
    ]
    assert second.create_transfers([post(63, 60, 300), transfer(64, SENDER, RECEIVER, 50)]) == [
        (0, R.OK),
        (1, R.OK),
    ]
    assert first.catch_up() == 1
    assert first.pending_status(60) is PendingStatus.POSTED
    assert first.create_transfers([post(65, 60, 300)]) == [(0, R.PENDING_TRANSFER_ALREADY_POSTED)]
    assert first.create_transfers([transfer(66, SENDER, RECEIVER, 1)]) == [(0, R.OK)]
    second.catch_up()
    fresh = DurableLedger.open(any_engine, clock)
    for ledger in (first, second):
        assert ledger.accounts() == fresh.accounts()
        assert ledger.balances() == fresh.balances()
        assert ledger.transfers() == fresh.transfers()
        assert ledger.verify() == []


def test_joined_batches_commit_with_the_network_transaction(any_engine: Engine) -> None:
    """The batches of a ``joined`` block are written by the network store's transaction and
    are on disk when it commits, with what it wrote; a second writer catches up with them."""
    ledger, clock = _opened(any_engine)
    store = SqlNetworkStore(any_engine)
    with ledger.joined() as join, store.transaction() as tx:
        assert join(tx)
        assert ledger.create_transfers([transfer(70, SENDER, RECEIVER, 250)]) == [(0, R.OK)]
        tx.add_operator("joined-operator", "ab" * 32)
    fresh = DurableLedger.open(any_engine, clock)
    assert fresh.transfers() == ledger.transfers()
    assert [t.id for t in fresh.lookup_transfers([70])] == [70]
    with store.transaction() as tx:
        assert tx.operator_by_token("ab" * 32) == "joined-operator"
    # The batch number was taken in the joined transaction: the next batch follows it.
    assert ledger.create_transfers([transfer(71, SENDER, RECEIVER, 1)]) == [(0, R.OK)]
    assert DurableLedger.open(any_engine, clock).verify() == []


def test_a_failed_joined_transaction_takes_the_batches_back(any_engine: Engine) -> None:
    """Memory never runs ahead of disk: the block fails, the ledger reads the database back."""
    ledger, clock = _opened(any_engine)
    store = SqlNetworkStore(any_engine)
    failing = pytest.raises(RuntimeError, match="after the batch")
    with failing, ledger.joined() as join, store.transaction() as tx:
        assert join(tx)
        assert ledger.create_transfers([transfer(72, SENDER, RECEIVER, 250)]) == [(0, R.OK)]
        raise RuntimeError("failed after the batch")
    assert ledger.lookup_transfers([72]) == []
    assert ledger.transfers() == DurableLedger.open(any_engine, clock).transfers()
    # Nothing of it is left: the same transfer goes through again, once.
    assert ledger.create_transfers([transfer(72, SENDER, RECEIVER, 250)]) == [(0, R.OK)]
    assert ledger.create_transfers([transfer(72, SENDER, RECEIVER, 250)]) == [(0, R.EXISTS)]


def test_a_transaction_the_ledger_cannot_join_leaves_batches_committing_alone(
    any_engine: Engine, tmp_path: Path
) -> None:
    """Another database's transaction (or none at all): each batch commits on its own."""
    ledger, clock = _opened(any_engine)
    other = open_engine(f"sqlite:///{tmp_path / 'other.db'}")
    create_schema(other)
    failing = pytest.raises(RuntimeError, match="later")
    with failing, ledger.joined() as join, SqlNetworkStore(other).transaction() as tx:
        assert not join(tx)
        assert not join(object())
        assert ledger.create_transfers([transfer(73, SENDER, RECEIVER, 250)]) == [(0, R.OK)]
        raise RuntimeError("failed later")
    # Committed on its own before the failure, so it stands, in memory and on disk.
    assert [t.id for t in DurableLedger.open(any_engine, clock).lookup_transfers([73])] == [73]
    assert [t.id for t in ledger.lookup_transfers([73])] == [73]
    other.dispose()
