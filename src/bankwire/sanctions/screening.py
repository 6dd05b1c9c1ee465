"""Screen a name (and identifiers) against every loaded list: ``ScreeningQuery`` -> result.

``Screener.build`` normalises and indexes all list entries once; ``Screener.screen`` then
normalises the query, asks the index for a small candidate set, compares each candidate name in
full, applies the qualifiers, looks up the identifiers, and returns one explained ``Hit`` per
entry, best first. The screener is immutable after build and safe to share between threads.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from bankwire.errors import QueryError
from bankwire.sanctions.enrich import DERIVED_ALIAS_PROPERTY, derive_group_aliases
from bankwire.sanctions.index import IndexedName, NameIndex
from bankwire.sanctions.matching.config import MatchingConfig, default_config
from bankwire.sanctions.matching.countries import entry_countries
from bankwire.sanctions.matching.dates import parse_query_date
from bankwire.sanctions.matching.identifiers import IdentifierIndex, IdentifierMatch
from bankwire.sanctions.matching.names import (
    NameComparison,
    NameScoreBound,
    compare_names,
    matchable_tokens,
    token_similarities,
)
from bankwire.sanctions.model import EntryKind, ListEntry, NameStrength
from bankwire.sanctions.normalize import NormalizedName, normalize_name, with_trailing_particle
from bankwire.sanctions.result import (
    Feature,
    Hit,
    HitBasis,
    QueryKind,
    ScreeningQuery,
    ScreeningResult,
    new_feature,
    new_hit,
    new_screening_result,
)
from bankwire.sanctions.scorer import PreparedQuery, combine, name_features, qualifier_features

__all__ = ["NAME_LENGTH_MAX", "NAME_TOKENS_MAX", "Screener", "screen"]

NAME_LENGTH_MAX: Final = 1_000
"""Longer "names" are documents, not names; screening them would only produce noise."""
NAME_TOKENS_MAX: Final = 32
LIMIT_MAX: Final = 1_000

_HitFacts = tuple[str, str, str, str, str | None, tuple[str, ...]]
"""An entry's list, source id, kind, primary name, list version and programs."""


class Screener:
    """All loaded list entries, indexed for screening."""

    __slots__ = (
        "_countries",
        "_derivations",
        "_hit_facts",
        "_identifiers",
        "_index",
        "_versions",
        "config",
    )

    def __init__(
        self,
        index: NameIndex,
        identifiers: IdentifierIndex,
        list_versions: Mapping[str, str],
        config: MatchingConfig,
    ) -> None:
        self._index = index
        self._identifiers = identifiers
        self._versions = tuple(sorted(set(list_versions.values())))
        self._countries = [entry_countries(entry) for entry in index.entries]
        # Looked up for every hit: read out of each entry's properties once.
        self._derivations = [
            dict(entry.properties).get(DERIVED_ALIAS_PROPERTY) for entry in index.entries
        ]
        # What every hit on an entry repeats, read once: the entries are plain dataclasses
        # (each attribute a generic lookup in compiled code), the primary name a property
        # and the kind an enum's value.
        self._hit_facts: list[_HitFacts] = [
            (
                entry.list_name,
                entry.source_id,
                entry.kind.value,
                entry.primary_name,
                list_versions.get(entry.list_name),
                entry.programs,
            )
            for entry in index.entries
        ]
        self.config = config

    @classmethod
    def build(
        cls,
        entries: Iterable[ListEntry],
        list_versions: Mapping[str, str] | None = None,
        config: MatchingConfig | None = None,
    ) -> Screener:
        """Normalise and index ``entries``; ``list_versions`` maps list name -> content hash."""
        chosen = config if config is not None else default_config()
        # Building allocates millions of objects and frees almost none, so each collection
        # the allocations set off walks everything built so far and finds nothing: the
        # cyclic collector took about two fifths of the build. It is paused meanwhile
        # (everything the build drops is freed by reference counting) and resumed after.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # Brands a designated group trades under ("PSB") are indexed as weak aliases.
            index = NameIndex(tuple(derive_group_aliases(tuple(entries))), chosen)
            screener = cls(index, IdentifierIndex(index.entries), list_versions or {}, chosen)
        finally:
            if collecting:
                gc.enable()
        # The index is millions of long-lived objects. Left in the collected generations, each
        # full cyclic collection walks all of them: a 0.8 s pause in the middle of screening
        # every few thousand names. Frozen, the collector skips them (they are never garbage
        # while the screener lives, and a rebuilt screener's predecessor is freed by refcount).
        gc.freeze()
        return screener

    @property
    def alert_threshold(self) -> float:
        """The configured default ``score_min``: hits at or above it alert."""
        return self.config.thresholds.alert

    @property
    def matcher_version(self) -> str:
        return self.config.matcher_version

    @property
    def entry_count(self) -> int:
        return len(self._index.entries)

    @property
    def name_count(self) -> int:
        return len(self._index.names)

    def screen(
        self, query: ScreeningQuery, *, score_min: float | None = None, limit: int = 10
    ) -> ScreeningResult:
        """Screen one query; raises ``QueryError`` when the query cannot be screened."""
        threshold = self.alert_threshold if score_min is None else score_min
        if not 0.0 <= threshold <= 1.0:
            raise QueryError(f"score_min must be in [0, 1] (got {threshold})")
        if not 1 <= limit <= LIMIT_MAX:
            raise QueryError(f"limit must be 1-{LIMIT_MAX} (got {limit})")
        normalized = self._normalize_query(query)
        prepared = PreparedQuery(
            kind=query.kind, birth_date=parse_query_date(query.birth_date), country=query.country
        )
        variant = (
            with_trailing_particle(normalized, self.config.vocabulary)
            if self.config.names.trailing_particle_as_word
            else None
        )
        hits: dict[int, Hit] = {}
        # An identifier hit carries the name hit of its entry, whatever its score; without
        # identifiers, a name hit below the threshold is dropped, so it is not explained.
        explain_below = bool(query.identifiers)
        for position, hit in self._name_hits(
            normalized, prepared, threshold, variant, explain_below=explain_below
        ):
            if position not in hits or hit.score > hits[position].score:
                hits[position] = hit
        for position, hit in self._identifier_hits(query, hits):
            hits[position] = hit
        kept = [hit for hit in hits.values() if hit.score >= threshold]
        # At equal scores an identifier match goes first: it is the stronger evidence.
        kept.sort(
            key=lambda hit: (
                -hit.score,
                hit.basis != HitBasis.IDENTIFIER,
                hit.list_name,
                hit.source_id,
            )
        )
        return new_screening_result(
            query, tuple(kept[:limit]), self.matcher_version, self._versions
        )

    def screen_many(
        self,
        queries: Sequence[ScreeningQuery],
        *,
        score_min: float | None = None,
        limit: int = 10,
    ) -> list[ScreeningResult]:
        """Screen queries in order; the first unusable query raises ``QueryError``."""
        return [self.screen(query, score_min=score_min, limit=limit) for query in queries]

    def _normalize_query(self, query: ScreeningQuery) -> NormalizedName:
        where = f"query {query.id!r}" if query.id is not None else "query"
        if len(query.name) > NAME_LENGTH_MAX:
            raise QueryError(
                f"{where}: name must be at most {NAME_LENGTH_MAX} characters "
                f"(got {len(query.name)})"
            )
        normalized = normalize_name(
            query.name, self.config.vocabulary, person=query.kind == QueryKind.PERSON
        )
        if not normalized.tokens:
            raise QueryError(
                f"{where}: name must contain letters or digits (got {query.name[:40]!r})"
            )
        if len(normalized.tokens) > NAME_TOKENS_MAX:
            raise QueryError(
                f"{where}: name must have at most {NAME_TOKENS_MAX} words "
                f"(got {len(normalized.tokens)})"
            )
        return normalized

    def _name_hits(
        self,
        normalized: NormalizedName,
        prepared: PreparedQuery,
        threshold: float,
        variant: NormalizedName | None = None,
        *,
        explain_below: bool = True,
    ) -> Iterable[tuple[int, Hit]]:
        """Name hits; ``variant`` is the query with a trailing particle as a word (compared
        instead when the listed name has a name word left over). Without ``explain_below``,
        names that score below ``threshold`` once qualified are left out."""
        best: dict[int, tuple[float, NameComparison, IndexedName]] = {}
        weak, weak_penalty = NameStrength.WEAK, self.config.qualifiers.weak_alias_penalty
        form_words = self.config.vocabulary.form_words
        # None: the name cannot reach the bar, so it was not compared in full.
        compared: dict[tuple[tuple[str, ...], tuple[str, ...], bool], NameComparison | None] = {}
        candidate_ids = self._index.candidates(normalized)
        candidates = [self._index.names[name_id] for name_id in candidate_ids]
        # Every query token against every candidate token in one batch: the comparisons below
        # then find each token pair's similarity already computed.
        listed_tokens = list(
            dict.fromkeys(token for indexed in candidates for token in indexed.normalized.tokens)
        )
        weights = self.config.names
        query_tokens = normalized.tokens if variant is None else variant.tokens
        variant_rows = token_similarities(query_tokens, listed_tokens, weights)
        rows = variant_rows if variant is None else variant_rows[: len(normalized.tokens)]
        bounds = NameScoreBound(
            normalized,
            self._index.weight,
            weights,
            matchable_tokens(normalized, rows, weights, listed_tokens),
        )
        variant_bounds = (
            None
            if variant is None
            else NameScoreBound(
                variant,
                self._index.weight,
                weights,
                matchable_tokens(variant, variant_rows, weights, listed_tokens),
            )
        )
        # Qualifiers can lift a name score by at most this much; names that cannot reach the
        # threshold even so are neither compared in full nor explained (most candidates).
        lift_max = (
            self.config.qualifiers.dob_exact_bonus + self.config.qualifiers.country_match_bonus
        )
        bar = threshold - lift_max
        # Read once rather than per candidate: each is a generic lookup in compiled code (a
        # bound method is a new object every time).
        entries, weight, person_kind = self._index.entries, self._index.weight, EntryKind.PERSON
        no_forms: frozenset[str] = frozenset()
        # Without strict=True (lengths asserted): compiled, a plain zip loop is native, a
        # keyword makes it a generic call to zip.
        assert len(candidate_ids) == len(candidates)
        for name_id, indexed in zip(candidate_ids, candidates):  # noqa: B905
            # In a person's name a legal-form word is no form: "Ganchev Vitaliy Limited" is
            # not Vitaliy Ganchev's company.
            person = entries[indexed.entry_position].kind == person_kind
            # The same name often stands on several lists (OFAC, UK, EU): compare it once.
            key = (indexed.normalized.tokens, indexed.normalized.acronyms, person)
            if key in compared:
                comparison = compared[key]
            else:
                listed_forms = no_forms if person else form_words
                # Either bound at the bar is enough to compare the name in full.
                weight_sums = self._index.weight_sums(name_id)
                bound = bounds.bound(indexed.normalized, listed_forms, bar, weight_sums)
                if bound < bar and variant_bounds is not None:
                    bound = variant_bounds.bound(indexed.normalized, listed_forms, bar, weight_sums)
                if bound < bar:
                    comparison = None
                else:
                    comparison = compare_names(
                        normalized,
                        indexed.normalized,
                        weight,
                        weights,
                        listed_forms,
                        rows,
                    )
                    if variant is not None and any(
                        token not in listed_forms for token in comparison.unmatched_listed
                    ):
                        comparison = compare_names(
                            variant,
                            indexed.normalized,
                            weight,
                            weights,
                            listed_forms,
                            variant_rows,
                        )
                compared[key] = comparison
            if comparison is None:
                continue
            # An entry's hit is its best name as reported, after a weak alias's penalty: a
            # weak alias at 1.0 (0.92 reported) must not hide a strong name at 0.99.
            value = comparison.score
            if indexed.name.strength == weak:
                value -= weak_penalty
            current = best.get(indexed.entry_position)
            if current is None or value > current[0]:
                best[indexed.entry_position] = (value, comparison, indexed)
        for position, (_, comparison, indexed) in best.items():
            if comparison.score + lift_max >= threshold:
                hit = self._name_hit(
                    position, comparison, indexed, prepared, None if explain_below else threshold
                )
                if hit is not None:
                    yield position, hit

    def _name_hit(
        self,
        position: int,
        comparison: NameComparison,
        indexed: IndexedName,
        prepared: PreparedQuery,
        score_min: float | None = None,
    ) -> Hit | None:
        """The explained hit, or None when it scores below ``score_min`` (when given)."""
        entry = self._index.entries[position]
        adjustments = qualifier_features(
            prepared, entry, self._countries[position], indexed.name.strength, self.config
        )
        score = combine(comparison.score, adjustments)
        if score_min is not None and score < score_min:
            return None
        features = name_features(comparison, indexed.name.full) + adjustments
        return self._hit(
            position,
            indexed.name.full,
            score,
            HitBasis.NAME,
            features,
            weak_alias=any(feature.name == "weak_alias" for feature in adjustments),
        )

    def _identifier_hits(
        self, query: ScreeningQuery, name_hits: Mapping[int, Hit]
    ) -> Iterable[tuple[int, Hit]]:
        by_entry: dict[int, list[IdentifierMatch]] = {}
        for match in self._identifiers.lookup(query.identifiers):
            by_entry.setdefault(match.entry_position, []).append(match)
        weights = self.config.identifiers
        for position, matches in by_entry.items():
            exact = any(match.same_scheme for match in matches)
            score = weights.exact_score if exact else weights.cross_scheme_score
            features = [
                new_feature(f"{match.key.split(':')[0]}_exact", score, match.detail)
                for match in matches
            ]
            name_hit = name_hits.get(position)
            if name_hit is not None:
                features.extend(name_hit.features)
                score = max(score, name_hit.score)
            entry = self._index.entries[position]
            matched = name_hit.matched_name if name_hit is not None else entry.primary_name
            yield position, self._hit(position, matched, score, HitBasis.IDENTIFIER, features)

    def _hit(
        self,
        position: int,
        matched_name: str,
        score: float,
        basis: HitBasis,
        features: list[Feature],
        *,
        weak_alias: bool = False,
    ) -> Hit:
        list_name, source_id, entry_kind, primary_name, version, programs = self._hit_facts[
            position
        ]
        derivation = self._derivations[position]
        if derivation is not None and derivation.startswith(f"{matched_name}:"):
            features = [*features, new_feature("derived_alias", 0.0, f"derived alias {derivation}")]
        return new_hit(
            list_name=list_name,
            source_id=source_id,
            entry_kind=entry_kind,
            matched_name=matched_name,
            primary_name=primary_name,
            score=score,
            basis=basis,
            features=tuple(features),
            list_version=version,
            programs=programs,
            weak_alias=weak_alias,
        )


def screen(query: ScreeningQuery, screener: Screener) -> ScreeningResult:
    """Screen ``query`` with the default threshold and limit (the pipeline's entry point)."""
    return screener.screen(query)
