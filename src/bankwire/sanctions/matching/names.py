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

from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar, Final, cast

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from bankwire.sanctions.matching.config import NameWeights
from bankwire.sanctions.normalize import NormalizedName
from bankwire.sanctions.value import FieldValue

__all__ = [
    "BELOW_CUT",
    "PAIR_KINDS",
    "NameComparison",
    "NameScoreBound",
    "PairKind",
    "PairValue",
    "SimilarityRow",
    "TokenPair",
    "compare_names",
    "matchable_tokens",
    "ocr_fold",
    "pair_similarity",
    "pair_value",
    "phonetic_keys",
    "similarity_cut",
    "skeleton",
    "token_keys",
    "token_similarities",
    "token_similarity",
    "token_weight_sums",
]

_NOT_CONSONANTS: Final = frozenset("aeiouyhw")
_VOWELS: Final = frozenset("aeiou")
_SKELETON_LENGTH_MIN: Final = 3
_VOWELLESS_CONSONANTS_MIN: Final = 2
_PHONETIC_LENGTH_MIN: Final = 3
_OCR_PAIRS: Final = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_OCR_CHARACTERS: Final = str.maketrans({"1": "l", "i": "l", "0": "o", "5": "s", "8": "b", "2": "z"})
_ACRONYM_LONG: Final = 5
_ONE_EDIT_LENGTH_MIN: Final = 3
_LONG_TOKEN_LENGTH: Final = 5
_VERY_LONG_TOKEN_LENGTH: Final = 9
_TWO_EDITS_LENGTH_MIN: Final = 8
_PAIR_CACHE_MAX: Final = 500_000
_TOKEN_KEYS_MAX: Final = 200_000
_SHORT_PREFIX_LENGTH: Final = 2
# rapidfuzz's Jaro-Winkler defaults, for its upper bound.
_WINKLER_PREFIX_MAX: Final = 4
_WINKLER_PREFIX_WEIGHT: Final = 0.1
# Room for the last bits of floats added up in another order.
_FLOAT_MARGIN: Final = 1e-9
# _PLAIN_ZIP: the hot loops below zip without ``strict=True`` (B905) and check the lengths
# with an assert instead: compiled code runs a plain ``for a, b in zip(x, y)`` as a native
# loop over both sequences, but calls ``zip`` itself, generically, when given a keyword.


class PairKind(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    PHONETIC = "phonetic"
    SKELETON = "skeleton"
    OCR = "ocr"
    INITIAL = "initial"
    PREFIX = "prefix"


# A pair's kind as the similarity memo and rows hold it: its position in ``PAIR_KINDS``. A
# small int rather than the enum member, so that a memoised (similarity, kind) tuple holds
# only atoms and the garbage collector untracks it: the memo keeps hundreds of thousands of
# them, which every collection of the older generations walked otherwise.
PAIR_KINDS: Final[tuple[PairKind, ...]] = tuple(PairKind)
_EXACT: Final = 0
_FUZZY: Final = 1
_PHONETIC: Final = 2
_SKELETON: Final = 3
_OCR: Final = 4
_INITIAL: Final = 5
_PREFIX: Final = 6
assert PAIR_KINDS == (
    PairKind.EXACT, PairKind.FUZZY, PairKind.PHONETIC, PairKind.SKELETON, PairKind.OCR,
    PairKind.INITIAL, PairKind.PREFIX,
)  # fmt: skip


# The value classes below are built for every pair and comparison of a query, so they are
# plain classes with ``Final`` attributes rather than frozen dataclasses: compiled, they are
# native classes whose constructor runs in C (a frozen dataclass's ``__init__`` stays
# interpreted and sets each field through ``object.__setattr__``), and their ``Final``
# attributes have no setter. Equality, hashing and ``repr`` are the dataclass ones.


class TokenPair(FieldValue):
    """One query token aligned with one listed token."""

    __slots__ = ("kind", "listed", "query", "similarity", "weight")
    _NAMES: ClassVar[tuple[str, ...]] = ("query", "listed", "similarity", "kind", "weight")

    query: Final[str]
    listed: Final[str]
    similarity: Final[float]
    kind: Final[PairKind]
    weight: Final[float]

    def __init__(
        self, query: str, listed: str, similarity: float, kind: PairKind, weight: float
    ) -> None:
        self.query = query
        self.listed = listed
        self.similarity = similarity
        self.kind = kind
        self.weight = weight

    def _fields(self) -> tuple[str, str, float, PairKind, float]:
        return (self.query, self.listed, self.similarity, self.kind, self.weight)


class NameComparison(FieldValue):
    """What ``compare_names`` found: the score, and the pairings and leftovers behind it."""

    __slots__ = (
        "acronym",
        "pairs",
        "score",
        "string_score",
        "token_score",
        "unmatched_listed",
        "unmatched_query",
    )
    _NAMES: ClassVar[tuple[str, ...]] = (
        "score", "pairs", "unmatched_query", "unmatched_listed", "token_score",
        "string_score", "acronym",
    )  # fmt: skip

    score: Final[float]
    """In [0, 1]."""
    pairs: Final[tuple[TokenPair, ...]]
    unmatched_query: Final[tuple[str, ...]]
    unmatched_listed: Final[tuple[str, ...]]
    token_score: Final[float]
    string_score: Final[float]
    """Similarity of the glued token strings, which decides when words were split or glued:
    worked out only when the token counts differ (0.0 otherwise)."""
    acronym: Final[str | None]
    """The acronym both sides agree on, when that decided the match."""

    def __init__(
        self,
        score: float,
        pairs: tuple[TokenPair, ...],
        unmatched_query: tuple[str, ...],
        unmatched_listed: tuple[str, ...],
        token_score: float,
        string_score: float,
        acronym: str | None = None,
    ) -> None:
        self.score = score
        self.pairs = pairs
        self.unmatched_query = unmatched_query
        self.unmatched_listed = unmatched_listed
        self.token_score = token_score
        self.string_score = string_score
        self.acronym = acronym

    def _fields(
        self,
    ) -> tuple[
        float, tuple[TokenPair, ...], tuple[str, ...], tuple[str, ...], float, float, str | None
    ]:
        return (
            self.score,
            self.pairs,
            self.unmatched_query,
            self.unmatched_listed,
            self.token_score,
            self.string_score,
            self.acronym,
        )


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


def _letter_bit(char: str) -> int:
    """A character's bit in a letter set: one per ASCII letter and digit (what normalised
    tokens are made of), one shared by every other character."""
    code = ord(char)
    if 97 <= code <= 122:
        return 1 << (code - 97)
    if 48 <= code <= 57:
        return 1 << (code - 22)
    return 1 << 36


def _letter_set(token: str) -> int:
    """The token's characters as a bit set (``_letter_bit``): small enough to stay a native
    int in compiled code."""
    found = 0
    for char in token:
        found |= _letter_bit(char)
    return found


TokenKeys = tuple[str, str, str, bool, str, int]
# Token -> its keys: a plain dict rather than ``lru_cache``, whose wrapper cost more than the
# lookup in the per-pair rule (every pair a query meets for the first time). Emptied when full.
_TOKEN_KEYS: dict[str, TokenKeys] = {}


def token_keys(token: str) -> TokenKeys:
    """Metaphone, NYSIIS, skeleton, vowellessness, OCR fold and letter set of a token,
    computed once."""
    found = _TOKEN_KEYS.get(token)
    if found is None:
        if len(_TOKEN_KEYS) >= _TOKEN_KEYS_MAX:
            _TOKEN_KEYS.clear()
        metaphone, nysiis = phonetic_keys(token)
        found = (
            metaphone,
            nysiis,
            skeleton(token),
            is_vowelless(token),
            ocr_fold(token),
            _letter_set(token),
        )
        _TOKEN_KEYS[token] = found
    return found


PairValue = float | tuple[float, int]
"""A pair's similarity and kind as the memo and the similarity rows hold them: a fuzzy pair
(four in five) as its bare similarity, any other as a (similarity, kind position) tuple.
Floats are no container, so the collector neither tracks nor counts them: memoised as
tuples, the fuzzy pairs alone set off most of the collections a query runs."""


BELOW_CUT: Final = -1.0
"""The ``PairValue`` of a pair ``token_similarities`` proved below ``similarity_cut``
without working out its similarity: no name comparison, score bound or fuzzy retrieval
tells such pairs apart (each compares a similarity with a minimum at or above the cut), and
skipping them saves a Jaro-Winkler call for most pairs a query meets, unrelated words."""


def similarity_cut(weights: NameWeights) -> float:
    """The similarity below which a pair is never aligned, prefix-matched or retrieved: the
    least of the alignment minimums and the cut-short-word similarity (the retrieval minimum
    is at least the alignment minimum, which ``parse_config`` checks)."""
    return min(weights.token_alignment_min, weights.form_alignment_min, weights.prefix_similarity)


class _PairRules:
    """The weights a pair's similarity is worked out with, read off a ``NameWeights`` once.

    Compiled, this is a native class whose attributes are read directly; every read of a
    ``NameWeights`` field (a plain dataclass) is a generic attribute lookup, a dozen a row.
    """

    __slots__ = (
        "cut",
        "keeps_shape",
        "listed_initial",
        "long_one_edit",
        "ocr",
        "one_edit",
        "phonetic",
        "phonetic_edit_min",
        "short_cap",
        "short_one_edit",
        "shorter_only",
        "skeleton_only",
        "two_edits",
        "vowelless",
    )

    cut: Final[float]
    listed_initial: Final[float]
    long_one_edit: Final[float]
    ocr: Final[float]
    one_edit: Final[float]
    phonetic: Final[float]
    keeps_shape: Final[bool]
    phonetic_edit_min: Final[float]
    short_cap: Final[float]
    short_one_edit: Final[float]
    shorter_only: Final[bool]
    skeleton_only: Final[float]
    two_edits: Final[float]
    vowelless: Final[float]

    def __init__(self, weights: NameWeights) -> None:
        self.cut = similarity_cut(weights)
        self.listed_initial = weights.listed_initial_similarity
        self.long_one_edit = weights.long_one_edit_similarity
        self.ocr = weights.ocr_similarity
        self.one_edit = weights.one_edit_similarity
        self.phonetic = weights.phonetic_similarity
        self.phonetic_edit_min = weights.phonetic_edit_min
        self.short_cap = weights.short_two_edit_similarity_max
        self.short_one_edit = weights.short_one_edit_similarity
        self.shorter_only = weights.vowelless_shorter_only
        self.keeps_shape = weights.vowelless_keeps_shape
        self.skeleton_only = weights.skeleton_similarity
        self.two_edits = weights.two_edit_similarity
        self.vowelless = weights.vowelless_similarity


# Weights object (hashed by identity) -> its rules; emptied now and then, as configurations
# are few but tests build many.
_RULES: dict[NameWeights, _PairRules] = {}
_RULES_MAX: Final = 64


def _rules(weights: NameWeights) -> _PairRules:
    found = _RULES.get(weights)
    if found is None:
        if len(_RULES) >= _RULES_MAX:
            _RULES.clear()
        found = _RULES[weights] = _PairRules(weights)
    return found


def pair_value(found: PairValue) -> tuple[float, int]:
    """The similarity and kind position a ``PairValue`` stands for."""
    if isinstance(found, tuple):
        return found
    return found, _FUZZY


def pair_similarity(found: PairValue) -> float:
    """The similarity of a ``PairValue``."""
    if isinstance(found, tuple):
        return found[0]
    return found


# Left token (and weights object) -> right token -> its PairValue: filled a pair at a time
# by ``token_similarity`` and a batch at a time by ``token_similarities``. Keyed by the left
# token first, so that a batch looks its pairs up without building a key per pair.
_PAIRS: dict[tuple[str, NameWeights], dict[str, PairValue]] = {}
_pairs_held = 0


def _count_pairs(adding: int) -> bool:
    """Count ``adding`` pairs into the memo, emptying it first if it would hold too many;
    whether it was emptied."""
    global _pairs_held
    emptied = _pairs_held + adding > _PAIR_CACHE_MAX
    if emptied:
        _PAIRS.clear()
        _pairs_held = 0
    _pairs_held += adding
    return emptied


def token_similarity(left: str, right: str, weights: NameWeights) -> tuple[float, PairKind]:
    """Similarity of two normalised tokens in [0, 1], and what made them similar."""
    row = _PAIRS.get((left, weights))
    found = row.get(right) if row is not None else None
    if found is None or found == BELOW_CUT:
        # Worked out in full (no cut), and memoised so: the exact value serves every caller.
        found = _score_row(left, [right], [OSA.distance(left, right)], _rules(weights), 0.0)[0]
        _count_pairs(1)
        _PAIRS.setdefault((left, weights), {})[right] = found
    similarity, kind = pair_value(found)
    return similarity, PAIR_KINDS[kind]


SimilarityRow = dict[str, PairValue]
"""One left token's similarity and kind (a ``PairValue``) to each right token asked for, and
perhaps to others: a row is the left token's memo row itself, read-only to its users. (A
dict, not a ``Mapping``: compiled code indexes a dict natively, a mapping generically.)"""


def token_similarities(
    lefts: Sequence[str], rights: Sequence[str], weights: NameWeights
) -> list[SimilarityRow]:
    """``token_similarity`` for every left token against every right token, in one batch.

    Pairs met before come from the memo, the others are scored with the left token's side
    worked out once; each result equals ``token_similarity`` exactly, except that a pair
    whose similarity is surely below ``similarity_cut(weights)`` may be ``BELOW_CUT``
    instead (its Jaro-Winkler similarity is not worked out). A row is the left token's memo
    row, which holds every right token and may hold more: look rows up, do not iterate them.
    (The OSA distances are one scalar call a pair: a ``cdist`` call costs more to set up than
    it saves on rows of up to 64 tokens, and a new word's row is 10-25.)
    """
    rows: list[SimilarityRow] = []
    osa_distance = OSA.distance  # Looked up once, not per pair.
    rules = _rules(weights)
    # The memo's values are moved into it from the scored row as opaque objects: typed as
    # ``PairValue`` (a union with a tuple), compiled code would check and convert each one.
    for left in lefts:
        key = (left, weights)
        memo = cast("dict[str, object] | None", _PAIRS.get(key))
        if memo is None:
            memo = {}
            missing = list(rights)
        else:
            missing = [right for right in rights if right not in memo]
        if missing:
            distances = [osa_distance(left, right) for right in missing]
            scored = cast("list[object]", _score_row(left, missing, distances, rules, rules.cut))
            assert len(scored) == len(missing)
            for right, found in zip(missing, scored):  # noqa: B905 - see _PLAIN_ZIP
                memo[right] = found
            if _count_pairs(len(missing)):
                # The memo was emptied to make room: this row starts afresh with what the
                # batch asked for.
                memo = {right: memo[right] for right in rights}
                _count_pairs(len(memo))
            _PAIRS[key] = cast("dict[str, PairValue]", memo)
        rows.append(cast(SimilarityRow, memo))
    return rows


def _score_row(
    left: str, rights: Sequence[str], distances: Sequence[int], rules: _PairRules, cut: float
) -> list[PairValue]:
    """Each pair's similarity and kind (a ``PairValue``) from its OSA distance,
    with the left token's side worked out once (this runs for every pair a query meets for the
    first time); ``BELOW_CUT`` for a pair that no rule can bring up to ``cut``."""
    # The rules are read into locals once here, not per pair.
    left_length = len(left)
    left_metaphone, left_nysiis, left_skeleton, left_vowelless, left_folded, _ = token_keys(left)
    left_letters = [_letter_bit(char) for char in left]
    skeleton_says_enough = len(left_skeleton) >= _SKELETON_LENGTH_MIN
    phonetic = rules.phonetic
    phonetic_edit_min = rules.phonetic_edit_min
    listed_initial = rules.listed_initial
    shorter_only = rules.shorter_only
    keeps_shape = rules.keeps_shape
    ocr = rules.ocr
    short_cap = rules.short_cap
    short_limit = _TWO_EDITS_LENGTH_MIN
    short_one_edit = rules.short_one_edit
    one_edit = rules.one_edit
    long_one_edit = rules.long_one_edit
    two_edits = rules.two_edits
    vowelless = rules.vowelless
    skeleton_only = rules.skeleton_only
    jaro_winkler = JaroWinkler.normalized_similarity
    # Looked up in here rather than through ``token_keys``: a module global is a dict lookup
    # each time compiled code reads it.
    known_keys = _TOKEN_KEYS
    scored: list[PairValue] = []
    assert len(rights) == len(distances)
    for right, distance in zip(rights, distances):  # noqa: B905 - see _PLAIN_ZIP
        if left == right:
            scored.append((1.0, _EXACT))
            continue
        if left_length == 1 or len(right) == 1:
            if left[0] != right[0]:
                scored.append((0.0, _INITIAL))
            elif left_length == 1:
                scored.append((1.0, _INITIAL))
            else:
                # A whole word against a listed initial: consistent, but any word with that
                # first letter is ("Holn" for "H").
                scored.append((listed_initial, _INITIAL))
            continue
        right_keys = known_keys.get(right)
        if right_keys is None:
            right_keys = token_keys(right)
        (
            right_metaphone,
            right_nysiis,
            right_skeleton,
            right_vowelless,
            right_folded,
            right_letters,
        ) = right_keys
        same_sound = (left_metaphone and left_metaphone == right_metaphone) or (
            left_nysiis and left_nysiis == right_nysiis
        )
        # Equal skeletons imply a similarity, unless they say too little.
        skeleton_similarity = 0.0
        if left_skeleton == right_skeleton:
            if (
                left_vowelless != right_vowelless
                and (
                    # Dropping vowels shortens a word: "swe" is no vowelless "soe".
                    not shorter_only
                    or (left_length < len(right) if left_vowelless else len(right) < left_length)
                )
                # ... and keeps the shape of the word: see _keeps_shape.
                and (
                    not keeps_shape
                    or (
                        _keeps_shape(left, right, left_skeleton)
                        if left_vowelless
                        else _keeps_shape(right, left, left_skeleton)
                    )
                )
            ):
                skeleton_similarity = vowelless
            elif skeleton_says_enough:
                skeleton_similarity = skeleton_only
        # Edit similarity, with one or two edits scored by count rather than by share of length.
        # The OSA similarity is rapidfuzz's ``normalized_similarity``: 1 - distance / length.
        length = max(left_length, len(right))
        edit_similarity = 1.0 - distance / length
        one_edit_scored = distance == 1 and length >= _ONE_EDIT_LENGTH_MIN
        by_count = 0.0
        if one_edit_scored:
            if length < _LONG_TOKEN_LENGTH:
                by_count = short_one_edit
            elif length < _VERY_LONG_TOKEN_LENGTH:
                by_count = one_edit
            else:
                by_count = long_one_edit
        # What the steps before the skeleton's can make of the pair at most, whatever
        # Jaro-Winkler (at most 1) says: the mean with it, the counted edits and the phonetic
        # agreement. A skeleton similarity above that wins without the Jaro-Winkler call (the
        # same float and kind); a pair no rule can lift to the cut is BELOW_CUT.
        counted = by_count
        if distance == 2 and length >= _TWO_EDITS_LENGTH_MIN and two_edits > counted:
            counted = two_edits
        others = counted
        if same_sound and phonetic > others:
            others = phonetic
        mean_ceiling = (1.0 + edit_similarity) / 2
        ceiling = mean_ceiling if mean_ceiling > others else others
        if skeleton_similarity > ceiling:
            # The skeleton wins whatever Jaro-Winkler says: no call (the same float and kind).
            best, kind = skeleton_similarity, _SKELETON
        elif (
            counted < cut
            and skeleton_similarity < cut
            and (ocr < cut or left_folded != right_folded)
            and _mean_below(
                cut,
                mean_ceiling,
                counted,
                phonetic >= cut and bool(same_sound),
                phonetic_edit_min,
                left,
                left_letters,
                right,
                right_letters,
                edit_similarity,
            )
        ):
            # Below the cut whatever Jaro-Winkler says.
            scored.append(BELOW_CUT)
            continue
        else:
            if one_edit_scored:
                # The mean with Jaro-Winkler (at most 1) is below what one edit counts for,
                # so the pair is scored by count without it (the same float).
                if by_count > mean_ceiling:
                    best = by_count
                else:
                    best = (jaro_winkler(left, right) + edit_similarity) / 2
                    if by_count > best:
                        best = by_count
            else:
                best = (jaro_winkler(left, right) + edit_similarity) / 2
            if distance >= 2 and best > short_cap and length < short_limit:
                best = short_cap
            if distance == 2 and length >= _TWO_EDITS_LENGTH_MIN and two_edits > best:
                best = two_edits
            kind = _FUZZY
            if same_sound and phonetic > best and best >= phonetic_edit_min:
                best, kind = phonetic, _PHONETIC
            if skeleton_similarity > best:
                best, kind = skeleton_similarity, _SKELETON
        if ocr > best and left_folded == right_folded:
            best, kind = ocr, _OCR
        scored.append(best if kind == _FUZZY else (best, kind))
    return scored


def _keeps_shape(vowelless: str, other: str, consonants: str) -> bool:
    """Whether ``vowelless`` can be ``other`` (both with the consonants ``consonants``) with
    its vowels dropped, as an evader writes it: it keeps the first letter, or, where the other
    word opens with a vowel, starts at its first consonant (the vowel dropped after a prefix:
    "AL-URAYDI" -> "AL-RYD"), and two consonants or more are left. Three-letter words with
    one consonant inside ("eli", "ari", "ola") otherwise stood for any word with that
    consonant ("loyal", "aurora")."""
    if len(consonants) < _VOWELLESS_CONSONANTS_MIN:
        return False
    return vowelless[0] == other[0] or (other[0] in _VOWELS and vowelless[0] == consonants[0])


def _mean_below(
    cut: float,
    mean_ceiling: float,
    counted: float,
    phonetic_reaches: bool,
    phonetic_edit_min: float,
    left: str,
    left_letters: list[int],
    right: str,
    right_letters: int,
    edit_similarity: float,
) -> bool:
    """Whether the edit rules (the mean with Jaro-Winkler, the counted edits) and the
    phonetic rule that needs them to reach ``phonetic_edit_min`` surely stay below ``cut``;
    Jaro-Winkler's ceiling from the shared letters is worked out only when the plain one
    (Jaro-Winkler at 1) does not settle it."""
    edits = mean_ceiling
    if edits >= cut or (phonetic_reaches and edits >= phonetic_edit_min):
        by_letters = (
            _jaro_winkler_ceiling(left, left_letters, right, right_letters) + edit_similarity
        ) / 2 + _FLOAT_MARGIN
        if by_letters < edits:
            edits = by_letters
    if counted > edits:
        edits = counted
    return edits < cut and not (phonetic_reaches and edits >= phonetic_edit_min)


def _jaro_winkler_ceiling(left: str, left_letters: list[int], right: str, letters: int) -> float:
    """At least rapidfuzz's Jaro-Winkler similarity of two tokens of one letter or more.

    Jaro is (m / |left| + m / |right| + (m - t) / m) / 3 for m matching characters, t
    transpositions; a match pairs equal characters, so m is at most the number of left
    characters whose letter ``right`` has (``letters``, its letter set), and at most
    ``|right|``. Winkler's boost (0.1 a character of common prefix, four at most) only grows
    with Jaro, so it is added for the actual prefix whatever Jaro is.
    """
    matches = 0
    for bit in left_letters:
        if bit & letters:
            matches += 1
    if matches == 0:
        return 0.0
    if matches > len(right):
        matches = len(right)
    jaro = (matches / len(left) + matches / len(right) + 1.0) / 3
    # Not ``min``: compiled, a builtin called with three arguments is a generic call.
    limit = len(left) if len(left) < len(right) else len(right)
    if limit > _WINKLER_PREFIX_MAX:
        limit = _WINKLER_PREFIX_MAX
    prefix = 0
    while prefix < limit and left[prefix] == right[prefix]:
        prefix += 1
    return jaro + prefix * _WINKLER_PREFIX_WEIGHT * (1.0 - jaro)


def _align(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
    form_words: frozenset[str],
    rows: Sequence[SimilarityRow],
) -> tuple[list[TokenPair], set[int], set[int]]:
    """Greedy one-to-one pairing, best similarities first; returns pairs and used positions."""
    # (initial?, -similarity, query position, listed position, kind): sorted as they stand,
    # whole tokens first, best first, and in the order met among equals (no key function,
    # which compiled code would call through the generic protocol for every item).
    scored: list[tuple[bool, float, int, int, int]] = []
    last = len(query.tokens) - 1
    # This loop runs for every query token against every listed token, so the per-pair work
    # is kept to a lookup in the precomputed similarity rows and two comparisons.
    name_minimum = weights.token_alignment_min
    listed_minimums = [
        # A name word may stand for a misspelt legal-form word only when very close:
        # otherwise "Omran" hides behind the low weight of "company".
        weights.form_alignment_min if token in form_words else name_minimum
        for token in listed.tokens
    ]
    prefix_similarity = weights.prefix_similarity
    for query_position, query_token in enumerate(query.tokens):
        is_form = query_token in form_words
        # The last query token may be a list token cut short by a fixed-width field; a legal-form
        # word ("co") only a legal-form word, when the version says so ("ARGUS CO" is no cut
        # "ARGUS CONSTRUCTION").
        may_be_cut = query_position == last and len(query_token) >= 2
        forms_only = may_be_cut and is_form and weights.form_prefix_only_forms
        row = rows[query_position]
        for listed_position, listed_token in enumerate(listed.tokens):
            similarity, kind = pair_value(row[listed_token])
            if (
                may_be_cut
                and kind != _EXACT
                and prefix_similarity > similarity
                and listed_token.startswith(query_token)
                and not (forms_only and listed_token not in form_words)
            ):
                similarity, kind = prefix_similarity, _PREFIX
            minimum = name_minimum if is_form else listed_minimums[listed_position]
            if similarity >= minimum:
                scored.append(
                    (kind == _INITIAL, -similarity, query_position, listed_position, kind)
                )
    # Whole tokens before initials: "A. Ahmed" pairs "ahmed" first, then "a" with what is left.
    scored.sort()
    pairs: list[TokenPair] = []
    used_query: set[int] = set()
    used_listed: set[int] = set()
    short_prefix_is_initial = weights.short_prefix_is_initial
    for _, negated_similarity, query_position, listed_position, kind in scored:
        if query_position in used_query or listed_position in used_listed:
            continue
        used_query.add(query_position)
        used_listed.add(listed_position)
        listed_token = listed.tokens[listed_position]
        token_weight = weight(listed_token)
        if kind == _INITIAL or (
            # A two-letter stub ("Al" cut from "Aleksandrovich") says little more than an
            # initial, when the version says so.
            kind == _PREFIX
            and short_prefix_is_initial
            and len(query.tokens[query_position]) <= _SHORT_PREFIX_LENGTH
        ):
            token_weight *= weights.initial_weight
        pairs.append(
            TokenPair(
                query.tokens[query_position],
                listed_token,
                -negated_similarity,
                PAIR_KINDS[kind],
                token_weight,
            )
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


def _glued_similarity(
    query: NormalizedName, listed: NormalizedName, weights: NameWeights, form_words: frozenset[str]
) -> float:
    """Similarity of the glued token strings; when the version says so, no more than that of
    the strings without legal-form words: a shared "obshchestvo s ogranichennoi
    otvetstvennostyu" is no shared name."""
    similarity = Levenshtein.normalized_similarity(query.compact, listed.compact)
    if weights.glued_without_forms and form_words:
        query_words = [token for token in query.tokens if token not in form_words]
        listed_words = [token for token in listed.tokens if token not in form_words]
        if query_words and listed_words:
            without = Levenshtein.normalized_similarity("".join(query_words), "".join(listed_words))
            # From version 5 the name words alone decide where they were split or glued
            # (no word in common): "Prom Svyaz Bank" is all of "PROMSVYAZBANK PJSC", which
            # the lower of the two left at 0.76. Where the words are the same, the legal
            # forms still count ("ALABUGA BEN" is not "JSC ALABUGA" whole).
            split = weights.glued_forms_ignored and not any(
                token in listed_words for token in query_words
            )
            similarity = without if split else min(similarity, without)
    return similarity


def _name_words(tokens: Sequence[str], form_words: frozenset[str]) -> tuple[int, int]:
    """How many of ``tokens`` are no legal-form words, and their letters together."""
    count = 0
    length = 0
    for token in tokens:
        if token not in form_words:
            count += 1
            length += len(token)
    return count, length


def compare_names(
    query: NormalizedName,
    listed: NormalizedName,
    weight: Callable[[str], float],
    weights: NameWeights,
    form_words: frozenset[str] = frozenset(),
    similarities: Sequence[SimilarityRow] | None = None,
) -> NameComparison:
    """Compare two normalised names; ``weight`` gives a token's rarity weight (IDF).

    ``form_words`` (legal-form words) are neither floored when unmatched nor counted as
    agreeing tokens: "Rad Company" shares one name with "Rad Trading Company", not two.
    ``similarities`` (from ``token_similarities``, one row per query token covering at least
    the listed tokens) saves computing them here when many names are compared to one query.
    """
    if not query.tokens or not listed.tokens:
        return NameComparison(0.0, (), query.tokens, listed.tokens, 0.0, 0.0)
    rows = (
        similarities
        if similarities is not None
        else token_similarities(query.tokens, listed.tokens, weights)
    )
    pairs, used_query, used_listed = _align(query, listed, weight, weights, form_words, rows)
    unmatched_query = tuple(t for i, t in enumerate(query.tokens) if i not in used_query)
    unmatched_listed = tuple(t for i, t in enumerate(listed.tokens) if i not in used_listed)
    floor = weights.similarity_floor
    numerator = sum(
        (2 * pair.weight * max(0.0, (pair.similarity - floor) / (1 - floor)) for pair in pairs),
        0.0,
    )
    # An unmatched query token weighs at least the query's mean: swapping a common word
    # ("Ali") into a listed name makes another name as surely as a rare word does.
    names = [token for token in query.tokens if token not in form_words]
    query_mean = sum((weight(token) for token in names), 0.0) / len(names) if names else 0.0
    initial_kind, prefix_kind = PairKind.INITIAL, PairKind.PREFIX  # Read once, not per pair.
    short_prefix_is_initial = weights.short_prefix_is_initial
    agreeing = sum(
        1
        for pair in pairs
        if pair.kind != initial_kind
        and pair.listed not in form_words
        and not (
            pair.kind == prefix_kind
            and short_prefix_is_initial
            and len(pair.query) <= _SHORT_PREFIX_LENGTH
        )
    )
    extra_share = weights.extra_list_token_weight if agreeing >= 2 else 1.0
    unmatched_forms = tuple(token for token in unmatched_query if token in form_words)
    unmatched_names = tuple(token for token in unmatched_query if token not in form_words)
    form_share = 0.0
    # A legal-form word where the listed name has a name word ("... DESIGN OOO" for "...
    # DESIGN BUREAU") replaces that word rather than stating the form.
    if (
        unmatched_forms
        and weights.swapped_form_word_share > 0.0
        and any(token not in form_words for token in unmatched_listed)
    ):
        form_share = weights.swapped_form_word_share
    if unmatched_names or form_share > 0.0:
        # Leftovers on both sides are a swapped word, not a dropped middle name.
        extra_share = max(extra_share, weights.swapped_extra_list_token_weight)
    forms_leftover = _leftover_weight(unmatched_forms, weight, weights)
    if form_share > 0.0:
        forms_leftover = (1.0 - form_share) * forms_leftover + form_share * (
            weights.unmatched_query_weight
            * _leftover_weight(unmatched_forms, weight, weights, query_mean)
        )
    listed_leftover = extra_share * _leftover_weight(unmatched_listed, weight, weights)
    if (
        weights.listed_forms_as_extra
        and extra_share > weights.extra_list_token_weight
        and not unmatched_names
        and form_share == 0.0
    ):
        # A legal form the listed name adds ("GAZPROMBANK JOINT STOCK COMPANY") says nothing
        # about a dropped name, even where one word alone agrees: it weighs as an extra word.
        listed_names = tuple(token for token in unmatched_listed if token not in form_words)
        listed_forms = tuple(token for token in unmatched_listed if token in form_words)
        listed_leftover = extra_share * _leftover_weight(
            listed_names, weight, weights
        ) + weights.extra_list_token_weight * _leftover_weight(listed_forms, weight, weights)
    denominator = (
        sum((2 * pair.weight for pair in pairs), 0.0)
        + weights.unmatched_query_weight
        * _leftover_weight(unmatched_names, weight, weights, query_mean)
        + forms_leftover
        + listed_leftover
    )
    token_score = numerator / denominator if denominator > 0 else 0.0
    # Glued or split words only: with equal token counts the alignment already says it all,
    # and the glued string would forgive a wrong token inside a long name.
    glued = len(query.tokens) != len(listed.tokens)
    string_score = _glued_similarity(query, listed, weights, form_words) if glued else 0.0
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


def matchable_tokens(
    query: NormalizedName,
    similarities: Sequence[SimilarityRow],
    weights: NameWeights,
    listed: Sequence[str],
) -> list[frozenset[str]]:
    """Per query token, the ``listed`` tokens it could be aligned with at all
    (``similarities`` from ``token_similarities(query.tokens, listed, weights)``)."""
    minimum = weights.token_alignment_min
    last = len(query.tokens) - 1
    partners: list[frozenset[str]] = []
    assert len(query.tokens) == len(similarities)
    for position, (token, row) in enumerate(zip(query.tokens, similarities)):  # noqa: B905
        found = [right for right in listed if pair_similarity(row[right]) >= minimum]
        if position == last and len(token) >= 2:
            # A cut-short last token pairs with any token it starts.
            found.extend(right for right in listed if right.startswith(token))
        partners.append(frozenset(found))
    return partners


def token_weight_sums(tokens: Sequence[str], weight: Callable[[str], float]) -> tuple[float, ...]:
    """What ``NameScoreBound.bound`` adds up for a listed name, for each count of pairs.

    Item ``k`` below ``len(tokens)`` is the sum of the ``k`` heaviest token weights, heaviest
    first; the last item is the sum of all of them in token order (the order the bound has
    always summed them in, so its floats did not change when the sums moved here).
    """
    heaviest = sorted(map(weight, tokens), reverse=True)
    sums = [sum(heaviest[:count], 0.0) for count in range(len(tokens))]
    sums.append(sum(map(weight, tokens), 0.0))
    return tuple(sums)


class NameScoreBound:
    """Cheap upper bounds of ``compare_names(query, ...).score``, to skip names that cannot alert.

    A query token that no listed token can be aligned with (``matchable``, from
    ``matchable_tokens``) is surely a leftover and weighs in the denominator; the pairs can
    at best be the heaviest listed tokens, one per remaining query token, at full similarity.
    The glued-string and acronym scores are computed as ``compare_names`` does. What depends
    on the query alone is worked out once for all the names it is compared with.
    """

    __slots__ = (
        "_leftovers",
        "_matchable",
        "_name_words",
        "_query",
        "_query_length",
        "_weight",
        "_weights",
    )

    def __init__(
        self,
        query: NormalizedName,
        weight: Callable[[str], float],
        weights: NameWeights,
        matchable: Sequence[frozenset[str]],
    ) -> None:
        self._query = query
        self._weight = weight
        self._weights = weights
        self._matchable = tuple(matchable)
        self._leftovers: dict[frozenset[str], tuple[float, ...]] = {}
        self._query_length = len(query.compact)
        self._name_words: dict[frozenset[str], tuple[int, int]] = {}

    def _leftover_weights(self, form_words: frozenset[str]) -> tuple[float, ...]:
        """Per query token, what it weighs in the denominator when nothing pairs with it."""
        found = self._leftovers.get(form_words)
        if found is not None:
            return found
        weight, weights, tokens = self._weight, self._weights, self._query.tokens
        names = [token for token in tokens if token not in form_words]
        query_mean = sum((weight(token) for token in names), 0.0) / len(names) if names else 0.0
        leftovers = []
        for token in tokens:
            share = weights.initial_weight if len(token) == 1 else 1.0
            if token in form_words:
                leftovers.append(weight(token) * share)
            else:
                leftovers.append(
                    weights.unmatched_query_weight * max(weight(token), query_mean) * share
                )
        found = tuple(leftovers)
        self._leftovers[form_words] = found
        return found

    def bound(
        self,
        listed: NormalizedName,
        form_words: frozenset[str],
        enough: float = 2.0,
        weight_sums: Sequence[float] | None = None,
    ) -> float:
        """At least ``compare_names(query, listed, weight, weights, form_words).score``.

        Once the token bound reaches ``enough`` (the bar a caller compares it with), it is
        returned without the glued-string and acronym scores, which could only raise it.
        ``weight_sums`` is ``token_weight_sums(listed.tokens, weight)``, worked out here when
        not given; a caller that bounds the same names for many queries sums them once.
        """
        query = self._query
        if not query.tokens or not listed.tokens:
            return 0.0
        tokens = listed.tokens
        leftover = 0.0
        possible = 0
        leftovers = self._leftover_weights(form_words)
        assert len(leftovers) == len(self._matchable)
        for partners, token_leftover in zip(self._matchable, leftovers):  # noqa: B905
            # A loop rather than ``partners.isdisjoint(tokens)``, a generic method call in
            # compiled code.
            if not any(token in partners for token in tokens):
                leftover += token_leftover
            else:
                possible += 1
        if weight_sums is None:
            weight_sums = token_weight_sums(tokens, self._weight)
        paired = 2 * weight_sums[min(possible, len(tokens))]
        bound = paired / (paired + leftover) if paired > 0 else 0.0
        if bound + 1e-9 >= enough:
            return min(1.0, bound + 1e-9)
        if len(query.tokens) != len(tokens):
            # The glued strings' similarity is one minus their edit distance (at least their
            # difference in length) over the longer length: it is computed only when that
            # ceiling is above the bound, where it may raise it.
            query_length = self._query_length
            listed_length = 0
            for token in tokens:
                listed_length += len(token)
            if self._weights.glued_forms_ignored and self._weights.glued_without_forms:
                # Compared without legal-form words when both have name words left.
                # The query's side depends on the form words only: worked out once each.
                query_side = self._name_words.get(form_words)
                if query_side is None:
                    query_side = _name_words(query.tokens, form_words)
                    self._name_words[form_words] = query_side
                query_words, query_letters = query_side
                listed_words, listed_letters = _name_words(tokens, form_words)
                if query_words and listed_words:
                    query_length, listed_length = query_letters, listed_letters
            longer = max(query_length, listed_length)
            if longer == 0 or 1.0 - abs(query_length - listed_length) / longer > bound:
                bound = max(bound, _glued_similarity(query, listed, self._weights, form_words))
        acronym = _acronym_score(query, listed, self._weights)
        if acronym is not None:
            bound = max(bound, acronym[1])
        # A margin for the different order the sums are taken in here.
        return min(1.0, bound + 1e-9)
