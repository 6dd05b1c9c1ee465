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


_NEW = [
    "messages", "new-pacs008", "--from", "COBADEFF", "--to", "BNPAFRPP",
    "--amount", "1250.50", "--currency", "EUR", "--debtor", "Muster GmbH",
    "--debtor-country", "DE", "--creditor", "Dupont SARL", "--creditor-country", "FR",
    "--debtor-town", "Frankfurt", "--creditor-town", "Paris",
    "--uetr", "299997ae-ec87-4003-8d58-748f421d48b6", "--settlement-date", "2026-12-07",
]  # fmt: skip


def test_new_pacs008_writes_a_valid_message_with_what_was_asked(tmp_path: Path) -> None:
    target = tmp_path / "pacs008.xml"
    result = CliRunner().invoke(cli, [*_NEW, "--remittance", "Invoice 4711", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert validate_message(target.read_bytes()).valid
    parsed = CliRunner().invoke(cli, ["messages", "parse", str(target), "--json"])
    model = json.loads(parsed.output)
    [transfer] = model["transfers"]
    assert model["header"]["from_bic"] == "COBADEFF"
    assert model["header"]["to_bic"] == "BNPAFRPP"
    assert transfer["uetr"] == "299997ae-ec87-4003-8d58-748f421d48b6"
    assert transfer["settlement_date"] == "2026-12-07"
    assert transfer["debtor"]["name"] == "Muster GmbH"
    assert transfer["creditor"]["name"] == "Dupont SARL"
    assert transfer["remittance_information"] == ["Invoice 4711"]
    assert transfer["debtor"]["address"]["town_name"] == "Frankfurt"
    assert "1250.50" in json.dumps(transfer["interbank_settlement_amount"])


def test_new_pacs008_to_stdout_is_the_message_alone() -> None:
    result = CliRunner().invoke(cli, _NEW)
    assert result.exit_code == 0, result.output
    assert validate_message(result.stdout_bytes).valid


def test_new_pacs008_refuses_bad_values_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "pacs008.xml"
    cases = {
        ("--from", "COBADEXX1"): "--from",
        ("--amount", "1.234"): "at most 2 decimals",
        ("--currency", "EUX"): "ISO 4217",
        ("--debtor-country", "ZZZ"): "alpha-2",
        ("--settlement-date", "2026-13-01"): "%Y-%m-%d",
        ("--uetr", "nope"): "UUIDv4",
        ("--debtor", ""): "Dbtr/Nm",
    }
    for (option, value), expected in cases.items():
        args = list(_NEW)
        args[args.index(option) + 1] = value
        result = CliRunner().invoke(cli, [*args, "-o", str(target)])
        assert result.exit_code != 0, (option, value)
        assert expected in result.output, (option, result.output)
        assert list(tmp_path.iterdir()) == [], option


def test_new_pacs008_to_an_unwritable_place_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*_NEW, "-o", str(tmp_path / "missing" / "p.xml")])
    assert result.exit_code == 1
    assert "cannot write" in result.output
