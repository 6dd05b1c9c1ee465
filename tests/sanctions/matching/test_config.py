"""Matching data is validated on load: wrong, missing or unknown keys fail loudly."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
import yaml

from bankwire.errors import ConfigError
from bankwire.sanctions.matching.config import (
    _load_yaml,
    default_config,
    load_config,
    parse_config,
)

RAW: dict[str, Any] = _load_yaml("v5.yaml")
VOCABULARY = default_config().vocabulary


def test_default_config_loads() -> None:
    config = default_config()
    assert config.matcher_version == "bankwire-match/5"
    assert 0.0 < config.thresholds.alert < 1.0
    assert "limited" in config.vocabulary.form_words
    assert "de" not in config.vocabulary.form_words


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["names"].update(extra=1.0), "unknown keys \\['extra'\\]"),
        (lambda raw: raw["names"].pop("similarity_floor"), "misses keys \\['similarity_floor'\\]"),
        (lambda raw: raw["thresholds"].update(alert=1.5), "thresholds.alert must be a number"),
        (
            lambda raw: raw["names"].update(unmatched_query_weight=5),
            "names.unmatched_query_weight must be a number in \\[0, 4\\]",
        ),
        (lambda raw: raw["retrieval"].update(candidates_max=0), "must be a positive int"),
        (
            lambda raw: raw["names"].update(glued_without_forms=1),
            "names.glued_without_forms must be true or false",
        ),
        (lambda raw: raw.update(colour="red"), "unknown top-level keys"),
        (lambda raw: raw.update(names=[1]), "section 'names' must be a mapping"),
        (
            lambda raw: raw["retrieval"].update(token_similarity_min=0.5),
            "token_similarity_min \\(0.5\\) must be at least names.token_alignment_min",
        ),
    ],
)
def test_invalid_config_is_rejected(change: Any, message: str) -> None:
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(ConfigError, match=message):
        parse_config("v2.yaml", raw, VOCABULARY)


def test_missing_version_file() -> None:
    with pytest.raises(ConfigError, match=r"v9\.yaml is not in"):
        load_config("9")


def test_yaml_round_trip_is_the_same_config() -> None:
    text = yaml.safe_dump(RAW)
    copied = parse_config("copy", yaml.safe_load(text), VOCABULARY)
    original = default_config()
    assert dataclasses.astuple(copied.names) == dataclasses.astuple(original.names)
    assert copied.thresholds == original.thresholds
    assert copied.retrieval == original.retrieval


def test_earlier_versions_still_load() -> None:
    """Results recorded under version 1 stay reproducible: its file keeps loading."""
    first = load_config("1")
    assert first.matcher_version == "bankwire-match/1"
    assert first.retrieval.candidate_score_ratio == 0.0


def test_version_3_switches_on_what_earlier_versions_leave_off() -> None:
    """Each version 3 rule is data: versions 1 and 2 load with it off (their results stay)."""
    third = load_config("3")
    assert third.matcher_version == "bankwire-match/3"
    for earlier in (load_config("1"), load_config("2")):
        assert earlier.names.listed_initial_similarity == 1.0
        assert earlier.names.phonetic_edit_min == 0.0
        assert not earlier.names.vowelless_shorter_only
        assert earlier.names.swapped_extra_list_token_weight == 0.0
        assert earlier.names.swapped_form_word_share == 0.0
        assert not earlier.names.form_prefix_only_forms
        assert not earlier.names.glued_without_forms
    assert third.names.vowelless_shorter_only
    assert third.names.glued_without_forms
    assert third.retrieval == load_config("2").retrieval


def test_version_4_is_version_3_with_vowelless_ends_kept() -> None:
    """Version 4 changes one rule, as data: versions 1-3 load with it off."""
    fourth, third = load_config("4"), load_config("3")
    assert fourth.matcher_version == "bankwire-match/4"
    assert fourth.names.vowelless_keeps_shape
    for earlier in (load_config("1"), load_config("2"), third):
        assert not earlier.names.vowelless_keeps_shape
    as_third = dataclasses.replace(fourth.names, vowelless_keeps_shape=False)
    assert dataclasses.astuple(as_third) == dataclasses.astuple(third.names)
    assert (fourth.retrieval, fourth.thresholds) == (third.retrieval, third.thresholds)


def test_version_5_is_version_4_with_split_words_found() -> None:
    """Version 5 changes retrieval, the glued strings and listed legal forms, as data:
    versions 1-4 load with pairs looked up exactly at their own weight, the lower of with and
    without forms, and listed forms in full where one word agrees."""
    fifth, fourth = load_config("5"), load_config("4")
    assert fifth.matcher_version == "bankwire-match/5"
    assert fifth.retrieval.glued_words_max == 3
    assert fifth.retrieval.glued_weighs_words and fifth.retrieval.glued_fuzzy
    assert fifth.names.glued_forms_ignored and fifth.names.listed_forms_as_extra
    for earlier in (load_config("1"), load_config("2"), load_config("3"), fourth):
        assert not earlier.names.listed_forms_as_extra
        assert earlier.retrieval.glued_words_max == 2
        assert not earlier.retrieval.glued_weighs_words
        assert not earlier.retrieval.glued_fuzzy
        assert not earlier.retrieval.unknown_word_as_closest
        assert not earlier.names.glued_forms_ignored
    as_fourth = dataclasses.replace(
        fifth.retrieval,
        glued_words_max=2,
        glued_weighs_words=False,
        glued_fuzzy=False,
        unknown_word_as_closest=False,
    )
    assert as_fourth == fourth.retrieval
    as_fourth_names = dataclasses.replace(
        fifth.names, glued_forms_ignored=False, listed_forms_as_extra=False
    )
    assert dataclasses.astuple(as_fourth_names) == dataclasses.astuple(fourth.names)
    assert fifth.thresholds == fourth.thresholds
