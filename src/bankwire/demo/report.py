"""The demo's output: a rich table on the terminal and the JSON report file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bankwire.demo.asof import DESIGNATIONS
from bankwire.demo.runner import DemoRun

__all__ = ["DERIVATION", "print_run", "report_json", "write_report"]

DERIVATION = (
    "List versions as of each step's date are derived from the bundled lists: an entry is in "
    "the as-of version when it was designated on or before that date. Designation dates come "
    "from the list itself where it states one (UK OFSI, UN) and otherwise from the authority's "
    "announcement for the story's entities: "
    + "; ".join(
        f"{list_name} {source_id} on {item.on.isoformat()} ({item.source})"
        for (list_name, source_id), item in sorted(DESIGNATIONS.items())
    )
    + ". Entries whose designation date neither the list nor this table gives are kept in "
    "every as-of version."
)

_STYLE = {"delivered": "green", "held": "yellow", "rejected": "magenta", "blocked": "red"}


def report_json(run: DemoRun) -> dict[str, Any]:
    return {
        "steps": [
            {"id": s.id, "date": s.date, "description": s.description,
             "message_type": s.message_type, "uetr": s.uetr, "outcome": s.outcome,
             "reasons": s.reasons, "ledger": s.ledger, "hits": s.hits, "events": s.events}
            for s in run.steps
        ],
        "lists": run.lists,
        "list_derivation": DERIVATION,
        "ledger_verified": run.ledger_verified,
        "ledger_discrepancies": run.discrepancies,
        "database": run.database_url,
    }  # fmt: skip


def write_report(run: DemoRun, path: Path) -> None:
    path.write_text(json.dumps(report_json(run), indent=2, ensure_ascii=False) + "\n", "utf-8")


def print_run(run: DemoRun, console: Console) -> None:
    table = Table(title="bankwire demo: the PDVSA / Evrofinance / Promsvyazbank story")
    for column in ("Step", "Date", "Outcome", "Why"):
        table.add_column(column, overflow="fold")
    for step in run.steps:
        why = "\n".join(_short(reason) for reason in step.reasons[:3]) or "no rule fired"
        style = _STYLE.get(step.outcome, "")
        table.add_row(step.id, step.date, f"[{style}]{step.outcome}[/]", why)
    console.print(table)
    console.print(f"[bold]List versions:[/] {DERIVATION}", soft_wrap=True)
    verdict = "[green]verified[/]" if run.ledger_verified else "[red]DISCREPANCIES[/]"
    console.print(f"[bold]Ledger:[/] every balance recomputed from the transfers: {verdict}")


def _short(reason: str, limit: int = 160) -> str:
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"
