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
import math
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import click
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bankwire.cli.context import CliContext, pass_context
from bankwire.errors import BankwireError, QueryError
from bankwire.ids import parse_bic
from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.matching.dates import parse_query_date
from bankwire.sanctions.matching.identifiers import QUERY_SCHEMES
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import Hit, QueryKind, ScreeningQuery, ScreeningResult
from bankwire.sanctions.screening import Screener
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.db import create_schema, open_engine
from bankwire.store.lists import ListStore, source_sha256

__all__ = ["load_screener", "parse_line", "result_to_line", "screen"]


_BOM = b"\xef\xbb\xbf"


def name_problem(name: str) -> str | None:
    """Why ``name`` is not text a name can be screened as, or None.

    A control character (a terminal escape, a NUL) or a lone surrogate (half of a character,
    from bytes decoded leniently) is no part of a name: dropped, the rest would be screened as
    if it were the name, and the escape's own letters ("[2J") count as a word of it. Tabs and
    line breaks are spaces: a name field of a payment message wraps over lines.
    """
    for position, char in enumerate(name, start=1):
        category = unicodedata.category(char)
        if category == "Cc" and char not in "\t\n\r":
            return f"control character U+{ord(char):04X} at character {position} (expected text)"
        if category == "Cs":
            return f"lone surrogate U+{ord(char):04X} at character {position} (not a character)"
    return None


class ScreenLine(BaseModel):
    """One batch input line as received; converted to a ``ScreeningQuery`` before the core."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | int | None = None
    name: str
    kind: Literal["person", "organization", "vessel", "any"] = "any"
    dob: str | None = None
    country: str | None = None
    identifiers: dict[str, str | list[str]] = {}

    @field_validator("name")
    @classmethod
    def _name_is_text(cls, value: str) -> str:
        problem = name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("country")
    @classmethod
    def _country_is_known(cls, value: str | None) -> str | None:
        if value is not None and to_country_code(value) is None:
            raise ValueError(f"must be an ISO 3166 code or a country's name (got {value!r})")
        return value

    @field_validator("identifiers")
    @classmethod
    def _identifiers_are_values(
        cls, value: dict[str, str | list[str]]
    ) -> dict[str, str | list[str]]:
        for scheme, values in value.items():
            for item in [values] if isinstance(values, str) else values:
                if not item.strip():
                    raise ValueError(f"{scheme}: an identifier must not be empty")
                if scheme == "bic":
                    parse_bic(item)  # Its ValueError says what a BIC looks like.
        return value

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


class _Undecodable:
    """An input line that is not UTF-8, and where it stops being so."""

    __slots__ = ("error",)

    def __init__(self, error: UnicodeDecodeError) -> None:
        self.error = error

    def describe(self, number: int) -> str:
        bad = self.error.object[self.error.start : self.error.start + 1]
        return f"line {number}: not valid UTF-8 (byte 0x{bad.hex()} at byte {self.error.start + 1})"


def _decoded(source: IO[bytes]) -> Iterator[str | _Undecodable]:
    """Each line of ``source`` decoded as UTF-8 on its own, so that one bad line is one error;
    a byte-order mark before the first line is skipped."""
    for number, raw in enumerate(source, start=1):
        data = raw.rstrip(b"\r\n")
        if number == 1 and data.startswith(_BOM):
            data = data[len(_BOM) :]
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _Undecodable(exc)


def _screen_lines(
    screener: Screener, lines: Iterator[str | _Undecodable], score_min: float | None, limit: int
) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if isinstance(line, _Undecodable):
            yield {"id": None, "error": line.describe(number)}
            continue
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


def _open_bytes(path: str, mode: Literal["r", "w"]) -> IO[bytes]:
    """The input or output file as bytes (JSON lines are UTF-8 whatever the locale says)."""
    if path == "-":
        return sys.stdin.buffer if mode == "r" else sys.stdout.buffer
    try:
        return open(path, mode + "b")
    except OSError as exc:
        option = "--input" if mode == "r" else "--output"
        action = "read" if mode == "r" else "write"
        raise click.ClickException(f"{option} {path}: cannot {action} it ({exc.strerror})") from exc


def _encoded(record: dict[str, Any]) -> bytes:
    """One output line in UTF-8; a field that is not text (an id with a lone surrogate) is
    written as a JSON escape rather than failing the line and every line after it."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record) + "\n").encode("ascii")


def _run_batch(
    screener: Screener, source: IO[bytes], target: IO[bytes], score_min: float | None, limit: int
) -> int:
    errors = 0
    try:
        for record in _screen_lines(screener, _decoded(source), score_min, limit):
            errors += "error" in record
            target.write(_encoded(record))
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if target is sys.stdout.buffer:
            target.flush()
        else:
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


_BATCH_FORMAT = (
    "Batch input, one JSON object a line, all keys but name optional, no others:\n\n"
    '\b\n{"id": "p1", "name": "...", "kind": "person|organization|vessel|any",\n'
    ' "dob": "1962-11-23", "country": "VE",\n'
    ' "identifiers": {"bic": "PRMSRUMM", "imo": ["9187629"]}}\n\n'
    f"Identifier schemes: {', '.join(sorted(QUERY_SCHEMES))}; a scheme maps to a value or a "
    "list of values.\n\n"
    "Output, one line per input line, in order:\n\n"
    '\b\n{"id", "name", "hits": [{"list", "source_id", "score", "matched_name",\n'
    ' "explanation": [...]}]}\n\n'
    'A line that cannot be screened gives {"id", "error"} in its place; the command then '
    "exits with status 1 once every other line is screened."
)


@click.command(
    "screen",
    help="Screen one NAME, or a JSON-lines batch (--input), against lists.",
    epilog=_BATCH_FORMAT,
)
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
    if score_min is not None and math.isnan(score_min):  # FloatRange lets NaN through.
        raise click.BadParameter("must be a number in [0, 1] (got nan)", param_hint="--min-score")
    if dob is not None and parse_query_date(dob) is None:
        raise click.BadParameter(
            f"must be an ISO date, year-month or year (got {dob!r})", param_hint="--dob"
        )
    if input_path is not None:
        # Opened before the index is built, so a wrong path fails at once, not after it.
        source = _open_bytes(input_path, "r")
        try:
            target = _open_bytes(output_path, "w")
        except click.ClickException:
            if source is not sys.stdin.buffer:
                source.close()
            raise
        screener = load_screener(context, list_files)
        errors = _run_batch(screener, source, target, score_min, limit)
        if errors:
            click.echo(f'{errors} line(s) could not be screened; see their "error".', err=True)
            sys.exit(1)
        return
    assert name is not None
    problem = name_problem(name)
    if problem is not None:
        raise click.BadParameter(problem, param_hint="NAME")
    if country is not None and to_country_code(country) is None:
        # As in batch mode: an unknown country would be ignored, not compared.
        raise click.BadParameter(
            f"must be an ISO 3166 code or a country's name (got {country!r})",
            param_hint="--country",
        )
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
