"""Which writing system a name is in, so non-Latin forms can be labelled and transliterated.

Lists give original-script names (UN NAME_ORIGINAL_SCRIPT, OFSI "Name Non-Latin Script", EU
aliases in Cyrillic) without always saying which script they are in, and when they say it the
label is often misspelt ("Cryillic"). Matching needs the script to pick a transliteration,
so readers detect it from the characters themselves. Names follow ISO 15924.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["detect_script", "is_latin"]

# Unicode character-name prefixes -> ISO 15924 script names. Order does not matter: a
# character name starts with exactly one of them.
_SCRIPT_PREFIXES: Final[dict[str, str]] = {
    "CYRILLIC": "Cyrillic",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "GREEK": "Greek",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "CJK": "Han",
    "HANGUL": "Hangul",
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "THAI": "Thai",
    "MYANMAR": "Myanmar",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "TAMIL": "Tamil",
    "ETHIOPIC": "Ethiopic",
    "KHMER": "Khmer",
    "LAO": "Lao",
    "SYRIAC": "Syriac",
    "THAANA": "Thaana",
    "TIBETAN": "Tibetan",
    "MONGOLIAN": "Mongolian",
    "LATIN": "Latin",
}


@lru_cache(maxsize=65536)
def _char_script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return _SCRIPT_PREFIXES.get(first)


def detect_script(text: str) -> str | None:
    """The ISO 15924 name of the script most letters of ``text`` are in, or None.

    Returns "Latin" for Latin text; None when the text has no letters of a known script.
    Ties go to the script seen first, which is stable for a given string.
    """
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        script = _char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda script: counts[script])


def is_latin(text: str) -> bool:
    """True when the text is written in Latin letters (or has no letters at all)."""
    script = detect_script(text)
    return script is None or script == "Latin"
