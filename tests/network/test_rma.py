"""RMA authorises a sender per receiver and message family, at institution level."""

from __future__ import annotations

from bankwire.network.rma import RmaAuthorisation, RmaBook, message_family


def test_family_folding() -> None:
    assert message_family("pacs.008.001.08") == "pacs.008"
    assert message_family("MT202COV") == "MT202COV"


def test_authorisation_is_directional_and_typed() -> None:
    book = RmaBook([RmaAuthorisation("BOFAUS3N", "PRMSRUMM", frozenset({"pacs.008"}))])
    assert book.allows("BOFAUS3NXXX", "PRMSRUMM", "pacs.008.001.08")
    assert not book.allows("PRMSRUMM", "BOFAUS3N", "pacs.008.001.08")
    assert not book.allows("BOFAUS3N", "PRMSRUMM", "pacs.009.001.08")
