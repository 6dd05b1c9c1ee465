"""``bankwire messages``: validate, parse, list parties of, translate and write payment messages.

Format (ISO 20022 or FIN) and message type are detected from each file's content.
``new-pacs008`` writes a CBPR+ customer credit transfer to submit with ``bankwire send``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TypeVar, cast

import click

from bankwire.demo.payments import CustomerTransfer, pacs008
from bankwire.errors import BankwireError
from bankwire.ids import new_uetr, parse_bic, parse_uetr
from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.detect import is_fin
from bankwire.messages.jsonable import to_data
from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.parties import extract_parties
from bankwire.messages.report import Layer, ValidationIssue, ValidationReport
from bankwire.messages.validate import validate_message
from bankwire.money import Amount

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


_T = TypeVar("_T")


def _option_value(parse: Callable[[str], _T], value: str, option: str) -> _T:
    try:
        return parse(value)
    except (ValueError, BankwireError) as exc:
        raise click.BadParameter(str(exc), param_hint=option) from exc


@messages.command(
    "new-pacs008",
    help="Write a CBPR+ pacs.008 (AppHdr + Document) from one bank to another, validated "
    "before it is written, ready for `bankwire send`.",
)
@click.option("--from", "sender", required=True, help="Sending bank's BIC (AppHdr From).")
@click.option("--to", "receiver", required=True, help="Receiving bank's BIC (AppHdr To).")
@click.option("--amount", required=True, help='Decimal amount, e.g. "1250.00".')
@click.option("--currency", required=True, help="ISO 4217 code, e.g. EUR.")
@click.option("--debtor", required=True, help="The paying customer's name.")
@click.option("--debtor-country", required=True, help="ISO 3166 alpha-2 country code.")
@click.option("--debtor-town", required=True, help="Town of the debtor's address.")
@click.option("--debtor-account", default="1234567890", show_default=True)
@click.option("--creditor", required=True, help="The receiving customer's name.")
@click.option("--creditor-country", required=True, help="ISO 3166 alpha-2 country code.")
@click.option("--creditor-town", required=True, help="Town of the creditor's address.")
@click.option("--creditor-account", default="0987654321", show_default=True)
@click.option("--remittance", default="", help="Unstructured remittance information.")
@click.option("--uetr", default=None, help="UUIDv4; a new one if not given.")
@click.option("--message-id", default=None, help="MsgId (max 35); derived from the UETR.")
@click.option(
    "--settlement-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Interbank settlement date, YYYY-MM-DD; today (UTC) if not given.",
)
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for stdout.")
def new_pacs008(
    sender: str,
    receiver: str,
    amount: str,
    currency: str,
    debtor: str,
    debtor_country: str,
    debtor_town: str,
    debtor_account: str,
    creditor: str,
    creditor_country: str,
    creditor_town: str,
    creditor_account: str,
    remittance: str,
    uetr: str | None,
    message_id: str | None,
    settlement_date: datetime | None,
    output: str,
) -> None:
    sender_bic = str(_option_value(parse_bic, sender, "--from"))
    receiver_bic = str(_option_value(parse_bic, receiver, "--to"))
    value = _option_value(
        lambda text: Amount.parse(text, currency.upper()), amount, "--amount/--currency"
    )
    chosen_uetr = str(_option_value(parse_uetr, uetr, "--uetr")) if uetr else str(new_uetr())
    day = settlement_date.date() if settlement_date else datetime.now(UTC).date()
    for option, country in (("--debtor-country", debtor_country),
                            ("--creditor-country", creditor_country)):  # fmt: skip
        if not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise click.BadParameter(
                f"must be an ISO 3166 alpha-2 code like DE (got {country!r})", param_hint=option
            )
    transfer = CustomerTransfer(
        sender=sender_bic,
        receiver=receiver_bic,
        uetr=chosen_uetr,
        message_id=message_id or chosen_uetr.replace("-", "")[:35],
        amount=value,
        settlement_date=day,
        debtor=debtor,
        debtor_country=debtor_country.upper(),
        creditor=creditor,
        creditor_country=creditor_country.upper(),
        debtor_account=debtor_account,
        creditor_account=creditor_account,
        remittance=remittance,
        debtor_town=debtor_town,
        creditor_town=creditor_town,
    )
    try:
        body = pacs008(transfer, datetime.now(UTC).replace(microsecond=0))
    except (ValueError, BankwireError) as exc:
        raise click.ClickException(f"cannot build the pacs.008: {exc}") from exc
    # What the network would refuse is refused here, with the same codes, and not written.
    report = validate_message(body)
    if not report.valid:
        lines = [f"  {issue.code} {issue.location}: {issue.text}" for issue in report.issues]
        raise click.ClickException("the pacs.008 would not validate:\n" + "\n".join(lines))
    if output == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    _write_whole(Path(output), body)
    click.echo(
        json.dumps({"file": output, "uetr": chosen_uetr, "message_id": transfer.message_id}),
        err=True,
    )


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing: a temporary file beside it, then a rename."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.")
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise click.ClickException(f"{path}: cannot write ({exc.strerror})") from exc
