"""``send / fetch / track / holds --server``: answers that are not the API's are described as
they came (status, request, body), a wrong base URL is named, a bad UETR never leaves."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from bankwire.api.app import create_app
from bankwire.cli.main import cli
from bankwire.transports.base import Credentials
from bankwire.transports.memory import InProcessApp
from tests.api.harness import payment, prepare

UETR = "8a562c67-ca16-48ba-b074-65581be6f011"
HINT = "--server must be the bankwire server's base URL, e.g. http://127.0.0.1:8080"
_HTML_404 = "<html>\n<head><title>404 Not Found</title></head>\n<body>nginx</body>\n</html>"


def route_cli_to(monkeypatch: pytest.MonkeyPatch, transport: httpx.BaseTransport) -> None:
    """Every request the CLI makes (participant client and plain calls) goes to ``transport``."""
    real = httpx.Client

    def client(**kwargs: object) -> httpx.Client:
        return real(transport=transport, **kwargs)  # type: ignore[arg-type]

    def request(method: str, url: str, **kwargs: object) -> httpx.Response:
        with real(transport=transport) as plain:
            return plain.request(method, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx, "Client", client)
    monkeypatch.setattr(httpx, "request", request)


def said(result: Result) -> str:
    """What the user reads: a ClickException's output, or the domain error main() prints."""
    if isinstance(result.exception, SystemExit):
        return result.output
    return f"Error: {result.exception}\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    creds = tmp_path / "bank.json"
    creds.write_text(Credentials("DEUTDEFF", "t", bytes(32)).to_json())
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps({"token": "t"}))
    message = tmp_path / "pacs008.xml"
    message.write_bytes(payment("DEUTDEFF", "BOFAUS3N"))
    return {"creds": creds, "ops": ops, "message": message}


def _lines(server: str, files: dict[str, Path]) -> dict[str, tuple[str, list[str]]]:
    """Per command: the request it makes first, and its command line."""
    creds, ops = str(files["creds"]), str(files["ops"])
    on = ["--server", server]
    return {
        "send": (f"POST {server}/payments",
                 ["send", *on, "--credentials", creds, str(files["message"])]),
        "fetch": (f"GET {server}/queue?limit=100&wait=0.0",
                  ["fetch", *on, "--credentials", creds]),
        "track": (f"GET {server}/payments/{UETR}", ["track", *on, "--credentials", creds, UETR]),
        "track-public": (f"GET {server}/payments/{UETR}", ["track", *on, UETR]),
        "holds": (f"GET {server}/holds", ["holds", "list", *on, "--credentials", ops]),
    }  # fmt: skip


COMMANDS = ["send", "fetch", "track", "track-public", "holds"]


def _answering(status: int, body: bytes, **headers: str) -> httpx.MockTransport:
    return httpx.MockTransport(lambda _request: httpx.Response(status, content=body,
                                                               headers=headers))  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_a_404_page_names_status_request_body_and_base_url(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path], command: str
) -> None:
    route_cli_to(monkeypatch, _answering(404, _HTML_404.encode(), **{"content-type": "text/html"}))
    server = "http://127.0.0.1:8792/api"
    request, line = _lines(server, files)[command]
    result = CliRunner().invoke(cli, line)
    assert result.exit_code == 1
    body = "'<html> <head><title>404 Not Found</title></head> <body>nginx</body> </html>'"
    assert said(result) == f"Error: {request}: HTTP 404, body {body}; {HINT}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_json_without_code_and_message_is_shown_as_it_came(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path], command: str
) -> None:
    route_cli_to(monkeypatch, _answering(404, b'{"detail":"Not Found"}'))
    request, line = _lines("http://127.0.0.1:8792", files)[command]
    result = CliRunner().invoke(cli, line)
    assert result.exit_code == 1
    assert (
        said(result) == f'Error: {request}: HTTP 404, body \'{{"detail":"Not Found"}}\'; {HINT}\n'
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_redirect_says_where_it_led(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path], command: str
) -> None:
    route_cli_to(monkeypatch, _answering(307, b"", location="http://127.0.0.1:8792/elsewhere"))
    request, line = _lines("http://127.0.0.1:8792", files)[command]
    result = CliRunner().invoke(cli, line)
    assert result.exit_code == 1
    expected = (
        f"Error: {request}: HTTP 307, empty body, redirected to http://127.0.0.1:8792/elsewhere"
    )
    assert said(result) == f"{expected}\n"


def test_a_success_that_is_not_the_api_is_no_refusal_without_a_code(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]
) -> None:
    route_cli_to(monkeypatch, _answering(200, b'{"hello": "world"}'))
    server = "http://127.0.0.1:8792"
    for command, prefix in (("send", "server refused: "), ("track", ""), ("track-public", "")):
        request, line = _lines(server, files)[command]
        result = CliRunner().invoke(cli, line)
        assert result.exit_code == 1
        assert (
            said(result) == f'Error: {prefix}{request}: HTTP 200, body \'{{"hello": "world"}}\'\n'
        )


def test_long_bodies_are_cut_short(monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]) -> None:
    route_cli_to(monkeypatch, _answering(502, b"x" * 5000))
    result = CliRunner().invoke(cli, _lines("http://127.0.0.1:8792", files)["fetch"][1])
    assert said(result).endswith(f": HTTP 502, body '{'x' * 120}...'\n")


@pytest.mark.parametrize("uetr", ["", " ", "x", f"{UETR}/events", UETR.replace("4", "1", 1)])
@pytest.mark.parametrize("with_credentials", [True, False], ids=["participant", "public"])
def test_track_refuses_a_bad_uetr_before_any_request(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path], uetr: str, with_credentials: bool
) -> None:
    def no_request(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request may be made, got {request.method} {request.url}")

    route_cli_to(monkeypatch, httpx.MockTransport(no_request))
    extra = ["--credentials", str(files["creds"])] if with_credentials else []
    result = CliRunner().invoke(cli, ["track", "--server", "http://127.0.0.1:8792", *extra, uetr])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: invalid_uetr: UETR: must be a UUIDv4 like 8-4-4-4-12 hex (got {uetr!r}); "
        "use the uetr that 'send' printed\n"
    )


@pytest.fixture
def server(tmp_path: Path, files: dict[str, Path]) -> Iterator[Callable[[list[str]], Result]]:
    """The real app in process; yields a runner of CLI lines with a bank's credentials."""
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}")
    files["creds"].write_text(prepared.credentials["DEUTDEFF"].to_json())
    transport = InProcessApp(create_app(prepared.settings))
    with pytest.MonkeyPatch.context() as patch:
        route_cli_to(patch, transport)
        yield lambda line: CliRunner().invoke(cli, line)
    transport.shutdown()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_base_url_with_a_path_is_named_against_the_real_server(
    server: Callable[[list[str]], Result], files: dict[str, Path], command: str
) -> None:
    base = "http://bankwire.test/api"
    request, line = _lines(base, files)[command]
    result = server(line)
    assert result.exit_code == 1
    path = request.split(" ", 1)[1].removeprefix("http://bankwire.test").split("?")[0]
    assert said(result) == (
        f"Error: {request}: HTTP 404 not_found: Not Found: {request.split()[0]} {path} "
        f"(no such route); {HINT}\n"
    )


def test_an_unknown_payment_is_the_servers_refusal_without_the_hint(
    server: Callable[[list[str]], Result], files: dict[str, Path]
) -> None:
    result = server(_lines("http://bankwire.test", files)["track"][1])
    assert result.exit_code == 1
    assert result.output == f"Error: not_found: no payment with UETR {UETR}\n"


def test_the_real_server_still_answers_every_command(
    server: Callable[[list[str]], Result], files: dict[str, Path]
) -> None:
    lines = _lines("http://bankwire.test", files)
    sent = server(lines["send"][1])
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.output)["status"] == "ack"
    uetr = json.loads(sent.output)["uetr"]
    tracked = server(["track", "--server", "http://bankwire.test", uetr.upper(), "--json"])
    assert (tracked.exit_code, json.loads(tracked.output)["uetr"]) == (0, uetr)
    assert server(lines["fetch"][1]).exit_code == 0


def test_an_operator_tracks_with_its_token_file_and_sees_the_outcome(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}")
    files["creds"].write_text(prepared.credentials["DEUTDEFF"].to_json())
    ops = tmp_path / "ops-init.json"  # As ``init --credentials-out`` writes it.
    ops.write_text(json.dumps({"operator": "ops", "token": prepared.operator_token}))
    transport = InProcessApp(create_app(prepared.settings))
    try:
        with pytest.MonkeyPatch.context() as patch:
            route_cli_to(patch, transport)
            sent = CliRunner().invoke(cli, _lines("http://bankwire.test", files)["send"][1])
            uetr = json.loads(sent.output)["uetr"]
            line = ["track", "--server", "http://bankwire.test", uetr, "--json"]
            public = json.loads(CliRunner().invoke(cli, line).output)
            tracked = CliRunner().invoke(cli, [*line, "--credentials", str(ops)])
    finally:
        transport.shutdown()
    assert tracked.exit_code == 0, tracked.output
    answer = json.loads(tracked.output)
    assert (answer["uetr"], answer["outcome"], public["outcome"]) == (uetr, "pass", None)
    assert any(event["detail"] for event in answer["events"])


def test_messages_fetched_without_ack_are_acknowledged_by_sequence(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}")
    files["creds"].write_text(prepared.credentials["DEUTDEFF"].to_json())
    receiver = tmp_path / "bofa.json"
    receiver.write_text(prepared.credentials["BOFAUS3N"].to_json())
    on = ["--server", "http://bankwire.test", "--credentials", str(receiver)]
    transport = InProcessApp(create_app(prepared.settings))
    try:
        with pytest.MonkeyPatch.context() as patch:
            route_cli_to(patch, transport)
            invoke = CliRunner().invoke
            assert invoke(cli, _lines("http://bankwire.test", files)["send"][1]).exit_code == 0
            fetched = [json.loads(line) for line in invoke(cli, ["fetch", *on]).output.splitlines()]
            sequence = str(fetched[0]["sequence"])
            acked = invoke(cli, ["ack", *on, sequence, sequence])
            again = invoke(cli, ["ack", *on, sequence, "99"])
            after = invoke(cli, ["fetch", *on, "--wait", "0"])
    finally:
        transport.shutdown()
    assert (acked.exit_code, [json.loads(line) for line in acked.output.splitlines()]) == (
        0, [{"sequence": int(sequence), "result": "acknowledged"}],
    )  # fmt: skip
    results = [json.loads(line)["result"] for line in again.output.splitlines()]
    assert (again.exit_code, results) == (1, ["already_acknowledged", "not_delivered"])
    assert (after.exit_code, after.output) == (0, "")
