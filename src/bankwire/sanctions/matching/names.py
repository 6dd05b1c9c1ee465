"""Name comparison: align query tokens with list tokens and explain every pairing.

A name score combines, as weighted in ``data/matching/v<N>.yaml``:

- **Token-set alignment**: each query token is paired with at most one list token (best pairs
  first), so order does not matter ("Maduro Moros Nicolas" = "Nicolas Maduro Moros").
- **Token similarity**: the mean of Jaro-Winkler and normalised Levenshtein similarity
  (rapidfuzz); Jaro-Winkler alone forgives too much after a shared prefix ("madrid" ~ "maduro").
- **Phonetic agreement**: tokens with the same Metaphone or NYSIIS key (jellyfish) count as at
  least ``phonetic_similarity``: "promsvyaz" ~ "promsviaz", "mohammed" ~ "muhammad".
- **Consonant skeleton**: tokens with the same consonants (vowels dropped, as typists and
  abjad transliterations do: "mhmd") count as at least ``skeleton_similarity``.
- **Initials**: "N" pairs with "nicolas" at ``initial_similarity``.
- **Rare-token weighting**: every token weighs its inverse document frequency over all list
  names, so agreeing on "promsvyazbank" means more than agreeing on "bank".
- **Whole-string similarity**: catches glued and split words ("promsvyaz bank").
- **Acronyms**: "PDVSA" against the initials of "Petroleos de Venezuela S.A.".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

import jellyfish
from rapidfuzz.distance import JaroWinkler, Levenshtein

from bankwire.sanctions.matching.config import NameWeights
from bankwire.sanctions.normalize import NormalizedName

__all__ = [
    "NameComparison",
    "PairKind",
    "TokenPair",
    "compare_names",
    "phonetic_keys",
    "skeleton",
    "token_similarity",
]

_VOWELS: Final = frozenset("aeiouyhw")
_SKELETON_LENGTH_MIN: Final = 3
_PHONETIC_LENGTH_MIN: Final = 3


class PairKind(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    PHONETIC = "phonetic"
    SKELETON = "skeleton"
    INITIAL = "initial"


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
    """First letter plus the remaining consonants, repeats collapsed ("muhammad" -> "mmd")."""
    if not token.isalpha():
        return token
    letters = [token[0]] + [char for char in token[1:] if char not in _VOWELS]
    collapsed = [letters[0]]
    for char in letters[1:]:
        if char != collapsed[-1]:
            collapsed.append(char)
    return "".join(collapsed)


def _skeleton_applies(left: str, right: str) -> bool:
    # Short skeletons ("md") match too much, unless one side has no vowels at all, which is what
    # an abjad transliteration or a vowel-dropping typist produces.
    if len(skeleton(left)) >= _SKELETON_LENGTH_MIN:
        return True
    return not any(char in "aeiou" for char in left) or not any(char in "aeiou" for char in right)


@lru_cache(maxsize=500_000)
def token_similarity(left: str, right: str, weights: NameWeights) -> tuple[float, PairKind]:
    """Similarity of two normalised tokens in [0, 1], and what made them similar."""
    if left == right:
        return 1.0, PairKind.EXACT
    if len(left) == 1 or len(right) == 1:
        if left[0] == right[0]:
            return weights.initial_similarity, PairKind.INITIAL
        return 0.0, PairKind.FUZZY
    edit = (
        JaroWinkler.normalized_similarity(left, right)
        + Levenshtein.normalized_similarity(left, right)
    ) / 2
    best, kind = edit, PairKind.FUZZY
    left_keys, right_keys = phonetic_keys(left), phonetic_keys(right)
    same_sound = (left_keys[0] and left_keys[0] == right_keys[0]) or (
        left_keys[1] and left_keys[1] == right_keys[1]
    )
    if same_sound and weights.phonetic_similarity > best:
        best, kind = weights.phonetic_similarity, PairKind.PHONETIC
    same_skeleton = skeleton(left) == skeleton(right) and _skeleton_applies(left, right)
    if same_skeleton and weights.skeleton_similarity > best:
        best, kind = weights.skeleton_similarity, PairKind.SKELETON
    return best, kind


def _align(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
) -> tuple[list[TokenPair], set[int], set[int]]:
    """Greedy one-to-one pairing, best similarities first; returns pairs and used positions."""
    scored: list[tuple[float, int, int, PairKind]] = []
    for query_position, query_token in enumerate(query.tokens):
        for listed_position, listed_token in enumerate(listed.tokens):
            similarity, kind = token_similarity(query_token, listed_token, weights)
            if similarity >= weights.token_alignment_min:
                scored.append((similarity, query_position, listed_position, kind))
    scored.sort(key=lambda item: -item[0])
    pairs: list[TokenPair] = []
    used_query: set[int] = set()
    used_listed: set[int] = set()
    for similarity, query_position, listed_position, kind in scored:
        if query_position in used_query or listed_position in used_listed:
            continue
        used_query.add(query_position)
        used_listed.add(listed_position)
        listed_token = listed.tokens[listed_position]
        pairs.append(
            TokenPair(
                query.tokens[query_position], listed_token, similarity, kind, weight(listed_token)
            )
        )
    return pairs, used_query, used_listed


def _acronym_match(query: NormalizedName, listed: NormalizedName) -> str | None:
    if len(query.tokens) == 1 and query.tokens[0] in listed.acronyms:
        return query.tokens[0]
    if len(listed.tokens) == 1 and listed.tokens[0] in query.acronyms:
        return listed.tokens[0]
    return None


def compare_names(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
) -> NameComparison:
    """Compare two normalised names; ``weight`` gives a token's rarity weight (IDF)."""
    if not query.tokens or not listed.tokens:
        return NameComparison(0.0, (), query.tokens, listed.tokens, 0.0, 0.0)
    pairs, used_query, used_listed = _align(query, listed, weight, weights)
    unmatched_query = tuple(t for i, t in enumerate(query.tokens) if i not in used_query)
    unmatched_listed = tuple(t for i, t in enumerate(listed.tokens) if i not in used_listed)
    matched_weight = sum(2 * pair.weight for pair in pairs)
    numerator = sum(2 * pair.weight * pair.similarity for pair in pairs)
    denominator = (
        matched_weight
        + sum(weight(token) for token in unmatched_query)
        + weights.extra_list_token_weight * sum(weight(token) for token in unmatched_listed)
    )
    token_score = numerator / denominator if denominator > 0 else 0.0
    compact = Levenshtein.normalized_similarity(query.compact, listed.compact)
    ordered = Levenshtein.normalized_similarity(
        " ".join(sorted(query.tokens)), " ".join(sorted(listed.tokens))
    )
    string_score = max(compact, ordered)
    blended = weights.token_weight * token_score + weights.string_weight * string_score
    score = max(blended, compact)
    acronym = _acronym_match(query, listed)
    if acronym is not None and weights.acronym_score > score:
        score = weights.acronym_score
    else:
        acronym = None
    score = min(1.0, max(0.0, score))
    return NameComparison(
        score, tuple(pairs), unmatched_query, unmatched_listed, token_score, string_score, acronym
    )
