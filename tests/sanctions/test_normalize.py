"""Normalisation: what a name is reduced to, once at index time and once per query."""

from __future__ import annotations

import re
import unicodedata

import pytest
from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from bankwire.sanctions.matching.config import default_config
from bankwire.sanctions.normalize import (
    _find_legal_forms,
    fold_homoglyphs,
    normalize_name,
    normalize_text,
    strip_invisible,
    with_trailing_particle,
)
from tests.strategies_screening import any_text

VOCABULARY = default_config().vocabulary

TEXT_CASES = [
    ("Petróleos de Venezuela", "petroleos de venezuela"),
    ("ＰＤＶＳＡ", "pdvsa"),  # Full-width forms (NFKC).
    ("ﬁnance", "finance"),  # Ligature (NFKC).
    ("Prom\u200bsvyaz\u00adbank", "promsvyazbank"),  # Zero-width space, soft hyphen.
    ("Промсвязьбанк", "promsvyazbank"),  # Cyrillic, soft sign as apostrophe dropped.
    ("Νίκος", "nikos"),  # Greek.
    ("Müller", "muller"),
    ("O'Brien", "obrien"),
    ("O\u2019Brien", "obrien"),  # A typographic apostrophe, transliterated first.
    ("D`Souza", "dsouza"),
    ("S.A.C.", "sac"),  # A dotted abbreviation is one word.
    ("AL-ASHTAR  BRIGADES", "al ashtar brigades"),
    ("Tab\tand\nnewline", "tab and newline"),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def _every_step(text: str) -> str:
    """``normalize_text`` with every substitution run whether or not it can find anything."""
    if text.isascii():
        folded = text.casefold()
    else:
        cleaned = strip_invisible(unicodedata.normalize("NFKC", text))
        folded = anyascii(fold_homoglyphs(cleaned)).casefold()
    folded = re.sub(r"['`\u00b4\u2018\u2019\u02bc\u02bb]", "", folded)
    folded = re.sub(
        r"\b(?:[a-z]\.){2,}", lambda found: found.group(0).replace(".", "") + " ", folded
    )
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


@given(any_text)
def test_substitutions_skipped_only_when_they_would_change_nothing(text: str) -> None:
    assert normalize_text(text) == _every_step(text)


def test_homoglyphs_fold_only_in_latin_names() -> None:
    """Cyrillic look-alikes inside a Latin name are an evasion; a Cyrillic name is a name."""
    assert fold_homoglyphs("Ваnk of Аmerica") == "Bank of America"
    assert fold_homoglyphs("Сбербанк") == "Сбербанк"
    assert normalize_text("РDVSА") == "pdvsa"  # Mixed Cyrillic Р and А in Latin letters.


def test_strip_invisible_keeps_visible_text() -> None:
    assert strip_invisible("a\u200db\ufeffc\u202ed") == "abcd"


def test_arabic_and_hebrew_transliterate_to_consonants() -> None:
    assert normalize_text("محمد") == "mhmd"
    assert normalize_text("משה") == "msh"


def test_legal_forms_are_recognised_and_kept_as_tokens() -> None:
    name = normalize_name("Promsvyazbank Public Joint Stock Company", VOCABULARY)
    assert name.legal_forms == ("pjsc",)
    assert name.tokens == ("promsvyazbank", "public", "joint", "stock", "company")


def test_short_legal_forms_count_only_at_the_ends() -> None:
    assert normalize_name("OOO Ukon", VOCABULARY).legal_forms == ("llc",)
    assert normalize_name("Banco SA Lima", VOCABULARY).legal_forms == ()


def _forms_at_every_run(tokens: list[str]) -> list[str]:
    """The legal forms of ``tokens`` with every run of one to five words looked up."""
    forms: list[str] = []
    index = 0
    while index < len(tokens):
        for length in (5, 4, 3, 2, 1):
            if index + length > len(tokens):
                continue
            canonical = VOCABULARY.legal_forms.get(" ".join(tokens[index : index + length]))
            if canonical is not None and (
                length >= 3 or index == 0 or index + length == len(tokens)
            ):
                forms.append(canonical)
                index += length
                break
        else:
            index += 1
    return forms


FORM_WORDS = sorted({word for variant in VOCABULARY.legal_forms for word in variant.split()})


@given(st.lists(st.sampled_from([*FORM_WORDS, "oxin", "steel", "bank"]), max_size=9))
def test_legal_forms_looked_up_only_from_their_first_words(tokens: list[str]) -> None:
    assert _find_legal_forms(tokens, VOCABULARY) == _forms_at_every_run(tokens)


def test_person_names_have_no_legal_forms_or_acronyms() -> None:
    name = normalize_name("Ao Sa", VOCABULARY, person=True)
    assert name.legal_forms == ()
    assert name.acronyms == ()


def test_honorifics_suffixes_and_particles_are_dropped() -> None:
    name = normalize_name("Sheikh Abd al-Rahman bin Laden Jr.", VOCABULARY, person=True)
    assert name.tokens == ("abd", "rahman", "laden")


def test_a_name_of_particles_only_is_kept() -> None:
    assert normalize_name("De La", VOCABULARY).tokens == ("de", "la")


def test_acronyms_from_initials() -> None:
    name = normalize_name("PETROLEOS DE VENEZUELA, S.A.", VOCABULARY)
    assert "pdvsa" in name.acronyms
    assert normalize_name("PDVSA", VOCABULARY).acronyms == ()


def test_compact_glues_tokens() -> None:
    assert normalize_name("Promsvyaz Bank", VOCABULARY).compact == "promsvyazbank"


@given(any_text)
def test_normalize_never_raises_and_gives_ascii_tokens(text: str) -> None:
    name = normalize_name(text, VOCABULARY)
    for token in name.tokens:
        assert token.isascii()
        assert token == token.lower()
        assert token.isalnum()


def test_trailing_particle_comes_back_as_a_word() -> None:
    vocabulary = default_config().vocabulary
    kim = normalize_name("KIM Myong VAN", vocabulary)
    assert kim.tokens == ("kim", "myong")
    variant = with_trailing_particle(kim, vocabulary)
    assert variant is not None
    assert variant.tokens == ("kim", "myong", "van")
    # A particle before a word is a particle, and a name of particles only stays as it is.
    assert (
        with_trailing_particle(normalize_name("Ayman al Zawahiri", vocabulary), vocabulary) is None
    )
    assert with_trailing_particle(normalize_name("De La", vocabulary), vocabulary) is None


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Promсвязьbank", ("promsvyazbank",)),  # Partly Cyrillic: transliterated.
        ("Рrоmsvyazbank", ("promsvyazbank",)),  # Cyrillic look-alikes only: folded.
        ("Sberbаnk Россия", ("sberbank", "rossiya")),
    ],
)
def test_a_word_partly_in_another_script_is_transliterated_not_folded(
    name: str, tokens: tuple[str, ...]
) -> None:
    """Folding look-alikes made "Promсвязьbank" "promcbyazbank" (с -> c, в -> b); a word with
    letters that have no Latin look-alike (я, з, ь) is read in its own script."""
    assert normalize_name(name, VOCABULARY, person=False).tokens == tokens
