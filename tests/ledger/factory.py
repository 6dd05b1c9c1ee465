"""Small builders for ledger tests: a funded book of accounts and short transfer helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from bankwire.clock import FixedClock
from bankwire.ledger import (
    Account,
    AccountFlags,
    AccountKind,
    Ledger,
    Transfer,
    TransferFlags,
)

START = datetime(2019, 1, 28, 12, 0, tzinfo=UTC)

# Account ids are small on purpose: failures then print readably.
SENDER = 1  # Settlement account that must stay funded (debits <= credits).
RECEIVER = 2  # Settlement account without limits.
FUNDING = 3  # Where money enters the book.
CAPPED = 4  # Credits must not exceed debits.
EURO = 5  # A EUR account, to cross currencies by mistake.
BLOCKED = 6  # Frozen funds.
HUGE_A, HUGE_B, HUGE_C = 7, 8, 9  # Limitless accounts for the u128 overflow cases.

ACCOUNTS = [
    Account(SENDER, "USD", 1, "AAAAUS33", AccountKind.SETTLEMENT,
            AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
    Account(RECEIVER, "USD", 1, "BBBBDEFF", AccountKind.SETTLEMENT),
    Account(FUNDING, "USD", 2, "NETWORK", AccountKind.FUNDING),
    Account(CAPPED, "USD", 1, "CCCCGB2L", AccountKind.VOSTRO,
            AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS),
    Account(EURO, "EUR", 1, "DDDDFRPP", AccountKind.SETTLEMENT),
    Account(BLOCKED, "USD", 3, "AAAAUS33", AccountKind.BLOCKED),
    Account(HUGE_A, "USD", 9, "HUGE", AccountKind.SUSPENSE),
    Account(HUGE_B, "USD", 9, "HUGE", AccountKind.SUSPENSE),
    Account(HUGE_C, "USD", 9, "HUGE", AccountKind.SUSPENSE),
]  # fmt: skip

FUNDED_SENDER = 1_000
FUNDED_BLOCKED = 500


def book(moment: datetime = START) -> tuple[Ledger, FixedClock]:
    """A ledger with ``ACCOUNTS``, the sender funded with 1,000 and the blocked one with 500."""
    clock = FixedClock(moment)
    ledger = Ledger(clock, track_changes=True)
    assert all(result == "ok" for _, result in ledger.create_accounts(ACCOUNTS))
    funding = [
        transfer(90_001, FUNDING, SENDER, FUNDED_SENDER),
        transfer(90_002, FUNDING, BLOCKED, FUNDED_BLOCKED),
    ]
    assert all(result == "ok" for _, result in ledger.create_transfers(funding))
    return ledger, clock


def transfer(
    transfer_id: int,
    debit: int,
    credit: int,
    amount: int,
    *,
    currency: str = "USD",
    flags: TransferFlags = TransferFlags.NONE,
    **fields: object,
) -> Transfer:
    return Transfer(transfer_id, debit, credit, amount, currency, flags=flags, **fields)  # type: ignore[arg-type]


def pending(
    transfer_id: int,
    debit: int,
    credit: int,
    amount: int,
    *,
    flags: TransferFlags = TransferFlags.PENDING,
    **fields: object,
) -> Transfer:
    return transfer(transfer_id, debit, credit, amount, flags=flags, **fields)


def post(transfer_id: int, pending_id: int, amount: int = 0, **fields: object) -> Transfer:
    return _resolve(transfer_id, pending_id, amount, TransferFlags.POST_PENDING_TRANSFER, fields)


def void(transfer_id: int, pending_id: int, amount: int = 0, **fields: object) -> Transfer:
    return _resolve(transfer_id, pending_id, amount, TransferFlags.VOID_PENDING_TRANSFER, fields)


def _resolve(
    transfer_id: int, pending_id: int, amount: int, flags: TransferFlags, fields: dict[str, object]
) -> Transfer:
    """A post or void that leaves accounts, currency and code to the pending transfer."""
    values: dict[str, object] = {
        "debit_account_id": 0,
        "credit_account_id": 0,
        "currency": "",
        "code": 0,
        "flags": flags,
    }
    values.update(fields)
    return Transfer(id=transfer_id, amount=amount, pending_id=pending_id, **values)  # type: ignore[arg-type]
