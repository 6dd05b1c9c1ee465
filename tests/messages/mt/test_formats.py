"""The field-format interpreter: SWIFT notation compiled to one regular expression."""

from __future__ import annotations

import pytest

from bankwire.errors import ConfigError
from bankwire.messages.mt.formats import compile_format

CASES = [
    # (spec, value, expected components or None when the value must be rejected)
    ("16x", "REF-123/ABC", ("REF-123/ABC",)),
    ("16x", "X" * 17, None),
    ("16x", "", None),
    ("6!n3!a15d", "210511USD136500,", ("210511", "USD", "136500,")),
    ("6!n3!a15d", "210511USD136500", None),  # A decimal comma is mandatory.
    ("6!n3!a15d", "21051USD1,", None),  # Exactly six digits of date.
    ("6!n3!a15d", "210511USD" + "1" * 15 + ",", None),  # 16 characters with the comma.
    ("3!a15d", "EUR6740,91", ("EUR", "6740,91")),
    ("4!c[/30x]", "PHOB/+44 20 7946", ("PHOB", "+44 20 7946")),
    ("4!c[/30x]", "SDVA", ("SDVA", None)),
    ("[/34x$]4*35x", "/12345\nJOHN DOE\nLINE 2", ("12345", "JOHN DOE\nLINE 2")),
    ("[/34x$]4*35x", "JOHN DOE", (None, "JOHN DOE")),
    ("[/34x$]4*35x", "A\nB\nC\nD\nE", None),  # Five lines where four are allowed.
    ("4*35x", "X" * 36, None),
    (
        "[[/1!a][/34x]$]4!a2!a2!c[3!c]",
        "/D/D00030901\nECOCMLBA",
        ("D", "D00030901", "ECOC", "ML", "BA", None),
    ),
    ("3!n$6!n[$4!n6!n]", "103\n221020", ("103", "221020", None, None)),
    ("/8c/4!n1!x4!n", "/RNCTIME/0802+0000", ("RNCTIME", "0802", "+", "0000")),
    ("35*50x", "lower case is in the X set", ("lower case is in the X set",)),
    ("35*50x", "AT SIGN @ IS NOT", None),
]


@pytest.mark.parametrize(("spec", "value", "expected"), CASES)
def test_format_matches_and_splits(
    spec: str, value: str, expected: tuple[str | None, ...] | None
) -> None:
    assert compile_format(spec).match(value) == expected


def test_components_are_counted() -> None:
    assert compile_format("6!n3!a15d").components == 3


def test_unbalanced_spec_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match=r"'\[' without '\]'"):
        compile_format("[/34x")
