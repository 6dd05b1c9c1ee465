"""Whether a participant may use the network for a message, now.

On 12 March 2022 seven Russian banks were removed from SWIFT; from that date nothing they send
or should receive moves. A disconnection is therefore a date, checked before screening, and
the only way back is a licence that grants network access for a scope (message types, a
window) - the "narrow door" a temporary licence could open for moving Venezuela's funds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from bankwire.ids import bic8
from bankwire.policy.licences import Licence, message_type_in

__all__ = [
    "ACCESS_REJECT_CODE",
    "AccessDecision",
    "AccessReason",
    "ParticipantStatus",
    "check_access",
]

ACCESS_REJECT_CODE = "AG01"
"""ISO 20022 ``TransactionForbidden``: the network refuses, not the receiver."""


@dataclass(frozen=True, slots=True)
class ParticipantStatus:
    bic: str
    disconnected_from: date | None = None
    """From this (UTC) date on, the participant is cut off; None while connected."""


class AccessReason(StrEnum):
    CONNECTED = "connected"
    NOT_YET_DISCONNECTED = "not_yet_disconnected"
    DISCONNECTED = "disconnected"
    RECONNECTED_UNDER_LICENCE = "reconnected_under_licence"


@dataclass(frozen=True, slots=True)
class AccessDecision:
    allowed: bool
    reason: AccessReason
    detail: str
    licence: str | None = None
    """The licence number that reopened access, when one did."""
    reject_reason_code: str | None = None


def check_access(
    participant_status: ParticipantStatus,
    message_type: str,
    now: datetime,
    licences: Sequence[Licence],
) -> AccessDecision:
    """May ``participant_status.bic`` send or receive ``message_type`` at ``now``?

    A disconnection applies on and after its date; a licence that grants network access,
    covers the participant's BIC and the message type, and is valid at ``now`` reopens it.
    """
    bic = participant_status.bic.upper()
    cut_off = participant_status.disconnected_from
    if cut_off is None:
        return AccessDecision(True, AccessReason.CONNECTED, f"{bic} is connected")
    today = now.astimezone(UTC).date()
    if today < cut_off:
        return AccessDecision(
            True,
            AccessReason.NOT_YET_DISCONNECTED,
            f"{bic} is connected until its disconnection on {cut_off.isoformat()}",
        )
    for licence in sorted(licences, key=lambda item: item.key):
        if _opens(licence, bic, message_type, now):
            return AccessDecision(
                True,
                AccessReason.RECONNECTED_UNDER_LICENCE,
                f"{bic} was disconnected on {cut_off.isoformat()}; {licence.issuer} licence "
                f"{licence.number} allows {message_type}",
                licence=licence.number,
            )
    return AccessDecision(
        False,
        AccessReason.DISCONNECTED,
        f"{bic} has been disconnected from the network since {cut_off.isoformat()}",
        reject_reason_code=ACCESS_REJECT_CODE,
    )


def _opens(licence: Licence, bic: str, message_type: str, now: datetime) -> bool:
    if not licence.grants_network_access:
        return False
    if bic8(bic) not in {bic8(covered.upper()) for covered in licence.covered_bics}:
        return False
    if licence.message_types and not message_type_in(message_type, licence.message_types):
        return False
    if now < licence.valid_from:
        return False
    return licence.valid_until is None or now < licence.valid_until
