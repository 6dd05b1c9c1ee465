"""Random workloads against the ledger, checked step by step against the ``Auditor``.

Batches of single-phase, pending, post, void, duplicate and linked transfers; clock moves that
expire pending transfers; crashes after a batch was written and crashes before it was (the
batch must then vanish). After every step the ledger must match the auditor exactly and pass
its own ``verify``. The default run is short; ``-m slow`` runs over 10^5 steps. On failure the
seed is printed: rerun with ``BANKWIRE_LEDGER_SEED=<seed>``.
"""

from __future__ import annotations

import copy
import os
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from bankwire.clock import FixedClock
from bankwire.ledger import Account, Ledger, LedgerChanges, PendingResolution, Transfer
from bankwire.store.ledger_port import LedgerStore
from tests.ledger.auditor import Auditor
from tests.strategies_ledger import WORKLOAD_ACCOUNTS, batches

SEED = int(os.environ.get("BANKWIRE_LEDGER_SEED") or random.randrange(2**32))
START = datetime(2022, 3, 12, 9, 0, tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _ns(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000


class Disk:
    """What a store would hold: only batches that were written, as ``DurableLedger`` writes."""

    def __init__(self) -> None:
        self.accounts: dict[int, Account] = {}
        self.transfers: dict[int, Transfer] = {}
        self.resolutions: dict[int, PendingResolution] = {}

    def save(self, changes: LedgerChanges, ledger: Ledger) -> None:
        for account in changes.accounts:
            self.accounts[account.id] = account
        for transfer in changes.transfers:
            assert transfer.id not in self.transfers
            self.transfers[transfer.id] = transfer
        for resolution in changes.resolutions:
            assert resolution.pending_id not in self.resolutions
            self.resolutions[resolution.pending_id] = resolution
        for account in ledger.lookup_accounts(changes.touched_account_ids):
            self.accounts[account.id] = account

    def load(self, clock: FixedClock) -> Ledger:
        accounts = sorted(self.accounts.values(), key=lambda account: account.timestamp)
        return Ledger.restore(clock, accounts, self.transfers.values(),
                              self.resolutions.values(), track_changes=True)  # fmt: skip


class LedgerMachine(RuleBasedStateMachine):
    """The workload against an in-memory ``Ledger`` whose batches a ``Disk`` keeps."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(START)
        self.auditor = Auditor()
        self.open_books()
        results = self.books.create_accounts(WORKLOAD_ACCOUNTS)
        assert {str(result) for _, result in results} == {"ok"}
        for account in self.books.accounts():
            self.auditor.add_account(account, account.timestamp)
        self.commit()

    # -- What differs between the memory and the durable runs -------------------------------

    def open_books(self) -> None:
        self.ledger = Ledger(self.clock, track_changes=True)
        self.disk = Disk()

    @property
    def books(self) -> LedgerStore:
        return self.ledger

    def commit(self) -> None:
        self.disk.save(self.ledger.take_changes(), self.ledger)

    def run_and_crash(self, batch: list[Transfer]) -> list[str] | None:
        """Run a batch and die before it is written; the results, if any came back."""
        results = [str(result) for _, result in self.ledger.create_transfers(batch)]
        self.ledger.take_changes()  # Lost with the process.
        self.reload_books()
        return results

    def reload_books(self) -> None:
        self.ledger = self.disk.load(self.clock)

    # -- Rules ------------------------------------------------------------------------------

    @rule(data=st.data(), crash=st.integers(0, 9).map(lambda n: n == 0))
    def create_transfers(self, data: st.DataObject, crash: bool) -> None:
        """Run a batch; with ``crash`` the process dies before the batch reaches the disk."""
        pending_ids = sorted(self.auditor.status)
        recorded = list(self.auditor.transfers.values())
        batch = data.draw(batches(pending_ids, recorded))
        before = copy.deepcopy(self.auditor)
        expected = self.auditor.run_batch(batch, _ns(self.clock.now()))
        if crash:
            got = self.run_and_crash(batch)
            self.auditor = before
            self.auditor.reload()
        else:
            got = [str(result) for _, result in self.books.create_transfers(batch)]
            self.commit()
        if got is not None:
            assert got == expected, (got, expected)

    @rule(seconds=st.sampled_from([0, 1, 2, 29, 31, 60, 91]))
    def advance_clock(self, seconds: int) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    @rule()
    def expire_pending_transfers(self) -> None:
        self.auditor.run_batch([], _ns(self.clock.now()))
        self.books.expire_pending_transfers()
        self.commit()

    @rule()
    def crash_and_reload(self) -> None:
        self.reload_books()
        self.auditor.reload()

    @invariant()
    def ledger_matches_auditor(self) -> None:
        for account in self.books.accounts():
            expected = self.auditor.accounts[account.id].balances
            got = [account.debits_pending, account.debits_posted,
                   account.credits_pending, account.credits_posted]  # fmt: skip
            assert got == expected, account
            assert min(got) >= 0
        recorded = {t.id: t for t in self.books.transfers()}
        assert recorded.keys() == self.auditor.transfers.keys()
        for transfer_id, transfer in recorded.items():
            audited = self.auditor.transfers[transfer_id]
            assert transfer.timestamp == self.auditor.timestamps[transfer_id]
            assert transfer == Transfer(**{**_fields(audited), "timestamp": transfer.timestamp})
        for pending_id, status in self.auditor.status.items():
            assert self.books.pending_status(pending_id) == status

    @invariant()
    def books_verify(self) -> None:
        assert self.books.verify() == []
        for totals in self.books.balances().values():
            assert totals.debits_pending == totals.credits_pending
            assert totals.debits_posted == totals.credits_posted


def _fields(transfer: Transfer) -> dict[str, object]:
    return {name: getattr(transfer, name) for name in Transfer.__dataclass_fields__}


def run_machine(machine_type: type[LedgerMachine], max_examples: int, steps: int) -> None:
    """Run a ledger state machine with the session's seed, and print it if anything fails."""
    machine = seed(SEED)(machine_type)
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=max_examples,
                stateful_step_count=steps,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    except BaseException:
        print(f"ledger state machine failed; rerun with BANKWIRE_LEDGER_SEED={SEED}")
        raise


def test_ledger_matches_auditor_short() -> None:
    run_machine(LedgerMachine, max_examples=40, steps=30)


@pytest.mark.slow
def test_ledger_matches_auditor_long() -> None:
    """2,500 sequences of 40 steps: 10^5 steps."""
    run_machine(LedgerMachine, max_examples=2_500, steps=40)
