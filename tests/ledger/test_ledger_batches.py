"""Linked chains, batch rules, lookups, change tracking and restore of ``Ledger``.

Protects atomicity of linked chains (all or nothing, with ``linked_event_failed`` naming the
innocent events) and the read API the network and the store depend on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bankwire.clock import FixedClock
from bankwire.ledger import (
    BATCH_EVENTS_MAX,
    ID_MAX,
    Account,
    AccountFlags,
    AccountKind,
    CreateAccountResult,
    CreateTransferResult,
    Ledger,
    PendingStatus,
    TransferCode,
    TransferFlags,
    account_id,
    derive_id,
    model,
)
from tests.ledger.factory import (
    ACCOUNTS,
    FUNDED_SENDER,
    FUNDING,
    RECEIVER,
    SENDER,
    book,
    pending,
    post,
    transfer,
    void,
)

R = CreateTransferResult
LINKED = TransferFlags.LINKED


def test_linked_chain_commits_together() -> None:
    ledger, _clock = book()
    chain = [
        pending(20, SENDER, RECEIVER, 100, flags=TransferFlags.PENDING | LINKED),
        post(21, 20, flags=TransferFlags.POST_PENDING_TRANSFER | LINKED),
        transfer(22, RECEIVER, FUNDING, 100),
    ]
    assert ledger.create_transfers(chain) == [(0, R.OK), (1, R.OK), (2, R.OK)]
    assert ledger.verify() == []


def test_failed_chain_leaves_no_trace_and_later_events_still_run() -> None:
    ledger, _clock = book()
    accounts_before = ledger.accounts()
    transfers_before = ledger.transfers()
    batch = [
        pending(20, SENDER, RECEIVER, 100, flags=TransferFlags.PENDING | LINKED),
        post(21, 20, flags=TransferFlags.POST_PENDING_TRANSFER | LINKED),
        transfer(22, SENDER, RECEIVER, 5_000, flags=LINKED),  # Exceeds the sender's credits.
        transfer(23, SENDER, RECEIVER, 1),  # Closes the chain: fails with it.
        transfer(24, SENDER, RECEIVER, 1),  # Its own chain of one: succeeds.
    ]
    assert ledger.create_transfers(batch) == [
        (0, R.LINKED_EVENT_FAILED),
        (1, R.LINKED_EVENT_FAILED),
        (2, R.EXCEEDS_CREDITS),
        (3, R.LINKED_EVENT_FAILED),
        (4, R.OK),
    ]
    assert [t.id for t in ledger.transfers()] == [t.id for t in transfers_before] + [24]
    assert ledger.pending_status(20) is None
    sender_before = next(a for a in accounts_before if a.id == SENDER)
    (sender,) = ledger.lookup_accounts([SENDER])
    assert sender.debits_posted == sender_before.debits_posted + 1
    assert [t.id for t in ledger.get_account_transfers(SENDER)][-1] == 24
    changes = ledger.take_changes()
    assert [t.id for t in changes.transfers][-1] == 24
    assert 20 not in {t.id for t in changes.transfers}
    assert changes.resolutions == []
    assert ledger.verify() == []


def test_chain_left_open_at_the_end_of_a_batch_fails() -> None:
    ledger, _clock = book()
    batch = [transfer(20, SENDER, RECEIVER, 1, flags=LINKED),
             transfer(21, SENDER, RECEIVER, 1, flags=LINKED)]  # fmt: skip
    assert ledger.create_transfers(batch) == [
        (0, R.LINKED_EVENT_FAILED),
        (1, R.LINKED_EVENT_CHAIN_OPEN),
    ]
    assert ledger.lookup_transfers([20, 21]) == []


def test_rolled_back_resolution_restores_the_pending_transfer() -> None:
    ledger, _clock = book()
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100, timeout_s=60)])
    batch = [void(21, 20, flags=TransferFlags.VOID_PENDING_TRANSFER | LINKED),
             transfer(22, SENDER, 999, 1)]  # fmt: skip
    assert ledger.create_transfers(batch) == [
        (0, R.LINKED_EVENT_FAILED),
        (1, R.CREDIT_ACCOUNT_NOT_FOUND),
    ]
    assert ledger.pending_status(20) is PendingStatus.PENDING
    (sender,) = ledger.lookup_accounts([SENDER])
    assert sender.debits_pending == 100
    assert ledger.resolutions() == []


def test_rolled_back_pending_leaves_a_stale_deadline_that_never_expires_a_reused_id() -> None:
    ledger, clock = book()
    batch = [pending(20, SENDER, RECEIVER, 100, flags=TransferFlags.PENDING | LINKED,
                     timeout_s=1),
             transfer(22, SENDER, 999, 1)]  # fmt: skip
    ledger.create_transfers(batch)
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100, timeout_s=3_600)])
    clock.set(clock.now().replace(minute=5))
    assert ledger.expire_pending_transfers() == 0
    assert ledger.pending_status(20) is PendingStatus.PENDING


def test_linked_accounts_are_created_together() -> None:
    ledger, _clock = book()
    first = Account(100, "USD", 1, "EEEEITMM", AccountKind.NOSTRO, AccountFlags.LINKED)
    second = Account(101, "USD", 0, "EEEEITMM", AccountKind.VOSTRO)  # Code zero: fails.
    assert ledger.create_accounts([first, second]) == [
        (0, CreateAccountResult.LINKED_EVENT_FAILED),
        (1, CreateAccountResult.CODE_MUST_NOT_BE_ZERO),
    ]
    assert ledger.lookup_accounts([100, 101]) == []
    assert ledger.balances()["USD"].accounts == len([a for a in ACCOUNTS if a.currency == "USD"])
    assert ledger.create_accounts([first, replace(second, code=1)]) == [
        (0, CreateAccountResult.OK),
        (1, CreateAccountResult.OK),
    ]


def test_batch_size_is_bounded() -> None:
    ledger, _clock = book()
    with pytest.raises(ValueError, match="at most 8190 events"):
        ledger.create_transfers([transfer(10, SENDER, RECEIVER, 1)] * (BATCH_EVENTS_MAX + 1))


def test_clock_before_the_epoch_is_refused() -> None:
    ledger = Ledger(FixedClock(datetime(1969, 12, 31, tzinfo=UTC)))
    with pytest.raises(ValueError, match="after 1970"):
        ledger.create_accounts([])


def test_take_changes_needs_tracking() -> None:
    ledger = Ledger(FixedClock())
    with pytest.raises(ValueError, match="track_changes=False"):
        ledger.take_changes()


def test_lookups_skip_unknown_ids_and_keep_order() -> None:
    ledger, _clock = book()
    ledger.create_transfers([transfer(10, SENDER, RECEIVER, 7)])
    assert [a.id for a in ledger.lookup_accounts([RECEIVER, 999, SENDER])] == [RECEIVER, SENDER]
    assert [t.id for t in ledger.lookup_transfers([10, 999])] == [10]
    assert ledger.get_account_transfers(999) == []
    assert [t.amount for t in ledger.get_account_transfers(RECEIVER)] == [7]
    totals = ledger.balances()["USD"]
    assert totals.debits_posted == totals.credits_posted == FUNDED_SENDER + 500 + 7


def test_restore_gives_back_the_same_ledger() -> None:
    ledger, clock = book()
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100, timeout_s=5), post(21, 20, 60),
                             pending(22, SENDER, RECEIVER, 10, timeout_s=5)])  # fmt: skip
    restored = Ledger.restore(clock, ledger.accounts(), ledger.transfers(), ledger.resolutions())
    assert restored.accounts() == ledger.accounts()
    assert restored.transfers() == ledger.transfers()
    assert restored.balances() == ledger.balances()
    assert restored.pending_status(20) is PendingStatus.POSTED
    assert restored.verify() == []
    clock.set(clock.now().replace(minute=30))
    assert restored.expire_pending_transfers() == 1  # 22's deadline survived the restore.
    assert restored.verify() == []


def test_restore_refuses_transfers_out_of_order() -> None:
    ledger, clock = book()
    with pytest.raises(ValueError, match="timestamp order"):
        Ledger.restore(clock, ledger.accounts(), ledger.transfers()[::-1], [])


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("amount", -1, ValueError),
        ("amount", 2**128, ValueError),
        ("amount", True, TypeError),
        ("id", "1", TypeError),
        ("timeout_s", 2**32, ValueError),
    ],
)
def test_transfer_values_outside_u128_are_programming_errors(
    field: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=f"'{field}'"):
        replace(transfer(10, SENDER, RECEIVER, 1), **{field: value})


def test_account_balance_helper() -> None:
    ledger, _clock = book()
    (sender,) = ledger.lookup_accounts([SENDER])
    assert sender.balance_posted == FUNDED_SENDER


def test_untracked_ledger_runs_the_same_workload() -> None:
    """Without change tracking (benchmarks, replays) chains, posts and expiries still work."""
    clock = FixedClock(datetime(2022, 2, 23, tzinfo=UTC))
    ledger = Ledger(clock)
    linked = replace(ACCOUNTS[0], flags=ACCOUNTS[0].flags | AccountFlags.LINKED)
    assert [str(r) for _, r in ledger.create_accounts([linked, replace(ACCOUNTS[1], code=0)])] == [
        "linked_event_failed",
        "code_must_not_be_zero",
    ]
    ledger.create_accounts(ACCOUNTS)
    batch = [transfer(1, FUNDING, SENDER, 500), pending(2, SENDER, RECEIVER, 50, timeout_s=1),
             pending(3, SENDER, RECEIVER, 50), post(4, 3, flags=TransferFlags.POST_PENDING_TRANSFER
             | LINKED), transfer(5, SENDER, 999, 1)]  # fmt: skip
    assert [str(r) for _, r in ledger.create_transfers(batch)] == [
        "ok", "ok", "ok", "linked_event_failed", "credit_account_not_found",
    ]  # fmt: skip
    clock.set(clock.now().replace(hour=1))
    assert ledger.expire_pending_transfers() == 1
    assert ledger.verify() == []


def test_resend_of_a_post_naming_an_unknown_pending_transfer() -> None:
    ledger, _clock = book()
    ledger.create_transfers([pending(20, SENDER, RECEIVER, 100), post(21, 20)])
    assert ledger.create_transfers([post(21, 999)]) == [(0, R.EXISTS_WITH_DIFFERENT_PENDING_ID)]


def test_restore_keeps_transfers_whose_accounts_are_missing_for_verify_to_report() -> None:
    ledger, clock = book()
    accounts = [a for a in ledger.accounts() if a.id != FUNDING]
    restored = Ledger.restore(clock, accounts, ledger.transfers(), [])
    assert [t.id for t in restored.get_account_transfers(SENDER)] == [90_001]
    assert {str(d.kind) for d in restored.verify()} >= {"unknown_account"}


def test_changes_know_when_they_are_empty() -> None:
    ledger, _clock = book()
    assert not ledger.take_changes().is_empty()
    ledger.create_transfers([transfer(10, SENDER, 999, 1)])
    assert ledger.take_changes().is_empty()


def test_ids_are_derived_from_their_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    first = account_id("PRMSRUMM", "USD", AccountKind.BLOCKED, "EO 14024")
    assert first == account_id("PRMSRUMM", "USD", AccountKind.BLOCKED, "EO 14024")
    assert first != account_id("PRMSRUMM", "USD", AccountKind.BLOCKED, "EO 13850")
    assert 0 < first < ID_MAX
    monkeypatch.setattr(model, "make_key", lambda *_parts: "0" * 32)
    assert derive_id("anything") == 1  # Zero is not an id; the fold keeps ids valid.


def test_enum_codes_are_accepted() -> None:
    assert transfer(10, SENDER, RECEIVER, 1, code=TransferCode.BLOCK).code == 3


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [("id", -1, ValueError), ("credits_posted", 2**128, ValueError), ("code", 1.0, TypeError)],
)
def test_account_values_outside_u128_are_programming_errors(
    field: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=f"'{field}'"):
        replace(ACCOUNTS[0], **{field: value})


def test_account_codes_may_be_int_enums() -> None:
    assert replace(ACCOUNTS[0], code=TransferCode.BLOCK).code == 3
