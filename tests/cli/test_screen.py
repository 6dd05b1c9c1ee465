"""``bankwire screen``: the batch JSON-lines contract, single names, list files and the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from bankwire.cli.main import cli
from bankwire.sanctions.matching.identifiers import QUERY_SCHEMES
from bankwire.store.lists import ListStore
from tests.strategies_screening import FIXTURES, fixture_files

LIST_FILES = [
    "--list-file",
    ",".join(str(FIXTURES / name) for name in ("sdn.csv", "alt.csv", "add.csv")),
    "--list-file",
    str(FIXTURES / "eu_fsf.csv"),
]


def run(*args: str, stdin: str | None = None, db: str = "sqlite://") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "screen", *args], input=stdin)
    return result.exit_code, result.output


def test_batch_lines_in_order_with_per_line_errors(tmp_path: Path) -> None:
    lines = [
        {"id": "1", "name": "Nicolás Maduro Moros", "kind": "person", "dob": "1962"},
        {"id": "2", "name": ""},
        "this is not json",
        {"id": "4", "name": "x" * 10_000},
        {"id": 5, "name": "Promsvyazbank", "identifiers": {"bic": ["PRMSRUMM"]}},
        {"id": "6", "name": "John Smith", "colour": "red"},
        {"id": "7", "name": "\x07\x08"},
        {"id": "8", "name": "Ｐ𝐃ＶＳＡ 😀"},
        [1, 2],
    ]
    source = tmp_path / "names.jsonl"
    source.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "hits.jsonl"
    code, output = run("--input", str(source), "--output", str(target), *LIST_FILES)
    assert code == 1
    assert "line(s) could not be screened" in output
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert len(records) == len(lines)
    assert records[0]["id"] == "1"
    assert records[0]["hits"][0]["source_id"] == "22790"
    assert "DOB year matches (1962 ~ 1962-11-23)" in records[0]["hits"][0]["explanation"]
    assert records[1]["id"] == "2"
    assert "line 2: query '2': name must contain letters or digits" in records[1]["error"]
    assert records[2]["id"] is None
    assert "not valid JSON" in records[2]["error"]
    assert "at most 1000 characters" in records[3]["error"]
    assert records[4]["id"] == 5
    assert records[4]["hits"][0]["score"] == 1.0
    assert "BIC PRMSRUMM exact" in records[4]["hits"][0]["explanation"]
    assert "colour" in records[5]["error"]
    assert "name: Value error, control character U+0007 at character 1" in records[6]["error"]
    assert records[7]["hits"][0]["source_id"] == "26367"
    assert "expected a JSON object" in records[8]["error"]


def test_batch_hit_shape_limit_and_min_score() -> None:
    stdin = json.dumps({"id": "a", "name": "Promsvyazbank"}) + "\n"
    code, output = run(
        "--input",
        "-",
        "--output",
        "-",
        "--limit",
        "1",
        "--min-score",
        "0.5",
        *LIST_FILES,
        stdin=stdin,
    )
    assert code == 0
    record = json.loads(output)
    assert set(record) == {"id", "name", "hits"}
    assert len(record["hits"]) == 1
    assert set(record["hits"][0]) == {"list", "source_id", "score", "matched_name", "explanation"}


def test_single_name_text_and_json() -> None:
    code, output = run("PDVSA", *LIST_FILES)
    assert code == 0
    assert "us_ofac_sdn 26367" in output
    code, output = run("John Smith", *LIST_FILES)
    assert "No hits at or above" in output
    code, output = run("Evrofinance Moznarbank", "--json", *LIST_FILES)
    record = json.loads(output)
    assert record["hits"][0]["source_id"] == "26503"


def test_name_and_input_are_exclusive() -> None:
    code, output = run(*LIST_FILES)
    assert code == 2
    assert "either a NAME or --input" in output


def test_unscreenable_single_name_is_an_error() -> None:
    code, output = run("   ", *LIST_FILES)
    assert code == 1
    assert "letters or digits" in output


def test_screens_the_store_active_entries(engine: Engine, tmp_path: Path) -> None:
    store = ListStore(engine)
    store.load(fixture_files(("sdn.csv", "alt.csv", "add.csv")), loaded_at=datetime.now(UTC))
    code, output = run("Delcy Rodriguez", "--json", db=str(engine.url))
    assert code == 0
    assert json.loads(output)["hits"][0]["source_id"] == "25077"


def test_empty_store_says_what_to_do(tmp_path: Path) -> None:
    code, output = run("PDVSA", db=f"sqlite:///{tmp_path / 'empty.db'}")
    assert code == 1
    assert "bankwire lists load --bundled" in output


def test_missing_list_file_is_a_clear_error(tmp_path: Path) -> None:
    code, output = run("PDVSA", "--list-file", str(tmp_path / "nope.csv"))
    assert code == 1
    assert "nope.csv: cannot read it" in output


def test_unreadable_input_or_output_fails_before_any_work(tmp_path: Path) -> None:
    """No traceback, and no index build first: the path is checked before anything else."""
    code, output = run("--input", str(tmp_path / "missing.jsonl"))
    assert code == 1
    assert "--input" in output
    assert "cannot read it" in output
    names = tmp_path / "names.jsonl"
    names.write_text('{"name": "PDVSA"}\n', encoding="utf-8")
    code, output = run("--input", str(names), "--output", str(tmp_path / "no" / "dir.jsonl"))
    assert code == 1
    assert "cannot write it" in output


def test_a_date_of_birth_must_be_a_date(tmp_path: Path) -> None:
    code, output = run("Nicolas Maduro", "--dob", "notadate")
    assert code == 2
    assert "--dob" in output
    names = tmp_path / "names.jsonl"
    names.write_text('{"id": 7, "name": "Nicolas Maduro", "dob": "23/11/62"}\n', "utf-8")
    result = CliRunner().invoke(
        cli, ["--db", "sqlite://", "screen", "--input", str(names), "--output", "-", *LIST_FILES]
    )
    assert result.exit_code == 1
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == 7
    assert "dob" in record["error"]


def test_lines_that_are_not_text_are_errors_in_their_place(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, escapes and half characters: an error line each, the other
    lines screened, never a traceback that loses the rest."""
    lines = [
        b'\xef\xbb\xbf{"id": "bom", "name": "Promsvyazbank"}',  # A byte-order mark first.
        b'{"id": "latin1", "name": "Petr\xf3leos"}',
        b'{"id": "esc", "name": "PDVSA\\u001b[2J"}',
        b'{"id": "half", "name": "PDVSA\\ud800"}',
        b'{"id": "\\udc80", "name": "PDVSA"}',
        b'{"id": "last", "name": "PDVSA"}',
    ]
    source = tmp_path / "names.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    target = tmp_path / "hits.jsonl"
    code, _ = run("--input", str(source), "--output", str(target), *LIST_FILES)
    assert code == 1
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [record.get("id") for record in records] == [
        "bom", None, "esc", "half", "\udc80", "last",
    ]  # fmt: skip
    assert "34656" in {hit["source_id"] for hit in records[0]["hits"]}
    assert records[1]["error"] == "line 2: not valid UTF-8 (byte 0xf3 at byte 31)"
    assert "control character U+001B at character 6" in records[2]["error"]
    assert "lone surrogate U+D800 at character 6" in records[3]["error"]
    assert records[4]["hits"] and records[5]["hits"]


def test_stdin_and_stdout_are_utf8_bytes() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "sqlite://", "screen", "--input", "-", *LIST_FILES],
        input=b'{"id": "x", "name": "Petr\xf3leos"}\n{"id": "y", "name": "Petr\xc3\xb3leos"}\n',
    )  # fmt: skip
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout_bytes.decode().splitlines())
    assert "not valid UTF-8" in first["error"]
    assert second["name"] == "Petróleos"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["PDVSA\x1b[2J"], "control character U+001B at character 6"),
        (
            ["PDVSA", "--min-score", "nan"],
            "Invalid value for --min-score: must be a number in [0, 1] (got nan)",
        ),
        # As in batch mode: an unknown country was ignored, not compared.
        (
            ["Nicolas Maduro", "--country", "XX"],
            "Invalid value for --country: must be an ISO 3166 code or a country's name (got 'XX')",
        ),
    ],
)
def test_single_name_input_is_checked_before_screening(args: list[str], expected: str) -> None:
    code, output = run(*args, *LIST_FILES)
    assert code == 2
    assert expected in output


def test_a_country_or_bic_that_is_none_is_an_error_not_ignored(tmp_path: Path) -> None:
    lines = [
        {"id": "narnia", "name": "John Smith", "country": "Narnia"},
        {"id": "empty", "name": "PSB", "identifiers": {"bic": ""}},
        {"id": "short", "name": "PSB", "identifiers": {"bic": ["PRMSRUM"]}},
        {"id": "fine", "name": "PSB", "country": "Russia", "identifiers": {"bic": "prmsrumm"}},
    ]
    source = tmp_path / "names.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    target = tmp_path / "hits.jsonl"
    code, _ = run("--input", str(source), "--output", str(target), *LIST_FILES)
    assert code == 1
    records = {r["id"]: r for r in map(json.loads, target.read_text("utf-8").splitlines())}
    assert (
        "country: Value error, must be an ISO 3166 code or a country's name"
        in (records["narnia"]["error"])
    )
    assert "bic: an identifier must not be empty" in records["empty"]["error"]
    assert "BIC: must be 8 or 11 characters" in records["short"]["error"]
    assert records["fine"]["hits"][0]["source_id"] == "34656"


def test_a_name_over_several_lines_is_one_name(tmp_path: Path) -> None:
    """A payment message's name field wraps: line breaks and tabs are spaces, not errors."""
    source = tmp_path / "names.jsonl"
    lines = [{"id": "wrapped", "name": "PROMSVYAZBANK\r\nPJSC"}, {"id": "tab", "name": "PDVSA\t"}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    target = tmp_path / "hits.jsonl"
    code, _ = run("--input", str(source), "--output", str(target), *LIST_FILES)
    assert code == 0
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert records[0]["hits"][0]["source_id"] == "34656"
    assert records[0]["hits"][0]["score"] == 1.0
    assert records[1]["hits"]
    code, output = run("PROMSVYAZBANK\nPJSC", *LIST_FILES)
    assert code == 0
    assert "34656" in output


def test_help_states_the_batch_format() -> None:
    """The JSON-lines contract is in `screen --help`, with every identifier scheme accepted."""
    result = CliRunner().invoke(cli, ["screen", "--help"])
    assert result.exit_code == 0
    assert '"identifiers": {"bic": "PRMSRUMM", "imo": ["9187629"]}' in result.output
    schemes = result.output.split("Identifier schemes:")[1].split(";")[0].split()
    assert [scheme.strip(",") for scheme in schemes] == sorted(QUERY_SCHEMES)
    assert '{"id", "error"}' in result.output
