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
from typing import ClassVar, Final, cast

import numpy as np
import numpy.typing as npt

from bankwire.sanctions.matching.config import MatchingConfig
from bankwire.sanctions.matching.names import (
    is_vowelless,
    ocr_fold,
    pair_similarity,
    phonetic_keys,
    skeleton,
    token_keys,
    token_similarities,
    token_weight_sums,
)
from bankwire.sanctions.model import EntryKind, ListEntry, Name
from bankwire.sanctions.normalize import NormalizedName, normalize_name
from bankwire.sanctions.value import FieldValue

__all__ = ["IndexedName", "NameIndex"]

_DELETE_LENGTH_MIN: Final = 4
_SKELETON_LENGTH_MIN: Final = 3
_TIE_BREAK_PER_TOKEN: Final = 0.01
_REINFORCE_MAX: Final = 64
_LEADER_TOKENS: Final = 16
_NO_TOKENS: Final = np.zeros(0, dtype=np.int64)
_NO_VALUES: Final = np.zeros(0, dtype=np.float64)
_SIMILAR_CACHE_MAX: Final = 100_000
_SMALL_GROUP_MAX: Final = 48
_SORT_ALL_MAX: Final = 192
_UNREACHED: Final = np.iinfo(np.int64).max
_POSITIONS: Final = np.arange(1 << 14, dtype=np.int64)
_POSITIONS.setflags(write=False)
# _OBJECT_IDS: where ids only pass from one container to another (postings into a dict, the
# key table's token ids into the ones found), the containers are read as holding ``object``:
# compiled code reads an ``int`` out of a list as a native integer and makes it a new int
# object again (for every id above 256) each time it is used as a dict key.


# The classes below are plain classes with ``Final`` attributes rather than frozen
# dataclasses: compiled, they are native classes whose constructor runs in C (a frozen
# dataclass's ``__init__`` stays interpreted) and whose attributes have no setter.


class IndexedName(FieldValue):
    """A list name as indexed: its entry, the name as listed, and the name normalised."""

    __slots__ = ("entry_position", "name", "normalized")
    _NAMES: ClassVar[tuple[str, ...]] = ("entry_position", "name", "normalized")

    entry_position: Final[int]
    name: Final[Name]
    normalized: Final[NormalizedName]

    def __init__(self, entry_position: int, name: Name, normalized: NormalizedName) -> None:
        self.entry_position = entry_position
        self.name = name
        self.normalized = normalized

    def _fields(self) -> tuple[int, Name, NormalizedName]:
        return (self.entry_position, self.name, self.normalized)


class _Scratch:
    """One thread's work arrays for retrieval, left as found after every query."""

    __slots__ = ("best", "first", "scores", "token_values")

    scores: Final[npt.NDArray[np.float64]]
    """Per name: its tie-break offset, plus the query's values while a query runs."""
    first: Final[npt.NDArray[np.int64]]
    """Per name: ``_UNREACHED``, or where a stream of name ids being walked first has it."""
    best: Final[npt.NDArray[np.float64]]
    """Per name: -1.0, or its best value in the token group being built."""
    token_values: Final[npt.NDArray[np.float64]]
    """Per vocabulary token (and one for none): zero, or its value in the group re-ranking
    the leaders."""

    def __init__(
        self,
        scores: npt.NDArray[np.float64],
        first: npt.NDArray[np.int64],
        best: npt.NDArray[np.float64],
        token_values: npt.NDArray[np.float64],
    ) -> None:
        self.scores = scores
        self.first = first
        self.best = best
        self.token_values = token_values


class _Group:
    """A query token's vocabulary spellings and what they add to the names they occur in."""

    __slots__ = ("name_ids", "size", "token_ids", "token_values", "values")

    size: Final[int]
    """Postings walked: the sum of the spellings' posting lengths."""
    name_ids: Final[npt.NDArray[np.int64]]
    """Distinct names, in the order a walk over the spellings' postings first reaches them."""
    values: Final[npt.NDArray[np.float64]]
    """Per name, its best spelling's value (IDF times similarity)."""
    token_ids: Final[npt.NDArray[np.int64]]
    """The spellings (vocabulary token ids) of a group large enough to re-rank leaders."""
    token_values: Final[npt.NDArray[np.float64]]

    def __init__(
        self,
        size: int,
        name_ids: npt.NDArray[np.int64],
        values: npt.NDArray[np.float64],
        token_ids: npt.NDArray[np.int64],
        token_values: npt.NDArray[np.float64],
    ) -> None:
        self.size = size
        self.name_ids = name_ids
        self.values = values
        self.token_ids = token_ids
        self.token_values = token_values


def deletion_keys(token: str) -> list[str]:
    """The token and its single-character deletions, as deletion keys (none under four
    letters): the part of ``fuzzy_keys`` that finds typos."""
    if len(token) < _DELETE_LENGTH_MIN:
        return []
    keys = ["d" + token]
    for position in range(len(token)):
        keys.append("d" + token[:position] + token[position + 1 :])
    return keys


def fuzzy_keys(token: str, *, query: bool = False) -> Iterator[str]:
    """Keys shared by a token and its likely misspellings; prefixes keep the kinds apart.

    Short skeletons ("md") are indexed for every token but looked up only for a vowelless
    query token ("mhmd", "ynn"): for any other query they would fetch half the vocabulary.
    """
    # As deletion_keys, written out: a nested generator would cost every key a resumption.
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
        "_glued_groups",
        "_idf",
        "_idf_unknown",
        "_keyed",
        "_leader_tokens",
        "_local",
        "_long_name_tokens",
        "_long_names",
        "_posting_flat",
        "_posting_lengths",
        "_posting_starts",
        "_postings",
        "_rank_offsets",
        "_similar_cache",
        "_tokens",
        "_vocabulary",
        "_weight_sums",
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
        self._glued_groups: dict[tuple[str, float, bool], _Group | None] = {}
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
        # does in C where a Python loop over them cost most of a query. Name and token ids
        # are int64, numpy's index type: index arrays of int32 were cast to it in every
        # gather, scatter and ``ufunc.at`` of a query (a third of those calls' instructions),
        # which cost more than the 7 MiB the wider arrays take.
        self._posting_lengths = [len(postings) for postings in self._postings]
        self._posting_starts = [0, *itertools.accumulate(self._posting_lengths)]
        self._posting_flat = np.fromiter(
            itertools.chain.from_iterable(self._postings),
            dtype=np.int64,
            count=self._posting_starts[-1],
        )
        self._acronym_arrays = {
            acronym: np.array(postings, dtype=np.int64)
            for acronym, postings in self._acronym_postings.items()
        }
        # Per name, its first tokens' vocabulary ids, padded with an id that no token has
        # (its value is always zero), to read the leaders' values in one call; the ids of
        # longer names (0.1 % of them) in full on the side. Sixteen, not eight: names of nine
        # to sixteen words are 1.3 % of all names but three or four of a re-rank's leaders,
        # and reading those on the side cost more than the wider table's gather.
        padding = len(self._vocabulary)
        leader_tokens: list[int] = []
        self._long_name_tokens: dict[int, npt.NDArray[np.int64]] = {}
        for name_id, indexed in enumerate(self.names):
            token_ids = [self._vocabulary[token] for token in indexed.normalized.tokens]
            if len(token_ids) > _LEADER_TOKENS:
                self._long_name_tokens[name_id] = np.array(token_ids, dtype=np.int64)
            leader_tokens.extend(token_ids[:_LEADER_TOKENS])
            leader_tokens.extend([padding] * (_LEADER_TOKENS - len(token_ids)))
        self._leader_tokens = np.array(leader_tokens, dtype=np.int64).reshape(
            len(self.names), _LEADER_TOKENS
        )
        self._long_names = np.zeros(len(self.names), dtype=np.bool_)
        self._long_names[list(self._long_name_tokens)] = True
        self._idf_unknown = math.log(1 + max(1, len(self.names)))
        # What the score bound adds up for each name, summed once here rather than for every
        # query that has the name among its candidates.
        self._weight_sums = [
            token_weight_sums(indexed.normalized.tokens, self.weight) for indexed in self.names
        ]
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

    def weight_sums(self, name_id: int) -> tuple[float, ...]:
        """``token_weight_sums`` of a name's tokens, for its score bound."""
        return self._weight_sums[name_id]

    def _similar_tokens(self, token: str, scratch: _Scratch) -> _Group:
        """Vocabulary tokens that may be ``token`` misspelt, as a group (memoised: payment
        parties repeat the same given names and company words all day)."""
        cached = self._similar_cache.get(token)
        if cached is not None:
            return cached
        if len(self._similar_cache) >= _SIMILAR_CACHE_MAX:
            self._similar_cache.clear()
        # A spelling counts for at most the query word's own weight when the lists use that
        # word: rarity is the query word's, similarity the spelling's. Weighed by their own
        # IDF, rare misspellings of a common word ("hamms", "chamas", 1 name each) outranked
        # the word itself ("hamas", 7 names) and pushed the listed name out of the candidates.
        exact = self._vocabulary.get(token)
        similar = self._find_similar_tokens(token)
        cap = self._idf[exact] if exact is not None else self._idf_unknown
        if exact is None and similar and self.config.retrieval.unknown_word_as_closest:
            # A word no list uses is most likely its closest spelling misspelt: it weighs as
            # that spelling, so rarer, farther spellings ("sberbanku", 2 names) do not outrank
            # it ("sberbank", 149) and fill the candidates ("Sbrebank" met no SBERBANK).
            cap = _closest_weight(similar, self._idf)
        found = self._group(similar, scratch, cap)
        self._similar_cache[token] = found
        return found

    def _exact_group(self, token_id: int, scratch: _Scratch) -> _Group:
        """The group of one vocabulary token spelt exactly (a glued pair, an acronym)."""
        cached = self._exact_groups.get(token_id)
        if cached is not None:
            return cached
        if len(self._exact_groups) >= _SIMILAR_CACHE_MAX:
            self._exact_groups.clear()
        found = self._group({token_id: 1.0}, scratch, self._idf_unknown)
        self._exact_groups[token_id] = found
        return found

    def _glued_group(
        self, glued: str, parts_weight: float, scratch: _Scratch, *, fuzzy: bool = False
    ) -> _Group | None:
        """The group of adjacent query words written as one ("ros neft" -> "rosneft"), or
        None when no list word is spelt so (memoised by the glued string and weight).

        A list word that is the query's words glued together holds all of them: it weighs at
        least their weights together (``parts_weight``), not only its own IDF. Weighed by its
        IDF alone, "rosneft" (11 names) ranked below names that hold "neft" or a spelling of
        "ros" and never reached the candidates. Glued strings long enough to carry a typo are
        looked up through the fuzzy keys too when ``fuzzy`` ("promsviaz bank" ~
        "promsvyazbank").
        """
        key = (glued, parts_weight, fuzzy)
        if key in self._glued_groups:
            return self._glued_groups[key]
        if len(self._glued_groups) >= _SIMILAR_CACHE_MAX:
            self._glued_groups.clear()
        similar: dict[int, float]
        retrieval = self.config.retrieval
        if fuzzy and retrieval.glued_fuzzy and len(glued) >= retrieval.glued_fuzzy_length_min:
            # Typos only: the sounds-alike and consonant keys of a glued string reach words
            # that share its skeleton ("alidaoun" ~ "ldyn"), and at the glued words' weight
            # they crowded the name itself out of the candidates.
            similar = self._find_similar_tokens(glued, edits_only=True)
        else:
            exact = self._vocabulary.get(glued)
            similar = {} if exact is None else {exact: 1.0}
        found: _Group | None = None
        keyed = self._keyed
        tokens = self._tokens
        if parts_weight > 0.0 and any(tokens[token_id] in keyed for token_id in similar):
            found = self._lifted_group(similar, parts_weight)
        elif similar:
            # No name has these spellings as a word of its own, only as two adjacent words.
            found = self._group(similar, scratch, self._idf_unknown)
        self._glued_groups[key] = found
        return found

    def _lifted_group(self, similar: dict[int, float], floor: float) -> _Group:
        """``similar`` glued spellings as a group, a name holding a spelling as a word of its
        own weighing at least ``floor`` times its similarity.

        A vocabulary token also posts the names that have it as two adjacent words ("sergei
        vladimirovich"); those have the words' own weights already and keep the token's IDF
        (lifted too, every "Sergei Vladimirovich ..." doubled its lead and pushed a
        "Sergey Vladimirovich" out of the candidates). Few names each, worked out once.
        """
        idf, cap, names = self._idf, self._idf_unknown, self.names
        best: dict[int, float] = {}
        lifted_values: list[float] = []
        size = 0
        for token_id, similarity in similar.items():
            own = (idf[token_id] if idf[token_id] < cap else cap) * similarity
            lifted = max(own, floor * similarity)
            lifted_values.append(lifted)
            word = self._tokens[token_id]
            postings = self._postings[token_id]
            size += len(postings)
            for name_id in postings:
                value = lifted if word in names[name_id].normalized.tokens else own
                if value > best.get(name_id, 0.0):
                    best[name_id] = value
        name_ids = np.fromiter(best, dtype=np.int64, count=len(best))
        values = np.fromiter(best.values(), dtype=np.float64, count=len(best))
        if size <= self.config.retrieval.common_posting_min:
            return _Group(size, name_ids, values, _NO_TOKENS, _NO_VALUES)
        # Common: it only re-ranks the leaders, each by its best spelling, lifted.
        token_ids = np.array(list(similar), dtype=np.int64)
        return _Group(size, name_ids, values, token_ids, np.array(lifted_values))

    def _group(self, similar: dict[int, float], scratch: _Scratch, cap: float) -> _Group:
        """``similar`` spellings as a group: each weighs its IDF, at most ``cap``, times its
        similarity."""
        idf = self._idf
        spellings = [
            (idf[token_id] if idf[token_id] < cap else cap) * similarity
            for token_id, similarity in similar.items()
        ]
        counts = [self._posting_lengths[token_id] for token_id in similar]
        size = sum(counts)
        token_values: npt.NDArray[np.float64] | None = None
        if size <= _SMALL_GROUP_MAX:
            # A rare spelling's few postings: a dict walk costs less than the array calls.
            # Name ids are the postings' own int objects here (see _OBJECT_IDS).
            best: dict[object, float] = {}
            postings = cast("list[list[object]]", self._postings)
            assert len(similar) == len(spellings)
            # Without strict=True: compiled, a plain zip loop is native, a keyword makes it a
            # generic call to zip (the lengths are asserted instead).
            for token_id, value in zip(similar, spellings):  # noqa: B905
                for name_id in postings[token_id]:
                    if value > best.get(name_id, 0.0):
                        best[name_id] = value
            name_ids = np.fromiter(best, dtype=np.int64, count=len(best))
            values = np.fromiter(best.values(), dtype=np.float64, count=len(best))
        else:
            # The spellings' postings in one gather: stream position ``p`` of a spelling whose
            # postings start at ``start`` in the flat array, and at ``walked`` in the stream,
            # is flat position ``p + start - walked`` (one slice per spelling, then a
            # concatenation, cost a call each).
            starts = self._posting_starts
            shifts: list[int] = []
            walked = 0
            assert len(similar) == len(counts)
            for token_id, count in zip(similar, counts):  # noqa: B905 - as above
                shifts.append(starts[token_id] - walked)
                walked += count
            repeats = np.array(counts, dtype=np.int64)
            stream = self._posting_flat.take(
                np.array(shifts, dtype=np.int64).repeat(repeats) + _positions(size)
            )
            token_values = np.array(spellings, dtype=np.float64)
            maxima = scratch.best
            np.maximum.at(maxima, stream, token_values.repeat(repeats))
            name_ids = _first_reached(stream, scratch.first)
            values = maxima[name_ids]
            maxima[name_ids] = -1.0
        if size <= self.config.retrieval.common_posting_min:
            return _Group(size, name_ids, values, _NO_TOKENS, _NO_VALUES)
        if token_values is None:
            token_values = np.array(spellings, dtype=np.float64)
        return _Group(size, name_ids, values, np.array(list(similar), dtype=np.int64), token_values)

    def _find_similar_tokens(self, token: str, *, edits_only: bool = False) -> dict[int, float]:
        """Vocabulary tokens similar to ``token``, reached through its fuzzy keys (with
        ``edits_only``, its deletion keys alone: spellings a typo or two away)."""
        # Token ids are the key table's own int objects here (see _OBJECT_IDS).
        found: dict[object, float] = {}
        exact = self._vocabulary.get(token)
        if exact is not None:
            found[exact] = 1.0
        if len(token) < 2:
            return _as_ids(found)
        similarity_min = self.config.retrieval.token_similarity_min
        vocabulary_tokens = self._tokens
        folded = self._vocabulary.get(ocr_fold(token))
        if folded is not None and folded not in found:
            found[folded] = self.config.names.ocr_similarity
        # Every spelling the keys reach, in the order they reach it, scored in one batch.
        table = cast("dict[str, list[object]]", self._fuzzy_to_vocabulary)
        keyed_lists: list[list[object]] = []
        for key in deletion_keys(token) if edits_only else fuzzy_keys(token, query=True):
            keyed = table.get(key)
            if keyed is not None:
                keyed_lists.append(keyed)
        reached = dict.fromkeys(itertools.chain.from_iterable(keyed_lists))
        token_ids = [token_id for token_id in reached if token_id not in found]
        spellings = [vocabulary_tokens[cast(int, token_id)] for token_id in token_ids]
        (scored,) = token_similarities([token], spellings, self.config.names)
        assert len(token_ids) == len(spellings)
        for token_id, spelling in zip(token_ids, spellings):  # noqa: B905 - as in _group
            similarity = pair_similarity(scored[spelling])
            if similarity >= similarity_min:
                found[token_id] = similarity
        return _as_ids(found)

    def candidates(self, query: NormalizedName) -> list[int]:
        """Name ids worth a full comparison, best first, at most ``candidates_max``."""
        scratch = self._scratch()
        tokens = query.tokens
        groups = [self._similar_tokens(token, scratch) for token in tokens]
        # Adjacent words written as one list word ("prom svyaz bank").
        retrieval = self.config.retrieval
        weighs = retrieval.glued_weighs_words
        weights = [self.weight(token) for token in tokens] if weighs else []
        # Typos are looked for only in a pair with a word the lists do not have: split words
        # leave fragments ("promsviaz"), and the fuzzy keys of every pair and triple of known
        # words ("john smith") cost a sixth of a query and found nothing.
        vocabulary = self._vocabulary
        unknown = [token not in vocabulary for token in tokens] if retrieval.glued_fuzzy else []
        for start in range(len(tokens) - 1):
            for end in range(start + 2, min(start + retrieval.glued_words_max, len(tokens)) + 1):
                glued = "".join(tokens[start:end])
                fuzzy = end - start == 2 and any(unknown[start:end])
                if not fuzzy:
                    # Looked up exactly: most glued words are no list word at all.
                    token_id = vocabulary.get(glued)
                    if token_id is None:
                        continue
                    if not weighs:
                        groups.append(self._exact_group(token_id, scratch))
                        continue
                glued_group = self._glued_group(
                    glued, sum(weights[start:end], 0.0) if weighs else 0.0, scratch, fuzzy=fuzzy
                )
                if glued_group is not None:
                    groups.append(glued_group)
        # The query's acronym ("irgc" of "Islamic Revolutionary Guard Corps") is another way to
        # reach a name, not more of the same name: added to the words, it lifted every name
        # that has both ("... GUARD CORPS (IRGC) QODS FORCE") above the name itself.
        acronyms: list[_Group] = []
        for extra in query.acronyms:
            token_id = self._vocabulary.get(extra)
            if token_id is not None:
                acronyms.append(self._exact_group(token_id, scratch))
        groups.extend(acronyms)
        groups.sort(key=_group_size)
        # The names whose scores the query changes, to set back afterwards.
        touched: list[npt.NDArray[np.int64]] = []
        try:
            return self._rank(tokens, groups, acronyms, scratch, touched)
        finally:
            if touched:
                scratch.scores[touched[0]] = self._rank_offsets[touched[0]]

    def _rank(
        self,
        tokens: tuple[str, ...],
        groups: list[_Group],
        acronyms: list[_Group],
        scratch: _Scratch,
        touched: list[npt.NDArray[np.int64]],
    ) -> list[int]:
        # Scores accumulate in a dense per-name array that holds each name's tie-break offset
        # while untouched (and is reset to it afterwards), so a name's score is its offset plus
        # its group values in the order the groups are walked. Groups are sorted by size, so
        # the walked ones come before the common ones; they are added up in one call (in
        # stream order: the same sums, term by term) and the names kept in the order the walk
        # first reaches them: among equal scores the first reached ranks first.
        walked_names: list[npt.NDArray[np.int64]] = []
        walked_values: list[npt.NDArray[np.float64]] = []
        if len(tokens) == 1:
            acronym_postings = self._acronym_arrays.get(tokens[0])
            if acronym_postings is not None:
                walked_names.append(acronym_postings)
                walked_values.append(
                    np.full(len(acronym_postings), self._idf_unknown, dtype=np.float64)
                )
        common_min = self.config.retrieval.common_posting_min
        common: list[_Group] = []
        # Acronym groups walked: their names join the stream with nothing added (so the order
        # in which names are first reached is the walk's), and then score at least the acronym
        # value: the better of the words and the acronym, not their sum.
        alternatives: list[_Group] = []
        for group in groups:
            if not group.size:
                continue
            if group.size > common_min and walked_names:
                # A very common token ("company", "mohammed") only re-ranks the leaders rarer
                # tokens found: walking its postings would cost more than the whole query.
                common.append(group)
            elif any(group is acronym for acronym in acronyms):
                walked_names.append(group.name_ids)
                walked_values.append(np.zeros(len(group.name_ids), dtype=np.float64))
                alternatives.append(group)
            else:
                walked_names.append(group.name_ids)
                walked_values.append(group.values)
        if not walked_names:
            return []
        scores = scratch.scores
        if len(walked_names) == 1:
            # One group or acronym list: its names are distinct.
            reached = walked_names[0]
            touched.append(reached)
            scores[reached] += walked_values[0]
        else:
            stream = np.concatenate(walked_names)
            touched.append(stream)
            np.add.at(scores, stream, np.concatenate(walked_values))
            reached = _first_reached(stream, scratch.first)
        for group in alternatives:
            names = group.name_ids
            scores[names] = np.maximum(scores[names], self._rank_offsets[names] + group.values)
        for group in common:
            self._reinforce(scratch, reached, group)
        leaders, leader_scores = _leaders(scores, reached, self.config.retrieval.candidates_max)
        name_ids: list[int] = leaders.tolist()
        name_scores: list[float] = leader_scores.tolist()
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
        assert len(name_ids) == len(name_scores)
        return [
            name_id
            for name_id, score in zip(name_ids, name_scores)  # noqa: B905 - as in _group
            if score >= floor
        ]

    def _reinforce(self, scratch: _Scratch, reached: npt.NDArray[np.int64], group: _Group) -> None:
        """Each leader gains its best value among the group's spellings (none: nothing): the
        group's values are set in a per-token table, read at the leaders' own few tokens, and
        cleared again."""
        scores = scratch.scores
        # Which names lead, not in what order, is all that counts.
        if len(reached) <= _REINFORCE_MAX:
            leaders, values = reached, scores[reached]
        else:
            leaders, values = _leader_set(scores, reached, _REINFORCE_MAX)
        token_values = scratch.token_values
        token_values[group.token_ids] = group.token_values
        try:
            # ``take`` rather than indexing: a two-dimensional index goes through numpy's
            # general (slower) gather. The values are gathered a table column to a row
            # (through the transposed rows): the maximum over sixteen rows a leader long, an
            # inner loop a row, costs half as much as over a row per leader, an inner loop a
            # leader, which is more than the gather through a transposed view adds.
            rows = self._leader_tokens.take(leaders, axis=0)
            best = np.maximum.reduce(token_values.take(rows.T), axis=0)
            if self._long_name_tokens:
                for position in self._long_names[leaders].nonzero()[0].tolist():
                    tokens = self._long_name_tokens[int(leaders[position])]
                    best[position] = np.maximum.reduce(token_values[tokens])
        finally:
            token_values[group.token_ids] = 0.0
        scores[leaders] = values + best

    def _scratch(self) -> _Scratch:
        """Per-thread work arrays (a screener is shared between threads)."""
        scratch: _Scratch | None = getattr(self._local, "scratch", None)
        if scratch is None:
            count = len(self.names)
            scratch = _Scratch(
                scores=self._rank_offsets.copy(),
                first=np.full(count, _UNREACHED, dtype=np.int64),
                best=np.full(count, -1.0, dtype=np.float64),
                token_values=np.zeros(len(self._tokens) + 1, dtype=np.float64),
            )
            self._local.scratch = scratch
        return scratch


def _closest_weight(similar: dict[int, float], idf: list[float]) -> float:
    """The IDF of the most similar spelling (of the rarest, among equally similar ones)."""
    best_similarity = -1.0
    weight = 0.0
    for token_id, similarity in similar.items():
        if similarity > best_similarity or (
            similarity == best_similarity and idf[token_id] > weight
        ):
            best_similarity, weight = similarity, idf[token_id]
    return weight


def _as_ids(found: dict[object, float]) -> dict[int, float]:
    """The similar tokens found, whose keys are token ids (ints)."""
    return cast("dict[int, float]", found)


def _first_reached(
    stream: npt.NDArray[np.int64], first: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The distinct names of ``stream`` in the order it first has them; ``first`` (all
    ``_UNREACHED``) is left as found."""
    positions = _positions(len(stream))
    np.minimum.at(first, stream, positions)
    reached: npt.NDArray[np.int64] = stream[first[stream] == positions]
    first[reached] = _UNREACHED
    return reached


def _positions(count: int) -> npt.NDArray[np.int64]:
    """``0, 1, ..., count - 1``: a read-only view of a shared array when it is long enough
    (a slice costs less than a new ``arange``)."""
    if count <= len(_POSITIONS):
        return _POSITIONS[:count]
    return np.arange(count, dtype=np.int64)


def _leaders(
    scores: npt.NDArray[np.float64], reached: npt.NDArray[np.int64], count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The ``count`` best-scored names of ``reached``, best first, first reached on ties.

    Array methods and ufuncs rather than the ``np.`` functions that wrap them: on arrays of a
    few hundred items the wrappers' Python frames cost as much as the work.
    """
    name_ids = reached
    values = scores[name_ids]
    if len(name_ids) > _SORT_ALL_MAX and len(name_ids) > count:
        # Only the names that can make the cut are sorted (the same first ``count``).
        name_ids, values = _contenders(name_ids, values, count)
    return _best_first(name_ids, values, count)


def _leader_set(
    scores: npt.NDArray[np.float64], reached: npt.NDArray[np.int64], count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The names ``_leaders`` returns and their scores, in no particular order; ``reached``
    has more than ``count`` names.

    Of many names, those at or above the cut are exactly the leaders unless some tie at the
    cut, and only then are they sorted (the first reached of the tied ones make it).
    """
    if len(reached) <= _SORT_ALL_MAX:
        return _leaders(scores, reached, count)
    name_ids, values = _contenders(reached, scores[reached], count)
    if len(name_ids) == count:
        return name_ids, values
    return _best_first(name_ids, values, count)


def _best_first(
    name_ids: npt.NDArray[np.int64], values: npt.NDArray[np.float64], count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The ``count`` best of the names, best first; stable, so that equal scores keep the
    order the names were first reached in."""
    order = (-values).argsort(kind="stable")[:count]
    return name_ids[order], values[order]


def _contenders(
    name_ids: npt.NDArray[np.int64], values: npt.NDArray[np.float64], count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The names scoring at least the ``count``-th best score, in their order; more than
    ``count`` names are given."""
    cut = len(name_ids) - count
    partitioned = values.copy()
    partitioned.partition(cut)
    kept = (values >= partitioned[cut]).nonzero()[0]
    return name_ids[kept], values[kept]


def _group_size(group: _Group) -> int:
    return group.size
