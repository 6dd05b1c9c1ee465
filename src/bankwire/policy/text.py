"""One normalisation for the words rules look for and the text they look in.

Rules match terms on word boundaries after folding case and accents ("Petróleos" and
"PETROLEOS" are the same word) and turning punctuation into spaces ("S.A." and "S A").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["contains_term", "normalise_text"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65_536)
def normalise_text(text: str) -> str:
    """Lower-case ASCII words separated by single spaces.

    Cached: the same party names come back payment after payment and rule after rule.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", stripped).strip()


def contains_term(normalised_text: str, normalised_term: str) -> bool:
    """Whether the term occurs as whole words; both sides already normalised."""
    if not normalised_term:
        return False
    return f" {normalised_term} " in f" {normalised_text} "
