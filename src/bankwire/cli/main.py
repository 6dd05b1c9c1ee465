"""The ``bankwire`` command: one click group, a subcommand module per area."""

from __future__ import annotations

import dataclasses
import sys

import click

from bankwire.cli.context import CliContext
from bankwire.errors import BankwireError
from bankwire.settings import Settings

__all__ = ["cli", "main"]


@click.group(help="bankwire: interbank payment messaging with sanctions screening at every hop.")
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    default=None,
    help="Database URL (sqlite:///file.db or postgresql://...). "
    "Default: BANKWIRE_DATABASE_URL, else a SQLite file in the user data directory.",
)
@click.pass_context
def cli(ctx: click.Context, database_url: str | None) -> None:
    try:
        settings = Settings.from_env()
    except BankwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if database_url:
        settings = dataclasses.replace(settings, database_url=database_url)
    ctx.obj = CliContext(settings=settings)


def _register() -> None:
    # Imported here, not at module top, so each area's import cost is paid only once.
    from bankwire.cli import commands

    for command in commands.all_commands():
        cli.add_command(command)


_register()


def main() -> None:
    """Console entry point; domain errors become one clear line and exit status 1."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BankwireError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except SystemExit:
        raise
