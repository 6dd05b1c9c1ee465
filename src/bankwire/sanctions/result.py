"""What screening takes and gives back: ``ScreeningQuery`` in, ``ScreeningResult`` out.

This is the contract between the screening engine and its users (the policy engine, the
payment pipeline, the batch CLI). Every hit explains itself: the features that contributed,
each with a sentence a reviewer can read (nomenklatura's ``FtResult`` detail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bankwire.frozen import fast_constructor

__all__ = [
    "Feature",
    "Hit",
    "HitBasis",
    "QueryKind",
    "ScreeningQuery",
    "ScreeningResult",
]


class QueryKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    ANY = "any"


class HitBasis(StrEnum):
    """Why the entry was retrieved: its name looked alike, or an identifier was equal."""

    NAME = "name"
    IDENTIFIER = "identifier"


@dataclass(frozen=True, slots=True)
class ScreeningQuery:
    name: str
    kind: QueryKind = QueryKind.ANY
    id: str | None = None
    """The caller's reference (a batch line id, a message party path)."""
    birth_date: str | None = None
    """ISO date or year, as precise as known."""
    country: str | None = None
    """ISO 3166-1 alpha-2."""
    identifiers: tuple[tuple[str, str], ...] = ()
    """(scheme, value) pairs, schemes as in ``IdentifierScheme`` (``bic``, ``imo`` ...)."""


@dataclass(frozen=True, slots=True)
class Feature:
    """One contribution to a score, with its explanation shown to reviewers."""

    name: str
    """Stable feature id: ``name_tokens``, ``phonetic``, ``dob_year``, ``bic_exact`` ..."""
    score: float
    """This feature's own similarity or adjustment (negative for penalties)."""
    detail: str
    """A sentence, e.g. "token 'promsvyaz' ~ 'promsviaz' (0.93)" or "BIC PRMSRUMM exact"."""


@dataclass(frozen=True, slots=True)
class Hit:
    list_name: str
    source_id: str
    entry_kind: str
    matched_name: str
    """The list name (primary or alias) that matched best."""
    primary_name: str
    score: float
    """In [0, 1]; 1 is certain."""
    basis: HitBasis
    features: tuple[Feature, ...]
    list_version: str | None = None
    """Content hash of the list version screened against."""
    programs: tuple[str, ...] = ()
    weak_alias: bool = False
    """The best name was a weak a.k.a., which alone should not block."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"hit score must be in [0, 1] (got {self.score})")


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    query: ScreeningQuery
    hits: tuple[Hit, ...]
    """Sorted by score, highest first."""
    matcher_version: str
    list_versions: tuple[str, ...] = ()

    @property
    def top_score(self) -> float:
        return self.hits[0].score if self.hits else 0.0


# ``Feature(...)``, ``Hit(...)`` and ``ScreeningResult(...)`` without the frozen ``__init__``
# (same arguments, equal objects, ``Hit``'s check of its score included): the screener builds
# a dozen features and a hit or two for every query it explains.
new_feature: Final[Callable[[str, float, str], Feature]] = fast_constructor(Feature)
new_hit: Final[Callable[..., Hit]] = fast_constructor(Hit)
new_screening_result: Final[Callable[..., ScreeningResult]] = fast_constructor(ScreeningResult)
