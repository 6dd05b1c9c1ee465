"""Name normalisation, done once per list name at index time and once per query.

The steps, in order, and why each exists:

1. Unicode NFKC, so ligatures, full-width and compatibility forms ("ﬁ", "ＰＤＶＳＡ") become
   their plain letters.
2. Invisible characters (zero-width space/joiner, soft hyphen, bidi marks, BOM, other format
   and control characters) are removed: they are invisible to an analyst and a classic way to
   slip a name past an exact comparison. Emoji and other pictographs become spaces.
3. Homoglyph folding: in a name that is written in Latin letters, Cyrillic and Greek look-alikes
   ("Ваnk" with a Cyrillic В and а) are mapped to the Latin letter they imitate. Words wholly in
   Cyrillic inside an otherwise non-Latin name are left alone and transliterated instead.
4. Transliteration to ASCII with ``anyascii``. Chosen over ``text-unidecode`` (older tables,
   weaker Arabic/CJK coverage, GPL-compatible licence questions), ``pyicu`` (a C++ ICU build,
   heavy to install on every node) and ``normality`` (itself a wrapper that picks ICU or
   unidecode depending on what is installed, so results would vary between machines).
   ``anyascii`` is pure Python, deterministic, covers Cyrillic, Greek, Arabic, Persian,
   Hebrew and CJK, and strips diacritics in the same pass. Its abjad output drops short vowels
   (محمد -> "mhmd"); the matcher's consonant-skeleton key is what bridges that to "Muhammad".
5. Case folding; apostrophes vanish (Promsvyaz'bank -> promsvyazbank, O'Brien -> obrien);
   dotted abbreviations become one word (S.A.C. -> sac); other punctuation becomes a space.
6. Vocabulary: honorifics opening a name and generational suffixes closing it are dropped,
   legal forms (PJSC, "Public Joint Stock Company", OAO, S.A., GmbH ...) are recognised as
   canonical forms and their words weigh little in scoring, particles (de, van, al, bin) are
   kept out of the tokens.
7. Acronyms are derived from the token initials (Petroleos de Venezuela S.A. -> "pdvsa") so a
   query "PDVSA" finds the full name and the reverse.

Token order is not kept as meaning: the matcher aligns tokens as a set.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import ClassVar, Final

from anyascii import anyascii

from bankwire.sanctions.matching.config import Vocabulary
from bankwire.sanctions.value import FieldValue

__all__ = [
    "NormalizedName",
    "fold_homoglyphs",
    "normalize_name",
    "normalize_text",
    "strip_invisible",
]

# Cyrillic and Greek letters that render like a Latin letter, mapped to that letter.
_HOMOGLYPHS: Final[dict[str, str]] = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Һ": "H",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_INVISIBLE_CATEGORIES: Final = frozenset({"Cf", "Cc", "Co", "Cs", "Cn"})
_WHITESPACE_CONTROLS: Final = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85")
_APOSTROPHES: Final = re.compile(r"['`\u00b4\u2018\u2019\u02bc\u02bb]")
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")
# "S.A.C.", "L.L.C.", "D.O.O.": dotted abbreviations are one word, not a run of initials.
_DOTTED: Final = re.compile(r"\b(?:[a-z]\.){2,}")
_ACRONYM_LENGTH_MIN: Final = 3
_FORM_LETTERS_MAX: Final = 3


class NormalizedName(FieldValue):
    """A name reduced to what identifies it, plus what was set aside and why.

    A plain class with ``Final`` attributes rather than a frozen dataclass: one is built for
    every query and every list name, and compiled it is a native class whose constructor
    runs in C and whose attributes have no setter. Equality, hashing and ``repr`` are the
    dataclass ones.
    """

    __slots__ = ("acronyms", "legal_forms", "original", "tokens")
    _NAMES: ClassVar[tuple[str, ...]] = ("original", "tokens", "legal_forms", "acronyms")

    original: Final[str]
    tokens: Final[tuple[str, ...]]
    """Tokens in name order without honorifics, suffixes and particles. Legal-form words stay
    (with a low weight in scoring): perturbed or reordered forms ("LIABILITT", "LMTD") are not
    recognisable as forms, and must still find their partner on the other side."""
    legal_forms: Final[tuple[str, ...]]
    """Canonical legal forms found ("pjsc", "sa"), a qualifier for organisations."""
    acronyms: Final[tuple[str, ...]]
    """Acronyms derived from the token initials, e.g. ("pdvsa", "pdv")."""

    def __init__(
        self,
        original: str,
        tokens: tuple[str, ...],
        legal_forms: tuple[str, ...] = (),
        acronyms: tuple[str, ...] = (),
    ) -> None:
        self.original = original
        self.tokens = tokens
        self.legal_forms = legal_forms
        self.acronyms = acronyms

    def _fields(self) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return (self.original, self.tokens, self.legal_forms, self.acronyms)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        """The tokens glued together: "promsvyaz bank" and "promsvyazbank" meet here."""
        return "".join(self.tokens)


def strip_invisible(text: str) -> str:
    """Drop invisible and control characters; whitespace-like controls become a space."""
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in _WHITESPACE_CONTROLS:
            kept.append(" ")
        elif category == "So":
            # Emoji and pictographs: transliteration would spell them out (":grinning:"),
            # inventing words no name has.
            kept.append(" ")
        elif category not in _INVISIBLE_CATEGORIES:
            kept.append(char)
    return "".join(kept)


def _is_latin_letter(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or unicodedata.name(char, "").startswith("LATIN")


def fold_homoglyphs(text: str) -> str:
    """Map Cyrillic/Greek look-alikes to Latin in words of a name that is written in Latin.

    A word is folded when it mixes Latin letters with look-alikes, or when it consists only of
    look-alikes and some other word of the name is Latin: both are what an evasion looks like.
    A word with a non-Latin letter that has no Latin look-alike ("Promсвязьbank": я, з, ь) is
    not Latin in disguise but partly written in another script, and is left for
    transliteration ("promsvyazbank"); folding it gave "promcbyazbank".
    """
    words = text.split(" ")
    has_latin = [any(_is_latin_letter(char) for char in word) for word in words]
    if not any(has_latin):
        return text
    folded: list[str] = []
    for word, latin in zip(words, has_latin, strict=True):
        letters = [char for char in word if char.isalpha()]
        look_alike = [char in _HOMOGLYPHS for char in letters]
        disguised = all(
            alike or _is_latin_letter(char) for char, alike in zip(letters, look_alike, strict=True)
        )
        if any(look_alike) and disguised and (latin or all(look_alike)):
            word = "".join(_HOMOGLYPHS.get(char, char) for char in word)
        folded.append(word)
    return " ".join(folded)


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """Steps 1-5: NFKC, invisibles, homoglyphs, transliteration, case and punctuation."""
    if text.isascii():
        # The common case: nothing to fold or transliterate; controls fall to _NON_ALNUM.
        ascii_text = text.casefold()
    else:
        cleaned = strip_invisible(unicodedata.normalize("NFKC", text))
        ascii_text = anyascii(fold_homoglyphs(cleaned)).casefold()
    # The text is ASCII by now (anyascii's output), so of the apostrophes only two can be
    # left; each substitution runs only when there is something for it to find (most names
    # have neither an apostrophe nor a dot, and a regex call costs more than the look).
    if "'" in ascii_text or "`" in ascii_text:
        ascii_text = _APOSTROPHES.sub("", ascii_text)
    if "." in ascii_text:
        ascii_text = _DOTTED.sub(lambda found: found.group(0).replace(".", "") + " ", ascii_text)
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def _strip_honorifics(tokens: list[str], vocabulary: Vocabulary) -> list[str]:
    while len(tokens) > 1 and tokens[-1] in vocabulary.suffixes:
        tokens = tokens[:-1]
    while len(tokens) > 1:
        two = " ".join(tokens[:2])
        if two in vocabulary.honorifics and len(tokens) > 2:
            tokens = tokens[2:]
        elif tokens[0] in vocabulary.honorifics:
            tokens = tokens[1:]
        else:
            break
    return tokens


def _find_legal_forms(tokens: list[str], vocabulary: Vocabulary) -> list[str]:
    """Canonical legal forms in the name (longest runs first); short ones only at its ends."""
    forms: list[str] = []
    # Most words start no legal form: one look at the first words saves joining the runs.
    heads = vocabulary.form_heads
    index = 0
    while index < len(tokens):
        longest = heads.get(tokens[index], 0)
        for length in (5, 4, 3, 2, 1):
            if length > longest or index + length > len(tokens):
                continue
            canonical = vocabulary.legal_forms.get(" ".join(tokens[index : index + length]))
            at_edge = index == 0 or index + length == len(tokens)
            if canonical is not None and (length >= 3 or at_edge):
                forms.append(canonical)
                index += length
                break
        else:
            index += 1
    return forms


def _initials(tokens: list[str], vocabulary: Vocabulary) -> str:
    """Initials of the tokens; a short legal form gives all its letters ("sa" in PDVSA)."""
    parts = []
    for token in tokens:
        if token.isdigit():
            continue
        short_form = token in vocabulary.form_words and len(token) <= _FORM_LETTERS_MAX
        parts.append(token if short_form else token[0])
    return "".join(parts)


def _acronyms(
    all_tokens: list[str], identity: list[str], vocabulary: Vocabulary
) -> tuple[str, ...]:
    """Initials of the full token run and of the identity tokens, when long enough to mean it."""
    candidates = (_initials(all_tokens, vocabulary), _initials(identity, vocabulary))
    unique = dict.fromkeys(value for value in candidates if len(value) >= _ACRONYM_LENGTH_MIN)
    return tuple(unique)


def with_trailing_particle(
    normalized: NormalizedName, vocabulary: Vocabulary
) -> NormalizedName | None:
    """``normalized`` with its last word back when that word is a particle, else None.

    A particle belongs to the word after it ("al-Zawahiri", "van Dijk"); one at the very end
    of a name ("KIM Myong VAN") has no word to belong to and may be a name word of its own.
    """
    raw_tokens = _strip_honorifics(normalize_text(normalized.original).split(), vocabulary)
    if len(raw_tokens) < 2 or raw_tokens[-1] not in vocabulary.particles:
        return None
    if not normalized.tokens or normalized.tokens[-1] == raw_tokens[-1]:
        return None
    return NormalizedName(
        normalized.original,
        (*normalized.tokens, raw_tokens[-1]),
        normalized.legal_forms,
        normalized.acronyms,
    )


def normalize_name(text: str, vocabulary: Vocabulary, *, person: bool = False) -> NormalizedName:
    """Normalise one name; ``person`` keeps short words that are legal forms elsewhere ("Ao")."""
    raw_tokens = normalize_text(text).split()
    tokens = _strip_honorifics(raw_tokens, vocabulary)
    forms = [] if person else _find_legal_forms(tokens, vocabulary)
    identity = [token for token in tokens if token not in vocabulary.particles]
    if not identity:
        # A name made only of particles ("De La") is still that name, not nothing.
        identity = tokens
    acronyms = () if person or len(raw_tokens) < 2 else _acronyms(raw_tokens, identity, vocabulary)
    return NormalizedName(
        original=text, tokens=tuple(identity), legal_forms=tuple(forms), acronyms=acronyms
    )
