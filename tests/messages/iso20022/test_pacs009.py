"""pacs.009 mapping: institutions as debtor/creditor, the COV's underlying customer transfer."""

from __future__ import annotations

from bankwire.messages.api import parse_message
from bankwire.messages.model import Agent, Party, PostalAddress

from ..mx_samples import PACS009_COV


def test_cov_underlying_transfer() -> None:
    (transfer,) = parse_message(PACS009_COV.read_bytes()).transfers
    assert transfer.debtor_fi == Agent(bic="CLYDGB2S")
    assert transfer.creditor_fi == Agent(bic="BSCHGB2L")
    assert transfer.debtor is None
    underlying = transfer.underlying
    assert underlying is not None
    assert underlying.debtor == Party(
        name="A Debiter",
        address=PostalAddress(town_name="Epping London", country="GB", lines=("High Street",)),
    )
    assert underlying.end_to_end_id == ""
    assert underlying.interbank_settlement_amount == transfer.interbank_settlement_amount
    assert underlying.instructed_amount is None
