"""The screening hot path's value classes behave as the frozen dataclasses they replaced, and
the result classes built without their frozen ``__init__`` are the same objects.

``TokenPair``, ``NameComparison``, ``NormalizedName``, ``PreparedQuery`` and ``IndexedName``
are plain classes (native classes when compiled, for a constructor that runs in C); callers
still rely on equality and hashing by fields, the dataclass ``repr`` and, in the compiled
build, attributes that cannot be set.
"""

from __future__ import annotations

import dataclasses
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType
from typing import Any

import pytest

from bankwire.sanctions import index, normalize, scorer
from bankwire.sanctions.index import IndexedName
from bankwire.sanctions.matching import names
from bankwire.sanctions.matching.names import NameComparison, PairKind, TokenPair
from bankwire.sanctions.model import Name, PartialDate
from bankwire.sanctions.normalize import NormalizedName
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
from bankwire.sanctions.scorer import PreparedQuery


def _pair(similarity: float = 0.9) -> TokenPair:
    return TokenPair("promsviaz", "promsvyaz", similarity, PairKind.PHONETIC, 1.5)


def _normalized(tokens: tuple[str, ...] = ("rad", "trading")) -> NormalizedName:
    return NormalizedName("Rad Trading LLC", tokens, ("llc",), ("rtl",))


def _values() -> list[tuple[object, object, object]]:
    """(value, an equal value built apart, a value differing in one field) per class."""
    comparison = NameComparison(0.9, (_pair(),), (), ("bank",), 0.9, 0.8)
    return [
        (_pair(), _pair(), _pair(0.8)),
        (
            comparison,
            NameComparison(0.9, (_pair(),), (), ("bank",), 0.9, 0.8, None),
            NameComparison(0.9, (_pair(),), (), ("bank",), 0.9, 0.8, "pb"),
        ),
        (_normalized(), _normalized(), _normalized(("rad",))),
        (
            PreparedQuery(QueryKind.PERSON, PartialDate(1970), "RU"),
            PreparedQuery(QueryKind.PERSON, PartialDate(1970), "RU"),
            PreparedQuery(QueryKind.PERSON, None, "RU"),
        ),
        (
            IndexedName(3, Name("Rad Trading LLC"), _normalized()),
            IndexedName(3, Name("Rad Trading LLC"), _normalized()),
            IndexedName(4, Name("Rad Trading LLC"), _normalized()),
        ),
    ]


@pytest.mark.parametrize(("value", "same", "other"), _values())
def test_equal_fields_are_equal_values_with_equal_hashes(
    value: object, same: object, other: object
) -> None:
    assert value == same
    assert hash(value) == hash(same)
    assert value != other
    assert value != "not a value"
    assert {value, same, other} == {value, other}


def test_repr_is_the_dataclass_one() -> None:
    assert repr(_pair()) == (
        "TokenPair(query='promsviaz', listed='promsvyaz', similarity=0.9, "
        "kind=<PairKind.PHONETIC: 'phonetic'>, weight=1.5)"
    )
    assert repr(_normalized()) == (
        "NormalizedName(original='Rad Trading LLC', tokens=('rad', 'trading'), "
        "legal_forms=('llc',), acronyms=('rtl',))"
    )
    assert repr(NameComparison(1.0, (), ("a",), (), 0.5, 1.0, "ab")) == (
        "NameComparison(score=1.0, pairs=(), unmatched_query=('a',), unmatched_listed=(), "
        "token_score=0.5, string_score=1.0, acronym='ab')"
    )
    assert repr(PreparedQuery(QueryKind.ANY, None, None)) == (
        "PreparedQuery(kind=<QueryKind.ANY: 'any'>, birth_date=None, country=None)"
    )


def test_defaults_are_the_dataclass_ones() -> None:
    assert NormalizedName("X", ("x",)).legal_forms == ()
    assert NormalizedName("X", ("x",)).acronyms == ()
    assert NameComparison(0.0, (), (), (), 0.0, 0.0).acronym is None


_FIRST_FIELD = {
    "TokenPair": "query",
    "NameComparison": "score",
    "NormalizedName": "tokens",
    "PreparedQuery": "kind",
    "IndexedName": "entry_position",
}


def _compiled(module: ModuleType) -> bool:
    return str(module.__file__).endswith(tuple(EXTENSION_SUFFIXES))


@pytest.mark.parametrize(("value", "same", "other"), _values())
def test_compiled_values_cannot_be_changed(value: object, same: object, other: object) -> None:
    if not all(_compiled(module) for module in (names, normalize, scorer, index)):
        pytest.skip("pure-Python build: immutability is checked by mypy (Final) only")
    field = _FIRST_FIELD[type(value).__name__]
    with pytest.raises(AttributeError):
        setattr(value, field, getattr(other, field))
    assert value == same


def test_fast_builders_build_what_the_constructors_build() -> None:
    """The screener builds its features, hits and results without the frozen ``__init__``;
    they are the same objects, and a hit still checks its score."""
    feature = Feature("name_exact", 1.0, "token 'rad' exact")
    assert new_feature("name_exact", 1.0, "token 'rad' exact") == feature
    arguments: dict[str, Any] = {
        "list_name": "us_ofac_sdn",
        "source_id": "34656",
        "entry_kind": "organization",
        "matched_name": "Promsvyazbank",
        "primary_name": "PUBLIC JOINT STOCK COMPANY PROMSVYAZBANK",
        "score": 0.93,
        "basis": HitBasis.NAME,
        "features": (feature,),
        "programs": ("RUSSIA-EO14024",),
    }
    hit = Hit(**arguments)
    built = new_hit(**arguments)
    assert type(built) is Hit
    assert built == hit
    assert repr(built) == repr(hit)
    with pytest.raises(ValueError, match="score must be in"):
        new_hit(**{**arguments, "score": 1.5})
    result = ScreeningResult(ScreeningQuery("Promsvyazbank"), (hit,), "3")
    assert new_screening_result(ScreeningQuery("Promsvyazbank"), (hit,), "3") == result
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.score = 0.5  # type: ignore[misc]
