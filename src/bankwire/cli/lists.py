"""``bankwire lists``: load, inspect, diff and export sanctions list versions."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bankwire.bundled import bundled_sets, read_bundled_files
from bankwire.cli.context import CliContext, pass_context
from bankwire.errors import BankwireError
from bankwire.sanctions.model import IdentifierScheme
from bankwire.sanctions.serialize import entry_to_dict
from bankwire.sanctions.sources import FORMATS
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.db import create_schema, open_engine
from bankwire.store.lists import ListStore, ListVersion, LoadResult

__all__ = ["lists"]

_PROGRESS_AFTER_S = 1.0  # Show a progress bar only for loads that take longer than this.


def open_list_store(context: CliContext) -> ListStore:
    engine = open_engine(context.database_url)
    create_schema(engine)
    return ListStore(engine)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich bar on stderr that appears only once the work has taken over a second."""
    started = time.monotonic()
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # A bar is for people watching a terminal; logs and pipes get no control codes.
        disable=not console.is_terminal,
    )
    task = bar.add_task(label, total=None)
    shown = False

    def report(done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - started > _PROGRESS_AFTER_S:
            bar.start()
            shown = True
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if shown:
            bar.stop()


def _version_dict(version: ListVersion) -> dict[str, Any]:
    return {
        "id": version.id,
        "list": version.list_name,
        "sha256": version.sha256,
        "format": version.format_name,
        "published": version.published.isoformat() if version.published else None,
        "loaded_at": version.loaded_at.isoformat(),
        "entries": version.entry_count,
        "files": list(version.files),
        "warnings": list(version.warnings),
        "active": version.active,
    }


def _print_result(result: LoadResult, as_json: bool) -> None:
    version = result.version
    if as_json:
        click.echo(json.dumps({"outcome": result.outcome.value, **_version_dict(version)}))
        return
    published = version.published.isoformat() if version.published else "not stated"
    verb = {
        "loaded": "Loaded",
        "unchanged": "Unchanged (same bytes already active)",
        "reactivated": "Re-activated an earlier load of the same bytes",
    }[result.outcome.value]
    click.echo(
        f"{verb}: {version.list_name} version {version.id}, {version.entry_count} entries, "
        f"published {published}, sha256 {version.sha256[:16]}..."
    )
    for warning in version.warnings:
        click.echo(f"  warning: {warning}", err=True)


@click.group(help="Load, inspect, diff and export sanctions list versions.")
def lists() -> None:
    pass


def _load_one(
    store: ListStore,
    files: Sequence[SourceFile],
    source: str | None,
    label: str,
    context: CliContext,
    published: date | None = None,
) -> LoadResult:
    with _progress(f"Loading {label}") as report:
        return store.load(
            files,
            loaded_at=datetime.now(UTC),
            source=source,
            file_bytes_max=context.settings.list_file_bytes_max,
            progress=report,
            published_fallback=published,
        )


@lists.command(
    "load",
    help="Load list files as one new version (all files of one list set, "
    "e.g. sdn.csv alt.csv add.csv sdn_comments.csv), or --bundled.",
)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    default=None,
    type=click.Choice(list(FORMATS)),
    help="Format of the files. Default: detected from content.",
)
@click.option("--bundled", is_flag=True, help="Load every list shipped with bankwire.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per loaded version.")
@pass_context
def load(
    context: CliContext, paths: tuple[Path, ...], source: str | None, bundled: bool, as_json: bool
) -> None:
    if bool(paths) == bundled:
        raise click.UsageError("give list file PATHs or --bundled (not both, not neither)")
    store = open_list_store(context)
    if bundled:
        for item in bundled_sets():
            published = date.fromisoformat(item.list_date)
            bundled_files = read_bundled_files(item)
            result = _load_one(store, bundled_files, item.source, item.name, context, published)
            _print_result(result, as_json)
        return
    files: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{path}: no such file", param_hint="PATHS")
        size = path.stat().st_size
        if size > context.settings.list_file_bytes_max:
            raise click.ClickException(
                f"{path}: {size} bytes exceeds the list file limit of "
                f"{context.settings.list_file_bytes_max} bytes (BANKWIRE_LIST_FILE_BYTES_MAX)"
            )
        files.append(SourceFile(name=path.name, data=path.read_bytes()))
    try:
        result = _load_one(store, files, source, ", ".join(p.name for p in paths), context)
    except BankwireError as exc:
        raise click.ClickException(f"{exc} (the previously active version stays active)") from exc
    _print_result(result, as_json)


@lists.command(
    "status", help="Show the active list versions (used for screening); --all adds the others."
)
@click.option("--all", "show_all", is_flag=True, help="Include inactive (older) versions.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def status(context: CliContext, show_all: bool, as_json: bool) -> None:
    store = open_list_store(context)
    versions = [v for v in store.versions() if show_all or v.active]
    if as_json:
        click.echo(json.dumps([_version_dict(v) for v in versions], indent=2))
        return
    if not versions:
        click.echo("No list loaded. Try: bankwire lists load --bundled")
        return
    # Compact: borderless, short hashes, and the "active" column only with --all, since
    # without it every row shown is active.
    table = Table(title="Sanctions list versions", box=box.SIMPLE_HEAD, pad_edge=False)
    columns = ["id", "list", "format", "published", "entries", "sha256", "loaded (UTC)"]
    for column in [*columns, "active"] if show_all else columns:
        table.add_column(column, no_wrap=True)
    for v in versions:
        cells = [
            str(v.id),
            v.list_name,
            v.format_name,
            v.published.isoformat() if v.published else "-",
            str(v.entry_count),
            v.sha256[:8],
            v.loaded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        ]
        table.add_row(*cells, *(["yes" if v.active else ""] if show_all else []))
    console = Console()
    if not console.is_terminal:
        # rich assumes 80 columns for pipes and logs, which would cut dates and names short.
        console.width = max(console.width, 100)
    console.print(table)


@lists.command("show", help="Show the active entry with this list source id (OFAC ent_num ...).")
@click.argument("source_id")
@click.option("--list", "list_name", default=None, help="Restrict to one list (us_ofac_sdn ...).")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def show(context: CliContext, source_id: str, list_name: str | None, as_json: bool) -> None:
    entries = open_list_store(context).entry(source_id, list_name)
    if not entries:
        raise click.ClickException(
            f"no active entry with source id {source_id!r}"
            + (f" in list {list_name}" if list_name else "")
        )
    if as_json:
        click.echo(json.dumps([entry_to_dict(e) for e in entries], indent=2, ensure_ascii=False))
        return
    for entry in entries:
        click.echo(f"{entry.list_name} {entry.source_id} [{entry.kind.value}] {entry.primary_name}")
        for name in entry.names[1:]:
            click.echo(f"  {name.name_type.value} ({name.strength.value}): {name.full}")
        for identifier in entry.identifiers:
            # An unclassified identifier is only readable under the publisher's own label.
            label = identifier.scheme.value
            if identifier.scheme is IdentifierScheme.OTHER and identifier.label:
                label = identifier.label
            click.echo(f"  {label}: {identifier.value}")
        for link in entry.links:
            click.echo(f"  {link.relation.value}: {link.target_name} ({link.target_source_id})")
        if entry.programs:
            click.echo(f"  programs: {', '.join(entry.programs)}")


@lists.command("diff", help="Entries added, removed and changed between two version ids.")
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def diff(context: CliContext, old: int, new: int, as_json: bool) -> None:
    result = open_list_store(context).diff(old, new)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "old": old,
                    "new": new,
                    "added": [{"source_id": s, "name": n} for s, n in result.added],
                    "removed": [{"source_id": s, "name": n} for s, n in result.removed],
                    "changed": [
                        {"source_id": c.source_id, "name": c.name, "fields": list(c.fields)}
                        for c in result.changed
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(
        f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed"
    )
    for source_id, name in result.added:
        click.echo(f"+ {source_id} {name}")
    for source_id, name in result.removed:
        click.echo(f"- {source_id} {name}")
    for change in result.changed:
        click.echo(f"~ {change.source_id} {change.name}: {', '.join(change.fields)}")


@lists.command("export", help="Export the active entries, as FollowTheMoney JSON lines.")
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True)
@click.option("--list", "list_names", multiple=True, help="Only these lists (repeatable).")
@click.option("--output", "-o", default="-", help="File to write, - for stdout.")
@pass_context
def export(context: CliContext, fmt: str, list_names: tuple[str, ...], output: str) -> None:
    from bankwire.sanctions.sources.ftm import export_ftm

    entries = open_list_store(context).active_entries(list_names or None)
    if not entries:
        wanted = f"no active version of {', '.join(list_names)}" if list_names else "no active list"
        raise click.ClickException(
            f"nothing to export: {wanted} (see bankwire lists status; bankwire lists load ...)"
        )
    try:
        stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write the export ({exc.strerror})") from exc
    try:
        for entity in export_ftm(entries):
            stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if stream is not sys.stdout:
            stream.close()
