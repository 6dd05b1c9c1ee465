"""Result codes of ``create_accounts`` and ``create_transfers``, named as in TigerBeetle.

Every outcome a caller may meet is a value, never an exception. The names and their order
follow TigerBeetle's ``CreateAccountResult`` / ``CreateTransferResult`` (the order is the order
in which checks run, so the first failing check is the one reported). Where TigerBeetle says
``ledger`` this ledger says ``currency``: one ledger per currency is exactly how bankwire uses
TigerBeetle's ledgers. Codes that exist only here: ``currency_must_be_known``,
``owner_must_not_be_empty``, ``amount_must_not_be_zero`` (zero-amount payments are meaningless
on a payment network), and ``blocked_account_release_requires_licence``.
"""

from __future__ import annotations

import enum

__all__ = ["CreateAccountResult", "CreateTransferResult"]


class CreateAccountResult(enum.StrEnum):
    OK = "ok"
    LINKED_EVENT_FAILED = "linked_event_failed"
    LINKED_EVENT_CHAIN_OPEN = "linked_event_chain_open"
    TIMESTAMP_MUST_BE_ZERO = "timestamp_must_be_zero"
    ID_MUST_NOT_BE_ZERO = "id_must_not_be_zero"
    ID_MUST_NOT_BE_INT_MAX = "id_must_not_be_int_max"
    FLAGS_ARE_MUTUALLY_EXCLUSIVE = "flags_are_mutually_exclusive"
    DEBITS_PENDING_MUST_BE_ZERO = "debits_pending_must_be_zero"
    DEBITS_POSTED_MUST_BE_ZERO = "debits_posted_must_be_zero"
    CREDITS_PENDING_MUST_BE_ZERO = "credits_pending_must_be_zero"
    CREDITS_POSTED_MUST_BE_ZERO = "credits_posted_must_be_zero"
    CURRENCY_MUST_BE_KNOWN = "currency_must_be_known"
    CODE_MUST_NOT_BE_ZERO = "code_must_not_be_zero"
    OWNER_MUST_NOT_BE_EMPTY = "owner_must_not_be_empty"
    EXISTS_WITH_DIFFERENT_FLAGS = "exists_with_different_flags"
    EXISTS_WITH_DIFFERENT_OWNER = "exists_with_different_owner"
    EXISTS_WITH_DIFFERENT_KIND = "exists_with_different_kind"
    EXISTS_WITH_DIFFERENT_CURRENCY = "exists_with_different_currency"
    EXISTS_WITH_DIFFERENT_CODE = "exists_with_different_code"
    EXISTS = "exists"


class CreateTransferResult(enum.StrEnum):
    OK = "ok"
    LINKED_EVENT_FAILED = "linked_event_failed"
    LINKED_EVENT_CHAIN_OPEN = "linked_event_chain_open"
    TIMESTAMP_MUST_BE_ZERO = "timestamp_must_be_zero"
    ID_MUST_NOT_BE_ZERO = "id_must_not_be_zero"
    ID_MUST_NOT_BE_INT_MAX = "id_must_not_be_int_max"
    EXISTS_WITH_DIFFERENT_FLAGS = "exists_with_different_flags"
    EXISTS_WITH_DIFFERENT_PENDING_ID = "exists_with_different_pending_id"
    EXISTS_WITH_DIFFERENT_TIMEOUT = "exists_with_different_timeout"
    EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID = "exists_with_different_debit_account_id"
    EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID = "exists_with_different_credit_account_id"
    EXISTS_WITH_DIFFERENT_AMOUNT = "exists_with_different_amount"
    EXISTS_WITH_DIFFERENT_UETR = "exists_with_different_uetr"
    EXISTS_WITH_DIFFERENT_LICENCE_REFERENCE = "exists_with_different_licence_reference"
    EXISTS_WITH_DIFFERENT_CURRENCY = "exists_with_different_currency"
    EXISTS_WITH_DIFFERENT_CODE = "exists_with_different_code"
    EXISTS = "exists"
    FLAGS_ARE_MUTUALLY_EXCLUSIVE = "flags_are_mutually_exclusive"
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO = "debit_account_id_must_not_be_zero"
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX = "debit_account_id_must_not_be_int_max"
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO = "credit_account_id_must_not_be_zero"
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX = "credit_account_id_must_not_be_int_max"
    ACCOUNTS_MUST_BE_DIFFERENT = "accounts_must_be_different"
    PENDING_ID_MUST_BE_ZERO = "pending_id_must_be_zero"
    PENDING_ID_MUST_NOT_BE_ZERO = "pending_id_must_not_be_zero"
    PENDING_ID_MUST_NOT_BE_INT_MAX = "pending_id_must_not_be_int_max"
    PENDING_ID_MUST_BE_DIFFERENT = "pending_id_must_be_different"
    TIMEOUT_RESERVED_FOR_PENDING_TRANSFER = "timeout_reserved_for_pending_transfer"
    AMOUNT_MUST_NOT_BE_ZERO = "amount_must_not_be_zero"
    CURRENCY_MUST_NOT_BE_EMPTY = "currency_must_not_be_empty"
    CODE_MUST_NOT_BE_ZERO = "code_must_not_be_zero"
    DEBIT_ACCOUNT_NOT_FOUND = "debit_account_not_found"
    CREDIT_ACCOUNT_NOT_FOUND = "credit_account_not_found"
    CURRENCIES_MUST_MATCH = "currencies_must_match"
    """The two accounts hold different currencies (TigerBeetle's ``..._same_ledger``)."""
    TRANSFER_MUST_HAVE_THE_SAME_CURRENCY_AS_ACCOUNTS = (
        "transfer_must_have_the_same_currency_as_accounts"
    )
    PENDING_TRANSFER_NOT_FOUND = "pending_transfer_not_found"
    PENDING_TRANSFER_NOT_PENDING = "pending_transfer_not_pending"
    PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID = (
        "pending_transfer_has_different_debit_account_id"
    )
    PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID = (
        "pending_transfer_has_different_credit_account_id"
    )
    PENDING_TRANSFER_HAS_DIFFERENT_CURRENCY = "pending_transfer_has_different_currency"
    PENDING_TRANSFER_HAS_DIFFERENT_CODE = "pending_transfer_has_different_code"
    EXCEEDS_PENDING_TRANSFER_AMOUNT = "exceeds_pending_transfer_amount"
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT = "pending_transfer_has_different_amount"
    PENDING_TRANSFER_ALREADY_POSTED = "pending_transfer_already_posted"
    PENDING_TRANSFER_ALREADY_VOIDED = "pending_transfer_already_voided"
    PENDING_TRANSFER_EXPIRED = "pending_transfer_expired"
    BLOCKED_ACCOUNT_RELEASE_REQUIRES_LICENCE = "blocked_account_release_requires_licence"
    OVERFLOWS_DEBITS_PENDING = "overflows_debits_pending"
    OVERFLOWS_CREDITS_PENDING = "overflows_credits_pending"
    OVERFLOWS_DEBITS_POSTED = "overflows_debits_posted"
    OVERFLOWS_CREDITS_POSTED = "overflows_credits_posted"
    OVERFLOWS_DEBITS = "overflows_debits"
    OVERFLOWS_CREDITS = "overflows_credits"
    OVERFLOWS_TIMEOUT = "overflows_timeout"
    EXCEEDS_CREDITS = "exceeds_credits"
    EXCEEDS_DEBITS = "exceeds_debits"
