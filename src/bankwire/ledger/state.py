"""The ledger's mutable insides: account balances, per-currency totals, and batch changes.

Kept apart from the immutable ``Account``/``Transfer`` values so that callers only ever see
snapshots, while the hot path updates four integers in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bankwire.ledger.model import Account, PendingResolution, Transfer

__all__ = ["AccountState", "CurrencyTotals", "LedgerChanges"]


class AccountState:
    """One account's live balances and the ids of its transfers in timestamp order."""

    __slots__ = (
        "account",
        "credits_pending",
        "credits_posted",
        "debits_pending",
        "debits_posted",
        "limits",
        "transfer_ids",
    )

    def __init__(self, account: Account) -> None:
        self.account = account
        self.limits = int(account.flags)  # A plain int: enum flag arithmetic is slow.
        self.debits_pending = account.debits_pending
        self.debits_posted = account.debits_posted
        self.credits_pending = account.credits_pending
        self.credits_posted = account.credits_posted
        self.transfer_ids: list[int] = []

    def balances(self) -> tuple[int, int, int, int]:
        return (self.debits_pending, self.debits_posted, self.credits_pending, self.credits_posted)

    def set_balances(self, balances: tuple[int, int, int, int]) -> None:
        (self.debits_pending, self.debits_posted, self.credits_pending, self.credits_posted) = (
            balances
        )

    def snapshot(self) -> Account:
        """The account as callers see it: an immutable copy with the current balances."""
        account = self.account
        return Account(
            id=account.id,
            currency=account.currency,
            code=account.code,
            owner=account.owner,
            kind=account.kind,
            flags=account.flags,
            debits_pending=self.debits_pending,
            debits_posted=self.debits_posted,
            credits_pending=self.credits_pending,
            credits_posted=self.credits_posted,
            timestamp=account.timestamp,
        )


@dataclass(frozen=True, slots=True)
class CurrencyTotals:
    """Sums over every account of one currency; double entry means debits equal credits."""

    currency: str
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    accounts: int


@dataclass(slots=True)
class LedgerChanges:
    """What one batch changed, in the order a store must write it to replay it on load."""

    accounts: list[Account] = field(default_factory=list)
    """Accounts created (balances zero; the final balances come from ``touched``)."""
    transfers: list[Transfer] = field(default_factory=list)
    """Transfers recorded, with their assigned timestamps, in timestamp order."""
    resolutions: list[PendingResolution] = field(default_factory=list)
    """Pending transfers posted, voided or expired."""
    touched_account_ids: set[int] = field(default_factory=set)
    """Accounts whose balances may have changed and must be written back."""

    def is_empty(self) -> bool:
        return not (self.accounts or self.transfers or self.resolutions)
