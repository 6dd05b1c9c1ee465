"""The settlement ledger in SQL (SQLite or PostgreSQL): one batch, one transaction.

``DurableLedger`` keeps the authoritative ``Ledger`` in memory (like TigerBeetle's state
machine) and writes what each batch changed in ONE database transaction, before returning the
results. The writes go in dependency order (new accounts, transfers, pending resolutions, then
the balances they imply) and commit only at the end, so a crash at any point leaves either the
whole batch or nothing; if the write fails, the in-memory state is rebuilt from the database so
that memory never runs ahead of disk. On open, the stored state is replayed and verified: the
second half of the pair of assertions made before each write.

One ``DurableLedger`` at a time writes a database; other processes (``bankwire ledger
verify``) may read with ``SqlLedgerStore.load``. Several writers may take turns under one
lock (the worker processes of ``bankwire serve --workers N``): each calls ``catch_up`` once
it holds the lock, which takes in the batches the others stored (the new rows only). A writer
that did not is caught, not trusted: every batch first claims the next number in
``ledger_batches``; a writer whose memory is behind the database claims a number already
taken, fails that batch with ``StoreError`` and reloads.

u128 values (ids, amounts, balances) are stored as decimal text: neither SQLite's INTEGER nor
PostgreSQL's BIGINT holds 128 bits, and text keeps them exact without Decimal arithmetic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Dialect,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from bankwire.clock import Clock
from bankwire.errors import LedgerError, StoreError
from bankwire.ledger import (
    Account,
    AccountFlags,
    AccountKind,
    CreateAccountResult,
    CreateTransferResult,
    CurrencyTotals,
    Discrepancy,
    Ledger,
    LedgerChanges,
    PendingResolution,
    PendingStatus,
    Transfer,
    TransferFlags,
)
from bankwire.store.db import metadata
from bankwire.store.network import SqlNetworkTransaction
from bankwire.store.network_raw import RawStatement, integrity_errors, store_errors

__all__ = ["DurableLedger", "SqlLedgerStore"]

_TIMESTAMP_STORED_MAX = 2**63 - 1  # BIGINT: nanoseconds up to the year 2262.


class U128(TypeDecorator[int]):
    """An unsigned 128-bit integer kept exactly as decimal text."""

    impl = String(39)
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", U128, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("code", Integer, nullable=False),
    Column("owner", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("flags", Integer, nullable=False),
    Column("debits_pending", U128, nullable=False),
    Column("debits_posted", U128, nullable=False),
    Column("credits_pending", U128, nullable=False),
    Column("credits_posted", U128, nullable=False),
    Column("timestamp", BigInteger, nullable=False, unique=True),
)

ledger_transfers = Table(
    "ledger_transfers",
    metadata,
    Column("id", U128, primary_key=True),
    Column("debit_account_id", U128, ForeignKey("ledger_accounts.id"), nullable=False),
    Column("credit_account_id", U128, ForeignKey("ledger_accounts.id"), nullable=False),
    Column("amount", U128, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("code", Integer, nullable=False),
    Column("flags", Integer, nullable=False),
    Column("pending_id", U128, nullable=False),
    Column("timeout_s", BigInteger, nullable=False),
    Column("uetr", String(36), nullable=True),
    Column("licence_reference", String(128), nullable=True),
    Column("timestamp", BigInteger, nullable=False, unique=True),
)

# A pending transfer resolves at most once: the primary key makes the database say so too.
ledger_pending_resolutions = Table(
    "ledger_pending_resolutions",
    metadata,
    Column("pending_id", U128, ForeignKey("ledger_transfers.id"), primary_key=True),
    Column("status", String(8), nullable=False),
    Column("timestamp", BigInteger, nullable=False),
)


# Written first in every batch transaction: the batch number is the single-writer guard.
ledger_batches = Table(
    "ledger_batches",
    metadata,
    Column("sequence", BigInteger, primary_key=True, autoincrement=False),
    Column("timestamp", BigInteger, nullable=False),
    Column("transfers", Integer, nullable=False),
)


class SqlLedgerStore:
    """Reads and writes ledger rows; knows nothing of the ledger's rules."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, changes: LedgerChanges, balances: Sequence[Account], sequence: int) -> None:
        """Write one batch (number ``sequence``) and the balances it led to, in one transaction.

        Raises ``StoreError`` if the batch number is taken: another writer got there first.
        """
        try:
            with self.engine.begin() as connection:
                self.save_in(connection, changes, balances, sequence)
        except store_errors(self.engine.dialect) as exc:
            raise self._save_error(changes, exc) from exc

    def save_in(
        self,
        connection: Connection,
        changes: LedgerChanges,
        balances: Sequence[Account],
        sequence: int,
    ) -> None:
        """``save`` in a transaction the caller owns: on disk when the caller commits it."""
        for account in balances:  # First half of the pair; ``load`` + ``verify`` is the second.
            assert account.debits_pending >= 0
            assert account.credits_pending >= 0
        try:
            self._insert_batch(connection, changes, sequence)
            self._insert_accounts(connection, changes.accounts)
            self._insert_transfers(connection, changes.transfers)
            self._insert_resolutions(connection, changes.resolutions)
            self._write_balances(connection, balances)
        except store_errors(self.engine.dialect) as exc:
            raise self._save_error(changes, exc) from exc

    def _save_error(self, changes: LedgerChanges, exc: Exception) -> StoreError:
        return StoreError(
            f"ledger: cannot write a batch of {len(changes.transfers)} transfers and "
            f"{len(changes.accounts)} accounts to {self.engine.url!r}: {exc}"
        )

    def last_batch(self) -> int:
        """The number of the last batch written (0 for an empty ledger)."""
        try:
            with self.engine.connect() as connection:
                last = connection.execute(select(func.max(ledger_batches.c.sequence))).scalar()
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger: cannot read from {self.engine.url!r}: {exc}") from exc
        return int(last or 0)

    def load(self, clock: Clock, *, track_changes: bool = False) -> Ledger:
        """Rebuild the ledger from the database as stored; ``verify`` checks it."""
        try:
            with self.engine.connect() as connection:
                account_rows = connection.execute(
                    select(ledger_accounts).order_by(ledger_accounts.c.timestamp)
                ).all()
                transfer_rows = connection.execute(
                    select(ledger_transfers).order_by(ledger_transfers.c.timestamp)
                ).all()
                resolution_rows = connection.execute(
                    select(ledger_pending_resolutions).order_by(
                        ledger_pending_resolutions.c.timestamp
                    )
                ).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger: cannot read from {self.engine.url!r}: {exc}") from exc
        try:
            return Ledger.restore(
                clock,
                (_account_from_row(row._mapping) for row in account_rows),
                (_transfer_from_row(row._mapping) for row in transfer_rows),
                (_resolution_from_row(row._mapping) for row in resolution_rows),
                track_changes=track_changes,
            )
        except (ValueError, TypeError) as exc:
            raise StoreError(
                f"ledger: stored rows in {self.engine.url!r} are invalid: {exc}"
            ) from exc

    def load_since(
        self, timestamp: int
    ) -> tuple[list[Account], list[Transfer], list[PendingResolution]]:
        """The accounts, transfers and resolutions stored after ``timestamp``, in order."""
        params = {"timestamp": timestamp}
        try:
            with self.engine.connect() as connection:
                accounts = _ACCOUNTS_SINCE.rows(connection, params)
                transfers = _TRANSFERS_SINCE.rows(connection, params)
                resolutions = _RESOLUTIONS_SINCE.rows(connection, params)
        except store_errors(self.engine.dialect) as exc:
            raise StoreError(f"ledger: cannot read from {self.engine.url!r}: {exc}") from exc
        return (
            [_account_from_row(row) for row in accounts],
            [_transfer_from_row(row) for row in transfers],
            [_resolution_from_row(row) for row in resolutions],
        )

    def accounts(self, ids: Iterable[int]) -> list[Account]:
        """The stored rows (with balances) of the accounts ``ids``."""
        wanted = sorted(ids)
        if not wanted:
            return []
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    select(ledger_accounts).where(ledger_accounts.c.id.in_(wanted))
                ).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger: cannot read from {self.engine.url!r}: {exc}") from exc
        return [_account_from_row(row._mapping) for row in rows]

    def last_batch_fast(self) -> int:
        """``last_batch`` on the DB-API cursor: checked each time the server's lock is taken."""
        try:
            with self.engine.connect() as connection:
                last = _LAST_BATCH.scalar(connection, {})
        except store_errors(self.engine.dialect) as exc:
            raise StoreError(f"ledger: cannot read from {self.engine.url!r}: {exc}") from exc
        return int(last or 0)

    def _insert_batch(self, connection: Connection, changes: LedgerChanges, sequence: int) -> None:
        timestamps = [t.timestamp for t in changes.transfers[-1:]]
        timestamps += [a.timestamp for a in changes.accounts[-1:]]
        timestamps += [r.timestamp for r in changes.resolutions[-1:]]
        row = {"sequence": sequence, "timestamp": _timestamp(max(timestamps)),
               "transfers": len(changes.transfers)}  # fmt: skip
        try:
            _INSERT_BATCH.run(connection, row)
        except integrity_errors(connection.dialect) as exc:
            raise StoreError(
                f"ledger: batch {sequence} was already written to {self.engine.url!r} by another "
                "writer; this one's memory was behind the database and is reloaded"
            ) from exc

    def _insert_accounts(self, connection: Connection, accounts: Sequence[Account]) -> None:
        _INSERT_ACCOUNTS.run_many(connection, [_account_row(a) for a in accounts])

    def _insert_transfers(self, connection: Connection, transfers: Sequence[Transfer]) -> None:
        _INSERT_TRANSFERS.run_many(connection, [_transfer_row(t) for t in transfers])

    def _insert_resolutions(
        self, connection: Connection, resolutions: Sequence[PendingResolution]
    ) -> None:
        _INSERT_RESOLUTIONS.run_many(connection, [_resolution_row(r) for r in resolutions])

    def _write_balances(self, connection: Connection, accounts: Sequence[Account]) -> None:
        rows = [
            {
                "account_id": account.id,
                "dp": account.debits_pending,
                "dpo": account.debits_posted,
                "cp": account.credits_pending,
                "cpo": account.credits_posted,
            }
            for account in accounts
        ]
        changed = _WRITE_BALANCES.run_many(connection, rows)
        assert changed in (len(rows), -1)  # -1: a driver that does not count.


# A batch's writes: run on the DB-API cursor, as the network's hot statements are. Through
# SQLAlchemy's execution path each cost more than SQLite's own work for these few rows.
_INSERT_BATCH = RawStatement(insert(ledger_batches), ("sequence", "timestamp", "transfers"))
_INSERT_ACCOUNTS = RawStatement(insert(ledger_accounts), [c.key for c in ledger_accounts.c])
_INSERT_TRANSFERS = RawStatement(insert(ledger_transfers), [c.key for c in ledger_transfers.c])
_INSERT_RESOLUTIONS = RawStatement(
    insert(ledger_pending_resolutions), [c.key for c in ledger_pending_resolutions.c]
)
_WRITE_BALANCES = RawStatement(
    update(ledger_accounts)
    .where(ledger_accounts.c.id == bindparam("account_id", type_=U128))
    .values(
        debits_pending=bindparam("dp", type_=U128),
        debits_posted=bindparam("dpo", type_=U128),
        credits_pending=bindparam("cp", type_=U128),
        credits_posted=bindparam("cpo", type_=U128),
    )
)
_LAST_BATCH = RawStatement(select(func.max(ledger_batches.c.sequence)))
_ACCOUNTS_SINCE, _TRANSFERS_SINCE, _RESOLUTIONS_SINCE = (
    RawStatement(
        select(table)
        .where(table.c.timestamp > bindparam("timestamp", type_=BigInteger))
        .order_by(table.c.timestamp)
    )
    for table in (ledger_accounts, ledger_transfers, ledger_pending_resolutions)
)
"""What another writer stored: read on the DB-API cursor, as the network's hot statements."""


def _timestamp(value: int) -> int:
    if value > _TIMESTAMP_STORED_MAX:
        raise StoreError(f"ledger: timestamp {value} does not fit a BIGINT (year 2262 or later)")
    return value


def _account_row(account: Account) -> dict[str, object]:
    return {
        "id": account.id,
        "currency": account.currency,
        "code": account.code,
        "owner": account.owner,
        "kind": str(account.kind),
        "flags": int(account.flags),
        "debits_pending": account.debits_pending,
        "debits_posted": account.debits_posted,
        "credits_pending": account.credits_pending,
        "credits_posted": account.credits_posted,
        "timestamp": _timestamp(account.timestamp),
    }


def _transfer_row(transfer: Transfer) -> dict[str, object]:
    return {
        "id": transfer.id,
        "debit_account_id": transfer.debit_account_id,
        "credit_account_id": transfer.credit_account_id,
        "amount": transfer.amount,
        "currency": transfer.currency,
        "code": int(transfer.code),
        "flags": int(transfer.flags),
        "pending_id": transfer.pending_id,
        "timeout_s": transfer.timeout_s,
        "uetr": transfer.uetr,
        "licence_reference": transfer.licence_reference,
        "timestamp": _timestamp(transfer.timestamp),
    }


def _resolution_row(resolution: PendingResolution) -> dict[str, object]:
    return {
        "pending_id": resolution.pending_id,
        "status": str(resolution.status),
        "timestamp": _timestamp(resolution.timestamp),
    }


def _account_from_row(row: Any) -> Account:
    return Account(
        id=row["id"],
        currency=row["currency"],
        code=row["code"],
        owner=row["owner"],
        kind=AccountKind(row["kind"]),
        flags=AccountFlags(row["flags"]),
        debits_pending=row["debits_pending"],
        debits_posted=row["debits_posted"],
        credits_pending=row["credits_pending"],
        credits_posted=row["credits_posted"],
        timestamp=row["timestamp"],
    )


def _transfer_from_row(row: Any) -> Transfer:
    return Transfer(
        id=row["id"],
        debit_account_id=row["debit_account_id"],
        credit_account_id=row["credit_account_id"],
        amount=row["amount"],
        currency=row["currency"],
        code=row["code"],
        flags=TransferFlags(row["flags"]),
        pending_id=row["pending_id"],
        timeout_s=row["timeout_s"],
        uetr=row["uetr"],
        licence_reference=row["licence_reference"],
        timestamp=row["timestamp"],
    )


def _resolution_from_row(row: Any) -> PendingResolution:
    return PendingResolution(
        pending_id=row["pending_id"],
        status=PendingStatus(row["status"]),
        timestamp=row["timestamp"],
    )


class DurableLedger:
    """A ``Ledger`` whose every batch is on disk before its results are returned.

    Build it with ``DurableLedger.open(engine, clock)``; the schema must exist
    (``bankwire.store.db.create_schema``).
    """

    def __init__(
        self, store: SqlLedgerStore, clock: Clock, ledger: Ledger, last_batch: int
    ) -> None:
        self._store = store
        self._clock = clock
        self._ledger = ledger
        self._last_batch = last_batch
        # One batch at a time, and no read of a half-applied batch: API handlers run on
        # several threads, the in-memory ledger is not thread-safe.
        self._lock = threading.RLock()
        self._joined: Connection | None = None
        """The transaction batches are written in (``joined``); None: each commits its own."""
        self._joined_batches = 0
        """Batches written in ``_joined`` so far: memory is ahead of disk until it commits."""

    @classmethod
    def open(cls, engine: Engine, clock: Clock) -> DurableLedger:
        """Load the stored ledger and verify it; raises ``LedgerError`` on any discrepancy."""
        store = SqlLedgerStore(engine)
        # The number first: a batch written meanwhile then makes our next batch fail, never
        # lets memory that missed it write on top of it.
        last_batch = store.last_batch()
        ledger = store.load(clock, track_changes=True)
        discrepancies = ledger.verify()
        if discrepancies:
            listed = "; ".join(d.message for d in discrepancies[:5])
            raise LedgerError(
                f"ledger in {engine.url!r}: {len(discrepancies)} discrepancies between balances "
                f"and transfers, expected none: {listed}"
            )
        return cls(store, clock, ledger, last_batch)

    def create_accounts(self, batch: Sequence[Account]) -> list[tuple[int, CreateAccountResult]]:
        """``Ledger.create_accounts``, durable when it returns."""
        with self._lock:
            results = self._ledger.create_accounts(batch)
            self._persist()
            return results

    def create_transfers(self, batch: Sequence[Transfer]) -> list[tuple[int, CreateTransferResult]]:
        """``Ledger.create_transfers``, durable when it returns."""
        with self._lock:
            results = self._ledger.create_transfers(batch)
            self._persist()
            return results

    def expire_pending_transfers(self) -> int:
        with self._lock:
            expired = self._ledger.expire_pending_transfers()
            self._persist()
            return expired

    @contextmanager
    def joined(self) -> Iterator[Callable[[object], bool]]:
        """Write the batches made inside in another store's transaction, not in their own.

        Yields ``join``: called with a transaction of the network store on this ledger's
        engine (``SqlNetworkTransaction``), it makes every batch until the block ends part
        of that transaction, which the caller commits (one durable commit for the postings
        and what they settle, not two); it returns whether it joined (False for any other
        transaction: batches then commit on their own, as outside the block). Open the
        transaction inside this block, so that its commit is inside too: if anything in the
        block fails, the commit included, memory is read back from the database, which then
        holds none of the block's batches. The ledger's lock is held throughout.
        """

        def join(transaction: object) -> bool:
            connection = (
                transaction.connection_on(self._store.engine)
                if isinstance(transaction, SqlNetworkTransaction)
                else None
            )
            self._joined = connection
            return connection is not None

        with self._lock:
            assert self._joined is None, "ledger batches already joined to a transaction"
            self._joined_batches = 0
            try:
                yield join
            except BaseException:
                if self._joined_batches:
                    # Memory must not run ahead of disk: the transaction did not commit.
                    self.reload()
                raise
            finally:
                self._joined = None
                self._joined_batches = 0

    def lookup_accounts(self, ids: Iterable[int]) -> list[Account]:
        with self._lock:
            return self._ledger.lookup_accounts(ids)

    def lookup_transfers(self, ids: Iterable[int]) -> list[Transfer]:
        with self._lock:
            return self._ledger.lookup_transfers(ids)

    def get_account_transfers(self, account_id: int) -> list[Transfer]:
        with self._lock:
            return self._ledger.get_account_transfers(account_id)

    def pending_status(self, pending_id: int) -> PendingStatus | None:
        with self._lock:
            return self._ledger.pending_status(pending_id)

    def accounts(self) -> list[Account]:
        with self._lock:
            return self._ledger.accounts()

    def transfers(self) -> list[Transfer]:
        with self._lock:
            return self._ledger.transfers()

    def balances(self) -> dict[str, CurrencyTotals]:
        with self._lock:
            return self._ledger.balances()

    def verify(self) -> list[Discrepancy]:
        with self._lock:
            return self._ledger.verify()

    def reload(self) -> None:
        """Drop the in-memory state and read it back from the database."""
        with self._lock:
            self._last_batch = self._store.last_batch()
            self._ledger = self._store.load(self._clock, track_changes=True)

    def catch_up(self) -> int:
        """Take in the batches another writer stored since this one's last; how many.

        For writers that take turns on one database (the worker processes of one server,
        under the server's lock): each catches up before it writes, so its memory holds
        every batch the others wrote and its own next batch number is free. Reads only the
        rows newer than what memory holds, and the balances of the accounts they touched.
        """
        with self._lock:
            last = self._store.last_batch_fast()
            if last == self._last_batch:
                return 0
            try:
                accounts, transfers, resolutions = self._store.load_since(
                    self._ledger.last_timestamp
                )
                touched = {account.id for account in accounts}
                for transfer in transfers:
                    touched.update((transfer.debit_account_id, transfer.credit_account_id))
                known = {transfer.id: transfer for transfer in transfers}
                for resolution in resolutions:
                    pending = known.get(resolution.pending_id)
                    if pending is not None:
                        touched.update((pending.debit_account_id, pending.credit_account_id))
                    else:
                        touched.update(self._ledger.accounts_of([resolution.pending_id]))
                balances = self._store.accounts(touched)
                self._ledger.absorb(accounts, transfers, resolutions, balances)
            except Exception:  # noqa: BLE001 - memory must match the database: read all of it.
                behind = last - self._last_batch
                self.reload()
                return behind
            behind, self._last_batch = last - self._last_batch, last
            return behind

    def _persist(self) -> None:
        changes = self._ledger.take_changes()
        if changes.is_empty():
            return
        balances = self._ledger.lookup_accounts(sorted(changes.touched_account_ids))
        if self._joined is not None:
            # Written in the joined transaction; ``joined`` reloads memory if it fails.
            self._joined_batches += 1
            self._store.save_in(self._joined, changes, balances, self._last_batch + 1)
            self._last_batch += 1
            return
        try:
            self._store.save(changes, balances, self._last_batch + 1)
        except BaseException:
            # Memory must not run ahead of disk: what the database has is the truth.
            self.reload()
            raise
        self._last_batch += 1
