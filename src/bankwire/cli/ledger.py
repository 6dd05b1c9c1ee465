"""``bankwire ledger``: verify the books from their transfers, and show balances.

Both commands read the database as stored (``SqlLedgerStore.load``) without trusting it:
``verify`` replays every transfer from zero and exits 1 on any discrepancy, so it can run in a
cron job or after a crash, next to a running server.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from bankwire.cli.context import CliContext, pass_context
from bankwire.clock import SystemClock
from bankwire.ledger import Account, Ledger
from bankwire.money import CURRENCY_EXPONENTS
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import SqlLedgerStore

__all__ = ["ledger"]


def _load(context: CliContext) -> Ledger:
    engine = open_engine(context.database_url)
    try:
        create_schema(engine)
        return SqlLedgerStore(engine).load(SystemClock())
    finally:
        engine.dispose()


def format_minor(minor_units: int, currency: str) -> str:
    """Minor units as a decimal string with the currency's digits; exact for any u128."""
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    sign = "-" if minor_units < 0 else ""
    whole, fraction = divmod(abs(minor_units), 10**exponent)
    return f"{sign}{whole:,}.{fraction:0{exponent}d}" if exponent else f"{sign}{whole:,}"


def short_id(account_id: int) -> str:
    """An id short enough for a table column; owner, kind and currency already say which
    account it is, and ``--json`` gives the full id for ``--account``."""
    text = str(account_id)
    return text if len(text) <= 12 else f"{text[:5]}…{text[-5:]}"


@click.group(help="The settlement ledger: verify it, show balances.")
def ledger() -> None:
    pass


@ledger.command(help="Recompute every balance from the transfers; exit 1 on any discrepancy.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_context
def verify(context: CliContext, as_json: bool) -> None:
    books = _load(context)
    discrepancies = books.verify()
    if as_json:
        report = {
            "verified": not discrepancies,
            "accounts": len(books.accounts()),
            "transfers": len(books.transfers()),
            "discrepancies": [
                {"kind": str(d.kind), "subject": d.subject, "message": d.message}
                for d in discrepancies
            ],
        }
        click.echo(json.dumps(report, indent=2))
    else:
        console = Console(width=250) if not Console().is_terminal else Console()
        for discrepancy in discrepancies:
            console.print(f"[red]{discrepancy.kind}[/red] {discrepancy.message}", highlight=False)
        verdict = "[red]NOT verified[/red]" if discrepancies else "[green]verified[/green]"
        console.print(
            f"Ledger {verdict}: {len(books.accounts())} accounts, "
            f"{len(books.transfers())} transfers, {len(discrepancies)} discrepancies."
        )
    if discrepancies:
        raise SystemExit(1)


def _account_dict(account: Account) -> dict[str, Any]:
    return {
        "id": str(account.id),
        "owner": account.owner,
        "kind": str(account.kind),
        "currency": account.currency,
        "code": account.code,
        "flags": [flag.name.lower() for flag in account.flags if flag.name],
        "debits_pending": account.debits_pending,
        "debits_posted": account.debits_posted,
        "credits_pending": account.credits_pending,
        "credits_posted": account.credits_posted,
        "balance_posted": format_minor(account.balance_posted, account.currency),
    }


@ledger.command(help="Show account balances (all accounts, or one with --account).")
@click.option("--account", "account_id", type=int, default=None, help="Only this account id.")
@click.option("--owner", default=None, help="Only accounts of this owner (BIC).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_context
def balances(context: CliContext, account_id: int | None, owner: str | None, as_json: bool) -> None:
    books = _load(context)
    accounts = books.lookup_accounts([account_id]) if account_id is not None else books.accounts()
    if account_id is not None and not accounts:
        raise click.ClickException(f"account {account_id}: no such account in the ledger")
    if owner is not None:
        accounts = [account for account in accounts if account.owner == owner.upper()]
    if as_json:
        click.echo(json.dumps([_account_dict(account) for account in accounts], indent=2))
        return
    if not accounts:
        click.echo("No ledger accounts yet.")
        return
    table = Table(
        title="Ledger balances (minor units; balance = credits - debits posted; full ids: --json)"
    )
    for header in ("id", "owner", "kind", "cur", "debits pending", "debits posted",
                   "credits pending", "credits posted", "balance"):  # fmt: skip
        justify = "right" if header not in ("id", "owner", "kind", "cur") else "left"
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for account in accounts:
        table.add_row(
            short_id(account.id),
            account.owner,
            str(account.kind),
            account.currency,
            str(account.debits_pending),
            str(account.debits_posted),
            str(account.credits_pending),
            str(account.credits_posted),
            format_minor(account.balance_posted, account.currency),
        )
    console = Console()
    if not console.is_terminal:  # Pipes and logs get every digit, not a table cut to 80.
        console = Console(width=250)
    console.print(table)
