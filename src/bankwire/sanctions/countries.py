"""Country names as lists write them, mapped to ISO 3166-1 alpha-2 codes.

Lists write countries every way ("Russia", "Russian Federation", "Korea, North", "Burma").
``countrynames`` (from the FollowTheMoney ecosystem) knows those forms; an unmappable name is
kept as written by the caller and gets no code, never a guess.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import countrynames

__all__ = ["to_country_code"]


def _unmappable() -> tuple[type[Exception], ...]:
    """ICU's error for text it cannot transliterate, where PyICU is installed (``normality``
    uses it to latinise a name before ``countrynames`` looks it up)."""
    try:
        icu = importlib.import_module("icu")
    except ImportError:
        return ()
    error = getattr(icu, "ICUError", None)
    return (error,) if isinstance(error, type) and issubclass(error, Exception) else ()


_UNMAPPABLE = _unmappable()


@lru_cache(maxsize=4096)
def to_country_code(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None when it cannot be mapped."""
    if name is None:
        return None
    text = name.strip()
    if not text:
        return None
    try:
        code: str | None = countrynames.to_code(text, fuzzy=False)
    except _UNMAPPABLE:  # Characters ICU cannot transliterate: no country's name.
        return None
    return code.upper() if code else None
