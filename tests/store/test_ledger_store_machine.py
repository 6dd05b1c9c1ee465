"""The ledger state machine against the durable SQLite ledger, with real write failures.

Same workload and auditor as ``tests/ledger/test_ledger_state_machine.py``; here a crash is
an exception raised inside the database write (at a random step of it), and a reload is a new
``DurableLedger.open`` on the same file, which re-verifies every balance.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import rule

from bankwire.ledger import Transfer
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import DurableLedger, SqlLedgerStore
from bankwire.store.ledger_port import LedgerStore
from tests.ledger.test_ledger_state_machine import LedgerMachine, run_machine

WRITE_STEPS = [
    "_insert_batch",
    "_insert_accounts",
    "_insert_transfers",
    "_insert_resolutions",
    "_write_balances",
]


class PowerCut(Exception):
    """Raised inside a database write to stand for the process dying there."""


class DurableLedgerMachine(LedgerMachine):
    def open_books(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bankwire-ledger-"))
        self.engine = open_engine(f"sqlite:///{self.folder / 'ledger.db'}")
        create_schema(self.engine)
        self.durable = DurableLedger.open(self.engine, self.clock)
        self.failing_step = WRITE_STEPS[-1]

    @property
    def books(self) -> LedgerStore:
        return self.durable

    def commit(self) -> None:
        """Nothing to do: a durable batch is written before its results come back."""

    @rule(step=st.sampled_from(WRITE_STEPS))
    def choose_failing_step(self, step: str) -> None:
        self.failing_step = step

    def run_and_crash(self, batch: list[Transfer]) -> list[str] | None:
        original = getattr(SqlLedgerStore, self.failing_step)

        def cut(*_args: object) -> None:
            raise PowerCut(self.failing_step)

        setattr(SqlLedgerStore, self.failing_step, cut)
        try:
            results = [str(result) for _, result in self.durable.create_transfers(batch)]
        except PowerCut:
            return None
        finally:
            setattr(SqlLedgerStore, self.failing_step, original)
        # Every event failed, so nothing was written and no write step ran; the process still
        # dies here, and the restarted one must agree with the auditor.
        self.reload_books()
        return results

    def reload_books(self) -> None:
        self.durable = DurableLedger.open(self.engine, self.clock)

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)


def test_durable_ledger_matches_auditor_short() -> None:
    run_machine(DurableLedgerMachine, max_examples=8, steps=15)


@pytest.mark.slow
def test_durable_ledger_matches_auditor_long() -> None:
    run_machine(DurableLedgerMachine, max_examples=300, steps=30)
