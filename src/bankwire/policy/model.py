"""The facts of one payment that a policy decision rests on.

Policy must not depend on the message model (the layers forbid ``policy -> messages``): the
network converts a parsed ``Message`` into ``PaymentFacts``, keeping only what the rules read.
That also keeps the decision reproducible from a small, hashable value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from bankwire.money import Amount

__all__ = ["FactParty", "PaymentFacts", "bic_country"]


class FactParty(NamedTuple):
    """One party or agent of a payment, flat, as the rules see it.

    ``role`` uses the message model's role names (``debtor``, ``creditor``,
    ``intermediary_agent`` ...) as plain strings so policy never imports the message layer.
    """

    role: str
    name: str | None = None
    bic: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2 of the party's address or residence, when the message gives it."""
    account: str | None = None
    region: str | None = None
    """ISO 3166-2 subdivision (``UA-43`` Crimea) when known; embargoes can target regions."""


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    """What policy needs to know about a payment, and nothing it does not read."""

    message_type: str
    """``pacs.008``, ``pacs.009``, ``MT103`` ...; licences and access are scoped by it."""
    uetr: str
    amount: Amount
    """The instructed (or interbank settlement) amount; its currency decides US/EU nexus."""
    sender_bic: str
    receiver_bic: str
    settlement_date: date | None = None
    parties: tuple[FactParty, ...] = ()
    purpose_codes: tuple[str, ...] = ()
    """ISO 20022 purpose and category purpose codes (``GDDS``, ``MDCS`` ...); licences permit
    stated purposes only."""
    remittance_text: str = ""
    """Unstructured remittance and narrative text; reference rules look for programs in it."""
    intermediary_bics: tuple[str, ...] = ()
    releases_blocked_funds: bool = False
    """The payment moves money out of a blocked account: only a licence may allow that."""
    blocked_funds_owners: tuple[tuple[str, str], ...] = ()
    """(list name, source id) of the designated persons whose funds the blocked account
    holds (from the decision that blocked them); a licence naming them can release them."""

    @property
    def bics(self) -> tuple[str, ...]:
        """Every BIC the payment touches, sender first, without repeats."""
        seen: dict[str, None] = {}
        for bic in (
            self.sender_bic,
            self.receiver_bic,
            *self.intermediary_bics,
            *(party.bic for party in self.parties if party.bic),
        ):
            if bic:
                seen.setdefault(bic.upper(), None)
        return tuple(seen)


def bic_country(bic: str) -> str | None:
    """The country of a BIC (characters 5-6), which locates the bank for embargo rules."""
    code = bic[4:6].upper()
    return code if len(code) == 2 and code.isalpha() else None
