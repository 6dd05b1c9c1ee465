"""Every ``create_transfers`` and ``create_accounts`` result code, one table row each.

Protects the contract the network relies on: the first failing check names the problem, a
failed event changes nothing, and resending is safe (``exists``). The order of checks follows
TigerBeetle's, so a row's event is built to fail exactly one check.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bankwire.ledger import (
    AMOUNT_MAX,
    ID_MAX,
    Account,
    AccountFlags,
    AccountKind,
    CreateAccountResult,
    CreateTransferResult,
    Ledger,
    Transfer,
    TransferFlags,
)
from tests.ledger.factory import (
    ACCOUNTS,
    BLOCKED,
    CAPPED,
    EURO,
    FUNDING,
    HUGE_A,
    HUGE_B,
    HUGE_C,
    RECEIVER,
    SENDER,
    START,
    book,
    pending,
    post,
    transfer,
    void,
)

R = CreateTransferResult
F = TransferFlags
BASE = transfer(10, SENDER, RECEIVER, 100)
PENDING = pending(20, SENDER, RECEIVER, 100)

# (result, transfers recorded first, the event under test)
TRANSFER_CASES: list[tuple[R, list[Transfer], Transfer]] = [
    (R.OK, [], BASE),
    (R.TIMESTAMP_MUST_BE_ZERO, [], replace(BASE, timestamp=1)),
    (R.ID_MUST_NOT_BE_ZERO, [], replace(BASE, id=0)),
    (R.ID_MUST_NOT_BE_INT_MAX, [], replace(BASE, id=ID_MAX)),
    (R.EXISTS_WITH_DIFFERENT_FLAGS, [BASE], replace(BASE, flags=F.PENDING)),
    (R.EXISTS_WITH_DIFFERENT_PENDING_ID,
     [PENDING, pending(22, SENDER, RECEIVER, 100), post(21, 20)], post(21, 22)),
    (R.EXISTS_WITH_DIFFERENT_TIMEOUT,
     [replace(PENDING, timeout_s=60)], replace(PENDING, timeout_s=30)),
    (R.EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID, [BASE], replace(BASE, debit_account_id=FUNDING)),
    (R.EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID, [BASE], replace(BASE, credit_account_id=FUNDING)),
    (R.EXISTS_WITH_DIFFERENT_AMOUNT, [BASE], replace(BASE, amount=101)),
    (R.EXISTS_WITH_DIFFERENT_UETR, [BASE], replace(BASE, uetr="a-different-uetr")),
    (R.EXISTS_WITH_DIFFERENT_LICENCE_REFERENCE, [BASE], replace(BASE, licence_reference="GL 8")),
    (R.EXISTS_WITH_DIFFERENT_CURRENCY, [BASE], replace(BASE, currency="EUR")),
    (R.EXISTS_WITH_DIFFERENT_CODE, [BASE], replace(BASE, code=4)),
    (R.EXISTS, [BASE], BASE),
    (R.EXISTS, [PENDING, post(21, 20)], post(21, 20)),
    (R.EXISTS, [PENDING, post(21, 20, 40)], post(21, 20, 40, debit_account_id=SENDER)),
    (R.EXISTS, [PENDING, void(21, 20)], void(21, 20, 100)),
    (R.FLAGS_ARE_MUTUALLY_EXCLUSIVE, [], replace(BASE, flags=F.PENDING | F.POST_PENDING_TRANSFER)),
    (R.FLAGS_ARE_MUTUALLY_EXCLUSIVE, [],
     post(21, 20, flags=F.POST_PENDING_TRANSFER | F.VOID_PENDING_TRANSFER)),
    (R.DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO, [], replace(BASE, debit_account_id=0)),
    (R.DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX, [], replace(BASE, debit_account_id=ID_MAX)),
    (R.CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO, [], replace(BASE, credit_account_id=0)),
    (R.CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX, [], replace(BASE, credit_account_id=ID_MAX)),
    (R.ACCOUNTS_MUST_BE_DIFFERENT, [], replace(BASE, credit_account_id=SENDER)),
    (R.PENDING_ID_MUST_BE_ZERO, [], replace(BASE, pending_id=5)),
    (R.PENDING_ID_MUST_NOT_BE_ZERO, [], post(21, 0)),
    (R.PENDING_ID_MUST_NOT_BE_INT_MAX, [], void(21, ID_MAX)),
    (R.PENDING_ID_MUST_BE_DIFFERENT, [], post(21, 21)),
    (R.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER, [], replace(BASE, timeout_s=5)),
    (R.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER, [PENDING], post(21, 20, timeout_s=5)),
    (R.CURRENCY_MUST_NOT_BE_EMPTY, [], replace(BASE, currency="")),
    (R.CODE_MUST_NOT_BE_ZERO, [], replace(BASE, code=0)),
    (R.AMOUNT_MUST_NOT_BE_ZERO, [], replace(BASE, amount=0)),
    (R.DEBIT_ACCOUNT_NOT_FOUND, [], replace(BASE, debit_account_id=999)),
    (R.CREDIT_ACCOUNT_NOT_FOUND, [], replace(BASE, credit_account_id=999)),
    (R.CURRENCIES_MUST_MATCH, [], replace(BASE, credit_account_id=EURO)),
    (R.TRANSFER_MUST_HAVE_THE_SAME_CURRENCY_AS_ACCOUNTS, [], replace(BASE, currency="EUR")),
    (R.PENDING_TRANSFER_NOT_FOUND, [], post(21, 999)),
    (R.PENDING_TRANSFER_NOT_PENDING, [BASE], post(21, 10)),
    (R.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID, [PENDING],
     post(21, 20, debit_account_id=FUNDING)),
    (R.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID, [PENDING],
     void(21, 20, credit_account_id=FUNDING)),
    (R.PENDING_TRANSFER_HAS_DIFFERENT_CURRENCY, [PENDING], post(21, 20, currency="EUR")),
    (R.PENDING_TRANSFER_HAS_DIFFERENT_CODE, [PENDING], post(21, 20, code=4)),
    (R.EXCEEDS_PENDING_TRANSFER_AMOUNT, [PENDING], post(21, 20, 101)),
    (R.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT, [PENDING], void(21, 20, 99)),
    (R.PENDING_TRANSFER_ALREADY_POSTED, [PENDING, post(21, 20)], void(22, 20)),
    (R.PENDING_TRANSFER_ALREADY_VOIDED, [PENDING, void(21, 20)], post(22, 20)),
    (R.BLOCKED_ACCOUNT_RELEASE_REQUIRES_LICENCE, [], transfer(10, BLOCKED, RECEIVER, 100)),
    (R.OVERFLOWS_DEBITS_PENDING, [pending(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     pending(10, HUGE_A, HUGE_C, 1)),
    (R.OVERFLOWS_CREDITS_PENDING, [pending(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     pending(10, HUGE_C, HUGE_B, 1)),
    (R.OVERFLOWS_DEBITS_POSTED, [transfer(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     transfer(10, HUGE_A, HUGE_C, 1)),
    (R.OVERFLOWS_CREDITS_POSTED, [transfer(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     transfer(10, HUGE_C, HUGE_B, 1)),
    (R.OVERFLOWS_DEBITS, [pending(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     transfer(10, HUGE_A, HUGE_C, 1)),
    (R.OVERFLOWS_CREDITS, [pending(30, HUGE_A, HUGE_B, AMOUNT_MAX)],
     transfer(10, HUGE_C, HUGE_B, 1)),
    (R.EXCEEDS_CREDITS, [], transfer(10, SENDER, RECEIVER, 1_001)),
    (R.EXCEEDS_CREDITS, [pending(30, SENDER, RECEIVER, 900)], transfer(10, SENDER, RECEIVER, 101)),
    (R.EXCEEDS_DEBITS, [], transfer(10, RECEIVER, CAPPED, 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("expected", "before", "event"),
    TRANSFER_CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(TRANSFER_CASES)],
)
def test_create_transfer_result(
    expected: CreateTransferResult, before: list[Transfer], event: Transfer
) -> None:
    ledger, _clock = book()
    for earlier in before:
        assert ledger.create_transfers([earlier]) == [(0, R.OK)]
    accounts_before = ledger.accounts()
    transfers_before = ledger.transfers()
    assert ledger.create_transfers([event]) == [(0, expected)]
    if expected is not R.OK:
        assert ledger.accounts() == accounts_before
        assert ledger.transfers() == transfers_before
    assert ledger.verify() == []


def test_every_transfer_result_has_a_case() -> None:
    """The table above covers each code (chains and time-based codes have their own tests)."""
    covered = {case[0] for case in TRANSFER_CASES}
    elsewhere = {
        R.LINKED_EVENT_FAILED,
        R.LINKED_EVENT_CHAIN_OPEN,
        R.PENDING_TRANSFER_EXPIRED,
        R.OVERFLOWS_TIMEOUT,
    }
    assert set(R) - covered == elsewhere


def test_pending_transfer_expires_after_its_timeout() -> None:
    ledger, clock = book()
    assert ledger.create_transfers([pending(20, SENDER, RECEIVER, 100, timeout_s=60)]) == [
        (0, R.OK)
    ]
    clock.advance(timedelta(seconds=60))  # The pending transfer's timestamp is a few ns later.
    assert ledger.expire_pending_transfers() == 0
    clock.advance(timedelta(seconds=1))
    assert ledger.create_transfers([post(21, 20)]) == [(0, R.PENDING_TRANSFER_EXPIRED)]
    assert ledger.pending_status(20) == "expired"
    (sender,) = ledger.lookup_accounts([SENDER])
    assert sender.debits_pending == 0
    assert ledger.verify() == []


def test_deadline_follows_timestamps_when_the_clock_is_behind() -> None:
    """A ledger restored ahead of its clock keeps increasing timestamps past a deadline."""
    ledger, clock = book()
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100, timeout_s=1)])
    clock.advance(timedelta(seconds=5))
    ledger.create_transfers([transfer(10, FUNDING, RECEIVER, 1)])  # Sweeps: 20 expires.
    stored = [t for t in ledger.transfers() if t.id != 10]  # Keep 20 pending, drop the sweep.
    late = replace(transfer(11, FUNDING, RECEIVER, 1), timestamp=stored[-1].timestamp + 10**10)
    restored = Ledger.restore(clock, ACCOUNTS, [*stored, late], [])
    clock.advance(timedelta(seconds=-5))  # Behind the deadline; timestamps are not.
    assert restored.create_transfers([post(21, 20)]) == [(0, R.PENDING_TRANSFER_EXPIRED)]
    assert restored.pending_status(20) == "pending"


def test_overflows_timeout_near_the_end_of_u64_time() -> None:
    ledger, _clock = book(START.replace(year=2500))
    event = pending(20, SENDER, RECEIVER, 1, timeout_s=2**32 - 1)
    assert ledger.create_transfers([event]) == [(0, R.OVERFLOWS_TIMEOUT)]


def test_partial_post_releases_the_rest() -> None:
    ledger, _clock = book()
    assert ledger.create_transfers([PENDING, post(21, 20, 40)]) == [(0, R.OK), (1, R.OK)]
    sender, receiver = ledger.lookup_accounts([SENDER, RECEIVER])
    assert (sender.debits_pending, sender.debits_posted) == (0, 40)
    assert (receiver.credits_pending, receiver.credits_posted) == (0, 40)
    (stored,) = ledger.lookup_transfers([21])
    assert (stored.debit_account_id, stored.amount, stored.currency) == (SENDER, 40, "USD")


def test_post_of_amount_max_posts_the_full_amount() -> None:
    ledger, _clock = book()
    ledger.create_transfers([PENDING, post(21, 20, AMOUNT_MAX)])
    (stored,) = ledger.lookup_transfers([21])
    assert stored.amount == 100


def test_blocked_account_releases_with_a_licence() -> None:
    ledger, _clock = book()
    release = transfer(10, BLOCKED, RECEIVER, 100, licence_reference="OFAC GL 5")
    assert ledger.create_transfers([release]) == [(0, R.OK)]


A = CreateAccountResult
NEW = Account(100, "USD", 1, "EEEEITMM", AccountKind.NOSTRO)
EXISTING = Account(1, "USD", 1, "AAAAUS33", AccountKind.SETTLEMENT,
                   AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)  # fmt: skip
ACCOUNT_CASES: list[tuple[CreateAccountResult, Account]] = [
    (A.OK, NEW),
    (A.TIMESTAMP_MUST_BE_ZERO, replace(NEW, timestamp=1)),
    (A.ID_MUST_NOT_BE_ZERO, replace(NEW, id=0)),
    (A.ID_MUST_NOT_BE_INT_MAX, replace(NEW, id=ID_MAX)),
    (A.FLAGS_ARE_MUTUALLY_EXCLUSIVE, replace(NEW, flags=AccountFlags(6))),
    (A.DEBITS_PENDING_MUST_BE_ZERO, replace(NEW, debits_pending=1)),
    (A.DEBITS_POSTED_MUST_BE_ZERO, replace(NEW, debits_posted=1)),
    (A.CREDITS_PENDING_MUST_BE_ZERO, replace(NEW, credits_pending=1)),
    (A.CREDITS_POSTED_MUST_BE_ZERO, replace(NEW, credits_posted=1)),
    (A.CURRENCY_MUST_BE_KNOWN, replace(NEW, currency="XXX")),
    (A.CODE_MUST_NOT_BE_ZERO, replace(NEW, code=0)),
    (A.OWNER_MUST_NOT_BE_EMPTY, replace(NEW, owner="")),
    (A.EXISTS_WITH_DIFFERENT_FLAGS, replace(EXISTING, flags=AccountFlags.NONE)),
    (A.EXISTS_WITH_DIFFERENT_OWNER, replace(EXISTING, owner="ZZZZUS33")),
    (A.EXISTS_WITH_DIFFERENT_KIND, replace(EXISTING, kind=AccountKind.NOSTRO)),
    (A.EXISTS_WITH_DIFFERENT_CURRENCY, replace(EXISTING, currency="EUR")),
    (A.EXISTS_WITH_DIFFERENT_CODE, replace(EXISTING, code=2)),
    (A.EXISTS, EXISTING),
]


@pytest.mark.parametrize(
    ("expected", "account"), ACCOUNT_CASES, ids=[str(c[0]) for c in ACCOUNT_CASES]
)
def test_create_account_result(expected: CreateAccountResult, account: Account) -> None:
    ledger, _clock = book()
    before = ledger.accounts()
    assert ledger.create_accounts([account]) == [(0, expected)]
    if expected is not A.OK:
        assert ledger.accounts() == before


def test_every_account_result_has_a_case() -> None:
    covered = {case[0] for case in ACCOUNT_CASES}
    assert set(A) - covered == {A.LINKED_EVENT_FAILED, A.LINKED_EVENT_CHAIN_OPEN}
