"""Operator commands on the database: init, participants, RMA, licences, disconnect, holds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bankwire.cli.main import cli
from bankwire.demo.story import LICENCE
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
    assert run(url, "holds", "list") == ""


def test_unknown_participant_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "rma", "grant", "PRMSRUMM", "COBADEFF",
                                      "--types", "pacs.008"])  # fmt: skip
    assert result.exit_code != 0
    assert "not a participant" in str(result.exception)
