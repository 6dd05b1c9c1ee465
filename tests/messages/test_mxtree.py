"""Hardened parsing: DTDs, entities, size and depth are refused before any mapping."""

from __future__ import annotations

import pytest

from bankwire.errors import ParseError
from bankwire.messages.mxtree import (
    MX_BYTES_MAX,
    MX_DEPTH_MAX,
    may_read_compact,
    parse_mx_tree,
    read_tree,
)
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Document>&lol2;</Document>'
)
EXTERNAL = b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL], ids=["expansion", "external"])
def test_entities_are_refused(data: bytes) -> None:
    with pytest.raises(XmlSecurityError, match="DOCTYPE/ENTITY"):
        read_tree(data)


def test_size_is_bounded() -> None:
    with pytest.raises(XmlSecurityError, match="exceeds the limit"):
        read_tree(b"<Document>" + b" " * MX_BYTES_MAX + b"</Document>")


def test_depth_is_bounded() -> None:
    deep = b"<a>" * (MX_DEPTH_MAX + 2) + b"</a>" * (MX_DEPTH_MAX + 2)
    with pytest.raises(XmlSecurityError, match="nest deeper"):
        read_tree(deep)
    shallow = b"<a>" * MX_DEPTH_MAX + b"</a>" * MX_DEPTH_MAX
    assert read_tree(shallow).tag == "a"


def test_syntax_errors_name_line_and_column() -> None:
    with pytest.raises(XmlSyntaxError, match="line 2, column"):
        read_tree(b"<Document>\n<a></b></Document>")


def test_parse_mx_tree_turns_refusals_into_parse_errors() -> None:
    with pytest.raises(ParseError):
        parse_mx_tree(EXTERNAL)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<Document><Nm>A</Nm></Document>", True),
        (b'<?xml version="1.0"?>\n<!-- licence -->\n<Document><Nm>Who? Me!</Nm></Document>', True),
        (b"<Document><Nm> <!-- c -->A</Nm></Document>", False),
        (b"<Document><Nm><![CDATA[A]]></Nm></Document>", False),
        (b"<Document><Nm> <?pi x?>A</Nm></Document>", False),
        (b"<Document/><!-- after the root -->", False),
        (b"<!DOCTYPE Document><Document/>", False),
        (b"<!-- never closed", False),
        (b"", False),
    ],
)
def test_compact_reading_only_without_markup_inside_the_root(data: bytes, expected: bool) -> None:
    assert may_read_compact(data) is expected


def test_compact_tree_drops_only_blank_text_between_elements() -> None:
    data = b"<Document>\n  <Nm>  </Nm>\n  <Adr>\n    <Ln> A </Ln>\n  </Adr>\n</Document>"
    full = read_tree(data)
    compact = read_tree(data, compact=True)
    assert [(e.tag, e.text) for e in compact.iter()] == [
        ("Document", None),
        ("Nm", "  "),
        ("Adr", None),
        ("Ln", " A "),
    ]
    assert [e.tag for e in full.iter()] == [e.tag for e in compact.iter()]
    assert [e.text for e in full.iter() if len(e) == 0] == ["  ", " A "]
