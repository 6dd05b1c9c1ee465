"""``verify`` finds every kind of disagreement between recorded books and their transfers.

Books are built right, then one stored value is tampered with, as a bad migration, a manual
UPDATE or a torn write would; each kind of damage must be named.
"""

from __future__ import annotations

from dataclasses import replace

from bankwire.ledger import (
    Account,
    AccountFlags,
    DiscrepancyKind,
    Ledger,
    PendingResolution,
    PendingStatus,
    Transfer,
)
from tests.ledger.factory import (
    BLOCKED,
    EURO,
    FUNDING,
    RECEIVER,
    SENDER,
    book,
    pending,
    post,
    transfer,
)

K = DiscrepancyKind


def _books() -> tuple[list[Account], list[Transfer], list[PendingResolution], Ledger]:
    ledger, _clock = book()
    ledger.create_transfers([
        pending(20, SENDER, RECEIVER, 100), post(21, 20, 60),
        pending(22, SENDER, RECEIVER, 10, timeout_s=1),
        transfer(23, BLOCKED, RECEIVER, 5, licence_reference="OFAC GL 5"),
    ])  # fmt: skip
    _clock.set(_clock.now().replace(hour=13))
    ledger.expire_pending_transfers()
    assert ledger.verify() == []
    return ledger.accounts(), ledger.transfers(), ledger.resolutions(), ledger


def _kinds(accounts: list[Account], transfers: list[Transfer],
           resolutions: list[PendingResolution]) -> set[DiscrepancyKind]:  # fmt: skip
    ledger = Ledger.restore(book()[1], accounts, transfers, resolutions)
    return {discrepancy.kind for discrepancy in ledger.verify()}


def _swap(items: list[Transfer], transfer_id: int, **changes: object) -> list[Transfer]:
    return [replace(t, **changes) if t.id == transfer_id else t for t in items]  # type: ignore[arg-type]


def test_intact_books_verify() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    assert _kinds(accounts, transfers, resolutions) == set()


def test_balance_mismatch_and_unbalanced_currency() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    tampered = [replace(a, credits_posted=a.credits_posted + 1) if a.id == RECEIVER else a
                for a in accounts]  # fmt: skip
    assert _kinds(tampered, transfers, resolutions) == {K.BALANCE_MISMATCH, K.UNBALANCED_CURRENCY}


def test_limit_exceeded() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    tampered = [replace(a, flags=AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) if a.id == RECEIVER
                else a for a in accounts]  # fmt: skip
    assert _kinds(tampered, transfers, resolutions) == {K.LIMIT_EXCEEDED}


def test_unknown_account() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    assert _kinds(accounts, _swap(transfers, 23, credit_account_id=999), resolutions) == {
        K.UNKNOWN_ACCOUNT, K.BALANCE_MISMATCH,
    }  # fmt: skip
    without_sender = [a for a in accounts if a.id != SENDER]
    assert K.UNKNOWN_ACCOUNT in _kinds(without_sender, transfers, resolutions)


def test_currency_mismatch() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    moved = _swap(transfers, 23, credit_account_id=EURO)
    assert K.CURRENCY_MISMATCH in _kinds(accounts, moved, resolutions)


def test_blocked_release_without_licence() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    unlicensed = _swap(transfers, 23, licence_reference=None)
    assert _kinds(accounts, unlicensed, resolutions) == {K.BLOCKED_RELEASE_WITHOUT_LICENCE}


def test_pending_resolution_mismatches() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    # A post that names a transfer that was never pending.
    assert K.PENDING_RESOLUTION_MISMATCH in _kinds(
        accounts, _swap(transfers, 21, pending_id=23), resolutions
    )
    # A post recorded, but its resolution says voided.
    voided = [replace(r, status=PendingStatus.VOIDED) if r.pending_id == 20 else r
              for r in resolutions]  # fmt: skip
    assert _kinds(accounts, transfers, voided) == {K.PENDING_RESOLUTION_MISMATCH}
    # An expiry lost: the reservation is still counted as released in the balances.
    lost = [r for r in resolutions if r.pending_id != 22]
    assert _kinds(accounts, transfers, lost) == {K.BALANCE_MISMATCH}
    # A resolution for a transfer that does not exist, and one marked posted without a post.
    ghost = [*resolutions, PendingResolution(777, PendingStatus.EXPIRED, 1)]
    assert _kinds(accounts, transfers, ghost) == {K.PENDING_RESOLUTION_MISMATCH}
    no_post = [t for t in transfers if t.id != 21]
    assert K.PENDING_RESOLUTION_MISMATCH in _kinds(accounts, no_post, resolutions)


def test_expiry_of_a_pending_transfer_whose_accounts_are_gone() -> None:
    accounts, transfers, resolutions, _ledger = _books()
    only_funding = [a for a in accounts if a.id in (FUNDING, BLOCKED)]
    kinds = _kinds(only_funding, transfers, resolutions)
    assert K.UNKNOWN_ACCOUNT in kinds
