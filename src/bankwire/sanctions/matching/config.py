"""Matching weights, thresholds and name vocabulary, loaded from versioned package data.

Weights live in ``bankwire/data/matching/v<N>.yaml`` and the vocabulary (legal forms,
honorifics, particles) in ``vocabulary.yaml``, not as constants scattered through the code:
a reviewer can read what the matcher does, and every result records which version decided it.
Loading is strict (followthemoney schemas, not watchman's env-var fallbacks): a missing key, an
unknown key or a value of the wrong type or range raises ``ConfigError`` naming the file and key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

from bankwire.errors import ConfigError

__all__ = [
    "IdentifierWeights",
    "MatchingConfig",
    "NameWeights",
    "QualifierWeights",
    "RetrievalSettings",
    "Thresholds",
    "Vocabulary",
    "default_config",
    "load_config",
    "parse_config",
]

DATA_PACKAGE = "bankwire"
DATA_FOLDER = "data/matching"
DEFAULT_VERSION = "5"


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    token_similarity_min: float
    candidates_max: int
    candidate_score_ratio: float
    common_posting_min: int
    glued_words_max: int
    glued_weighs_words: bool
    glued_fuzzy: bool
    glued_fuzzy_length_min: int
    unknown_word_as_closest: bool


# Compared and hashed by identity: token similarities are memoised per (tokens, weights), and
# hashing seventeen floats on every lookup cost more than the similarity itself.
@dataclass(frozen=True, slots=True, eq=False)
class NameWeights:
    token_alignment_min: float
    form_alignment_min: float
    similarity_floor: float
    one_edit_similarity: float
    long_one_edit_similarity: float
    short_one_edit_similarity: float
    two_edit_similarity: float
    initial_weight: float
    prefix_similarity: float
    phonetic_similarity: float
    skeleton_similarity: float
    vowelless_similarity: float
    ocr_similarity: float
    extra_list_token_weight: float
    unmatched_query_weight: float
    form_word_weight: float
    acronym_score: float
    acronym_short_score: float
    # Version 3 rules (version 1 and 2 files set them to what those versions did).
    listed_initial_similarity: float
    """Similarity of a whole query word to a single letter of the listed name."""
    phonetic_edit_min: float
    """Phonetic keys agree only for pairs at least this similar by edits."""
    vowelless_shorter_only: bool
    """Vowelless agreement only when the vowelless token is the shorter one."""
    # Version 4 rule (versions 1-3 set it to false).
    vowelless_keeps_shape: bool
    """Vowelless agreement only where the vowelless token keeps the other's first letter (or
    the other opens with a vowel) and two consonants or more."""
    swapped_extra_list_token_weight: float
    """Share of unmatched listed tokens when the query has unmatched tokens too (a swap)."""
    swapped_form_word_share: float
    """How far an unmatched query legal-form word counts as a name word in a swap."""
    form_prefix_only_forms: bool
    """A query legal-form word is a cut-short word only of a listed legal-form word."""
    glued_without_forms: bool
    """The glued-string similarity leaves legal-form words out."""
    glued_forms_ignored: bool
    listed_forms_as_extra: bool
    """Legal forms the listed name adds weigh as extra listed words even where one word alone
    agrees (not in full, as a dropped name word does)."""
    """Where the name words have no word in common, the glued strings are compared without
    legal-form words only (not the lower of with and without them)."""
    trailing_particle_as_word: bool
    """A particle ending the query is a name word when the listed name has words left over."""
    short_two_edit_similarity_max: float
    """Cap of the edit similarity of tokens under 8 letters two or more edits apart."""
    short_prefix_is_initial: bool
    """A cut-short last word of two letters weighs and counts as an initial."""


@dataclass(frozen=True, slots=True)
class QualifierWeights:
    dob_exact_bonus: float
    dob_year_bonus: float
    dob_mismatch_penalty: float
    country_match_bonus: float
    country_mismatch_penalty: float
    kind_mismatch_penalty: float
    weak_alias_penalty: float


@dataclass(frozen=True, slots=True)
class IdentifierWeights:
    exact_score: float
    cross_scheme_score: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    alert: float
    """The default ``score_min``: hits at or above it alert."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    legal_forms: Mapping[str, str]
    """Normalised variant ("public joint stock company") -> canonical form ("pjsc")."""
    honorifics: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    form_words: frozenset[str]
    """Every word of every legal form ("limited", "liability", "obshchestvo", "pjsc")."""
    form_heads: Mapping[str, int]
    """First word of a legal-form variant -> the most words a variant starting with it has."""


@dataclass(frozen=True, slots=True)
class MatchingConfig:
    version: str
    retrieval: RetrievalSettings
    names: NameWeights
    qualifiers: QualifierWeights
    identifiers: IdentifierWeights
    thresholds: Thresholds
    vocabulary: Vocabulary

    @property
    def matcher_version(self) -> str:
        return f"bankwire-match/{self.version}"


SectionT = TypeVar("SectionT")


def _section(source: str, raw: Mapping[str, Any], key: str, cls: type[SectionT]) -> SectionT:
    """Build one frozen section, checking every field is present, known and in range."""
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: section {key!r} must be a mapping (got {value!r})")
    expected = {field.name: field.type for field in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(value) - set(expected))
    missing = sorted(set(expected) - set(value))
    if unknown or missing:
        raise ConfigError(
            f"{source}: section {key!r} has unknown keys {unknown} and misses keys {missing}"
        )
    checked: dict[str, float | int | bool] = {}
    for name, type_name in expected.items():
        item = value[name]
        if type_name == "bool":
            if not isinstance(item, bool):
                raise ConfigError(f"{source}: {key}.{name} must be true or false (got {item!r})")
            checked[name] = item
            continue
        if type_name == "int":
            if not isinstance(item, int) or isinstance(item, bool) or item <= 0:
                raise ConfigError(f"{source}: {key}.{name} must be a positive int (got {item!r})")
        elif name.endswith("_weight") and key == "names":
            # Relative weights may exceed 1 (a leftover query token counting double).
            if not isinstance(item, int | float) or isinstance(item, bool) or not 0 <= item <= 4:
                raise ConfigError(
                    f"{source}: {key}.{name} must be a number in [0, 4] (got {item!r})"
                )
        elif not isinstance(item, int | float) or isinstance(item, bool) or not 0 <= item <= 1:
            raise ConfigError(f"{source}: {key}.{name} must be a number in [0, 1] (got {item!r})")
        checked[name] = item if type_name == "int" else float(item)
    return cls(**checked)


def _words(source: str, raw: Mapping[str, Any], key: str) -> frozenset[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise ConfigError(f"{source}: {key!r} must be a list of strings (got {value!r})")
    return frozenset(value)


def parse_vocabulary(source: str, raw: Any) -> Vocabulary:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping at the top (got {type(raw).__name__})")
    forms = raw.get("legal_forms")
    if not isinstance(forms, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in forms.items()
    ):
        raise ConfigError(f"{source}: 'legal_forms' must map strings to strings")
    unknown = sorted(set(raw) - {"legal_forms", "honorifics", "particles", "suffixes"})
    if unknown:
        raise ConfigError(f"{source}: unknown keys {unknown}")
    particles = _words(source, raw, "particles")
    # Particles ("de" in "s a de c v") and single letters are no legal-form words of their own.
    form_words = frozenset(
        word
        for phrase in (*forms, *forms.values())
        for word in str(phrase).split()
        if len(word) > 1 and word not in particles
    )
    form_heads: dict[str, int] = {}
    for variant in forms:
        words = str(variant).split(" ")
        form_heads[words[0]] = max(form_heads.get(words[0], 0), len(words))
    return Vocabulary(
        legal_forms=dict(forms),
        form_words=form_words,
        form_heads=form_heads,
        honorifics=_words(source, raw, "honorifics"),
        particles=particles,
        suffixes=_words(source, raw, "suffixes"),
    )


def parse_config(source: str, raw: Any, vocabulary: Vocabulary) -> MatchingConfig:
    """Validate a parsed YAML document into a ``MatchingConfig``; ``source`` names it in errors."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping at the top (got {type(raw).__name__})")
    sections = {"retrieval", "names", "qualifiers", "identifiers", "thresholds", "version"}
    unknown = sorted(set(raw) - sections)
    if unknown:
        raise ConfigError(f"{source}: unknown top-level keys {unknown}")
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        raise ConfigError(f"{source}: 'version' must be a non-empty string (got {version!r})")
    config = MatchingConfig(
        version=version,
        retrieval=_section(source, raw, "retrieval", RetrievalSettings),
        names=_section(source, raw, "names", NameWeights),
        qualifiers=_section(source, raw, "qualifiers", QualifierWeights),
        identifiers=_section(source, raw, "identifiers", IdentifierWeights),
        thresholds=_section(source, raw, "thresholds", Thresholds),
        vocabulary=vocabulary,
    )
    # Token similarities are worked out in full only down to the alignment minimum (below
    # it, no comparison tells pairs apart), so retrieval cannot ask for less.
    if config.retrieval.token_similarity_min < config.names.token_alignment_min:
        raise ConfigError(
            f"{source}: retrieval.token_similarity_min "
            f"({config.retrieval.token_similarity_min}) must be at least "
            f"names.token_alignment_min ({config.names.token_alignment_min})"
        )
    return config


def _load_yaml(file_name: str) -> Any:
    try:
        text = (
            resources.files(DATA_PACKAGE)
            .joinpath(DATA_FOLDER, file_name)
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError as exc:
        raise ConfigError(
            f"matching data {file_name} is not in {DATA_PACKAGE}/{DATA_FOLDER}"
        ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"matching data {file_name}: not valid YAML: {exc}") from exc


def load_config(version: str = DEFAULT_VERSION) -> MatchingConfig:
    """Load ``v<version>.yaml`` and the vocabulary from the package data."""
    vocabulary = parse_vocabulary("vocabulary.yaml", _load_yaml("vocabulary.yaml"))
    file_name = f"v{version}.yaml"
    config = parse_config(file_name, _load_yaml(file_name), vocabulary)
    if config.version != version:
        raise ConfigError(f"{file_name}: states version {config.version!r}, expected {version!r}")
    return config


@lru_cache(maxsize=1)
def default_config() -> MatchingConfig:
    return load_config(DEFAULT_VERSION)
