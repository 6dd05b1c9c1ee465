"""Name comparison: align query tokens with list tokens and explain every pairing.

A name score is a weighted agreement between token sets, with weights and similarities set in
``data/matching/v<N>.yaml``:

- **Token-set alignment**: each query token pairs with at most one list token (best pairs
  first), so order does not matter ("Maduro Moros Nicolas" = "Nicolas Maduro Moros").
- **Token similarity**: the mean of Jaro-Winkler and normalised Levenshtein similarity
  (rapidfuzz); Jaro-Winkler alone forgives too much after a shared prefix ("madrid" ~ "maduro").
- **Phonetic agreement**: the same Metaphone or NYSIIS key (jellyfish): "promsvyaz" ~
  "promsviaz", "mohammed" ~ "muhammad".
- **Consonant skeleton**: the same consonants with vowels (and h, w, y) dropped, as evaders
  and abjad transliterations ("mhmd") write them.
- **OCR folding**: rn/m, cl/d, 1/l/I, 0/O, 5/S, 8/B read alike off a scanned document.
- **Initials and truncation**: "N" is consistent with "nicolas" and weighs little; a last
  token cut short by a fixed-width field ("Kon") is a prefix of the listed one.
- **Rare-token weighting**: a token weighs its inverse document frequency over all list names,
  so agreeing on "promsvyazbank" means more than agreeing on "bank".
- **Asymmetric leftovers**: a query token that matches nothing costs its full weight (a
  different person), a listed token missing from the query (a dropped middle name) only a share.
- **Glued words** and **acronyms**: "promsvyaz bank" ~ "promsvyazbank", "PDVSA" ~ the initials
  of "Petroleos de Venezuela S.A.".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from bankwire.sanctions.matching.config import NameWeights
from bankwire.sanctions.normalize import NormalizedName

__all__ = [
    "NameComparison",
    "PairKind",
    "TokenPair",
    "compare_names",
    "ocr_fold",
    "phonetic_keys",
    "skeleton",
    "token_similarity",
]

_NOT_CONSONANTS: Final = frozenset("aeiouyhw")
_VOWELS: Final = frozenset("aeiou")
_SKELETON_LENGTH_MIN: Final = 3
_PHONETIC_LENGTH_MIN: Final = 3
_OCR_PAIRS: Final = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_OCR_CHARACTERS: Final = str.maketrans({"1": "l", "i": "l", "0": "o", "5": "s", "8": "b", "2": "z"})
_ACRONYM_LONG: Final = 5
_ONE_EDIT_LENGTH_MIN: Final = 3
_LONG_TOKEN_LENGTH: Final = 5
_VERY_LONG_TOKEN_LENGTH: Final = 9
_TWO_EDITS_LENGTH_MIN: Final = 8


class PairKind(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    PHONETIC = "phonetic"
    SKELETON = "skeleton"
    OCR = "ocr"
    INITIAL = "initial"
    PREFIX = "prefix"


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    kind: PairKind
    weight: float


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    """In [0, 1]."""
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]
    token_score: float
    string_score: float
    """Similarity of the glued token strings; it decides when words were split or glued."""
    acronym: str | None = None
    """The acronym both sides agree on, when that decided the match."""


@lru_cache(maxsize=200_000)
def phonetic_keys(token: str) -> tuple[str, str]:
    """Metaphone and NYSIIS keys of a token ("" for tokens too short to sound like anything)."""
    if len(token) < _PHONETIC_LENGTH_MIN or not token.isalpha():
        return ("", "")
    return (jellyfish.metaphone(token), jellyfish.nysiis(token))


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonants, repeats collapsed ("muhammad" -> "mmd" -> "md", "abbas" -> "bs").

    The first letter is not kept apart: evaders drop an opening vowel too when it follows a
    prefix ("AL-URAYDI" -> "AL-RYD", "'Abbas" -> "'bbs").
    """
    if not token.isalpha():
        return token
    collapsed: list[str] = []
    for char in token:
        if char not in _NOT_CONSONANTS and (not collapsed or char != collapsed[-1]):
            collapsed.append(char)
    return "".join(collapsed)


@lru_cache(maxsize=200_000)
def ocr_fold(token: str) -> str:
    """The token with characters OCR confuses mapped to one representative."""
    for written, read in _OCR_PAIRS:
        token = token.replace(written, read)
    return token.translate(_OCR_CHARACTERS)


def is_vowelless(token: str) -> bool:
    """No vowel inside the token: "ahmd", "ynn" (first and last letters are kept by evaders)."""
    if len(token) == 2:
        return not any(char in _VOWELS for char in token)
    return len(token) > 2 and not any(char in _VOWELS for char in token[1:-1])


def _skeleton_kind(left: str, right: str, weights: NameWeights) -> float:
    """Similarity implied by equal skeletons, 0 when they differ or say too little."""
    if skeleton(left) != skeleton(right):
        return 0.0
    if is_vowelless(left) != is_vowelless(right):
        return weights.vowelless_similarity
    if len(skeleton(left)) >= _SKELETON_LENGTH_MIN:
        return weights.skeleton_similarity
    return 0.0


@lru_cache(maxsize=500_000)
def token_similarity(left: str, right: str, weights: NameWeights) -> tuple[float, PairKind]:
    """Similarity of two normalised tokens in [0, 1], and what made them similar."""
    if left == right:
        return 1.0, PairKind.EXACT
    if len(left) == 1 or len(right) == 1:
        consistent = left[0] == right[0]
        return (1.0 if consistent else 0.0), PairKind.INITIAL
    best, kind = _edit_similarity(left, right, weights), PairKind.FUZZY
    left_keys, right_keys = phonetic_keys(left), phonetic_keys(right)
    same_sound = (left_keys[0] and left_keys[0] == right_keys[0]) or (
        left_keys[1] and left_keys[1] == right_keys[1]
    )
    if same_sound and weights.phonetic_similarity > best:
        best, kind = weights.phonetic_similarity, PairKind.PHONETIC
    skeleton_similarity = _skeleton_kind(left, right, weights)
    if skeleton_similarity > best:
        best, kind = skeleton_similarity, PairKind.SKELETON
    if weights.ocr_similarity > best and ocr_fold(left) == ocr_fold(right):
        best, kind = weights.ocr_similarity, PairKind.OCR
    return best, kind


def _edit_similarity(left: str, right: str, weights: NameWeights) -> float:
    """Edit similarity, with one or two edits scored by count rather than by share of length."""
    blended = (
        JaroWinkler.normalized_similarity(left, right) + OSA.normalized_similarity(left, right)
    ) / 2
    length = max(len(left), len(right))
    distance = OSA.distance(left, right, score_cutoff=2)
    if distance == 1 and length >= _ONE_EDIT_LENGTH_MIN:
        if length < _LONG_TOKEN_LENGTH:
            by_count = weights.short_one_edit_similarity
        elif length < _VERY_LONG_TOKEN_LENGTH:
            by_count = weights.one_edit_similarity
        else:
            by_count = weights.long_one_edit_similarity
        return max(blended, by_count)
    if distance == 2 and length >= _TWO_EDITS_LENGTH_MIN:
        return max(blended, weights.two_edit_similarity)
    return blended


def _pair_similarity(
    query_token: str, listed_token: str, last: bool, weights: NameWeights
) -> tuple[float, PairKind]:
    similarity, kind = token_similarity(query_token, listed_token, weights)
    truncated = last and len(query_token) >= 2 and listed_token.startswith(query_token)
    if truncated and kind != PairKind.EXACT and weights.prefix_similarity > similarity:
        return weights.prefix_similarity, PairKind.PREFIX
    return similarity, kind


def _align(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
    form_words: frozenset[str],
) -> tuple[list[TokenPair], set[int], set[int]]:
    """Greedy one-to-one pairing, best similarities first; returns pairs and used positions."""
    scored: list[tuple[float, int, int, PairKind]] = []
    last = len(query.tokens) - 1
    # This loop runs for every query token against every candidate token (most of a query's
    # cost), so the per-pair work is kept to the memoised similarity and two comparisons.
    name_minimum = weights.token_alignment_min
    listed_minimums = [
        # A name word may stand for a misspelt legal-form word only when very close:
        # otherwise "Omran" hides behind the low weight of "company".
        weights.form_alignment_min if token in form_words else name_minimum
        for token in listed.tokens
    ]
    for query_position, query_token in enumerate(query.tokens):
        is_form = query_token in form_words
        is_last = query_position == last
        for listed_position, listed_token in enumerate(listed.tokens):
            if is_last:
                similarity, kind = _pair_similarity(query_token, listed_token, True, weights)
            else:
                similarity, kind = token_similarity(query_token, listed_token, weights)
            minimum = name_minimum if is_form else listed_minimums[listed_position]
            if similarity >= minimum:
                scored.append((similarity, query_position, listed_position, kind))
    # Whole tokens before initials: "A. Ahmed" pairs "ahmed" first, then "a" with what is left.
    scored.sort(key=lambda item: (item[3] == PairKind.INITIAL, -item[0]))
    pairs: list[TokenPair] = []
    used_query: set[int] = set()
    used_listed: set[int] = set()
    for similarity, query_position, listed_position, kind in scored:
        if query_position in used_query or listed_position in used_listed:
            continue
        used_query.add(query_position)
        used_listed.add(listed_position)
        listed_token = listed.tokens[listed_position]
        token_weight = weight(listed_token)
        if kind == PairKind.INITIAL:
            token_weight *= weights.initial_weight
        pairs.append(
            TokenPair(query.tokens[query_position], listed_token, similarity, kind, token_weight)
        )
    return pairs, used_query, used_listed


def _leftover_weight(
    tokens: tuple[str, ...],
    weight: Callable[[str], float],
    weights: NameWeights,
    floor: float = 0.0,
) -> float:
    total = 0.0
    for token in tokens:
        token_weight = max(weight(token), floor)
        total += token_weight * weights.initial_weight if len(token) == 1 else token_weight
    return total


def _acronym_score(
    query: NormalizedName, listed: NormalizedName, weights: NameWeights
) -> tuple[str, float] | None:
    acronym = None
    if len(query.tokens) == 1 and query.tokens[0] in listed.acronyms:
        acronym = query.tokens[0]
    elif len(listed.tokens) == 1 and listed.tokens[0] in query.acronyms:
        acronym = listed.tokens[0]
    if acronym is None:
        return None
    long_enough = len(acronym) >= _ACRONYM_LONG
    return acronym, weights.acronym_score if long_enough else weights.acronym_short_score


def compare_names(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
    form_words: frozenset[str] = frozenset(),
) -> NameComparison:
    """Compare two normalised names; ``weight`` gives a token's rarity weight (IDF).

    ``form_words`` (legal-form words) are neither floored when unmatched nor counted as
    agreeing tokens: "Rad Company" shares one name with "Rad Trading Company", not two.
    """
    if not query.tokens or not listed.tokens:
        return NameComparison(0.0, (), query.tokens, listed.tokens, 0.0, 0.0)
    pairs, used_query, used_listed = _align(query, listed, weight, weights, form_words)
    unmatched_query = tuple(t for i, t in enumerate(query.tokens) if i not in used_query)
    unmatched_listed = tuple(t for i, t in enumerate(listed.tokens) if i not in used_listed)
    floor = weights.similarity_floor
    numerator = sum(
        2 * pair.weight * max(0.0, (pair.similarity - floor) / (1 - floor)) for pair in pairs
    )
    # An unmatched query token weighs at least the query's mean: swapping a common word
    # ("Ali") into a listed name makes another name as surely as a rare word does.
    names = [token for token in query.tokens if token not in form_words]
    query_mean = sum(weight(token) for token in names) / len(names) if names else 0.0
    agreeing = sum(
        1 for pair in pairs if pair.kind != PairKind.INITIAL and pair.listed not in form_words
    )
    extra_share = weights.extra_list_token_weight if agreeing >= 2 else 1.0
    unmatched_forms = tuple(token for token in unmatched_query if token in form_words)
    unmatched_names = tuple(token for token in unmatched_query if token not in form_words)
    denominator = (
        sum(2 * pair.weight for pair in pairs)
        + weights.unmatched_query_weight
        * _leftover_weight(unmatched_names, weight, weights, query_mean)
        + _leftover_weight(unmatched_forms, weight, weights)
        + extra_share * _leftover_weight(unmatched_listed, weight, weights)
    )
    token_score = numerator / denominator if denominator > 0 else 0.0
    string_score = Levenshtein.normalized_similarity(query.compact, listed.compact)
    # Glued or split words only: with equal token counts the alignment already says it all,
    # and the glued string would forgive a wrong token inside a long name.
    glued = len(query.tokens) != len(listed.tokens)
    score = max(token_score, string_score) if glued else token_score
    acronym = _acronym_score(query, listed, weights)
    if acronym is not None and acronym[1] > score:
        score = acronym[1]
    score = min(1.0, max(0.0, score))
    return NameComparison(
        score,
        tuple(pairs),
        unmatched_query,
        unmatched_listed,
        token_score,
        string_score,
        acronym[0] if acronym is not None and acronym[1] >= score else None,
    )
