"""``bankwire screen``: screen one name, or a JSON-lines batch, against the loaded lists.

The batch format is a contract other tools rely on; it does not change without a new command.
Input, one JSON object a line (all but ``name`` optional, unknown keys rejected)::

    {"id": "p1", "name": "...", "kind": "person|organization|vessel|any", "dob": "1962-11-23",
     "country": "VE", "identifiers": {"bic": "PRMSRUMM", "imo": ["9187629"]}}

Output, one line per input line and in the same order::

    {"id": "p1", "name": "...", "hits": [{"list", "source_id", "score", "matched_name",
     "explanation": ["..."]}]}

A line that cannot be screened (bad JSON, empty or oversized name ...) gives
``{"id": ..., "error": "..."}`` in its place, and the command exits with status 1 at the end,
after every other line was screened.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import click
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bankwire.cli.context import CliContext, pass_context
from bankwire.errors import BankwireError, QueryError
from bankwire.sanctions.matching.dates import parse_query_date
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import Hit, QueryKind, ScreeningQuery, ScreeningResult
from bankwire.sanctions.screening import Screener
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.db import create_schema, open_engine
from bankwire.store.lists import ListStore, source_sha256

__all__ = ["load_screener", "parse_line", "result_to_line", "screen"]


class ScreenLine(BaseModel):
    """One batch input line as received; converted to a ``ScreeningQuery`` before the core."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | int | None = None
    name: str
    kind: Literal["person", "organization", "vessel", "any"] = "any"
    dob: str | None = None
    country: str | None = None
    identifiers: dict[str, str | list[str]] = {}

    @field_validator("dob")
    @classmethod
    def _dob_is_a_date(cls, value: str | None) -> str | None:
        if value is not None and parse_query_date(value) is None:
            raise ValueError(f"must be an ISO date, year-month or year (got {value!r})")
        return value

    def to_domain(self) -> ScreeningQuery:
        pairs: list[tuple[str, str]] = []
        for scheme, values in self.identifiers.items():
            for value in [values] if isinstance(values, str) else values:
                pairs.append((scheme, value))
        return ScreeningQuery(
            name=self.name,
            kind=QueryKind(self.kind),
            id=None if self.id is None else str(self.id),
            birth_date=self.dob,
            country=self.country,
            identifiers=tuple(pairs),
        )


def parse_line(line: str, number: int) -> ScreeningQuery:
    """Parse one input line; raises ``QueryError`` naming the line and the problem."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QueryError(
            f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
        ) from exc
    if not isinstance(raw, dict):
        raise QueryError(f"line {number}: expected a JSON object (got {type(raw).__name__})")
    try:
        return ScreenLine.model_validate(raw).to_domain()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'line'}: {error['msg']}"
            for error in exc.errors()
        )
        raise QueryError(f"line {number}: {problems}") from exc


def _line_id(line: str) -> Any:
    """The caller's id of a line that failed, when it can still be read from it."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError:
        return None
    return raw.get("id") if isinstance(raw, dict) else None


def _hit_to_dict(hit: Hit) -> dict[str, Any]:
    return {
        "list": hit.list_name,
        "source_id": hit.source_id,
        "score": round(hit.score, 4),
        "matched_name": hit.matched_name,
        "explanation": [feature.detail for feature in hit.features],
    }


def result_to_line(result: ScreeningResult, line_id: Any) -> dict[str, Any]:
    return {
        "id": line_id,
        "name": result.query.name,
        "hits": [_hit_to_dict(hit) for hit in result.hits],
    }


def _source_file(path: str) -> SourceFile:
    try:
        return SourceFile(Path(path).name, Path(path).read_bytes())
    except OSError as exc:
        raise click.ClickException(f"--list-file {path}: cannot read it ({exc.strerror})") from exc


def _read_list_files(groups: Sequence[str]) -> tuple[list[ListEntry], dict[str, str]]:
    entries: list[ListEntry] = []
    versions: dict[str, str] = {}
    for group in groups:
        files = [_source_file(path) for path in group.split(",") if path]
        parsed = read_list(files)
        entries.extend(parsed.entries)
        versions[parsed.list_name] = source_sha256(files)
    return entries, versions


def load_screener(context: CliContext, list_files: Sequence[str]) -> Screener:
    """Entries from ``--list-file`` groups when given, else the store's active versions."""
    if list_files:
        entries, versions = _read_list_files(list_files)
    else:
        engine = open_engine(context.database_url)
        create_schema(engine)
        store = ListStore(engine)
        entries = store.active_entries()
        versions = {version.list_name: version.sha256 for version in store.active_versions()}
    if not entries:
        raise click.ClickException(
            "no list entries to screen against: run `bankwire lists load --bundled` "
            "or pass --list-file"
        )
    return Screener.build(entries, versions)


def _screen_lines(
    screener: Screener, lines: Iterator[str], score_min: float | None, limit: int
) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            yield {"id": None, "error": f"line {number}: empty line (expected a JSON object)"}
            continue
        try:
            query = parse_line(line, number)
            result = screener.screen(query, score_min=score_min, limit=limit)
        except QueryError as exc:
            message = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            yield {"id": _line_id(line), "error": message}
            continue
        yield result_to_line(result, _line_id(line))


def _open_text(path: str, mode: Literal["r", "w"]) -> IO[str]:
    if path == "-":
        return sys.stdin if mode == "r" else sys.stdout
    try:
        return open(path, mode, encoding="utf-8", newline="\n")
    except OSError as exc:
        option = "--input" if mode == "r" else "--output"
        action = "read" if mode == "r" else "write"
        raise click.ClickException(f"{option} {path}: cannot {action} it ({exc.strerror})") from exc


def _run_batch(
    screener: Screener, source: IO[str], target: IO[str], score_min: float | None, limit: int
) -> int:
    errors = 0
    try:
        lines = (line.rstrip("\r\n") for line in source)
        for record in _screen_lines(screener, lines, score_min, limit):
            errors += "error" in record
            target.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
        if target is not sys.stdout:
            target.close()
    return errors


def _echo_result(result: ScreeningResult, threshold: float) -> None:
    if not result.hits:
        click.echo(f"No hits at or above {threshold:.2f} for {result.query.name!r}.")
        return
    for hit in result.hits:
        click.echo(
            f"{hit.score:.3f}  {hit.list_name} {hit.source_id}  {hit.matched_name}"
            f"  [{hit.entry_kind}]"
        )
        for feature in hit.features:
            click.echo(f"        {feature.detail}")


@click.command("screen", help="Screen one NAME, or a JSON-lines batch (--input), against lists.")
@click.argument("name", required=False)
@click.option("--input", "input_path", metavar="PATH", help="JSON-lines input; - for stdin.")
@click.option(
    "--output",
    "output_path",
    metavar="PATH",
    default="-",
    show_default=True,
    help="JSON-lines output; - for stdout.",
)
@click.option(
    "--min-score",
    "score_min",
    type=click.FloatRange(0, 1),
    default=None,
    help="Report hits at or above this score (default: the alert threshold).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="At most this many hits per name.",
)
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in QueryKind]),
    default="any",
    show_default=True,
    help="What NAME is (single-name mode).",
)
@click.option("--dob", default=None, help="Date of birth of NAME, ISO date or year.")
@click.option("--country", default=None, help="Country of NAME (ISO code or name).")
@click.option(
    "--list-file",
    "list_files",
    multiple=True,
    metavar="PATH[,PATH...]",
    help="Screen against these list files instead of the store; files of one list "
    "go comma-separated in one option (sdn.csv,alt.csv), repeat for more lists.",
)
@click.option("--json", "as_json", is_flag=True, help="Single-name mode: print JSON.")
@pass_context
def screen(
    context: CliContext,
    name: str | None,
    input_path: str | None,
    output_path: str,
    score_min: float | None,
    limit: int,
    kind: str,
    dob: str | None,
    country: str | None,
    list_files: tuple[str, ...],
    as_json: bool,
) -> None:
    if (name is None) == (input_path is None):
        raise click.UsageError("give either a NAME or --input PATH, not both or neither")
    if dob is not None and parse_query_date(dob) is None:
        raise click.BadParameter(
            f"must be an ISO date, year-month or year (got {dob!r})", param_hint="--dob"
        )
    if input_path is not None:
        # Opened before the index is built, so a wrong path fails at once, not after it.
        source = _open_text(input_path, "r")
        try:
            target = _open_text(output_path, "w")
        except click.ClickException:
            if source is not sys.stdin:
                source.close()
            raise
        screener = load_screener(context, list_files)
        errors = _run_batch(screener, source, target, score_min, limit)
        if errors:
            click.echo(f'{errors} line(s) could not be screened; see their "error".', err=True)
            sys.exit(1)
        return
    assert name is not None
    screener = load_screener(context, list_files)
    query = ScreeningQuery(name, QueryKind(kind), birth_date=dob, country=country)
    try:
        result = screener.screen(query, score_min=score_min, limit=limit)
    except BankwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result_to_line(result, None), ensure_ascii=False))
    else:
        _echo_result(result, screener.alert_threshold if score_min is None else score_min)
