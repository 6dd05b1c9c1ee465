"""``bankwire init / participants / rma / licences / disconnect / serve``: running the network.

Operator commands work on the database directly (``--db``). While a server runs on the same
database, change holds through the server (``holds ... --server``) so its ledger stays the
single writer; directory changes (participants, RMA, licences) are safe either way.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import date
from pathlib import Path
from typing import Any

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from rich.console import Console
from rich.table import Table

from bankwire.api.runtime import Runtime
from bankwire.api.workers import WORKERS_DEFAULT, serve_workers
from bankwire.cli.context import CliContext, pass_context
from bankwire.flows.admin import (
    add_operator,
    disconnect,
    grant_rma,
    register_licence,
    register_participant,
    rekey_participant,
)
from bankwire.flows.licences import licence_from_json, licence_to_json
from bankwire.transports.base import Credentials

__all__ = [
    "disconnect_command",
    "init",
    "licences",
    "network_commands",
    "participants",
    "rma",
    "serve",
]


def _csv(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _write_secret(path: Path, text: str) -> None:
    """Secrets are written readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)


@click.command(help="Create the database schema and an operator token for the API.")
@click.option("--operator", default="operator", show_default=True, help="Operator name.")
@click.option("--credentials-out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write an operator token (JSON) here.")  # fmt: skip
@pass_context
def init(context: CliContext, operator: str, credentials_out: Path | None) -> None:
    runtime = Runtime.open(context.settings)
    try:
        if credentials_out is not None:
            token = secrets.token_urlsafe(32)
            add_operator(runtime.services, operator, token)
            _write_secret(credentials_out, json.dumps({"operator": operator, "token": token}))
    finally:
        runtime.close()
    click.echo(json.dumps({"database": context.database_url, "initialised": True}))


@click.group(help="The participant directory.")
def participants() -> None:
    pass


def _new_secret_file(path: Path) -> None:
    """Refuse to overwrite a credentials file: the key it holds may be the only copy."""
    if path.exists():
        raise click.BadParameter(
            f"{path} exists; its key may be the only copy. Choose a new file, or move it away "
            "first", param_hint="--credentials-out",
        )  # fmt: skip


def _new_keys(bic: str) -> tuple[bytes, str, bytes]:
    """A fresh Ed25519 key pair and bearer token: (private key, token, public key)."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    token = secrets.token_urlsafe(32)
    return raw, token, Credentials(bic, token, raw).public_key


@participants.command("add", help="Register a bank; writes its private key and token.")
@click.argument("bic")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166 alpha-2.")
@click.option("--currency", "currencies", default="", help="Comma-separated, e.g. USD,EUR.")
@click.option("--jurisdiction", "jurisdictions", default="",
              help="Sanctions jurisdictions the bank applies, e.g. US,EU.")  # fmt: skip
@click.option("--credentials-out", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="New file for the bank's key and token (never overwritten).")  # fmt: skip
@pass_context
def participants_add(
    context: CliContext,
    bic: str,
    name: str,
    country: str,
    currencies: str,
    jurisdictions: str,
    credentials_out: Path,
) -> None:
    _new_secret_file(credentials_out)
    raw, token, public_key = _new_keys(bic)
    runtime = Runtime.open(context.settings)
    try:
        participant = register_participant(
            runtime.services, bic, name, country, _csv(currencies), _csv(jurisdictions),
            public_key, token,
        )  # fmt: skip
    finally:
        runtime.close()
    _write_secret(credentials_out, Credentials(participant.bic, token, raw).to_json())
    click.echo(json.dumps({"bic": participant.bic, "credentials": str(credentials_out)}))


@participants.command(
    "rekey", help="Issue new credentials to a bank; its status and disconnection stay."
)
@click.argument("bic")
@click.option("--credentials-out", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="New file for the bank's key and token (never overwritten).")  # fmt: skip
@pass_context
def participants_rekey(context: CliContext, bic: str, credentials_out: Path) -> None:
    _new_secret_file(credentials_out)
    raw, token, public_key = _new_keys(bic)
    runtime = Runtime.open(context.settings)
    try:
        participant = rekey_participant(runtime.services, bic, public_key, token)
    finally:
        runtime.close()
    _write_secret(credentials_out, Credentials(participant.bic, token, raw).to_json())
    click.echo(json.dumps({"bic": participant.bic, "credentials": str(credentials_out),
                           "status": participant.status.value}))  # fmt: skip


@participants.command("list", help="List participants and their status.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def participants_list(context: CliContext, as_json: bool) -> None:
    runtime = Runtime.open(context.settings)
    try:
        with runtime.store.transaction() as tx:
            found = tx.participants()
    finally:
        runtime.close()
    rows: list[dict[str, Any]] = [
        {"bic": p.bic, "name": p.name, "country": p.country, "currencies": list(p.currencies),
         "jurisdictions": list(p.jurisdictions), "status": p.status.value,
         "disconnected_from": p.disconnected_from.isoformat() if p.disconnected_from else None,
         "public_key": base64.b64encode(p.public_key).decode("ascii")}
        for p in found
    ]  # fmt: skip
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    table = Table("BIC", "Name", "Country", "Currencies", "Status", "From")
    for row in rows:
        table.add_row(row["bic"], row["name"], row["country"], ",".join(row["currencies"]),
                      row["status"], row["disconnected_from"] or "")  # fmt: skip
    Console().print(table)


@click.group(help="Relationship management: who may send whom which message types.")
def rma() -> None:
    pass


@rma.command("grant", help="RECEIVER_BIC authorises SENDER_BIC for the given types.")
@click.argument("sender")
@click.argument("receiver")
@click.option("--types", required=True, help="Comma-separated, e.g. pacs.008,pacs.009.")
@pass_context
def rma_grant(context: CliContext, sender: str, receiver: str, types: str) -> None:
    runtime = Runtime.open(context.settings)
    try:
        granted = grant_rma(runtime.services, sender, receiver, _csv(types))
    finally:
        runtime.close()
    click.echo(json.dumps({"sender": granted.sender, "receiver": granted.receiver,
                           "types": sorted(granted.message_types)}))  # fmt: skip


@click.group(help="Sanctions licences the network applies.")
def licences() -> None:
    pass


@licences.command("add", help="Register a licence from a JSON file (see docs/network.md).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def licences_add(context: CliContext, path: Path) -> None:
    licence = licence_from_json(json.loads(path.read_text(encoding="utf-8")))
    runtime = Runtime.open(context.settings)
    try:
        register_licence(runtime.services, licence)
    finally:
        runtime.close()
    click.echo(json.dumps(licence_to_json(licence)))


@licences.command("list", help="Print every licence as JSON lines.")
@pass_context
def licences_list(context: CliContext) -> None:
    runtime = Runtime.open(context.settings)
    try:
        with runtime.store.transaction() as tx:
            for record in tx.licences():
                click.echo(json.dumps(record.data))
    finally:
        runtime.close()


@click.command("disconnect", help="Cut a participant off the network from a date.")
@click.argument("bic")
@click.option("--from", "from_date", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--licence", default=None, help="Reconnect under this licence reference.")
@pass_context
def disconnect_command(
    context: CliContext, bic: str, from_date: object, licence: str | None
) -> None:
    assert hasattr(from_date, "date")
    day: date = from_date.date()
    runtime = Runtime.open(context.settings)
    try:
        changed = disconnect(runtime.services, bic, day, licence)
    finally:
        runtime.close()
    click.echo(json.dumps({"bic": changed.bic, "status": changed.status.value,
                           "from": day.isoformat()}))  # fmt: skip


@click.command(help="Serve the REST API (uvicorn).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=WORKERS_DEFAULT, show_default=True, type=click.IntRange(1, 64),
              help="Server processes on the port; they take turns to write (one lock), and "
                   "run the checks that write nothing side by side.")  # fmt: skip
@pass_context
def serve(context: CliContext, host: str, port: int, workers: int) -> None:
    if workers > 1:
        serve_workers(context.settings, host, port, workers)
        return
    import uvicorn

    from bankwire.api.app import create_app

    # Info level for uvicorn's own lines only (no access log): its "Uvicorn running on ..."
    # comes once the lists are loaded and the screener is built, which takes seconds, so a
    # script knows when it may send.
    uvicorn.run(create_app(context.settings), host=host, port=port, log_level="info",
                access_log=False)  # fmt: skip


def network_commands() -> list[click.Command]:
    """Every network command, for ``cli/commands.py``."""
    from bankwire.cli.demo import demo
    from bankwire.cli.network_client import ack, fetch, holds, send, track

    return [init, participants, rma, licences, disconnect_command, serve, send, fetch, ack,
            track, holds, demo]  # fmt: skip
