"""Double-entry settlement ledger with TigerBeetle's semantics, in memory and pure.

Persistence lives at the edge (``bankwire.store.ledger.DurableLedger``), which wraps this
``Ledger`` and writes each batch in one database transaction.
"""

from __future__ import annotations

from bankwire.ledger.ledger import BATCH_EVENTS_MAX, Ledger
from bankwire.ledger.model import (
    AMOUNT_MAX,
    ID_MAX,
    Account,
    AccountFlags,
    AccountKind,
    PendingResolution,
    PendingStatus,
    Transfer,
    TransferCode,
    TransferFlags,
    account_id,
    derive_id,
)
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.ledger.state import CurrencyTotals, LedgerChanges
from bankwire.ledger.verify import Discrepancy, DiscrepancyKind

__all__ = [
    "AMOUNT_MAX",
    "BATCH_EVENTS_MAX",
    "ID_MAX",
    "Account",
    "AccountFlags",
    "AccountKind",
    "CreateAccountResult",
    "CreateTransferResult",
    "CurrencyTotals",
    "Discrepancy",
    "DiscrepancyKind",
    "Ledger",
    "LedgerChanges",
    "PendingResolution",
    "PendingStatus",
    "Transfer",
    "TransferCode",
    "TransferFlags",
    "account_id",
    "derive_id",
]
