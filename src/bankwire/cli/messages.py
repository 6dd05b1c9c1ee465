"""``bankwire messages``: validate, parse, list parties of, and translate payment messages.

Format (ISO 20022 or FIN) and message type are detected from each file's content.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, cast

import click

from bankwire.errors import BankwireError
from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.detect import is_fin
from bankwire.messages.jsonable import to_data
from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.parties import extract_parties
from bankwire.messages.report import Layer, ValidationIssue, ValidationReport
from bankwire.messages.validate import validate_message

__all__ = ["messages"]


def _read(path: str) -> bytes:
    """``-`` reads stdin, as everywhere in this CLI."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read ({exc.strerror})") from exc


def _parse(path: str) -> Message:
    return _parse_bytes(path, _read(path))


def _parse_bytes(path: str, data: bytes) -> Message:
    try:
        return parse_message(data)
    except BankwireError as exc:
        raise click.ClickException(f"{path}: {exc}") from exc


@click.group(help="Validate, parse, translate payment messages (ISO 20022 and MT/FIN).")
def messages() -> None:
    pass


@messages.command(help="Validate messages; exit status 0 only if every file is valid.")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file and line.")
def validate(files: tuple[str, ...], as_json: bool) -> None:
    all_valid = True
    for path in files:
        try:
            data = _read(path)
        except click.ClickException as exc:
            # One unreadable file must not hide the verdicts on the others.
            report = ValidationReport(
                None, (ValidationIssue(Layer.WELL_FORMED, "FILE_UNREADABLE", path, exc.message),)
            )
        else:
            report = validate_message(data)
        all_valid = all_valid and report.valid
        if as_json:
            errors = [
                {"location": issue.location, "code": issue.code, "text": issue.text}
                for issue in report.issues
            ]
            record = {
                "file": path,
                "valid": report.valid,
                "message_type": report.message_type,
                "errors": errors,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        status = "valid" if report.valid else "INVALID"
        click.echo(f"{path}: {report.message_type or 'unknown type'}: {status}")
        for issue in report.issues:
            # FIN texts already open with their location ("block 4: ..."); say it once.
            where = "" if issue.text.startswith(issue.location) else f"{issue.location}: "
            click.echo(f"  {issue.code} [{issue.layer}] {where}{issue.text}")
    if not all_valid:
        sys.exit(1)


@messages.command(help="Parse a message into the typed model and print it.")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON.")
def parse(file: str, as_json: bool) -> None:
    message = _parse(file)
    if as_json:
        click.echo(json.dumps(to_data(message), ensure_ascii=False, indent=2))
        return
    group = message.group_header
    click.echo(f"{message.message_type} ({message.format})")
    if group is not None:
        click.echo(
            f"  message id {group.message_id}, {group.number_of_transactions} transaction(s)"
        )
    for transfer in message.transfers:
        click.echo(
            f"  {transfer.end_to_end_id or '(underlying)'}: {transfer.interbank_settlement_amount}"
            f" uetr {transfer.uetr}"
        )


@messages.command(help="List every party, agent and free text of a message (for screening).")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the records as a JSON array.")
def parties(file: str, as_json: bool) -> None:
    records = extract_parties(_parse(file))
    if as_json:
        click.echo(json.dumps(to_data(records), ensure_ascii=False, indent=2))
        return
    for record in records:
        label = record.name or record.bic or record.account or ""
        click.echo(f"{record.role:<28} {record.location:<40} {label}")


@messages.command(help="Translate between MT and ISO 20022; losses are reported on stderr.")
@click.argument("file")
@click.option("--to", "target", type=click.Choice(["mx", "mt"]), required=True)
def translate(file: str, target: str) -> None:
    data = _read(file)
    message = _parse_bytes(file, data)
    source = MessageFormat.MT if is_fin(data) else MessageFormat.MX
    if source.value == target:
        raise click.ClickException(f"{file}: already {target.upper()}")
    try:
        result = _translator()(message, MessageFormat(target))
        output = render_mx(result.message) if target == "mx" else _render_mt(result.message)
    except BankwireError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    for loss in result.losses:
        click.echo(f"loss: {loss}", err=True)
    sys.stdout.buffer.write(output)


class _Translation(Protocol):
    message: Message
    losses: Sequence[object]


def _translator() -> Callable[[Message, MessageFormat], _Translation]:
    """``bankwire.messages.translate.translate``, loaded only for this command."""
    module = importlib.import_module("bankwire.messages.translate")
    return cast(Callable[[Message, MessageFormat], _Translation], module.translate)


def _render_mt(message: Message) -> bytes:
    from bankwire.messages.mt import render

    rendered: bytes = render(message)
    return rendered
