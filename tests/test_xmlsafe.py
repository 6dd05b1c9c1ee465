"""Hardened XML parsing: where a document breaks is said once."""

from __future__ import annotations

import pytest

from bankwire.xmlsafe import XmlSyntaxError, parse_xml


def test_a_truncated_document_names_its_position_once() -> None:
    with pytest.raises(XmlSyntaxError) as raised:
        parse_xml(b"<LIST>\n<ENTRY>\n<COMMENTS1>cut short", what="UN list un.xml")
    message = str(raised.value)
    assert message.startswith("UN list un.xml: not well-formed XML at line 3, column")
    assert message.count("column") == 1, message
    assert "Premature end of data in tag COMMENTS1 line 3" in message
