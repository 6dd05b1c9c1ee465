"""AppHdr mapping: both header versions, the related header, rendering back."""

from __future__ import annotations

from bankwire.messages.api import parse_message
from bankwire.messages.iso20022.apphdr import read_business_header, write_business_header

from ..mx_samples import PACS002, PACS008_V12


def test_header_version_04_maps_like_02() -> None:
    header = parse_message(PACS008_V12.read_bytes()).header
    assert header is not None
    assert (header.from_bic, header.to_bic) == ("RBOSGB2LXXX", "ABNANL2AXXX")


def test_related_header_round_trips() -> None:
    header = parse_message(PACS002.read_bytes()).header
    assert header is not None
    assert read_business_header(write_business_header(header)) == header
