"""``bankwire send / fetch / track / holds``: a participant's and an analyst's side.

``send``, ``fetch`` and ``track`` talk to a server over HTTP with a participant's credentials
file (written by ``participants add``); their JSON output is a contract other tools rely on.
``holds`` works through a server with an operator credentials file (``init
--credentials-out``), or on the database directly when no server runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import httpx

from bankwire.api.runtime import Runtime
from bankwire.cli.context import CliContext, pass_context
from bankwire.errors import AuthenticationError
from bankwire.flows.decide import DecisionRecord
from bankwire.flows.review_hold import Action, review_hold
from bankwire.store.base import HoldState
from bankwire.transports.base import Credentials
from bankwire.transports.http import HttpNetworkClient, TransportError, unreachable

__all__ = ["fetch", "holds", "send", "track"]

_CREDENTIALS = click.Path(exists=True, dir_okay=False, path_type=Path)


def _call(method: str, server: str, path: str, **kwargs: Any) -> Any:
    """One request without a participant client; an unreachable server is named, not errno'd."""
    try:
        response = httpx.request(method, f"{server.rstrip('/')}{path}", timeout=30.0, **kwargs)
    except httpx.ConnectError as exc:
        raise TransportError(unreachable(server, exc)) from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{method} {server.rstrip('/')}{path}: {exc}") from exc
    try:
        return response.json()
    except ValueError as exc:
        raise TransportError(
            f"{method} {response.request.url}: HTTP {response.status_code}, "
            f"expected JSON (got {response.text[:200]!r})"
        ) from exc


def _client(server: str, credentials: Path) -> HttpNetworkClient:
    text = credentials.read_text(encoding="utf-8")
    return HttpNetworkClient(server, Credentials.from_json(text, str(credentials)))


@click.command(help="Sign and submit MESSAGE_FILE; prints {uetr, status, code, decision}.")
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", required=True, type=_CREDENTIALS)
@click.argument("message_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def send(server: str, credentials: Path, message_file: Path) -> None:
    client = _client(server, credentials)
    try:
        answer = client.submit(message_file.read_bytes())
    finally:
        client.close()
    if "status" not in answer:
        raise click.ClickException(f"server refused: {answer.get('code')}: {answer.get('message')}")
    out = {key: answer.get(key) for key in ("uetr", "status", "code", "decision", "text")}
    click.echo(json.dumps(out))
    if answer["status"] != "ack":
        raise SystemExit(2)


@click.command(help="Fetch queued messages as JSON lines {sequence, uetr, message_type, message}.")
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", required=True, type=_CREDENTIALS)
@click.option("--ack", is_flag=True, help="Acknowledge each message after printing it.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1000))
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(0, 30),
              help="Seconds the server may hold an empty answer (long poll).")  # fmt: skip
def fetch(server: str, credentials: Path, ack: bool, limit: int, wait: float) -> None:
    client = _client(server, credentials)
    try:
        items = client.fetch(limit, wait)
        for item in items:
            click.echo(json.dumps(item))
        if ack and items:
            client.ack_many([int(item["sequence"]) for item in items])
    finally:
        client.close()


@click.command(help="Show every hop and event of a payment.")
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", type=_CREDENTIALS, default=None,
              help="Sender's or receiver's credentials: adds reasons and details.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
@click.argument("uetr")
def track(server: str, credentials: Path | None, as_json: bool, uetr: str) -> None:
    if credentials is not None:
        client = _client(server, credentials)
        try:
            answer = client.track(uetr)
        finally:
            client.close()
    else:
        answer = _call("GET", server, f"/payments/{uetr}")
    if "uetr" not in answer:
        raise click.ClickException(f"{answer.get('code')}: {answer.get('message')}")
    if as_json:
        click.echo(json.dumps(answer))
        return
    click.echo(f"{answer['uetr']}  {answer['state']}  {answer.get('outcome') or ''}")
    for event in answer["events"]:
        click.echo(f"  {event['at']}  {event['kind']:<13} {event.get('participant') or ''}")
    for reason in answer.get("reasons", []):
        click.echo(f"  reason: {reason}")


@click.group(help="Held payments: list, approve (release) or reject (confirm), four-eyes.")
def holds() -> None:
    pass


_OPERATOR_FILE = (
    "an operator credentials file (written by 'bankwire init --credentials-out') holds "
    '{"operator": ..., "token": ...}'
)


def _operator(credentials: Path) -> dict[str, str]:
    """The operator's bearer header; a bad file is named with what it should hold."""
    try:
        data = json.loads(credentials.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise AuthenticationError(f"{credentials}: not JSON ({exc}); {_OPERATOR_FILE}") from exc
    if not isinstance(data, dict):
        raise AuthenticationError(f"{credentials}: expected a JSON object; {_OPERATOR_FILE}")
    token = data.get("token")
    if not isinstance(token, str) or not token:
        raise AuthenticationError(f"{credentials}: missing or empty field token; {_OPERATOR_FILE}")
    return {"Authorization": f"Bearer {token}"}


@holds.command("list", help="Open holds as JSON lines.")
@click.option("--server", default=None, metavar="URL")
@click.option("--credentials", type=_CREDENTIALS, default=None)
@pass_context
def holds_list(context: CliContext, server: str | None, credentials: Path | None) -> None:
    if server is not None and credentials is not None:
        rows: list[dict[str, Any]] = _call("GET", server, "/holds", headers=_operator(credentials))
    else:
        rows = _holds_direct(context)
    if not rows:
        click.echo("No payments are held.", err=True)  # Stdout stays JSON lines for pipes.
    for row in rows:
        click.echo(json.dumps(row, default=str))


def _holds_direct(context: CliContext) -> list[dict[str, Any]]:
    runtime = Runtime.open(context.settings)
    try:
        with runtime.store.transaction() as tx:
            found = []
            for hold in tx.holds(HoldState.OPEN):
                message = tx.message(hold.message_pk)
                assert message is not None
                reasons = DecisionRecord.from_json(message.decision).reason_texts
                found.append({"uetr": hold.uetr, "opened_at": hold.opened_at.isoformat(),
                              "state": hold.state.value, "reasons": list(reasons),
                              "reviews": list(hold.reviews)})  # fmt: skip
            return found
    finally:
        runtime.close()


def _review_command(action: Action) -> click.Command:
    @click.command(action.value, help=f"{action.value.capitalize()} the hold on UETR.")
    @click.argument("uetr")
    @click.option("--analyst", required=True)
    @click.option("--note", default="")
    @click.option("--server", default=None, metavar="URL")
    @click.option("--credentials", type=_CREDENTIALS, default=None)
    @pass_context
    def command(
        context: CliContext,
        uetr: str,
        analyst: str,
        note: str,
        server: str | None,
        credentials: Path | None,
    ) -> None:
        if server is not None and credentials is not None:
            answer = _call(
                "POST",
                server,
                f"/holds/{uetr}/{action.value}",
                json={"analyst": analyst, "note": note},
                headers=_operator(credentials),
            )
        else:
            runtime = Runtime.open(context.settings)
            try:
                outcome = review_hold(runtime.services, uetr, analyst, action, note)
            finally:
                runtime.close()
            answer = {"applied": outcome.applied, "alert_state": outcome.alert_state,
                      "detail": outcome.detail, "payment_state": outcome.payment_state}  # fmt: skip
        click.echo(json.dumps(answer))
        if not answer.get("applied"):
            raise SystemExit(1)

    return command


holds.add_command(_review_command(Action.APPROVE))
holds.add_command(_review_command(Action.REJECT))
