"""The whole story through the real pipeline: each step's outcome, and a ledger that verifies.

Slow (loads every bundled list and builds the full screening index, about a minute).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bankwire.demo.report import report_json
from bankwire.demo.runner import run_story

EXPECTED = {
    "pdvsa-usd-2018": "delivered",
    "pdvsa-usd-2019": "blocked",
    "evrofinance-usd-2019": "blocked",
    "pdvsa-eur-via-psb-2020": "delivered",
    "psb-usd-2022": "blocked",
    "psb-eur-2022": "blocked",
    "psb-disconnected-2022": "rejected",
    "licence-release-2022": "delivered",
    "licence-expired-2022": "blocked",
}


@pytest.mark.slow
def test_story_outcomes(tmp_path: Path) -> None:
    run = run_story(f"sqlite:///{tmp_path / 'demo.db'}", lambda _text: None)
    report = report_json(run)
    outcomes = {step["id"]: step["outcome"] for step in report["steps"]}
    assert {key: outcomes[key] for key in EXPECTED} == EXPECTED
    assert outcomes["near-miss-name"] in {"blocked", "held"}
    assert report["ledger_verified"] is True
    release = next(s for s in report["steps"] if s["id"] == "licence-release-2022")
    assert "licence cited: VEN-2022-0001" in release["reasons"]
    assert release["ledger"]["posting"]["debit"] == "REGULATOR-US/blocked/USD"
    assert {entry["kind"] for entry in report["lists"]} == {"bundled", "as_of"}
