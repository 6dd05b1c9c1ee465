"""``bankwire send / fetch / track / holds``: a participant's and an analyst's side.

``send``, ``fetch`` and ``track`` talk to a server over HTTP with a participant's credentials
file (written by ``participants add``); their JSON output is a contract other tools rely on.
``holds`` works through a server with an operator credentials file (``init
--credentials-out``), or on the database directly when no server runs.

An answer that is not the API's (not JSON, or a refusal without ``code`` and ``message``, as
from a wrong ``--server`` URL) is reported with its HTTP status, the request and what the body
held, never as a refusal with no code.
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
from bankwire.ids import parse_uetr
from bankwire.store.base import HoldState
from bankwire.transports.base import Credentials
from bankwire.transports.http import HttpNetworkClient, TransportError, unreachable

__all__ = ["ack", "fetch", "holds", "send", "track"]

_CREDENTIALS = click.Path(exists=True, dir_okay=False, path_type=Path)
_EXCERPT_CHARS = 120
_NO_SUCH_ROUTE = "(no such route)"  # How the server's 404 for an unknown path ends (api/errors.py).
_BASE_URL_HINT = "--server must be the bankwire server's base URL, e.g. http://127.0.0.1:8080"


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _is_refusal(data: Any) -> bool:
    """The API's refusal: ``{"code", "message"}``, or a submission's NAK (code and status)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("code"), str)
        and ("message" in data or "status" in data)
    )


def _excerpt(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    if not text:
        return "empty body"
    if len(text) > _EXCERPT_CHARS:
        text = f"{text[:_EXCERPT_CHARS]}..."
    return f"body {text!r}"


def _not_the_api(response: httpx.Response) -> str | None:
    """Why ``response`` is not an answer of the bankwire API, or None when it may be one.

    A success must be JSON; anything else must be the API's refusal, and a 404 for a path
    the server has no route for means ``--server`` is not its base URL.
    """
    data = _json_or_none(response)
    if data is None or not (response.is_success or _is_refusal(data)):
        return _failure(response)
    if response.status_code == 404 and str(data.get("message", "")).endswith(_NO_SUCH_ROUTE):
        return _failure(response)
    return None


def _failure(response: httpx.Response) -> str:
    """What happened: the request, the HTTP status, the body's ``code: message`` or an excerpt
    of it, where a redirect led, and for a 404 what ``--server`` should be."""
    request = response.request
    said = f"{request.method} {request.url}: HTTP {response.status_code}"
    data = _json_or_none(response)
    if isinstance(data, dict) and "code" in data and "message" in data:
        said += f" {data['code']}: {data['message']}"
    else:
        said += f", {_excerpt(response)}"
    if response.is_redirect and (location := response.headers.get("location")):
        said += f", redirected to {location}"
    if response.status_code == 404:
        said += f"; {_BASE_URL_HINT}"
    return said


def _refused(answer: Any, response: httpx.Response | None) -> str:
    """A refusal of the API as ``code: message``; any other answer described as it came."""
    if isinstance(answer, dict) and "code" in answer and "message" in answer:
        return f"{answer['code']}: {answer['message']}"
    if response is not None:
        return _failure(response)
    return f"the server answered something that is not the bankwire API: {answer!r:.200}"


def _stop_foreign(response: httpx.Response) -> None:
    """Raise for an answer that is not the API's (see ``_not_the_api``)."""
    response.read()
    if (why := _not_the_api(response)) is not None:
        raise TransportError(why)


def _call(method: str, server: str, path: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
    """One request without a participant client: the answer's JSON and the response.

    An unreachable server is named, not errno'd; an answer that is not the API's is raised.
    """
    try:
        response = httpx.request(method, f"{server.rstrip('/')}{path}", timeout=30.0, **kwargs)
    except httpx.ConnectError as exc:
        raise TransportError(unreachable(server, exc)) from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{method} {server.rstrip('/')}{path}: {exc}") from exc
    _stop_foreign(response)
    return response.json(), response


class _Answers:
    """Response hook of a participant client: keeps the last answer, raises for a foreign one."""

    def __init__(self) -> None:
        self.last: httpx.Response | None = None

    def __call__(self, response: httpx.Response) -> None:
        self.last = response
        _stop_foreign(response)


def _client(server: str, credentials: Path) -> tuple[HttpNetworkClient, _Answers]:
    text = credentials.read_text(encoding="utf-8")
    answers = _Answers()
    http = httpx.Client(base_url=server, timeout=30.0, event_hooks={"response": [answers]})
    return HttpNetworkClient(server, Credentials.from_json(text, str(credentials)), http), answers


@click.command(help="Sign and submit MESSAGE_FILE; prints {uetr, status, code, decision}.")
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", required=True, type=_CREDENTIALS)
@click.argument("message_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def send(server: str, credentials: Path, message_file: Path) -> None:
    client, answers = _client(server, credentials)
    try:
        answer = client.submit(message_file.read_bytes())
    finally:
        client.close()
    if "status" not in answer:
        raise click.ClickException(f"server refused: {_refused(answer, answers.last)}")
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
    client, _ = _client(server, credentials)
    try:
        items = client.fetch(limit, wait)
        for item in items:
            click.echo(json.dumps(item))
        if ack and items:
            client.ack_many([int(item["sequence"]) for item in items])
    finally:
        client.close()


@click.command(
    help="Acknowledge messages fetched before (without --ack) by their SEQUENCE numbers; "
    "prints {sequence, result} lines and exits 1 if any was not delivered to you."
)
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", required=True, type=_CREDENTIALS)
@click.argument("sequences", nargs=-1, required=True, type=click.IntRange(min=1))
def ack(server: str, credentials: Path, sequences: tuple[int, ...]) -> None:
    client, answers = _client(server, credentials)
    try:
        answer = client.ack_many(list(dict.fromkeys(sequences)))
    finally:
        client.close()
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise click.ClickException(_refused(answer, answers.last))
    for result in results:
        click.echo(json.dumps(result))
    if any(result.get("result") == "not_delivered" for result in results):
        raise SystemExit(1)


def _uetr(text: str) -> str:
    """A UETR given on the command line, checked before anything is asked of a server."""
    try:
        return parse_uetr(text)
    except ValueError as exc:  # Worded as the server words it (InvalidUetr).
        raise click.ClickException(
            f"invalid_uetr: {exc}; use the uetr that 'send' printed"
        ) from exc


@click.command(help="Show every hop and event of a payment.")
@click.option("--server", required=True, metavar="URL")
@click.option("--credentials", type=_CREDENTIALS, default=None,
              help="Sender's, receiver's or an operator's credentials: adds the outcome, "
                   "reasons and details.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
@click.argument("uetr")
def track(server: str, credentials: Path | None, as_json: bool, uetr: str) -> None:
    uetr = _uetr(uetr)
    response: httpx.Response | None
    if credentials is not None and _is_operator_file(credentials):
        answer, response = _call("GET", server, f"/payments/{uetr}", headers=_operator(credentials))
    elif credentials is not None:
        client, answers = _client(server, credentials)
        try:
            answer = client.track(uetr)
        finally:
            client.close()
        response = answers.last
    else:
        answer, response = _call("GET", server, f"/payments/{uetr}")
    if not isinstance(answer, dict) or "uetr" not in answer:
        raise click.ClickException(_refused(answer, response))
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


def _is_operator_file(credentials: Path) -> bool:
    """Whether ``credentials`` is an operator's token file (``init --credentials-out``) rather
    than a participant's (with its BIC and private key)."""
    try:
        data = json.loads(credentials.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False  # Read again, and refused with the reason, as a participant's.
    return isinstance(data, dict) and "operator" in data and "bic" not in data


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
    if _through_server(server, credentials):
        assert server is not None and credentials is not None
        answer, response = _call("GET", server, "/holds", headers=_operator(credentials))
        if not isinstance(answer, list):
            raise click.ClickException(_refused(answer, response))
        rows: list[dict[str, Any]] = answer
    else:
        rows = _holds_direct(context)
    if not rows:
        click.echo("No payments are held.", err=True)  # Stdout stays JSON lines for pipes.
    for row in rows:
        click.echo(json.dumps(row, default=str))


def _through_server(server: str | None, credentials: Path | None) -> bool:
    """Whether a holds command goes through the server: ``--server`` and ``--credentials``
    together, or neither (the database, ``--db``); one without the other is refused rather
    than quietly working on the local database while a server holds the ledger."""
    if (server is None) != (credentials is None):
        given, missing = (
            ("--server", "--credentials") if credentials is None else ("--credentials", "--server")
        )
        raise click.UsageError(
            f"{given} needs {missing} too: through a server, both (an operator's token file); "
            "on the database directly, neither"
        )
    return server is not None


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
        uetr = _uetr(uetr)
        if _through_server(server, credentials):
            assert server is not None and credentials is not None
            answer, _ = _call(
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
