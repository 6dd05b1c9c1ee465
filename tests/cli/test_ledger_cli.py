"""``bankwire ledger verify`` and ``balances`` as an operator runs them against a database.

Protects the exit status contract (0 when the books agree, 1 on any discrepancy) and the JSON
fields other tools read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import update

from bankwire.cli.ledger import format_minor, short_id
from bankwire.cli.main import cli
from bankwire.clock import FixedClock
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import DurableLedger, ledger_accounts
from tests.ledger.factory import ACCOUNTS, FUNDING, RECEIVER, SENDER, pending, transfer


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "ledger", *args])
    return result.exit_code, result.output


def _books(db: Path) -> None:
    engine = open_engine(f"sqlite:///{db}")
    create_schema(engine)
    books = DurableLedger.open(engine, FixedClock(datetime(2020, 6, 1, tzinfo=UTC)))
    books.create_accounts(ACCOUNTS)
    books.create_transfers([transfer(1, FUNDING, SENDER, 123_456),
                            pending(2, SENDER, RECEIVER, 456)])  # fmt: skip
    engine.dispose()


def _tamper(db: Path) -> None:
    engine = open_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            update(ledger_accounts).where(ledger_accounts.c.id == RECEIVER).values(credits_posted=7)
        )
    engine.dispose()


def test_verify_passes_on_consistent_books(tmp_path: Path) -> None:
    db = tmp_path / "books.db"
    _books(db)
    code, output = run(db, "verify", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report == {"verified": True, "accounts": len(ACCOUNTS), "transfers": 2,
                      "discrepancies": []}  # fmt: skip
    code, output = run(db, "verify")
    assert code == 0, output
    assert "verified: 9 accounts, 2 transfers, 0 discrepancies" in output


def test_verify_fails_on_a_tampered_balance(tmp_path: Path) -> None:
    db = tmp_path / "books.db"
    _books(db)
    _tamper(db)
    code, output = run(db, "verify", "--json")
    assert code == 1
    report = json.loads(output)
    assert report["verified"] is False
    kinds = {d["kind"] for d in report["discrepancies"]}
    assert kinds == {"balance_mismatch", "unbalanced_currency"}
    code, output = run(db, "verify")
    assert code == 1
    assert "NOT verified" in output
    assert "credits_posted recorded 7, transfers give 0" in output


def test_verify_of_an_empty_database(tmp_path: Path) -> None:
    code, output = run(tmp_path / "empty.db", "verify")
    assert code == 0, output
    assert "0 accounts, 0 transfers" in output


def test_balances(tmp_path: Path) -> None:
    db = tmp_path / "books.db"
    _books(db)
    code, output = run(db, "balances", "--account", str(SENDER), "--json")
    assert code == 0, output
    (sender,) = json.loads(output)
    assert sender["credits_posted"] == 123_456
    assert sender["debits_pending"] == 456
    assert sender["balance_posted"] == "1,234.56"
    assert sender["flags"] == ["debits_must_not_exceed_credits"]
    code, output = run(db, "balances", "--owner", "aaaaus33", "--json")
    assert [a["kind"] for a in json.loads(output)] == ["settlement", "blocked"]
    code, output = run(db, "balances")
    assert code == 0, output
    assert "1,234.56" in output
    code, output = run(db, "balances", "--account", "999")
    assert code == 1
    assert "no such account" in output


def test_format_minor() -> None:
    assert format_minor(-5, "USD") == "-0.05"
    assert format_minor(1_234, "JPY") == "1,234"
    assert format_minor(2**128 - 1, "KWD").endswith(".455")


def test_balances_of_an_empty_database_say_so(tmp_path: Path) -> None:
    code, output = run(tmp_path / "empty.db", "balances")
    assert (code, output) == (0, "No ledger accounts yet.\n")
    code, output = run(tmp_path / "empty.db", "balances", "--json")
    assert (code, json.loads(output)) == (0, [])


def test_long_account_ids_are_shortened_for_the_table() -> None:
    """A 39-digit u128 id would crowd out the balances; the table shows its ends."""
    assert short_id(2**128 - 1) == "34028…11455"
    assert short_id(42) == "42"
