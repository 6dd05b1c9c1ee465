"""Two banks exchange a payment with nothing but the CLI and a real server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.harness import payment, prepare
from tests.e2e.server import Server, cli


def test_two_banks_through_the_cli(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'net.db'}"
    prepare(url)  # The fixture lists; its own banks are not used here.
    assert json.loads(cli(url, "init", "--credentials-out", str(tmp_path / "ops.json")).stdout)
    for bic, name, country in (("COBADEFF", "Commerzbank", "DE"), ("BNPAFRPP", "BNP", "FR")):
        out = str(tmp_path / f"{bic}.json")
        done = cli(url, "participants", "add", bic, "--name", name, "--country", country,
                   "--currency", "EUR", "--credentials-out", out)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert cli(url, "rma", "grant", "COBADEFF", "BNPAFRPP", "--types", "pacs.008").returncode == 0
    message = tmp_path / "pacs008.xml"
    message.write_bytes(payment("COBADEFF", "BNPAFRPP"))
    server = Server(url, tmp_path / "server.log")
    server.start()
    try:
        sent = cli(url, "send", "--server", server.url, "--credentials",
                   str(tmp_path / "COBADEFF.json"), str(message))  # fmt: skip
        answer = json.loads(sent.stdout)
        assert (answer["status"], answer["code"], answer["decision"]) == ("ack", None, "pass")
        fetched = cli(url, "fetch", "--server", server.url, "--credentials",
                      str(tmp_path / "BNPAFRPP.json"), "--ack")  # fmt: skip
        [line] = [json.loads(text) for text in fetched.stdout.splitlines()]
        assert (line["sequence"], line["uetr"], line["message_type"]) == (
            1, answer["uetr"], "pacs.008.001.08",
        )  # fmt: skip
        assert line["message"].encode() == message.read_bytes()
        tracked = cli(url, "track", "--server", server.url, answer["uetr"], "--json",
                      "--credentials", str(tmp_path / "COBADEFF.json"))  # fmt: skip
        assert json.loads(tracked.stdout)["state"] == "acknowledged"
        again = cli(url, "send", "--server", server.url, "--credentials",
                    str(tmp_path / "BNPAFRPP.json"), str(message))  # fmt: skip
        assert (again.returncode, json.loads(again.stdout)["code"]) == (2, "S04")
    finally:
        server.stop()
