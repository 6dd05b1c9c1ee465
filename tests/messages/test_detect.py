"""Format and message type come from content: FIN block 1, ISO namespaces, any wrapper."""

from __future__ import annotations

import pytest

from bankwire.errors import ParseError
from bankwire.messages.detect import detect, is_fin, locate, namespace_type
from bankwire.messages.model import MessageFormat
from bankwire.messages.mxtree import read_tree

from .mx_samples import INVALID, PACS008, PACS008_FEDWIRE

NS = "urn:iso:std:iso:20022:tech:xsd:"


def test_fin_is_recognised_by_its_basic_header() -> None:
    assert is_fin(b"\r\n{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n-}") is True
    assert is_fin(b"<Document/>") is False


@pytest.mark.parametrize(
    ("fixture", "root", "has_header"),
    [
        (PACS008, "Envelope", True),
        (PACS008_FEDWIRE, "Document", False),
        (INVALID / "tests__fixtures__pacs_008_2025_invalid.xml", "RequestPayload", True),
        (INVALID / "test_files__2025__cbprplus_pacs008_sample_bic_mismatch.xml", "Request", True),
    ],
    ids=["swift-envelope", "bare-document", "request-payload", "business-envelope"],
)
def test_layouts(fixture: object, root: str, has_header: bool) -> None:
    from pathlib import Path

    assert isinstance(fixture, Path)
    parts = locate(read_tree(fixture.read_bytes()))
    assert parts.root.tag.endswith(root)
    assert (parts.header is not None) == has_header
    assert parts.message_type == "pacs.008.001.08"
    assert parts.header_type == ("head.001.001.02" if has_header else None)


def test_detect_reports_type_and_format() -> None:
    detected = detect(PACS008.read_bytes())
    assert (detected.format, detected.message_type) == (MessageFormat.MX, "pacs.008.001.08")


def test_namespace_type() -> None:
    assert namespace_type(f"{{{NS}camt.056.001.08}}Document") == "camt.056.001.08"
    assert namespace_type("{urn:swift:xsd:envelope}Envelope") is None
    assert namespace_type("Document") is None


def test_content_that_is_neither_format_is_refused() -> None:
    with pytest.raises(ParseError, match="neither ISO 20022 XML"):
        detect(b"hello")
