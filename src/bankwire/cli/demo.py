"""``bankwire demo``: replay the seed story on a fresh embedded database."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console

__all__ = ["demo"]


@click.command(help="Replay the 2018-2022 PDVSA / Evrofinance / PSB story through the network.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the JSON report here.")  # fmt: skip
@click.option(
    "--db",
    "database_url",
    default=None,
    metavar="URL",
    help="A fresh database for the replay (default: a new temporary SQLite file).",
)
def demo(report_path: Path | None, database_url: str | None) -> None:
    from bankwire.demo.report import print_run, report_json, write_report
    from bankwire.demo.runner import run_story

    console = Console()
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="bankwire-demo-"))
        database_url = f"sqlite:///{folder / 'demo.db'}"
    started = time.monotonic()
    run = run_story(database_url, lambda text: console.print(f"[dim]{text}[/]"))
    print_run(run, console)
    console.print(f"[dim]{time.monotonic() - started:.1f} s, database {database_url}[/]")
    if report_path is not None:
        write_report(run, report_path)
        console.print(f"Report: {report_path}")
    if not run.ledger_verified:
        raise click.ClickException(json.dumps(report_json(run)["ledger_discrepancies"]))
