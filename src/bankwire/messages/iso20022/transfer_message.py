"""The body shared by pacs.008 and pacs.009: one group header, one or more transactions.

The two messages differ only in who the debtor and creditor are (customers or institutions),
so both read through ``read_transfer_message`` with ``institutions`` saying which.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.iso20022.common import Element, body_of, children, require
from bankwire.messages.iso20022.grouphdr import read_group_header
from bankwire.messages.iso20022.transaction import read_credit_transfer
from bankwire.messages.model import (
    BusinessHeader,
    CreditTransfer,
    GroupHeader,
    Message,
    MessageFormat,
    fast_constructor,
)

__all__ = ["read_transfer_message"]


def read_transfer_message(
    document: Element,
    message_type: str,
    business_header: BusinessHeader | None,
    *,
    institutions: bool,
) -> Message:
    """Map the ``Document`` of a pacs.008 (customers) or pacs.009 (``institutions=True``)."""
    body = body_of(document)
    header: GroupHeader | None = None
    transfers: list[CreditTransfer] = []
    for name, child in children(body):
        if name == "GrpHdr":
            header = read_group_header(child)
        elif name == "CdtTrfTxInf":
            transfers.append(read_credit_transfer(child, institutions=institutions))
    require(header, body, "GrpHdr")
    require(transfers or None, body, "CdtTrfTxInf")
    message: Message = _new_message(
        message_type=message_type,
        format=MessageFormat.MX,
        header=business_header,
        group_header=header,
        transfers=tuple(transfers),
    )
    return message


_new_message: Final = fast_constructor(Message)
