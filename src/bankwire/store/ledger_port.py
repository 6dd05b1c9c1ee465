"""What the rest of bankwire may ask of a ledger, in memory or durable.

Both ``bankwire.ledger.Ledger`` (tests, replays) and ``bankwire.store.ledger.DurableLedger``
(the service) satisfy ``LedgerStore``, so a flow takes either without knowing which.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from bankwire.ledger import (
    Account,
    CreateAccountResult,
    CreateTransferResult,
    CurrencyTotals,
    Discrepancy,
    PendingStatus,
    Transfer,
)

__all__ = ["LedgerStore"]


class LedgerStore(Protocol):
    """A double-entry ledger with TigerBeetle semantics; batches are atomic per linked chain."""

    def create_accounts(
        self, batch: Sequence[Account]
    ) -> list[tuple[int, CreateAccountResult]]: ...

    def create_transfers(
        self, batch: Sequence[Transfer]
    ) -> list[tuple[int, CreateTransferResult]]: ...

    def expire_pending_transfers(self) -> int: ...

    def lookup_accounts(self, ids: Iterable[int]) -> list[Account]: ...

    def lookup_transfers(self, ids: Iterable[int]) -> list[Transfer]: ...

    def get_account_transfers(self, account_id: int) -> list[Transfer]: ...

    def pending_status(self, pending_id: int) -> PendingStatus | None: ...

    def accounts(self) -> list[Account]: ...

    def transfers(self) -> list[Transfer]: ...

    def balances(self) -> dict[str, CurrencyTotals]: ...

    def verify(self) -> list[Discrepancy]: ...
