"""The name index: every list name normalised once, and keys that find candidates fast.

Screening a name against ~100k list names one by one costs milliseconds per query; a payment
has a dozen parties and a bank sends thousands of payments a minute. The index makes a query
touch only the names that share something with it:

- The **vocabulary** holds each distinct list token once, with its posting list (the names it
  occurs in) and its inverse document frequency (rare tokens weigh more in scoring).
- **Fuzzy keys** lead from a query token to vocabulary tokens that may be a misspelling of it:
  single-character deletions (the SymSpell trick: two tokens one edit apart share a deletion),
  Metaphone and NYSIIS keys (sounds-alike), the consonant skeleton (dropped vowels, abjad
  transliterations) and the OCR-folded form (rn/m, 1/l). Keys point to vocabulary tokens,
  not to names, which keeps the key table one entry per distinct token instead of one per name.
- **Glued pairs** of adjacent tokens ("abdul rahman" -> "abdulrahman") are vocabulary tokens
  too, so split and glued spellings meet.
- **Acronyms** derived at normalisation ("pdvsa") have their own postings.

Very common tokens (posting lists over ``common_posting_min``) are skipped once rarer tokens
have found candidates, so "bank" alone never drags thousands of names into a query.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from bankwire.sanctions.matching.config import MatchingConfig
from bankwire.sanctions.matching.names import (
    is_vowelless,
    ocr_fold,
    phonetic_keys,
    skeleton,
    token_keys,
    token_similarities,
)
from bankwire.sanctions.model import EntryKind, ListEntry, Name
from bankwire.sanctions.normalize import NormalizedName, normalize_name

__all__ = ["IndexedName", "NameIndex"]

_DELETE_LENGTH_MIN: Final = 4
_SKELETON_LENGTH_MIN: Final = 3
_TIE_BREAK_PER_TOKEN: Final = 0.01
_REINFORCE_MAX: Final = 64
_SIMILAR_CACHE_MAX: Final = 100_000
_SMALL_GROUP_MAX: Final = 48


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry_position: int
    name: Name
    normalized: NormalizedName


@dataclass(frozen=True, slots=True)
class _Scratch:
    """One thread's work arrays for retrieval, left as found after every query."""

    scores: npt.NDArray[np.float64]
    """Per name: its tie-break offset, plus the query's values while a query runs."""
    name_values: npt.NDArray[np.float64]
    """Per name: zero, or its best value in the token group being added."""
    token_values: npt.NDArray[np.float64]
    """Per vocabulary token: zero, or its value in the common group re-ranking the leaders."""
    seen: npt.NDArray[np.bool_]
    """Per name: whether the running query has reached it yet."""


@dataclass(frozen=True, slots=True)
class _Group:
    """A query token's vocabulary spellings and what they add to the names they occur in."""

    size: int
    """Postings walked: the sum of the spellings' posting lengths."""
    name_ids: npt.NDArray[np.int32]
    """Distinct names, in the order a walk over the spellings' postings first reaches them."""
    values: npt.NDArray[np.float64]
    """Per name, its best spelling's value (IDF times similarity)."""
    token_ids: npt.NDArray[np.int64]
    token_values: npt.NDArray[np.float64]


def fuzzy_keys(token: str, *, query: bool = False) -> Iterator[str]:
    """Keys shared by a token and its likely misspellings; prefixes keep the kinds apart.

    Short skeletons ("md") are indexed for every token but looked up only for a vowelless
    query token ("mhmd", "ynn"): for any other query they would fetch half the vocabulary.
    """
    if len(token) >= _DELETE_LENGTH_MIN:
        yield "d" + token
        for position in range(len(token)):
            yield "d" + token[:position] + token[position + 1 :]
    metaphone, nysiis = phonetic_keys(token)
    if metaphone:
        yield "m" + metaphone
    if nysiis:
        yield "n" + nysiis
    if token.isalpha() and len(token) >= 2:
        consonants = skeleton(token)
        if not query or len(consonants) >= _SKELETON_LENGTH_MIN or is_vowelless(token):
            yield "s" + consonants
    folded = ocr_fold(token)
    if folded != token or query:
        yield "o" + folded


class NameIndex:
    """Normalised list names with token postings, fuzzy keys and IDF weights."""

    __slots__ = (
        "_acronym_arrays",
        "_acronym_postings",
        "_exact_groups",
        "_fuzzy_to_vocabulary",
        "_idf",
        "_idf_array",
        "_idf_unknown",
        "_keyed",
        "_local",
        "_name_token_flat",
        "_name_token_starts",
        "_posting_flat",
        "_posting_lengths",
        "_posting_starts",
        "_postings",
        "_rank_offsets",
        "_similar_cache",
        "_tokens",
        "_vocabulary",
        "_weights",
        "config",
        "entries",
        "names",
    )

    def __init__(self, entries: Sequence[ListEntry], config: MatchingConfig) -> None:
        self.config = config
        self.entries: tuple[ListEntry, ...] = tuple(entries)
        self.names: list[IndexedName] = []
        self._vocabulary: dict[str, int] = {}
        self._postings: list[list[int]] = []
        self._acronym_postings: dict[str, list[int]] = {}
        # Insertion-ordered (a dict, not a set): the fuzzy table lists each key's tokens in
        # this order, which decides which of several tied names is reached first and so makes
        # the candidate cut. A set's order follows the string hash, which changes with
        # PYTHONHASHSEED from one process to the next.
        self._keyed: dict[str, None] = {}
        self._similar_cache: dict[str, _Group] = {}
        self._exact_groups: dict[int, _Group] = {}
        for position, entry in enumerate(self.entries):
            person = entry.kind == EntryKind.PERSON
            seen: set[str] = set()
            for name in entry.names:
                normalized = normalize_name(name.full, config.vocabulary, person=person)
                # Token order carries no meaning in scoring, so reordered aliases are one name.
                key = " ".join(sorted(normalized.tokens))
                if not normalized.tokens or key in seen:
                    continue
                seen.add(key)
                self._add(IndexedName(position, name, normalized))
        self._tokens: list[str] = list(self._vocabulary)
        self._idf = self._inverse_document_frequencies()
        self._weights = dict(zip(self._tokens, self._idf, strict=True))
        # Array views for the hot path: a query adds up thousands of postings, which numpy
        # does in C where a Python loop over them cost most of a query.
        self._posting_lengths = [len(postings) for postings in self._postings]
        self._posting_starts = [0, *itertools.accumulate(self._posting_lengths)]
        self._posting_flat = np.fromiter(
            itertools.chain.from_iterable(self._postings),
            dtype=np.int32,
            count=self._posting_starts[-1],
        )
        self._idf_array = np.array(self._idf, dtype=np.float64)
        self._acronym_arrays = {
            acronym: np.array(postings, dtype=np.int32)
            for acronym, postings in self._acronym_postings.items()
        }
        name_token_ids = [
            [self._vocabulary[token] for token in indexed.normalized.tokens]
            for indexed in self.names
        ]
        self._name_token_starts = np.array(
            [0, *itertools.accumulate(len(ids) for ids in name_token_ids)], dtype=np.int64
        )
        self._name_token_flat = np.fromiter(
            itertools.chain.from_iterable(name_token_ids),
            dtype=np.int64,
            count=int(self._name_token_starts[-1]),
        )
        self._idf_unknown = math.log(1 + max(1, len(self.names)))
        self._fuzzy_to_vocabulary = self._fuzzy_table()
        # Among equal scores, shorter names rank first: "PSB" should meet "PSB Leasing"
        # before "Obshchestvo s ogranichennoi otvetstvennostyu PSB Lizing".
        self._rank_offsets = np.array(
            [-_TIE_BREAK_PER_TOKEN * len(indexed.normalized.tokens) for indexed in self.names],
            dtype=np.float64,
        )
        self._local = threading.local()
        assert len(self._idf) == len(self._vocabulary)

    def _add(self, indexed: IndexedName) -> None:
        name_id = len(self.names)
        self.names.append(indexed)
        tokens = indexed.normalized.tokens
        glued = [left + right for left, right in itertools.pairwise(tokens)]
        for token in dict.fromkeys(tokens):
            self._post(token, name_id)
            self._keyed[token] = None
        for token in dict.fromkeys(glued):
            self._post(token, name_id)
        for acronym in indexed.normalized.acronyms:
            self._acronym_postings.setdefault(acronym, []).append(name_id)

    def _post(self, token: str, name_id: int) -> None:
        """Add ``name_id`` to the token's postings."""
        token_id = self._vocabulary.setdefault(token, len(self._vocabulary))
        if token_id == len(self._postings):
            self._postings.append([])
        self._postings[token_id].append(name_id)

    def _inverse_document_frequencies(self) -> list[float]:
        total = max(1, len(self.names))
        cap = self.config.names.form_word_weight * math.log(1 + total)
        form_words = self.config.vocabulary.form_words
        return [
            min(cap, math.log(1 + total / len(postings)))
            if token in form_words
            else math.log(1 + total / len(postings))
            for token, postings in zip(self._vocabulary, self._postings, strict=True)
        ]

    def _fuzzy_table(self) -> dict[str, list[int]]:
        table: dict[str, list[int]] = {}
        # Glued pairs are looked up exactly only: fuzzy keys for them would double the table.
        for token in self._keyed:
            token_id = self._vocabulary[token]
            for key in fuzzy_keys(token):
                table.setdefault(key, []).append(token_id)
            # Worked out now rather than when a query first meets the token (0.1 s in all).
            token_keys(token)
        return table

    def weight(self, token: str) -> float:
        """A token's rarity weight (IDF); a token no list uses weighs as the rarest."""
        return self._weights.get(token, self._idf_unknown)

    def _similar_tokens(self, token: str) -> _Group:
        """Vocabulary tokens that may be ``token`` misspelt, as a group (memoised: payment
        parties repeat the same given names and company words all day)."""
        cached = self._similar_cache.get(token)
        if cached is not None:
            return cached
        if len(self._similar_cache) >= _SIMILAR_CACHE_MAX:
            self._similar_cache.clear()
        found = self._group(self._find_similar_tokens(token))
        self._similar_cache[token] = found
        return found

    def _exact_group(self, token_id: int) -> _Group:
        """The group of one vocabulary token spelt exactly (a glued pair, an acronym)."""
        cached = self._exact_groups.get(token_id)
        if cached is not None:
            return cached
        if len(self._exact_groups) >= _SIMILAR_CACHE_MAX:
            self._exact_groups.clear()
        found = self._group({token_id: 1.0})
        self._exact_groups[token_id] = found
        return found

    def _group(self, similar: dict[int, float]) -> _Group:
        token_ids = np.fromiter(similar, dtype=np.int64, count=len(similar))
        token_values = self._idf_array[token_ids] * np.fromiter(
            similar.values(), dtype=np.float64, count=len(similar)
        )
        flat, starts = self._posting_flat, self._posting_starts
        counts = [self._posting_lengths[token_id] for token_id in similar]
        if sum(counts) <= _SMALL_GROUP_MAX:
            # A rare spelling's few postings: a dict walk costs less than the array calls.
            best: dict[int, float] = {}
            for token_id, value in zip(similar, token_values.tolist(), strict=True):
                for name_id in self._postings[token_id]:
                    if value > best.get(name_id, 0.0):
                        best[name_id] = value
            name_ids = np.fromiter(best, dtype=np.int32, count=len(best))
            values = np.fromiter(best.values(), dtype=np.float64, count=len(best))
        else:
            stream = np.concatenate(
                [flat[starts[token_id] : starts[token_id + 1]] for token_id in similar]
            )
            distinct, first = np.unique(stream, return_index=True)
            maxima = np.zeros(len(distinct), dtype=np.float64)
            np.maximum.at(
                maxima, np.searchsorted(distinct, stream), np.repeat(token_values, counts)
            )
            order = np.argsort(first)
            name_ids, values = distinct[order], maxima[order]
        return _Group(sum(counts), name_ids, values, token_ids, token_values)

    def _find_similar_tokens(self, token: str) -> dict[int, float]:
        found: dict[int, float] = {}
        exact = self._vocabulary.get(token)
        if exact is not None:
            found[exact] = 1.0
        if len(token) < 2:
            return found
        similarity_min = self.config.retrieval.token_similarity_min
        vocabulary_tokens = self._tokens
        folded = self._vocabulary.get(ocr_fold(token))
        if folded is not None and folded not in found:
            found[folded] = self.config.names.ocr_similarity
        # Every spelling the keys reach, in the order they reach it, scored in one batch.
        table = self._fuzzy_to_vocabulary
        reached: dict[int, None] = {}
        for key in fuzzy_keys(token, query=True):
            reached.update(dict.fromkeys(table.get(key, ())))
        token_ids = [token_id for token_id in reached if token_id not in found]
        spellings = [vocabulary_tokens[token_id] for token_id in token_ids]
        (scored,) = token_similarities([token], spellings, self.config.names)
        for token_id, spelling in zip(token_ids, spellings, strict=True):
            similarity = scored[spelling][0]
            if similarity >= similarity_min:
                found[token_id] = similarity
        return found

    def candidates(self, query: NormalizedName) -> list[int]:
        """Name ids worth a full comparison, best first, at most ``candidates_max``."""
        tokens = query.tokens
        groups = [self._similar_tokens(token) for token in tokens]
        glued = [left + right for left, right in itertools.pairwise(tokens)]
        for extra in (*glued, *query.acronyms):
            token_id = self._vocabulary.get(extra)
            if token_id is not None:
                groups.append(self._exact_group(token_id))
        groups.sort(key=_group_size)
        scratch = self._scratch()
        # Each name once, in the order it was first reached: among equal scores the first
        # reached ranks first, as a stable sort over an insertion-ordered table would have it.
        reached: list[npt.NDArray[np.int32]] = []
        try:
            return self._rank(tokens, groups, scratch, reached)
        finally:
            if reached:
                touched = np.concatenate(reached)
                scratch.scores[touched] = self._rank_offsets[touched]
                scratch.seen[touched] = False

    def _rank(
        self,
        tokens: tuple[str, ...],
        groups: list[_Group],
        scratch: _Scratch,
        reached: list[npt.NDArray[np.int32]],
    ) -> list[int]:
        # Scores accumulate in a dense per-name array that holds each name's tie-break offset
        # while untouched (and is reset to it afterwards), so a name's score is its offset plus
        # its group values in the order the groups are walked.
        scores = scratch.scores
        if len(tokens) == 1:
            acronym_postings = self._acronym_arrays.get(tokens[0])
            if acronym_postings is not None:
                scores[acronym_postings] = self._idf_unknown + self._rank_offsets[acronym_postings]
                scratch.seen[acronym_postings] = True
                reached.append(acronym_postings)
        common_min = self.config.retrieval.common_posting_min
        for group in groups:
            if not group.size:
                continue
            if group.size > common_min and reached:
                # A very common token ("company", "mohammed") only re-ranks the leaders rarer
                # tokens found: walking its postings would cost more than the whole query.
                self._reinforce(scratch, reached, group)
                continue
            group_names = group.name_ids
            scores[group_names] += group.values
            seen = scratch.seen
            new = group_names[~seen[group_names]]
            seen[new] = True
            reached.append(new)
        if not reached:
            return []
        name_ids, name_scores = self._leaders(scores, reached, self.config.retrieval.candidates_max)
        ratio = self.config.retrieval.candidate_score_ratio
        if not name_ids or ratio <= 0.0:
            return name_ids
        # Names sharing far less of the query than the leader are not compared in full (a full
        # comparison costs as much as the whole retrieval). The bar is relative to the query's
        # own token weight when the leader has more: glued-pair and acronym bonuses lift a
        # leader ("promsvyazbank pjsc") far above another list's shorter alias of the same
        # entity ("promsvyazbank"), which must still be compared.
        query_weight = sum([self.weight(token) for token in tokens], 0.0)
        floor = min(name_scores[0], query_weight) * ratio
        return [
            name_id for name_id, score in zip(name_ids, name_scores, strict=True) if score >= floor
        ]

    def _leaders(
        self,
        scores: npt.NDArray[np.float64],
        reached: list[npt.NDArray[np.int32]],
        count: int,
    ) -> tuple[list[int], list[float]]:
        """The ``count`` best-scored names reached so far, best first, first reached on ties."""
        name_ids = reached[0] if len(reached) == 1 else np.concatenate(reached)
        values = scores[name_ids]
        if len(name_ids) > count:
            cut = len(name_ids) - count
            kth = np.partition(values, cut)[cut]
            kept = np.flatnonzero(values >= kth)
            name_ids, values = name_ids[kept], values[kept]
        # Stable, so that equal scores keep the order the names were first reached in.
        order = np.argsort(-values, kind="stable")[:count]
        return name_ids[order].tolist(), values[order].tolist()

    def _reinforce(
        self, scratch: _Scratch, reached: list[npt.NDArray[np.int32]], group: _Group
    ) -> None:
        leaders, _ = self._leaders(scratch.scores, reached, _REINFORCE_MAX)
        # Each leader gains its best value among the group's spellings: the group's values are
        # set in a per-token table, read at the leaders' own few tokens, and cleared again.
        token_values = scratch.token_values
        token_values[group.token_ids] = group.token_values
        leader_ids = np.array(leaders, dtype=np.int64)
        starts = self._name_token_starts[leader_ids]
        counts = self._name_token_starts[leader_ids + 1] - starts
        segments = np.cumsum(counts) - counts
        positions = np.repeat(starts - segments, counts) + np.arange(int(counts.sum()))
        best = np.maximum.reduceat(token_values[self._name_token_flat[positions]], segments)
        token_values[group.token_ids] = 0.0
        scratch.scores[leader_ids] += best

    def _scratch(self) -> _Scratch:
        """Per-thread work arrays (a screener is shared between threads)."""
        scratch: _Scratch | None = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = _Scratch(
                scores=self._rank_offsets.copy(),
                name_values=np.zeros(len(self.names), dtype=np.float64),
                token_values=np.zeros(len(self._tokens), dtype=np.float64),
                seen=np.zeros(len(self.names), dtype=np.bool_),
            )
            self._local.scratch = scratch
        return scratch


def _group_size(group: _Group) -> int:
    return group.size
