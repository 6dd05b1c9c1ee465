"""Recompute every balance from the transfers and report where the books disagree.

This is the auditor's check, independent of how the ledger updated balances as it went: it
replays transfers and pending resolutions from zero and compares. Each finding is a value
(``Discrepancy``); an empty list means recorded balances, double entry, limits, licences and
pending resolutions all agree with the transfers.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bankwire.ledger.model import (
    Account,
    AccountFlags,
    AccountKind,
    PendingResolution,
    PendingStatus,
    Transfer,
    TransferFlags,
)

__all__ = ["Discrepancy", "DiscrepancyKind", "recompute"]

# Plain-int flag bits: verify replays every transfer, and enum arithmetic is slow.
_PENDING = int(TransferFlags.PENDING)
_POST = int(TransferFlags.POST_PENDING_TRANSFER)
_RESOLVING = _POST | int(TransferFlags.VOID_PENDING_TRANSFER)
_BALANCE_FIELDS = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")


class DiscrepancyKind(enum.StrEnum):
    BALANCE_MISMATCH = "balance_mismatch"
    UNBALANCED_CURRENCY = "unbalanced_currency"
    LIMIT_EXCEEDED = "limit_exceeded"
    UNKNOWN_ACCOUNT = "unknown_account"
    CURRENCY_MISMATCH = "currency_mismatch"
    BLOCKED_RELEASE_WITHOUT_LICENCE = "blocked_release_without_licence"
    PENDING_RESOLUTION_MISMATCH = "pending_resolution_mismatch"


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One disagreement between the recorded books and the replay of the transfers."""

    kind: DiscrepancyKind
    subject: str
    """The account id, transfer id or currency concerned."""
    message: str
    """What was expected and what was found, in a sentence."""


def recompute(
    accounts: Sequence[Account],
    transfers: Iterable[Transfer],
    resolutions: Iterable[PendingResolution],
) -> list[Discrepancy]:
    """Replay ``transfers`` (timestamp order) and ``resolutions`` over zeroed ``accounts``."""
    by_id = {account.id: account for account in accounts}
    replayed = {account.id: [0, 0, 0, 0] for account in accounts}
    found: list[Discrepancy] = []
    pending_by_id: dict[int, Transfer] = {}
    resolved_by_transfer: dict[int, PendingStatus] = {}
    for transfer in transfers:
        found.extend(_check_transfer(transfer, by_id))
        if int(transfer.flags) & _PENDING:
            pending_by_id[transfer.id] = transfer
        _replay(transfer, pending_by_id, replayed, resolved_by_transfer, found)
    found.extend(_replay_resolutions(resolutions, pending_by_id, resolved_by_transfer, replayed))
    found.extend(_compare_balances(accounts, replayed))
    found.extend(_check_double_entry(accounts))
    found.extend(_check_limits(accounts))
    return found


def _check_transfer(transfer: Transfer, by_id: dict[int, Account]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for side, account_id in (("debit", transfer.debit_account_id),
                             ("credit", transfer.credit_account_id)):  # fmt: skip
        account = by_id.get(account_id)
        if account is None:
            found.append(Discrepancy(
                DiscrepancyKind.UNKNOWN_ACCOUNT, str(transfer.id),
                f"transfer {transfer.id}: {side} account {account_id} does not exist",
            ))  # fmt: skip
        elif account.currency != transfer.currency:
            found.append(Discrepancy(
                DiscrepancyKind.CURRENCY_MISMATCH, str(transfer.id),
                f"transfer {transfer.id}: in {transfer.currency} but its {side} account "
                f"{account_id} holds {account.currency}",
            ))  # fmt: skip
    debit = by_id.get(transfer.debit_account_id)
    opens_release = not int(transfer.flags) & _RESOLVING
    if (
        debit is not None
        and debit.kind is AccountKind.BLOCKED
        and opens_release
        and not transfer.licence_reference
    ):
        found.append(Discrepancy(
            DiscrepancyKind.BLOCKED_RELEASE_WITHOUT_LICENCE, str(transfer.id),
            f"transfer {transfer.id}: debits blocked account {debit.id} without a licence "
            "reference",
        ))  # fmt: skip
    return found


def _replay(
    transfer: Transfer,
    pending_by_id: dict[int, Transfer],
    replayed: dict[int, list[int]],
    resolved_by_transfer: dict[int, PendingStatus],
    found: list[Discrepancy],
) -> None:
    debit = replayed.get(transfer.debit_account_id)
    credit = replayed.get(transfer.credit_account_id)
    if debit is None or credit is None:
        return  # Already reported as an unknown account.
    flags = int(transfer.flags)
    if flags & _PENDING:
        debit[0] += transfer.amount
        credit[2] += transfer.amount
        return
    if flags & _RESOLVING:
        pending = pending_by_id.get(transfer.pending_id)
        if pending is None or transfer.pending_id in resolved_by_transfer:
            found.append(Discrepancy(
                DiscrepancyKind.PENDING_RESOLUTION_MISMATCH, str(transfer.id),
                f"transfer {transfer.id}: resolves {transfer.pending_id}, which is not an "
                "earlier unresolved pending transfer",
            ))  # fmt: skip
            return
        debit[0] -= pending.amount
        credit[2] -= pending.amount
        posted = bool(flags & _POST)
        resolved_by_transfer[transfer.pending_id] = (
            PendingStatus.POSTED if posted else PendingStatus.VOIDED
        )
        if not posted:
            return
    debit[1] += transfer.amount
    credit[3] += transfer.amount


def _replay_resolutions(
    resolutions: Iterable[PendingResolution],
    pending_by_id: dict[int, Transfer],
    resolved_by_transfer: dict[int, PendingStatus],
    replayed: dict[int, list[int]],
) -> list[Discrepancy]:
    """Expiries release reservations; posts and voids must agree with their transfers."""
    found: list[Discrepancy] = []
    recorded: dict[int, PendingStatus] = {}
    for resolution in resolutions:
        recorded[resolution.pending_id] = resolution.status
        pending = pending_by_id.get(resolution.pending_id)
        if resolution.status is not PendingStatus.EXPIRED or pending is None:
            continue
        debit = replayed.get(pending.debit_account_id)
        credit = replayed.get(pending.credit_account_id)
        if debit is not None and credit is not None:
            debit[0] -= pending.amount
            credit[2] -= pending.amount
    for pending_id in sorted(set(recorded) | set(resolved_by_transfer)):
        expected = resolved_by_transfer.get(pending_id)
        got = recorded.get(pending_id)
        if (
            pending_id not in pending_by_id
            or (expected is not None and expected != got)
            or (expected is None and got is not PendingStatus.EXPIRED)
        ):
            found.append(Discrepancy(
                DiscrepancyKind.PENDING_RESOLUTION_MISMATCH, str(pending_id),
                f"pending transfer {pending_id}: resolution recorded as {got} but the "
                f"transfers say {expected or 'an unknown pending transfer'}",
            ))  # fmt: skip
    return found


def _compare_balances(
    accounts: Sequence[Account], replayed: dict[int, list[int]]
) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for account in accounts:
        for index, name in enumerate(_BALANCE_FIELDS):
            recorded = getattr(account, name)
            expected = replayed[account.id][index]
            if recorded != expected:
                found.append(Discrepancy(
                    DiscrepancyKind.BALANCE_MISMATCH, str(account.id),
                    f"account {account.id} ({account.owner} {account.currency} "
                    f"{account.kind}): {name} recorded {recorded}, transfers give {expected}",
                ))  # fmt: skip
    return found


def _check_double_entry(accounts: Sequence[Account]) -> list[Discrepancy]:
    sums: dict[str, list[int]] = {}
    for account in accounts:
        total = sums.setdefault(account.currency, [0, 0, 0, 0])
        for index, name in enumerate(_BALANCE_FIELDS):
            total[index] += getattr(account, name)
    found: list[Discrepancy] = []
    for currency, (debits_pending, debits_posted, credits_pending, credits_posted) in sorted(
        sums.items()
    ):
        if debits_pending != credits_pending or debits_posted != credits_posted:
            found.append(Discrepancy(
                DiscrepancyKind.UNBALANCED_CURRENCY, currency,
                f"{currency}: debits pending/posted {debits_pending}/{debits_posted} but "
                f"credits pending/posted {credits_pending}/{credits_posted}",
            ))  # fmt: skip
    return found


def _check_limits(accounts: Sequence[Account]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for account in accounts:
        debits = account.debits_pending + account.debits_posted
        credits = account.credits_pending + account.credits_posted
        if (
            account.flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS
            and debits > account.credits_posted
        ) or (
            account.flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS
            and credits > account.debits_posted
        ):
            found.append(Discrepancy(
                DiscrepancyKind.LIMIT_EXCEEDED, str(account.id),
                f"account {account.id}: debits {debits} and credits {credits} break its "
                f"limit {account.flags!r}",
            ))  # fmt: skip
    return found
