"""Validation of one account or transfer against the ledger's state, in TigerBeetle's order.

Pure functions: they read states and return the first failing result, or ``OK``. The order
of the checks is part of the contract (the same bad event always gets the same code).
"""

from __future__ import annotations

from typing import Final

from bankwire.ledger.model import (
    AMOUNT_MAX,
    ID_MAX,
    TIMESTAMP_MAX,
    Account,
    AccountFlags,
    AccountKind,
    PendingStatus,
    Transfer,
    TransferFlags,
)
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.ledger.state import AccountState
from bankwire.money import CURRENCY_EXPONENTS

__all__ = [
    "check_account",
    "check_account_exists",
    "check_flags",
    "check_post_or_void",
    "check_single_phase",
    "check_transfer_exists",
    "check_transfer_shape",
    "fill_from_pending",
]

_BOTH_LIMITS = (
    AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS
)
NS_PER_S = 1_000_000_000
# Flag bits as plain ints: ``IntFlag.__and__`` builds a new enum member per call, which costs
# more than the rest of a transfer's checks together on the hot path.
PENDING: Final[int] = int(TransferFlags.PENDING)
POST: Final[int] = int(TransferFlags.POST_PENDING_TRANSFER)
VOID: Final[int] = int(TransferFlags.VOID_PENDING_TRANSFER)
RESOLVING: Final[int] = POST | VOID
DEBITS_LIMITED: Final[int] = int(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)
CREDITS_LIMITED: Final[int] = int(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS)

R = CreateTransferResult


def check_account(account: Account) -> CreateAccountResult:
    """Field checks of a new account, before looking for an existing one (TigerBeetle)."""
    if account.timestamp != 0:
        return CreateAccountResult.TIMESTAMP_MUST_BE_ZERO
    if account.id == 0:
        return CreateAccountResult.ID_MUST_NOT_BE_ZERO
    if account.id == ID_MAX:
        return CreateAccountResult.ID_MUST_NOT_BE_INT_MAX
    if account.flags & _BOTH_LIMITS == _BOTH_LIMITS:
        return CreateAccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE
    if account.debits_pending != 0:
        return CreateAccountResult.DEBITS_PENDING_MUST_BE_ZERO
    if account.debits_posted != 0:
        return CreateAccountResult.DEBITS_POSTED_MUST_BE_ZERO
    if account.credits_pending != 0:
        return CreateAccountResult.CREDITS_PENDING_MUST_BE_ZERO
    if account.credits_posted != 0:
        return CreateAccountResult.CREDITS_POSTED_MUST_BE_ZERO
    if account.currency not in CURRENCY_EXPONENTS:
        return CreateAccountResult.CURRENCY_MUST_BE_KNOWN
    if account.code == 0:
        return CreateAccountResult.CODE_MUST_NOT_BE_ZERO
    if not account.owner:
        return CreateAccountResult.OWNER_MUST_NOT_BE_EMPTY
    return CreateAccountResult.OK


def check_account_exists(account: Account, existing: Account) -> CreateAccountResult:
    """Idempotent re-creation: the same account again is ``exists``; anything else differs."""
    if account.flags != existing.flags:
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS
    if account.owner != existing.owner:
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_OWNER
    if account.kind != existing.kind:
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_KIND
    if account.currency != existing.currency:
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_CURRENCY
    if account.code != existing.code:
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_CODE
    return CreateAccountResult.EXISTS


def fill_from_pending(transfer: Transfer, pending: Transfer, timestamp: int = 0) -> Transfer:
    """A post or void as it is stored: empty fields taken from the pending transfer.

    A void always carries the pending amount; a post of 0 or ``AMOUNT_MAX`` carries it too.
    """
    amount = transfer.amount
    if int(transfer.flags) & VOID or amount in (0, AMOUNT_MAX):
        amount = pending.amount
    return Transfer(
        id=transfer.id,
        debit_account_id=transfer.debit_account_id or pending.debit_account_id,
        credit_account_id=transfer.credit_account_id or pending.credit_account_id,
        amount=amount,
        currency=transfer.currency or pending.currency,
        code=transfer.code or pending.code,
        flags=transfer.flags,
        pending_id=transfer.pending_id,
        timeout_s=transfer.timeout_s,
        uetr=transfer.uetr,
        licence_reference=transfer.licence_reference,
        timestamp=timestamp,
    )


def check_transfer_exists(transfer: Transfer, existing: Transfer) -> CreateTransferResult:
    """Compare a resent transfer with the recorded one, field by field in TigerBeetle's order.

    ``transfer`` must already be filled from its pending transfer if it is a post or void.
    """
    if transfer.flags != existing.flags:
        return R.EXISTS_WITH_DIFFERENT_FLAGS
    if transfer.pending_id != existing.pending_id:
        return R.EXISTS_WITH_DIFFERENT_PENDING_ID
    if transfer.timeout_s != existing.timeout_s:
        return R.EXISTS_WITH_DIFFERENT_TIMEOUT
    if transfer.debit_account_id != existing.debit_account_id:
        return R.EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID
    if transfer.credit_account_id != existing.credit_account_id:
        return R.EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID
    if transfer.amount != existing.amount:
        return R.EXISTS_WITH_DIFFERENT_AMOUNT
    if transfer.uetr != existing.uetr:
        return R.EXISTS_WITH_DIFFERENT_UETR
    if transfer.licence_reference != existing.licence_reference:
        return R.EXISTS_WITH_DIFFERENT_LICENCE_REFERENCE
    if transfer.currency != existing.currency:
        return R.EXISTS_WITH_DIFFERENT_CURRENCY
    if transfer.code != existing.code:
        return R.EXISTS_WITH_DIFFERENT_CODE
    return R.EXISTS


def check_transfer_shape(transfer: Transfer) -> CreateTransferResult:
    """Checks that need no state and come before the idempotency lookup."""
    if transfer.timestamp != 0:
        return R.TIMESTAMP_MUST_BE_ZERO
    if transfer.id == 0:
        return R.ID_MUST_NOT_BE_ZERO
    if transfer.id == ID_MAX:
        return R.ID_MUST_NOT_BE_INT_MAX
    return R.OK


def _check_single_phase_fields(transfer: Transfer) -> CreateTransferResult:
    if transfer.debit_account_id == 0:
        return R.DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO
    if transfer.debit_account_id == ID_MAX:
        return R.DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX
    if transfer.credit_account_id == 0:
        return R.CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO
    if transfer.credit_account_id == ID_MAX:
        return R.CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX
    if transfer.debit_account_id == transfer.credit_account_id:
        return R.ACCOUNTS_MUST_BE_DIFFERENT
    if transfer.pending_id != 0:
        return R.PENDING_ID_MUST_BE_ZERO
    if transfer.timeout_s != 0 and not int(transfer.flags) & PENDING:
        return R.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER
    if not transfer.currency:
        return R.CURRENCY_MUST_NOT_BE_EMPTY
    if transfer.code == 0:
        return R.CODE_MUST_NOT_BE_ZERO
    if transfer.amount == 0:
        return R.AMOUNT_MUST_NOT_BE_ZERO
    return R.OK


def check_single_phase(
    transfer: Transfer, debit: AccountState | None, credit: AccountState | None, timestamp: int
) -> CreateTransferResult:
    """A single-phase or pending transfer: fields, accounts, licence, overflow, limits."""
    result = _check_single_phase_fields(transfer)
    if result is not R.OK:
        return result
    if debit is None:
        return R.DEBIT_ACCOUNT_NOT_FOUND
    if credit is None:
        return R.CREDIT_ACCOUNT_NOT_FOUND
    if debit.account.currency != credit.account.currency:
        return R.CURRENCIES_MUST_MATCH
    if transfer.currency != debit.account.currency:
        return R.TRANSFER_MUST_HAVE_THE_SAME_CURRENCY_AS_ACCOUNTS
    if debit.account.kind is AccountKind.BLOCKED and not transfer.licence_reference:
        return R.BLOCKED_ACCOUNT_RELEASE_REQUIRES_LICENCE
    result = _check_overflows(transfer, debit, credit, timestamp)
    if result is not R.OK:
        return result
    return _check_limits(transfer.amount, debit, credit)


def _check_overflows(
    transfer: Transfer, debit: AccountState, credit: AccountState, timestamp: int
) -> CreateTransferResult:
    amount = transfer.amount
    if int(transfer.flags) & PENDING:
        if debit.debits_pending + amount > AMOUNT_MAX:
            return R.OVERFLOWS_DEBITS_PENDING
        if credit.credits_pending + amount > AMOUNT_MAX:
            return R.OVERFLOWS_CREDITS_PENDING
    else:
        if debit.debits_posted + amount > AMOUNT_MAX:
            return R.OVERFLOWS_DEBITS_POSTED
        if credit.credits_posted + amount > AMOUNT_MAX:
            return R.OVERFLOWS_CREDITS_POSTED
    if debit.debits_pending + debit.debits_posted + amount > AMOUNT_MAX:
        return R.OVERFLOWS_DEBITS
    if credit.credits_pending + credit.credits_posted + amount > AMOUNT_MAX:
        return R.OVERFLOWS_CREDITS
    if timestamp + transfer.timeout_s * NS_PER_S > TIMESTAMP_MAX:
        return R.OVERFLOWS_TIMEOUT
    return R.OK


def _check_limits(amount: int, debit: AccountState, credit: AccountState) -> CreateTransferResult:
    if (
        debit.limits & DEBITS_LIMITED
        and debit.debits_pending + debit.debits_posted + amount > debit.credits_posted
    ):
        return R.EXCEEDS_CREDITS
    if (
        credit.limits & CREDITS_LIMITED
        and credit.credits_pending + credit.credits_posted + amount > credit.debits_posted
    ):
        return R.EXCEEDS_DEBITS
    return R.OK


def check_flags(transfer: Transfer) -> CreateTransferResult:
    """At most one of pending, post-pending and void-pending."""
    if int(transfer.flags) & (PENDING | RESOLVING) not in (0, PENDING, POST, VOID):
        return R.FLAGS_ARE_MUTUALLY_EXCLUSIVE
    return R.OK


def _check_post_or_void_fields(transfer: Transfer) -> CreateTransferResult:
    if transfer.pending_id == 0:
        return R.PENDING_ID_MUST_NOT_BE_ZERO
    if transfer.pending_id == ID_MAX:
        return R.PENDING_ID_MUST_NOT_BE_INT_MAX
    if transfer.pending_id == transfer.id:
        return R.PENDING_ID_MUST_BE_DIFFERENT
    if transfer.timeout_s != 0:
        return R.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER
    return R.OK


def check_post_or_void(
    transfer: Transfer,
    pending: Transfer | None,
    status: PendingStatus | None,
    timestamp: int,
) -> CreateTransferResult:
    """A post-pending or void-pending transfer against the pending transfer it resolves."""
    result = _check_post_or_void_fields(transfer)
    if result is not R.OK:
        return result
    if pending is None:
        return R.PENDING_TRANSFER_NOT_FOUND
    if not int(pending.flags) & PENDING:
        return R.PENDING_TRANSFER_NOT_PENDING
    result = _check_matches_pending(transfer, pending)
    if result is not R.OK:
        return result
    if status is PendingStatus.POSTED:
        return R.PENDING_TRANSFER_ALREADY_POSTED
    if status is PendingStatus.VOIDED:
        return R.PENDING_TRANSFER_ALREADY_VOIDED
    if status is PendingStatus.EXPIRED or _deadline_passed(pending, timestamp):
        return R.PENDING_TRANSFER_EXPIRED
    return R.OK


def _deadline_passed(pending: Transfer, timestamp: int) -> bool:
    return pending.timeout_s != 0 and pending.timestamp + pending.timeout_s * NS_PER_S <= timestamp


def _check_matches_pending(transfer: Transfer, pending: Transfer) -> CreateTransferResult:
    if transfer.debit_account_id not in (0, pending.debit_account_id):
        return R.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID
    if transfer.credit_account_id not in (0, pending.credit_account_id):
        return R.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID
    if transfer.currency not in ("", pending.currency):
        return R.PENDING_TRANSFER_HAS_DIFFERENT_CURRENCY
    if transfer.code not in (0, pending.code):
        return R.PENDING_TRANSFER_HAS_DIFFERENT_CODE
    if int(transfer.flags) & POST:
        if transfer.amount not in (0, AMOUNT_MAX) and transfer.amount > pending.amount:
            return R.EXCEEDS_PENDING_TRANSFER_AMOUNT
    elif transfer.amount not in (0, pending.amount):
        return R.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT
    return R.OK
