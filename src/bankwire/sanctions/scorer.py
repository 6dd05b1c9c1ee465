"""Turn a name comparison and the entry's qualifiers into one explained score.

The name similarity is the base. Qualifiers then move it, by amounts set in the matching data:
a date of birth or country that agrees supports the match, one that disagrees argues against it,
a person matched against an organisation (or the reverse) is penalised, and a match on a weak
a.k.a. is marked and lowered because OFAC says weak aliases alone should not block. Every step
leaves a ``Feature`` whose ``detail`` is the sentence a reviewer reads.
"""

from __future__ import annotations

from typing import ClassVar, Final

from bankwire.sanctions.matching.config import MatchingConfig
from bankwire.sanctions.matching.countries import CountryAgreement, compare_countries
from bankwire.sanctions.matching.dates import DateAgreement, compare_birth_dates
from bankwire.sanctions.matching.names import NameComparison, PairKind
from bankwire.sanctions.model import EntryKind, ListEntry, NameStrength, PartialDate
from bankwire.sanctions.result import Feature, QueryKind, new_feature
from bankwire.sanctions.value import FieldValue

__all__ = ["PreparedQuery", "combine", "kind_conflicts", "name_features", "qualifier_features"]

# A pairing's feature name by its kind ("name_exact"): ``.value`` of an enum member is a
# Python-level property, read here once rather than for every explained pair.
_PAIR_FEATURES: Final = {kind: f"name_{kind.value}" for kind in PairKind}
_COMPATIBLE_KINDS: dict[QueryKind, frozenset[EntryKind]] = {
    QueryKind.PERSON: frozenset({EntryKind.PERSON, EntryKind.UNKNOWN}),
    QueryKind.ORGANIZATION: frozenset({EntryKind.ORGANIZATION, EntryKind.UNKNOWN}),
    QueryKind.VESSEL: frozenset({EntryKind.VESSEL, EntryKind.UNKNOWN}),
}


class PreparedQuery(FieldValue):
    """What the scorer needs from a query, parsed once.

    A plain class with ``Final`` attributes rather than a frozen dataclass (one per query):
    compiled, its constructor runs in C and its attributes have no setter. Equality, hashing
    and ``repr`` are the dataclass ones.
    """

    __slots__ = ("birth_date", "country", "kind")
    _NAMES: ClassVar[tuple[str, ...]] = ("kind", "birth_date", "country")

    kind: Final[QueryKind]
    birth_date: Final[PartialDate | None]
    country: Final[str | None]

    def __init__(
        self, kind: QueryKind, birth_date: PartialDate | None, country: str | None
    ) -> None:
        self.kind = kind
        self.birth_date = birth_date
        self.country = country

    def _fields(self) -> tuple[QueryKind, PartialDate | None, str | None]:
        return (self.kind, self.birth_date, self.country)


def kind_conflicts(query_kind: QueryKind, entry_kind: EntryKind) -> bool:
    allowed = _COMPATIBLE_KINDS.get(query_kind)
    return allowed is not None and entry_kind not in allowed


def _with_article(noun: str) -> str:
    """ "an organization", "a person"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _pair_detail(query: str, listed: str, similarity: float, kind: PairKind) -> str:
    if kind == PairKind.EXACT:
        return f"token '{query}' exact"
    if kind == PairKind.INITIAL:
        return f"initial '{query}' consistent with '{listed}'"
    if kind == PairKind.PREFIX:
        return f"token '{query}' is the start of '{listed}' (cut short, {similarity:.2f})"
    if kind == PairKind.OCR:
        return f"token '{query}' reads like '{listed}' in OCR ({similarity:.2f})"
    if kind == PairKind.PHONETIC:
        return f"token '{query}' sounds like '{listed}' ({similarity:.2f})"
    if kind == PairKind.SKELETON:
        return f"token '{query}' has the consonants of '{listed}' ({similarity:.2f})"
    return f"token '{query}' ~ '{listed}' ({similarity:.2f})"


def name_features(comparison: NameComparison, matched_name: str) -> list[Feature]:
    """The name's own contribution, then one feature per token pairing and leftover."""
    if comparison.acronym is not None:
        return [
            new_feature(
                "acronym",
                comparison.score,
                f"'{comparison.acronym}' is the acronym of '{matched_name}'",
            )
        ]
    detail = f"name similarity {comparison.score:.2f} to '{matched_name}'"
    # The glued spelling decided it ("prom svyaz bank" ~ "promsvyazbank").
    glued = comparison.token_score < comparison.string_score == comparison.score
    if glued:
        detail += f" (as glued words {comparison.string_score:.2f})"
    features = [new_feature("name", comparison.score, detail)]
    if glued:
        # Word by word, a split word has no counterpart; said so, it read as a miss.
        detail = f"name words written together agree ({comparison.string_score:.2f})"
        features.append(new_feature("name_glued", comparison.string_score, detail))
    for pair in comparison.pairs:
        detail = _pair_detail(pair.query, pair.listed, pair.similarity, pair.kind)
        features.append(new_feature(_PAIR_FEATURES[pair.kind], pair.similarity, detail))
    if glued:
        return features
    features.extend(
        new_feature("name_unmatched", 0.0, f"query token '{token}' has no counterpart")
        # A token repeated in a name ("I&I") is one explanation, not one per occurrence.
        for token in dict.fromkeys(comparison.unmatched_query)
    )
    features.extend(
        new_feature("name_extra", 0.0, f"listed token '{token}' is not in the query")
        for token in dict.fromkeys(comparison.unmatched_listed)
    )
    return features


def qualifier_features(
    prepared: PreparedQuery,
    entry: ListEntry,
    countries: frozenset[str],
    strength: NameStrength,
    config: MatchingConfig,
) -> list[Feature]:
    """Adjustments from date of birth, country, kind and alias strength (signed scores)."""
    weights = config.qualifiers
    features: list[Feature] = []
    # A query without a date of birth (or a country) agrees with no entry: the comparison
    # would only say so, and most queries have neither (every hit of a name-only query).
    if prepared.birth_date is not None:
        dates = compare_birth_dates(prepared.birth_date, entry.birth_dates)
        date_scores = {
            DateAgreement.EXACT: ("dob_exact", weights.dob_exact_bonus),
            DateAgreement.YEAR: ("dob_year", weights.dob_year_bonus),
            DateAgreement.MISMATCH: ("dob_mismatch", -weights.dob_mismatch_penalty),
        }
        if dates.agreement in date_scores:
            feature_name, value = date_scores[dates.agreement]
            features.append(new_feature(feature_name, value, dates.detail))
    if prepared.country is not None:
        country = compare_countries(prepared.country, countries)
        if country.agreement == CountryAgreement.MATCH:
            features.append(
                new_feature("country_match", weights.country_match_bonus, country.detail)
            )
        elif country.agreement == CountryAgreement.MISMATCH:
            features.append(
                new_feature("country_mismatch", -weights.country_mismatch_penalty, country.detail)
            )
    if kind_conflicts(prepared.kind, entry.kind):
        detail = (
            f"query is {_with_article(prepared.kind.value)}, "
            f"the listed entry {_with_article(entry.kind.value)}"
        )
        features.append(new_feature("kind_mismatch", -weights.kind_mismatch_penalty, detail))
    if strength == NameStrength.WEAK:
        detail = "matched a weak a.k.a., which alone should not block"
        features.append(new_feature("weak_alias", -weights.weak_alias_penalty, detail))
    return features


def combine(base: float, adjustments: list[Feature]) -> float:
    """Base score plus signed adjustments, kept in [0, 1]."""
    total = base + sum((feature.score for feature in adjustments), 0.0)
    return min(1.0, max(0.0, total))
