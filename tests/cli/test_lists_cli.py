"""The ``bankwire lists`` commands as a user runs them, on trimmed real OFAC and UN files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bankwire.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
OFAC = FIXTURES / "ofac"
SDN_SET = [str(OFAC / name) for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_load_status_show(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    code, output = run(db, "lists", "load", *SDN_SET, "--json")
    assert code == 0, output
    loaded = json.loads(output.splitlines()[0])
    assert loaded["outcome"] == "loaded"
    assert loaded["list"] == "us_ofac_sdn"

    code, output = run(db, "lists", "status", "--json")
    assert code == 0, output
    assert [v["list"] for v in json.loads(output)] == ["us_ofac_sdn"]

    code, output = run(db, "lists", "show", "34656", "--json")
    assert code == 0, output
    (psb,) = json.loads(output)
    bics = [i["value"] for i in psb["identifiers"] if i["scheme"] == "bic"]
    assert bics == ["PRMSRUMM"]


def test_loading_the_same_bytes_again_says_so(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "load", *reversed(SDN_SET))
    assert code == 0, output
    assert output.startswith("Unchanged")


def test_diff_between_two_versions(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    # A later publication: the same file without Evrofinance (ent 26503), as after a delisting.
    lines = (OFAC / "sdn.csv").read_bytes().split(b"\n")
    later = tmp_path / "sdn.csv"
    later.write_bytes(b"\n".join(line for line in lines if not line.startswith(b"26503,")))
    others = [path for path in SDN_SET if not path.endswith("sdn.csv")]
    code, output = run(db, "lists", "load", str(later), *others)
    assert code == 0, output
    code, output = run(db, "lists", "diff", "1", "2", "--json")
    assert code == 0, output
    diff = json.loads(output)
    assert [entry["source_id"] for entry in diff["removed"]] == ["26503"]
    assert diff["added"] == []


def test_wrong_source_is_refused_and_previous_version_stays(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "load", str(OFAC / "sdn.csv"), "--source", "un_xml")
    assert code != 0
    assert "stays active" in output
    code, output = run(db, "lists", "status", "--json")
    assert [v["id"] for v in json.loads(output)] == [1]


def test_export_ftm(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    out = tmp_path / "export.ftm.json"
    code, output = run(db, "lists", "export", "--format", "ftm", "--output", str(out))
    assert code == 0, output
    entities = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    schemata = {entity["schema"] for entity in entities}
    assert {"Organization", "Person", "Sanction"} <= schemata
    names = {n for e in entities for n in e["properties"].get("name", [])}
    assert any("PROMSVYAZBANK" in name for name in names)


def test_usage_errors(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    code, output = run(db, "lists", "load")
    assert code == 2
    assert "--bundled" in output
    code, output = run(db, "lists", "show", "99999999")
    assert code == 1
    assert "no active entry" in output


def test_bundled_manifest_names_readable_files() -> None:
    """Every bundled set decompresses to its publisher's bytes and its format is detected."""
    from bankwire.bundled import bundled_sets, read_bundled_files
    from bankwire.sanctions.sources import detect

    sets = bundled_sets()
    assert [s.name for s in sets] == ["us_ofac_sdn", "us_ofac_cons", "un_sc", "gb_ofsi", "eu_fsf"]
    for bundled in sets:
        files = read_bundled_files(bundled)
        assert [f.name for f in files] == [n.removesuffix(".gz") for n in bundled.files]
        assert detect(files) == bundled.source


@pytest.mark.slow
def test_load_bundled(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    code, output = run(db, "lists", "load", "--bundled", "--json")
    assert code == 0, output
    versions = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert [v["list"] for v in versions] == [
        "us_ofac_sdn", "us_ofac_cons", "un_sc", "gb_ofsi", "eu_fsf",
    ]  # fmt: skip
    assert all(v["published"] for v in versions)


def test_wrong_source_for_already_loaded_bytes_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "load", *SDN_SET, "--source", "un_xml")
    assert code == 1
    assert "loaded before as ofac_csv" in output


def test_unknown_source_is_a_usage_error_listing_the_formats(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "load", *SDN_SET, "--source", "ofac_cvs")
    assert code == 2
    assert "'ofac_cvs' is not one of" in output
    assert "uk_fcdo_ods" in output


def test_show_labels_unclassified_identifiers_as_the_publisher_does(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "show", "34656", "--list", "us_ofac_sdn")
    assert code == 0, output
    assert "  BIK (RU): 044525555" in output.splitlines()
    assert "  bic: PRMSRUMM" in output.splitlines()


def test_status_keeps_dates_whole_when_piped(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "status")
    assert code == 0, output
    row = next(line for line in output.splitlines() if line.lstrip().startswith("1 "))
    assert row.split()[:3] == ["1", "us_ofac_sdn", "ofac_csv"]
    assert "active" not in output
    code, output = run(db, "lists", "status", "--all")
    assert "active" in output


def test_export_errors_name_the_list_and_the_file(tmp_path: Path) -> None:
    db = tmp_path / "lists.db"
    assert run(db, "lists", "load", *SDN_SET)[0] == 0
    code, output = run(db, "lists", "export", "--list", "un_sc")
    assert code == 1
    assert "no active version of un_sc" in output
    target = tmp_path / "missing" / "out.ftm.json"
    code, output = run(db, "lists", "export", "--output", str(target))
    assert code == 1
    assert f"{target}: cannot write the export (No such file or directory)" in output
