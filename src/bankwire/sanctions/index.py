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

import heapq
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from bankwire.sanctions.matching.config import MatchingConfig
from bankwire.sanctions.matching.names import (
    is_vowelless,
    ocr_fold,
    phonetic_keys,
    skeleton,
    token_similarity,
)
from bankwire.sanctions.model import EntryKind, ListEntry, Name
from bankwire.sanctions.normalize import NormalizedName, normalize_name

__all__ = ["IndexedName", "NameIndex"]

_DELETE_LENGTH_MIN: Final = 4
_SKELETON_LENGTH_MIN: Final = 3
_TIE_BREAK_PER_TOKEN: Final = 0.01
_REINFORCE_MAX: Final = 64
_SIMILAR_CACHE_MAX: Final = 100_000


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry_position: int
    name: Name
    normalized: NormalizedName


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
        "_acronym_postings",
        "_fuzzy_to_vocabulary",
        "_idf",
        "_idf_unknown",
        "_keyed",
        "_name_token_ids",
        "_posting_lengths",
        "_postings",
        "_rank_offset",
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
        self._keyed: set[str] = set()
        self._similar_cache: dict[str, dict[int, float]] = {}
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
        # Integer views for the hot path: a query walks posting lengths and name token ids
        # many thousand times, where dict lookups by string and len() calls add up.
        self._posting_lengths = [len(postings) for postings in self._postings]
        self._name_token_ids = [
            tuple(self._vocabulary[token] for token in indexed.normalized.tokens)
            for indexed in self.names
        ]
        self._idf_unknown = math.log(1 + max(1, len(self.names)))
        self._fuzzy_to_vocabulary = self._fuzzy_table()
        # Among equal scores, shorter names rank first: "PSB" should meet "PSB Leasing"
        # before "Obshchestvo s ogranichennoi otvetstvennostyu PSB Lizing".
        self._rank_offset = [
            -_TIE_BREAK_PER_TOKEN * len(indexed.normalized.tokens) for indexed in self.names
        ]
        assert len(self._idf) == len(self._vocabulary)

    def _add(self, indexed: IndexedName) -> None:
        name_id = len(self.names)
        self.names.append(indexed)
        tokens = indexed.normalized.tokens
        glued = [left + right for left, right in itertools.pairwise(tokens)]
        for token in dict.fromkeys(tokens):
            self._post(token, name_id).add(token)
        for token in dict.fromkeys(glued):
            self._post(token, name_id)
        for acronym in indexed.normalized.acronyms:
            self._acronym_postings.setdefault(acronym, []).append(name_id)

    def _post(self, token: str, name_id: int) -> set[str]:
        """Add ``name_id`` to the token's postings; returns the set of fuzzy-keyed tokens."""
        token_id = self._vocabulary.setdefault(token, len(self._vocabulary))
        if token_id == len(self._postings):
            self._postings.append([])
        self._postings[token_id].append(name_id)
        return self._keyed

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
        return table

    def weight(self, token: str) -> float:
        """A token's rarity weight (IDF); a token no list uses weighs as the rarest."""
        return self._weights.get(token, self._idf_unknown)

    def _similar_tokens(self, token: str) -> dict[int, float]:
        """Vocabulary tokens that may be ``token`` misspelt, with their similarity (memoised:
        payment parties repeat the same given names and company words all day)."""
        cached = self._similar_cache.get(token)
        if cached is not None:
            return cached
        if len(self._similar_cache) >= _SIMILAR_CACHE_MAX:
            self._similar_cache.clear()
        found = self._find_similar_tokens(token)
        self._similar_cache[token] = found
        return found

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
        for key in fuzzy_keys(token, query=True):
            for token_id in self._fuzzy_to_vocabulary.get(key, ()):
                if token_id in found:
                    continue
                similarity, _ = token_similarity(
                    token, vocabulary_tokens[token_id], self.config.names
                )
                if similarity >= similarity_min:
                    found[token_id] = similarity
        return found

    def candidates(self, query: NormalizedName) -> list[int]:
        """Name ids worth a full comparison, best first, at most ``candidates_max``."""
        scores: dict[int, float] = {}
        groups = [self._similar_tokens(token) for token in query.tokens]
        tokens = query.tokens
        glued = [left + right for left, right in itertools.pairwise(tokens)]
        for extra in (*glued, *query.acronyms):
            token_id = self._vocabulary.get(extra)
            if token_id is not None:
                groups.append({token_id: 1.0})
        offsets = self._rank_offset
        if len(tokens) == 1:
            for name_id in self._acronym_postings.get(tokens[0], ()):
                scores[name_id] = self._idf_unknown + offsets[name_id]
        groups.sort(key=self._group_size)
        common_min = self.config.retrieval.common_posting_min
        lengths = self._posting_lengths
        for group in groups:
            postings_total = sum([lengths[token_id] for token_id in group])
            if postings_total > common_min and scores:
                # A very common token ("company", "mohammed") only re-ranks the leaders rarer
                # tokens found: walking its postings would cost more than the whole query.
                self._reinforce(scores, group)
                continue
            best: dict[int, float] = {}
            for token_id, similarity in group.items():
                value = self._idf[token_id] * similarity
                for name_id in self._postings[token_id]:
                    if value > best.get(name_id, 0.0):
                        best[name_id] = value
            for name_id, value in best.items():
                scores[name_id] = scores.get(name_id, offsets[name_id]) + value
        ranked = heapq.nlargest(
            self.config.retrieval.candidates_max, scores, key=scores.__getitem__
        )
        ratio = self.config.retrieval.candidate_score_ratio
        if not ranked or ratio <= 0.0:
            return ranked
        # Names sharing far less of the query than the leader are not compared in full (a full
        # comparison costs as much as the whole retrieval). The bar is relative to the query's
        # own token weight when the leader has more: glued-pair and acronym bonuses lift a
        # leader ("promsvyazbank pjsc") far above another list's shorter alias of the same
        # entity ("promsvyazbank"), which must still be compared.
        query_weight = sum([self.weight(token) for token in tokens])
        reference = min(scores[ranked[0]], query_weight)
        floor = reference * ratio
        return [name_id for name_id in ranked if scores[name_id] >= floor]

    def _reinforce(self, scores: dict[int, float], group: dict[int, float]) -> None:
        leaders = heapq.nlargest(_REINFORCE_MAX, scores, key=scores.__getitem__)
        idf = self._idf
        for name_id in leaders:
            # Look the leader's few tokens up in the group rather than building a value table
            # for the whole group, which for a common token holds hundreds of spellings.
            best = 0.0
            for token_id in self._name_token_ids[name_id]:
                similarity = group.get(token_id)
                if similarity is not None and idf[token_id] * similarity > best:
                    best = idf[token_id] * similarity
            if best > 0.0:
                scores[name_id] += best

    def _group_size(self, group: dict[int, float]) -> int:
        lengths = self._posting_lengths
        return sum([lengths[token_id] for token_id in group])
