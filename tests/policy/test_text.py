"""Term matching folds case, accents and punctuation, and respects word boundaries."""

from __future__ import annotations

from bankwire.policy.text import contains_term, normalise_text


def test_normalise_text() -> None:
    assert normalise_text("Petróleos de Venezuela, S.A.") == "petroleos de venezuela s a"
    assert normalise_text("  ") == ""


def test_contains_term_on_word_boundaries() -> None:
    text = normalise_text("Payment: PDVSA-Services (Curaçao)")
    assert contains_term(text, "pdvsa")
    assert contains_term(text, "curacao")
    assert not contains_term(text, "pdvs")
    assert not contains_term(text, "")
