"""``bankwire messages``: validate (exit status, --json), parse, parties, translate."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bankwire.cli.main import cli
from bankwire.messages.validate import validate_message
from tests.messages.mx_samples import INVALID, MX, PACS008, PACS009_COV

BAD = INVALID / "test_files__2025__cbprplus_pacs008_sample_bic_mismatch.xml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["messages", *args])
    return result.exit_code, result.output


def test_validate_exits_zero_only_if_every_file_is_valid() -> None:
    assert run("validate", str(PACS008))[0] == 0
    assert run("validate", str(PACS008), str(BAD))[0] == 1


def test_validate_json_prints_one_object_per_file() -> None:
    code, output = run("validate", "--json", str(PACS008), str(BAD))
    good, bad = (json.loads(line) for line in output.splitlines())
    assert code == 1
    assert good == {
        "file": str(PACS008),
        "valid": True,
        "message_type": "pacs.008.001.08",
        "errors": [],
    }
    assert bad["valid"] is False
    assert bad["errors"][0] == {
        "location": "/Request/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/InstgAgt/FinInstnId/BICFI",
        "code": "CBPR_BIC_MISMATCH",
        "text": "InstgAgt WWEBGB3LXXX must be the AppHdr Fr ABCDGB2LXXX",
    }


def test_parse_json_gives_the_model() -> None:
    code, output = run("parse", "--json", str(PACS008))
    data = json.loads(output)
    assert code == 0
    assert data["transfers"][0]["interbank_settlement_amount"] == {
        "minor_units": 13650000,
        "currency": "USD",
        "decimal": "136500.00",
    }


def test_parties_json_lists_underlying_customers() -> None:
    code, output = run("parties", "--json", str(PACS009_COV))
    names = {record.get("name") for record in json.loads(output)}
    assert code == 0
    assert {"A Debiter", "B Creditor Co"} <= names


def test_parse_of_an_unreadable_file_is_one_clear_error() -> None:
    code, output = run("parse", "/nonexistent/message.xml")
    assert code == 1
    assert "cannot read" in output


def test_translate_to_the_same_format_is_refused() -> None:
    code, output = run("translate", str(PACS008), "--to", "mx")
    assert code == 1
    assert "already MX" in output


def test_translate_both_ways() -> None:
    """MX -> MT keeps the references; MT -> MX renders XML that validates."""
    code, output = run("translate", str(PACS008), "--to", "mt")
    assert code == 0
    assert ":20:A2B0506272708" in output
    assert ":32A:210511USD136500," in output
    fin = MX.parents[0] / "mt" / "ballerina"
    source = fin / "MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs_008_A_B.fin"
    result = CliRunner().invoke(cli, ["messages", "translate", str(source), "--to", "mx"])
    assert result.exit_code == 0
    assert validate_message(result.stdout_bytes).issues == ()


def test_validate_reports_an_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    """One missing file gets its own JSON record; the files after it are still judged."""
    missing = tmp_path / "missing.xml"
    code, output = run("validate", str(missing), str(PACS008), "--json")
    assert code == 1
    records = [json.loads(line) for line in output.splitlines()]
    assert [r["valid"] for r in records] == [False, True]
    assert records[0]["errors"][0]["code"] == "FILE_UNREADABLE"


def test_validate_names_a_location_once(tmp_path: Path) -> None:
    broken = tmp_path / "no_block_1.fin"
    broken.write_bytes(b"{2:I103BANKDEFFXXXXN}{4:\r\n:20:X\r\n-}")
    code, output = run("validate", str(broken))
    assert code == 1
    assert "block 1: block 1" not in output
    assert "block 1" in output
