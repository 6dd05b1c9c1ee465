"""Regime files: the bundled ones load, and every invalid field is named with its file."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import yaml

from bankwire.errors import PolicyError
from bankwire.policy.decision import Outcome
from bankwire.policy.regimes import bundled_regimes, load_regime, load_regimes, regimes_for

VALID: dict[str, Any] = {
    "regime": "xx_test",
    "version": "1",
    "authority": "Test authority",
    "applied_by": ["US"],
    "nexus_currencies": ["USD"],
    "thresholds": {"hold_min": 0.8, "action_min": 0.9},
    "ownership": {"share_min_basis_points": 5000},
    "lists": [
        {"list": "us_ofac_sdn", "measure": "block"},
        {"list": "us_ofac_cons", "measure": "by_program"},
    ],
    "programs": [
        {"program": "NS-PLC", "measure": "reject", "reason_code": "AG01"},
    ],
    "unknown_program_measure": "hold",
    "embargoes": [
        {"country": "UA", "regions": ["UA-43"], "measure": "reject", "program": "CRIMEA",
         "effective_from": "2014-12-19"},
    ],
    "reference_rules": [
        {"id": "pdvsa", "program": "VENEZUELA-EO13850", "effective_from": "2019-01-28",
         "terms": ["Petróleos de Venezuela"], "party_measure": "block", "text_measure": "hold"},
    ],
}  # fmt: skip


def dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def changed(path: str, value: Any) -> dict[str, Any]:
    """A copy of VALID with the field at dotted ``path`` set, a list item inserted, or the
    field removed (value ``...``)."""
    document = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is ...:
        del target[last]
    elif last.isdigit():
        target.insert(int(last), value)
    else:
        target[last] = value
    return document


def test_valid_file_loads_into_values() -> None:
    regime = load_regime(dump(VALID), "xx_test.yaml")
    assert regime.name == "xx_test"
    assert regime.jurisdiction == "US"
    assert regime.list_rule("us_ofac_sdn") is not None
    assert regime.list_rule("us_ofac_cons").measure is None  # type: ignore[union-attr]
    assert regime.list_rule("eu_fsf") is None
    assert regime.program_rule("NS-PLC").reason_code == "AG01"  # type: ignore[union-attr]
    assert regime.program_rule("CUBA") is None
    assert regime.embargoes[0].effective_from == date(2014, 12, 19)
    assert regime.reference_rules[0].terms == ("petroleos de venezuela",)
    assert regime.ownership_share_min_basis_points == 5000
    assert regime.unknown_program_measure == Outcome.HOLD
    assert regime.source == "xx_test.yaml"
    assert len(regime.digest) == 64


def test_ownership_is_optional() -> None:
    regime = load_regime(dump(changed("ownership", ...)), "x.yaml")
    assert regime.ownership_share_min_basis_points is None


INVALID = [
    (changed("regime", "XX Test"), "field 'regime': String should match pattern"),
    (changed("version", 2024.1), "field 'version': Input should be a valid string (got 2024.1)"),
    (changed("authority", ...), "field 'authority': required but missing"),
    (changed("applied_by", []), "field 'applied_by': List should have at least 1 item"),
    (changed("applied_by", ["usa"]), "field 'applied_by.0': String should match pattern"),
    (changed("nexus_currencies", ["XXX"]), "field 'nexus_currencies': 'XXX' is not an ISO 4217"),
    (changed("thresholds.hold_min", 1.5), "field 'thresholds.hold_min': Input should be less"),
    (changed("thresholds.action_min", 0.5), "field 'thresholds.action_min': must be at least"),
    (changed("lists", []), "field 'lists': List should have at least 1 item"),
    (changed("lists.0.measure", "freeze"), "field 'lists.0.measure': Input should be 'block'"),
    (changed("lists.1.list", "us_ofac_sdn"), "field 'lists': entries must be unique, repeated: "
     "us_ofac_sdn"),
    (changed("lists.0.colour", "red"), "field 'lists.0.colour': Extra inputs are not permitted"),
    (changed("programs.0.reason_code", "ZZ99"), "field 'programs.0.reason_code': must be one"),
    (changed("programs.0.only_for_purposes", ["loan"]), "only_for_purposes.0': String should"),
    (changed("programs.1", VALID["programs"][0]), "field 'programs': entries must be unique"),
    (changed("unknown_program_measure", ...), "'unknown_program_measure': required but missing"),
    (changed("ownership.share_min_basis_points", 0), "share_min_basis_points': Input should be"),
    (changed("embargoes.0.regions", ["RU-CR"]), "region 'RU-CR' is not in country 'UA'"),
    (changed("embargoes.0.effective_from", "soon"), "field 'embargoes.0.effective_from'"),
    (changed("reference_rules.0.terms", []), "field 'reference_rules.0.terms': List should"),
    (changed("reference_rules.0.terms", ["!!"]), "reference_rules.0.terms': every term needs"),
    (changed("reference_rules.1", VALID["reference_rules"][0]), "field 'reference_rules': entries"),
    ([1, 2], "field '<document>': must be a mapping of fields (got [1, 2])"),
    (changed("thresholds", [0.8]), "field 'thresholds': must be a mapping of fields"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "message"), INVALID, ids=[m for _, m in INVALID])
def test_invalid_field_is_named_with_file(document: Any, message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        load_regime(dump(document), "regimes/xx_test.yaml")
    text = str(raised.value)
    assert text.startswith("regimes/xx_test.yaml: ")
    assert message in text


def test_broken_yaml_is_named_with_file() -> None:
    with pytest.raises(PolicyError, match=r"^regimes/x.yaml: not valid YAML"):
        load_regime(b"lists: [unclosed", "regimes/x.yaml")


def test_bundled_regimes_load_and_are_unique() -> None:
    regimes = bundled_regimes()
    assert [regime.name for regime in regimes] == ["eu", "uk_ofsi", "un_sc", "us_ofac"]
    assert [r.name for r in regimes_for(regimes, ["US"])] == ["un_sc", "us_ofac"]
    assert [r.name for r in regimes_for(regimes, ["EU", "UK"])] == ["eu", "uk_ofsi", "un_sc"]
    assert regimes_for(regimes, ["RU"]) == ()


def test_duplicate_regime_names_are_refused() -> None:
    data = dump(VALID).encode("utf-8")
    with pytest.raises(PolicyError, match=r"b.yaml: field 'regime': names must be unique"):
        load_regimes([("a.yaml", data), ("b.yaml", data)])
