"""NAK codes: why the network refused a message at its door, like FIN's error codes.

FIN answers every input with an ACK or a NAK carrying an error code whose first letter says
which part failed (H: header, T: text, S: security ...). bankwire keeps that shape so
operators read codes the way they read FIN's. The table is the contract: codes are stable,
their text is shown to the sender.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = ["NAK_TEXT", "NakCode"]


class NakCode(StrEnum):
    # S: security and authentication.
    SIGNATURE_MISSING = "S01"
    SIGNATURE_INVALID = "S02"
    KEY_UNKNOWN = "S03"
    SENDER_MISMATCH = "S04"
    REPLAY = "S05"
    SIGNATURE_EXPIRED = "S06"
    TOKEN_INVALID = "S07"
    # H: header and routing.
    HEADER_MISSING = "H01"
    RECEIVER_UNKNOWN = "H02"
    RMA_MISSING = "H03"
    QUEUE_FULL = "H04"
    # T: text (the message itself).
    MALFORMED = "T01"
    SCHEMA = "T02"
    USAGE_RULE = "T03"
    OVERSIZE = "T04"
    UNSUPPORTED = "T05"
    # D: duplicates (PDE semantics).
    DUPLICATE_DIFFERENT_CONTENT = "D01"


NAK_TEXT: Final[dict[NakCode, str]] = {
    NakCode.SIGNATURE_MISSING: "The message carries no signature envelope.",
    NakCode.SIGNATURE_INVALID: "The signature does not verify with the sender's registered key.",
    NakCode.KEY_UNKNOWN: "No participant with a registered key has the signing BIC.",
    NakCode.SENDER_MISMATCH: "The message names a sender other than the authenticated one.",
    NakCode.REPLAY: "This signed message was already submitted (same sender, digest, nonce).",
    NakCode.SIGNATURE_EXPIRED: "The signature timestamp is outside the accepted window.",
    NakCode.TOKEN_INVALID: "The bearer token does not belong to the signing participant.",
    NakCode.HEADER_MISSING: "The message has no header naming sender and receiver.",
    NakCode.RECEIVER_UNKNOWN: "The receiver BIC is not a participant of the network.",
    NakCode.RMA_MISSING: "The receiver has not authorised this sender for this message type.",
    NakCode.QUEUE_FULL: "The receiver's queue is at its bound; retry later.",
    NakCode.MALFORMED: "The message is not well-formed.",
    NakCode.SCHEMA: "The message violates its schema or field formats.",
    NakCode.USAGE_RULE: "The message breaks a usage rule (CBPR+ or FIN).",
    NakCode.OVERSIZE: "The message exceeds the size bound.",
    NakCode.UNSUPPORTED: "The message type is not carried by the network.",
    NakCode.DUPLICATE_DIFFERENT_CONTENT: (
        "A message with the same UETR/MsgId from this sender exists with different content."
    ),
}
assert set(NAK_TEXT) == set(NakCode)
