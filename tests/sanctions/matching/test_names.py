"""Name comparison: token similarities by kind, alignment, weighting, and score bounds."""

from __future__ import annotations

import pytest
from hypothesis import given

from bankwire.sanctions.matching.config import default_config
from bankwire.sanctions.matching.names import (
    PairKind,
    compare_names,
    ocr_fold,
    skeleton,
    token_similarity,
)
from bankwire.sanctions.normalize import normalize_name
from tests.strategies_screening import any_text

CONFIG = default_config()
WEIGHTS = CONFIG.names
VOCABULARY = CONFIG.vocabulary


def uniform(_token: str) -> float:
    return 1.0


def idf_like(token: str) -> float:
    """Legal-form words weigh little, as the index makes them."""
    return 0.5 if token in VOCABULARY.form_words else 5.0


def compare(query: str, listed: str) -> float:
    return compare_names(
        normalize_name(query, VOCABULARY),
        normalize_name(listed, VOCABULARY),
        idf_like,
        WEIGHTS,
        VOCABULARY.form_words,
    ).score


SIMILARITY_CASES = [
    ("maduro", "maduro", PairKind.EXACT),
    ("promsviazbank", "promsvyazbank", PairKind.FUZZY),  # One edit in a long token.
    ("mohammed", "muhammad", PairKind.PHONETIC),
    ("mhmd", "muhammad", PairKind.SKELETON),  # Vowels dropped.
    ("arneen", "ameen", PairKind.OCR),  # "rn" read for "m".
    ("n", "nicolas", PairKind.INITIAL),
]


@pytest.mark.parametrize(("left", "right", "kind"), SIMILARITY_CASES)
def test_token_similarity_kinds(left: str, right: str, kind: PairKind) -> None:
    similarity, found = token_similarity(left, right, WEIGHTS)
    assert found == kind
    assert similarity >= WEIGHTS.token_alignment_min


def test_dissimilar_tokens_stay_below_alignment() -> None:
    assert token_similarity("maduro", "madrid", WEIGHTS)[0] < 0.8
    assert token_similarity("x", "nicolas", WEIGHTS)[0] == 0.0


def test_skeleton_and_ocr_fold() -> None:
    assert skeleton("muhammad") == skeleton("mhmd") == "md"
    assert skeleton("abbas") == skeleton("bbs")
    assert ocr_fold("1bn") == ocr_fold("ibn")


def test_token_order_does_not_matter() -> None:
    assert compare("Nicolas Maduro Moros", "MADURO MOROS, Nicolas") == 1.0


def test_dropped_middle_name_costs_less_than_a_wrong_one() -> None:
    dropped = compare("Delcy Rodriguez", "Delcy Eloina Rodriguez")
    swapped = compare("Delcy Eloina Smith", "Delcy Eloina Rodriguez")
    assert dropped > swapped


def test_truncated_last_token_is_a_prefix() -> None:
    assert compare("Sitnikov Sergey Kon", "SITNIKOV, Sergey Konstantinovich") > 0.9


def test_glued_words_meet_through_the_compact_form() -> None:
    assert compare("Promsvyaz Bank", "PROMSVYAZBANK") > 0.9


def test_acronym_of_a_long_name() -> None:
    query = normalize_name("PDVSA", VOCABULARY)
    listed = normalize_name("Petroleos de Venezuela S.A.", VOCABULARY)
    result = compare_names(query, listed, uniform, WEIGHTS)
    assert result.acronym == "pdvsa"
    assert result.score == WEIGHTS.acronym_score


def test_legal_form_words_weigh_little() -> None:
    assert compare("Promsvyazbank PJSC", "PROMSVYAZBANK PUBLIC JOINT STOCK COMPANY") > 0.6
    assert compare("Oxin Steel Omran", "OXIN STEEL COMPANY") < 0.8


def test_rare_tokens_weigh_more() -> None:
    def weight(token: str) -> float:
        return 10.0 if token == "promsvyazbank" else 1.0

    query = normalize_name("Promsvyazbank Leasing", VOCABULARY)
    rare = normalize_name("Promsvyazbank Capital", VOCABULARY)
    common = normalize_name("Vneshtorg Leasing", VOCABULARY)
    rare_score = compare_names(query, rare, weight, WEIGHTS).score
    common_score = compare_names(query, common, weight, WEIGHTS).score
    assert rare_score > common_score


@given(any_text, any_text)
def test_scores_stay_in_bounds(left: str, right: str) -> None:
    result = compare_names(
        normalize_name(left, VOCABULARY), normalize_name(right, VOCABULARY), uniform, WEIGHTS
    )
    assert 0.0 <= result.score <= 1.0
    assert 0.0 <= result.token_score <= 1.0
