"""Routing: from a parsed message to who sent it, who receives it, and how to key it.

Pure: the receiver is the AppHdr ``To`` (MX) or the FIN application header's destination
(MT), both mapped onto ``BusinessHeader.to_bic`` by the message parsers. The keys for
duplicate detection (UETR, business message id) come from the same place.
"""

from __future__ import annotations

from dataclasses import dataclass

from bankwire.errors import RoutingError
from bankwire.ids import Bic, bic8
from bankwire.messages.model import Message
from bankwire.network.rma import message_family

__all__ = ["Route", "route"]


@dataclass(frozen=True, slots=True)
class Route:
    sender: Bic
    """Institution BIC (BIC8) of the sender."""
    receiver: Bic
    """Institution BIC (BIC8) of the receiver."""
    message_type: str
    family: str
    uetr: str | None
    message_id: str
    possible_duplicate: bool


def route(message: Message) -> Route:
    """Read sender, receiver and keys; raises ``RoutingError`` when the header is missing."""
    header = message.header
    if header is None:
        raise RoutingError(
            f"{message.message_type}: no AppHdr / FIN header, so no sender and receiver"
        )
    uetr = next((t.uetr for t in message.transfers if t.uetr), None)
    if uetr is None:
        uetr = next((r.original_uetr for r in message.status_reports if r.original_uetr), None)
    message_id = (
        message.group_header.message_id
        if message.group_header is not None
        else header.business_message_id
    )
    return Route(
        sender=bic8(header.from_bic.upper()),
        receiver=bic8(header.to_bic.upper()),
        message_type=message.message_type,
        family=message_family(message.message_type),
        uetr=uetr.lower() if uetr else None,
        message_id=message_id,
        possible_duplicate=header.possible_duplicate,
    )
