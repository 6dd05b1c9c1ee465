"""Accounts and transfers of the settlement ledger, after TigerBeetle's data model.

An ``Account`` holds four integer balances (debits and credits, each pending and posted) of
one currency; a ``Transfer`` moves an integer amount of minor units from one account (debit)
to another (credit) of the same currency. Both are immutable values: the ledger changes
balances by recording transfers, never by editing one. Ids are unsigned 128-bit integers, as
in TigerBeetle, so that a UETR (a UUID) maps onto a transfer id without loss
(``uuid.UUID(uetr).int``) and content-derived ids (``derive_id``) need no registry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from bankwire.ids import make_key

__all__ = [
    "AMOUNT_MAX",
    "ID_MAX",
    "Account",
    "AccountFlags",
    "AccountKind",
    "PendingResolution",
    "PendingStatus",
    "Transfer",
    "TransferCode",
    "TransferFlags",
    "account_id",
    "derive_id",
]

U128_MAX: Final[int] = 2**128 - 1
AMOUNT_MAX: Final[int] = U128_MAX
"""Largest amount and balance; a post-pending transfer of ``AMOUNT_MAX`` posts the full amount."""
ID_MAX: Final[int] = U128_MAX
"""Reserved like TigerBeetle's ``int_max``: never a valid id, so it can mean "none" in a scan."""
TIMESTAMP_MAX: Final[int] = 2**64 - 1
"""Timestamps are u64 nanoseconds since the Unix epoch; a pending deadline must fit too."""


class AccountKind(enum.StrEnum):
    """What an account is for; the ledger enforces rules on ``blocked`` only."""

    SETTLEMENT = "settlement"
    """A participant's funds at the network, debited when it pays and credited when paid."""
    NOSTRO = "nostro"
    """"Our account with you": a participant's view of its funds at a correspondent."""
    VOSTRO = "vostro"
    """"Your account with us": a correspondent's funds held by the participant."""
    BLOCKED = "blocked"
    """Frozen funds under a sanctions programme: released only with a licence reference."""
    SUSPENSE = "suspense"
    """Funds whose destination is undecided, e.g. a payment held for analyst review."""
    FUNDING = "funding"
    """Where money enters the ledger (the operator's or a central bank's side of a top-up)."""


class AccountFlags(enum.IntFlag):
    """Account flags with TigerBeetle's bit values, so the two can be compared side by side."""

    NONE = 0
    LINKED = 1 << 0
    """This account's creation succeeds or fails with the next one in the batch."""
    DEBITS_MUST_NOT_EXCEED_CREDITS = 1 << 1
    """Pending plus posted debits never exceed posted credits: an asset the holder owns."""
    CREDITS_MUST_NOT_EXCEED_DEBITS = 1 << 2
    """Pending plus posted credits never exceed posted debits: the mirror image."""


class TransferFlags(enum.IntFlag):
    """Transfer flags with TigerBeetle's bit values."""

    NONE = 0
    LINKED = 1 << 0
    """This transfer commits or fails together with the next one in the batch."""
    PENDING = 1 << 1
    """Reserve the amount (first phase); balances move to the ``*_pending`` fields."""
    POST_PENDING_TRANSFER = 1 << 2
    """Post all or part of the pending transfer named by ``pending_id``."""
    VOID_PENDING_TRANSFER = 1 << 3
    """Release the pending transfer named by ``pending_id`` back to its accounts."""


class TransferCode(enum.IntEnum):
    """Why money moved; stored with every transfer so the books read as a story."""

    SETTLEMENT = 1
    """A payment settled from the debtor agent's account to the creditor agent's."""
    HOLD = 2
    """A payment held for review: reserved (pending) until released or returned."""
    BLOCK = 3
    """Funds frozen into a blocked account under a sanctions programme."""
    RELEASE = 4
    """Blocked funds released under a licence, which the transfer must reference."""
    FUNDING = 5
    """Funds entering or leaving the network (a participant's top-up or withdrawal)."""
    RETURN = 6
    """A payment sent back to its sender (pacs.004)."""


class PendingStatus(enum.StrEnum):
    """Where a pending transfer stands; it leaves ``pending`` at most once."""

    PENDING = "pending"
    POSTED = "posted"
    VOIDED = "voided"
    EXPIRED = "expired"


def derive_id(*parts: str | int | None) -> int:
    """A u128 id from its inputs (``make_key``'s 128 bits), never zero or ``ID_MAX``."""
    value = int(make_key(*parts), 16)
    if value in (0, ID_MAX):  # Astronomically unlikely; folded so the id is always valid.
        value = 1
    return value


def account_id(owner: str, currency: str, kind: AccountKind, name: str = "") -> int:
    """The id of a participant's account: the same owner, currency and kind give the same id.

    ``name`` tells apart several accounts of one kind, e.g. one blocked account per programme.
    """
    return derive_id("account", owner, currency, str(kind), name)


def _check_u128(name: str, value: int, maximum: int = U128_MAX) -> None:
    # ``bool`` is an ``int``; a flag passed as an amount is a programming error, not money.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"'{name}' must be <class 'int'> (got {value!r} that is a {type(value)!r})")
    if value < 0 or value > maximum:
        raise ValueError(f"'{name}' must be between 0 and {maximum} (got {value})")


@dataclass(frozen=True, slots=True)
class Account:
    """A ledger account. Balances and ``timestamp`` are zero when created; the ledger sets them.

    Args:
        id: u128, not zero, not ``ID_MAX``.
        currency: ISO 4217 code; every transfer on the account is in this currency.
        code: what the account is for in the chart of accounts (TigerBeetle's ``code``).
        owner: the BIC (or regulator id) of the institution the account belongs to.
        kind: settlement, nostro, vostro, blocked, suspense or funding.
        flags: balance limits and chain linking.
    """

    id: int
    currency: str
    code: int
    owner: str
    kind: AccountKind
    flags: AccountFlags = AccountFlags.NONE
    debits_pending: int = 0
    debits_posted: int = 0
    credits_pending: int = 0
    credits_posted: int = 0
    timestamp: int = 0

    def __post_init__(self) -> None:
        # Snapshots are built for every lookup and every durable write: one expression first.
        if (
            type(self.id) is int
            and type(self.code) is int
            and type(self.debits_pending) is int
            and type(self.debits_posted) is int
            and type(self.credits_pending) is int
            and type(self.credits_posted) is int
            and type(self.timestamp) is int
            and 0 <= self.id <= U128_MAX
            and 0 <= self.code < 2**16
            and 0 <= self.debits_pending <= U128_MAX
            and 0 <= self.debits_posted <= U128_MAX
            and 0 <= self.credits_pending <= U128_MAX
            and 0 <= self.credits_posted <= U128_MAX
            and 0 <= self.timestamp <= TIMESTAMP_MAX
        ):
            return
        _check_u128("id", self.id)
        _check_u128("code", self.code, 2**16 - 1)
        _check_u128("debits_pending", self.debits_pending)
        _check_u128("debits_posted", self.debits_posted)
        _check_u128("credits_pending", self.credits_pending)
        _check_u128("credits_posted", self.credits_posted)
        _check_u128("timestamp", self.timestamp, TIMESTAMP_MAX)

    @property
    def balance_posted(self) -> int:
        """Credits minus debits posted: what a credit-normal account holds (may be negative)."""
        return self.credits_posted - self.debits_posted


@dataclass(frozen=True, slots=True)
class Transfer:
    """An immutable movement of ``amount`` minor units from one account to another.

    Single-phase and pending transfers name both accounts, amount, currency and code. A
    post-pending or void-pending transfer names the pending transfer in ``pending_id`` and may
    leave accounts (0), currency ("") and code (0) empty: the ledger fills them from the
    pending transfer. A post of amount 0 or ``AMOUNT_MAX`` posts the full pending amount.

    Args:
        uetr: the payment's end-to-end reference, kept for tracking and reconciliation.
        licence_reference: the licence authorising a release from a blocked account.
        timeout_s: seconds after which an unresolved pending transfer expires (0: never).
        timestamp: zero on input; the ledger assigns a unique, increasing nanosecond time.
    """

    id: int
    debit_account_id: int
    credit_account_id: int
    amount: int
    currency: str
    code: int = int(TransferCode.SETTLEMENT)
    flags: TransferFlags = TransferFlags.NONE
    pending_id: int = 0
    timeout_s: int = 0
    uetr: str | None = None
    licence_reference: str | None = None
    timestamp: int = 0

    def __post_init__(self) -> None:
        # One expression for the common case: a transfer is built per payment on the hot
        # path. Anything unusual (an enum code, a bad value) takes the field-by-field path.
        if (
            type(self.id) is int
            and type(self.debit_account_id) is int
            and type(self.credit_account_id) is int
            and type(self.amount) is int
            and type(self.pending_id) is int
            and type(self.code) is int
            and type(self.timeout_s) is int
            and type(self.timestamp) is int
            and 0 <= self.id <= U128_MAX
            and 0 <= self.debit_account_id <= U128_MAX
            and 0 <= self.credit_account_id <= U128_MAX
            and 0 <= self.amount <= U128_MAX
            and 0 <= self.pending_id <= U128_MAX
            and 0 <= self.code < 2**16
            and 0 <= self.timeout_s < 2**32
            and 0 <= self.timestamp <= TIMESTAMP_MAX
        ):
            return
        _check_u128("id", self.id)
        _check_u128("debit_account_id", self.debit_account_id)
        _check_u128("credit_account_id", self.credit_account_id)
        _check_u128("amount", self.amount)
        _check_u128("code", self.code, 2**16 - 1)
        _check_u128("pending_id", self.pending_id)
        _check_u128("timeout_s", self.timeout_s, 2**32 - 1)
        _check_u128("timestamp", self.timestamp, TIMESTAMP_MAX)


@dataclass(frozen=True, slots=True)
class PendingResolution:
    """How and when a pending transfer left the ``pending`` state.

    Posts and voids are also visible as transfers; an expiry is not a transfer (as in
    TigerBeetle), so this record is what lets ``verify`` replay it.
    """

    pending_id: int
    status: PendingStatus
    timestamp: int
    """When it was resolved: the post/void transfer's timestamp, or the expiry time."""
