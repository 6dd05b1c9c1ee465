"""Operator commands on the database: init, participants, RMA, licences, disconnect, holds."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from bankwire.cli.main import cli
from bankwire.demo.story import LICENCE
from bankwire.errors import BankwireError
from bankwire.transports.base import Credentials


def run(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_operator_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    assert json.loads(run(url, "init", "--credentials-out", str(tmp_path / "ops.json")))
    assert "token" in json.loads((tmp_path / "ops.json").read_text())
    out = tmp_path / "psb.json"
    added = json.loads(run(url, "participants", "add", "PRMSRUMMXXX", "--name", "PSB",
                           "--country", "RU", "--currency", "RUB,USD", "--credentials-out",
                           str(out)))  # fmt: skip
    assert added["bic"] == "PRMSRUMM"
    assert Credentials.from_json(out.read_text()).bic == "PRMSRUMM"
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    run(url, "participants", "add", "COBADEFF", "--name", "Commerzbank", "--country", "DE",
        "--credentials-out", str(tmp_path / "coba.json"))  # fmt: skip
    run(url, "rma", "grant", "PRMSRUMM", "COBADEFF", "--types", "pacs.008,pacs.009.001.08")
    licence = tmp_path / "licence.json"
    licence.write_text(json.dumps(LICENCE))
    run(url, "licences", "add", str(licence))
    assert json.loads(run(url, "licences", "list"))["number"] == "VEN-2022-0001"
    changed = json.loads(run(url, "disconnect", "PRMSRUMM", "--from", "2022-03-12"))
    assert (changed["status"], changed["from"]) == ("disconnected", "2022-03-12")
    rows = [json.loads(line) for line in run(url, "participants", "list", "--json").splitlines()]
    assert [(r["bic"], r["status"]) for r in rows] == [
        ("COBADEFF", "active"), ("PRMSRUMM", "disconnected"),
    ]  # fmt: skip
    empty = CliRunner().invoke(cli, ["--db", url, "holds", "list"], catch_exceptions=False)
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "No payments are held.\n")


def test_unknown_participant_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "rma", "grant", "PRMSRUMM", "COBADEFF",
                                      "--types", "pacs.008"])  # fmt: skip
    assert result.exit_code != 0
    assert "not a participant" in str(result.exception)


def _closed_port() -> int:
    """A port nothing listens on: bound once by the OS, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


_DOWN = "--server {server} --credentials {creds}"
_UETR = "8a562c67-ca16-48ba-b074-65581be6f011"


@pytest.mark.parametrize(
    "line",
    [f"send {_DOWN} {{creds}}", f"fetch {_DOWN}", f"track {_DOWN} {_UETR}",
     f"track --server {{server}} {_UETR}",
     "holds list --server {server} --credentials {ops}"],
)  # fmt: skip
def test_a_server_that_is_down_is_named(tmp_path: Path, line: str) -> None:
    creds = tmp_path / "bank.json"
    creds.write_text(Credentials("DEUTDEFF", "t", bytes(32)).to_json())
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps({"token": "t"}))
    server = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(cli, line.format(server=server, creds=creds, ops=ops).split())
    assert result.exit_code == 1, result.output
    said = str(result.exception)  # The console entry point prints it as "Error: ...".
    assert said == f"cannot reach the bankwire server at {server} (connection refused)"


def test_a_bad_credentials_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    creds = tmp_path / "bank.json"
    creds.write_text(json.dumps({"bic": "DEUTDEFF", "token": "t"}))
    result = CliRunner().invoke(cli, ["fetch", "--server", "http://127.0.0.1:1",
                                      "--credentials", str(creds)])  # fmt: skip
    assert result.exit_code == 1
    said = str(result.exception)
    assert said.startswith(f"{creds}: missing field private_key; a credentials file (written")
    assert '"private_key": <base64 of the 32-byte Ed25519 key>' in said


@pytest.mark.parametrize(
    ("content", "expected"),
    [("not json", "not JSON ("), ("[1]", "expected a JSON object"),
     ('{"operator": "ops"}', "missing or empty field token"),
     ('{"token": ""}', "missing or empty field token")],
)  # fmt: skip
def test_a_bad_operator_file_names_the_file_and_what_it_should_hold(
    tmp_path: Path, content: str, expected: str
) -> None:
    ops = tmp_path / "ops.json"
    ops.write_text(content)
    server = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        cli, ["holds", "list", "--server", server, "--credentials", str(ops)]
    )
    assert result.exit_code == 1
    said = str(result.exception)
    assert said.startswith(f"{ops}: {expected}")
    assert "written by 'bankwire init --credentials-out'" in said


def _invoke(url: str, *args: str) -> tuple[int, str]:
    """Exit status and what the user reads: click's output, or the one line ``main`` prints
    for a domain error; anything else would reach the user as a traceback."""
    result = CliRunner().invoke(cli, ["--db", url, *args])
    error = result.exception
    if isinstance(error, BankwireError):
        return 1, f"Error: {error}"
    assert error is None or isinstance(error, SystemExit), repr(error)
    return result.exit_code, result.output


def test_the_directory_refuses_what_would_lose_or_hijack_a_bank(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    psb = tmp_path / "psb.json"
    run(url, "participants", "add", "PRMSRUMM", "--name", "PSB", "--country", "RU",
        "--credentials-out", str(psb))  # fmt: skip
    kept = psb.read_text()
    run(url, "disconnect", "PRMSRUMM", "--from", "2022-03-12")
    hijack = tmp_path / "h.json"
    code, output = _invoke(url, "participants", "add", "PRMSRUMMXXX", "--name", "Hijack",
                           "--country", "RU", "--credentials-out", str(hijack))  # fmt: skip
    assert code == 1
    assert "PRMSRUMM is already a participant" in output
    code, output = _invoke(url, "participants", "add", "COBADEFF", "--name", "Commerzbank",
                           "--country", "DE", "--credentials-out", str(psb))  # fmt: skip
    assert (code, psb.read_text()) == (2, kept)
    assert "exists; its key may be the only copy" in output
    rekeyed = json.loads(run(url, "participants", "rekey", "prmsrumm", "--credentials-out",
                             str(tmp_path / "psb2.json")))  # fmt: skip
    assert (rekeyed["bic"], rekeyed["status"]) == ("PRMSRUMM", "disconnected")
    assert Credentials.from_json((tmp_path / "psb2.json").read_text()).token != (
        Credentials.from_json(kept).token
    )
    rows = [json.loads(line) for line in run(url, "participants", "list", "--json").splitlines()]
    assert [(r["bic"], r["name"], r["status"]) for r in rows] == [
        ("PRMSRUMM", "PSB", "disconnected"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("rma grant XX PRMSRUMM --types pacs.008", "sender: BIC: must be 8 or 11"),
        ("rma grant PRMSRUMM BSCHESMM --types ,", "types: at least one message type"),
        ("rma grant PRMSRUMM prmsrummxxx --types pacs.008", "cannot authorise itself"),
        ("rma grant PRMSRUMM BSCHESMM --types pacs.999", "pacs.999 not carried"),
        ("disconnect XX --from 2022-03-12", "BIC: must be 8 or 11"),
        ("participants add DEUTDEFF500 --name D --country DE --credentials-out {tmp}/d.json",
         "names a branch"),
        ("participants add BSCHESMM --name B --country ZZ --credentials-out {tmp}/b.json",
         "country: must be an ISO 3166"),
        ("holds approve 5e7c1bb6-6c2f-4a3a-9a51-0f3f0b9c6b1e --analyst a --server http://x",
         "--server needs --credentials too"),
        ("holds approve nope --analyst a", "invalid_uetr: UETR: must be a UUIDv4"),
    ],
)  # fmt: skip
def test_directory_mistakes_are_one_line_errors(tmp_path: Path, line: str, expected: str) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    run(url, "participants", "add", "PRMSRUMM", "--name", "PSB", "--country", "RU",
        "--credentials-out", str(tmp_path / "psb.json"))  # fmt: skip
    code, output = _invoke(url, *line.format(tmp=tmp_path).split())
    assert code != 0
    assert expected in output
    assert "Traceback" not in output
