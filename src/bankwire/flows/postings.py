"""Ledger postings for a decided payment: settle, reserve for a hold, freeze, or release.

Pure construction of accounts and transfers plus one call to the ledger port. Ids derive from
the message (``derive_id``), so posting twice (a step re-run after a crash) gives ``exists``
and moves nothing. Participants' settlement accounts carry no balance limit (they are net
positions in the clearing); blocked accounts may not go below zero, so a release larger than
what is frozen fails with the ledger's own result code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bankwire.ledger.model import (
    Account,
    AccountFlags,
    AccountKind,
    Transfer,
    TransferCode,
    TransferFlags,
    account_id,
    derive_id,
)
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.money import Amount
from bankwire.store.base import LedgerPort

__all__ = [
    "Planned",
    "Posting",
    "blocked_account",
    "hold_id",
    "plan",
    "post",
    "post_hold",
    "post_many",
    "settlement_account",
    "void_hold",
]

_OK_ACCOUNT = frozenset({CreateAccountResult.OK, CreateAccountResult.EXISTS})
_OK_TRANSFER = frozenset({CreateTransferResult.OK, CreateTransferResult.EXISTS})
_CHART_CODES = {
    AccountKind.SETTLEMENT: 100,
    AccountKind.BLOCKED: 900,
}


@dataclass(frozen=True, slots=True)
class Posting:
    """What the ledger said: the transfer id, its result, and the accounts it touched."""

    transfer_id: int
    result: CreateTransferResult
    debit_account: str
    credit_account: str
    amount: str

    @property
    def ok(self) -> bool:
        return self.result in _OK_TRANSFER

    def as_json(self) -> dict[str, str]:
        return {
            "transfer_id": str(self.transfer_id),
            "result": self.result.value,
            "debit": self.debit_account,
            "credit": self.credit_account,
            "amount": self.amount,
        }


def settlement_account(owner: str, currency: str) -> Account:
    return Account(
        id=account_id(owner, currency, AccountKind.SETTLEMENT),
        currency=currency,
        code=_CHART_CODES[AccountKind.SETTLEMENT],
        owner=owner,
        kind=AccountKind.SETTLEMENT,
    )


def blocked_account(jurisdiction: str, currency: str) -> Account:
    """Frozen funds under ``jurisdiction``'s regulator; never below zero."""
    owner = f"REGULATOR-{jurisdiction}"
    return Account(
        id=account_id(owner, currency, AccountKind.BLOCKED),
        currency=currency,
        code=_CHART_CODES[AccountKind.BLOCKED],
        owner=owner,
        kind=AccountKind.BLOCKED,
        flags=AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS,
    )


def hold_id(message_pk: int, uetr: str | None) -> int:
    return derive_id("hold", message_pk, uetr)


@dataclass(frozen=True, slots=True)
class Planned:
    """A transfer to make, with the accounts it needs."""

    debit: Account
    credit: Account
    transfer: Transfer

    @property
    def amount(self) -> str:
        return str(Amount.of(self.transfer.amount, self.transfer.currency))


def plan(
    step: str,
    message_pk: int,
    uetr: str | None,
    debit: Account,
    credit: Account,
    amount: Amount,
    code: TransferCode,
    *,
    pending: bool = False,
    licence: str | None = None,
) -> Planned:
    """One transfer (single-phase, or pending for a hold), its id derived from the message."""
    transfer_id = hold_id(message_pk, uetr) if pending else derive_id(step, message_pk, uetr)
    transfer = Transfer(
        id=transfer_id,
        debit_account_id=debit.id,
        credit_account_id=credit.id,
        amount=amount.minor_units,
        currency=amount.currency.code,
        code=code,
        flags=TransferFlags.PENDING if pending else TransferFlags.NONE,
        uetr=uetr,
        licence_reference=licence,
    )
    return Planned(debit, credit, transfer)


def post_many(ledger: LedgerPort, planned: Sequence[Planned]) -> list[Posting]:
    """All transfers in one ledger batch (one durable write), results in order.

    Not linked: each transfer stands alone, as each belongs to another payment.
    """
    if not planned:
        return []
    accounts = {account.id: account for item in planned for account in (item.debit, item.credit)}
    _ensure(ledger, list(accounts.values()))
    results = dict(ledger.create_transfers([item.transfer for item in planned]))
    assert len(results) == len(planned)
    return [
        Posting(
            item.transfer.id, results[index], _label(item.debit), _label(item.credit), item.amount
        )
        for index, item in enumerate(planned)
    ]


def post(
    ledger: LedgerPort,
    step: str,
    message_pk: int,
    uetr: str | None,
    debit: Account,
    credit: Account,
    amount: Amount,
    code: TransferCode,
    *,
    pending: bool = False,
    licence: str | None = None,
) -> Posting:
    """One transfer between two ensured accounts (see ``plan``)."""
    planned = plan(step, message_pk, uetr, debit, credit, amount, code,
                   pending=pending, licence=licence)  # fmt: skip
    [posting] = post_many(ledger, [planned])
    return posting


def post_hold(ledger: LedgerPort, message_pk: int, uetr: str | None) -> CreateTransferResult:
    """Settle a held payment: post its pending transfer in full."""
    return _resolve(ledger, message_pk, uetr, TransferFlags.POST_PENDING_TRANSFER, "post")


def void_hold(ledger: LedgerPort, message_pk: int, uetr: str | None) -> CreateTransferResult:
    """Return a held payment's reservation to the sender."""
    return _resolve(ledger, message_pk, uetr, TransferFlags.VOID_PENDING_TRANSFER, "void")


def _resolve(
    ledger: LedgerPort, message_pk: int, uetr: str | None, flag: TransferFlags, step: str
) -> CreateTransferResult:
    transfer = Transfer(
        id=derive_id(step, message_pk, uetr),
        debit_account_id=0,
        credit_account_id=0,
        amount=0,
        currency="",
        code=0,
        flags=flag,
        pending_id=hold_id(message_pk, uetr),
        uetr=uetr,
    )
    [(_, result)] = ledger.create_transfers([transfer])
    return result


def _ensure(ledger: LedgerPort, accounts: list[Account]) -> None:
    results = ledger.create_accounts(accounts)
    failed = [(accounts[index], result) for index, result in results if result not in _OK_ACCOUNT]
    assert not failed, f"ledger refused derived accounts: {failed}"


def _label(account: Account) -> str:
    return f"{account.owner}/{account.kind.value}/{account.currency}"
