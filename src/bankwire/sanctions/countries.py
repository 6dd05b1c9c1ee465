"""Country names as lists write them, mapped to ISO 3166-1 alpha-2 codes.

Lists write countries every way ("Russia", "Russian Federation", "Korea, North", "Burma").
``countrynames`` (from the FollowTheMoney ecosystem) knows those forms; an unmappable name is
kept as written by the caller and gets no code, never a guess.
"""

from __future__ import annotations

from functools import lru_cache

import countrynames

__all__ = ["to_country_code"]


@lru_cache(maxsize=4096)
def to_country_code(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None when it cannot be mapped."""
    if name is None:
        return None
    text = name.strip()
    if not text:
        return None
    code: str | None = countrynames.to_code(text, fuzzy=False)
    return code.upper() if code else None
