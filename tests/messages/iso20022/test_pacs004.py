"""pacs.004 mapping: returned amount, reason, return chain (party or agent)."""

from __future__ import annotations

from bankwire.messages.api import parse_message
from bankwire.money import Amount

from ..mx_samples import PACS004, PACS004_FEDWIRE


def test_payment_return() -> None:
    (payment_return,) = parse_message(PACS004.read_bytes()).returns
    assert payment_return.returned_amount == Amount.of(13648000, "USD")
    assert payment_return.reason_code == "AC04"
    assert payment_return.original_message_type == "MT205"
    assert payment_return.original_debtor is not None
    assert payment_return.original_debtor.bic == "ANBTUS44XXX"


def test_fedwire_return_version_10() -> None:
    message = parse_message(PACS004_FEDWIRE.read_bytes())
    (payment_return,) = message.returns
    assert message.message_type == "pacs.004.001.10"
    assert payment_return.reason_code == "DUPL"
    assert payment_return.original_creditor is not None
    assert payment_return.original_creditor.name == "Corporation A"
