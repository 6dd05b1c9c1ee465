"""Country names to ISO codes: known forms map, anything else gets no code and no error."""

from __future__ import annotations

import pytest

from bankwire.sanctions.countries import to_country_code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Russia", "RU"), ("Russian Federation", "RU"), ("Venezuela", "VE"), ("ve", "VE")],
)
def test_list_forms_map_to_codes(name: str, code: str) -> None:
    assert to_country_code(name) == code


@pytest.mark.parametrize(
    "name",
    [
        None,
        "   ",
        "Atlantis",
        # Linear B and a katakana iteration mark: ICU cannot transliterate them (found by the
        # OFAC remarks parser's long fuzz run, where it raised instead of giving no code).
        "\U00010000\u30fd",
    ],
)
def test_anything_else_gets_no_code(name: str | None) -> None:
    assert to_country_code(name) is None
