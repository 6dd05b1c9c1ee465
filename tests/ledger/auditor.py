"""A tiny reference model of the ledger, written separately from it (TigerBeetle's Auditor).

It knows only what the workload in ``tests/strategies_ledger.py`` can produce, and says for
each event what the ledger must answer and how balances must move. It is deliberately plain:
balances as lists, chains by copying the whole model, no undo log, no heaps.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from bankwire.ledger import Account, AccountFlags, AccountKind, Transfer, TransferFlags

NS = 1_000_000_000
P, POST, VOID, LINKED = (
    TransferFlags.PENDING,
    TransferFlags.POST_PENDING_TRANSFER,
    TransferFlags.VOID_PENDING_TRANSFER,
    TransferFlags.LINKED,
)


@dataclass
class AuditedAccount:
    account: Account
    balances: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # dp, dpo, cp, cpo


@dataclass
class Auditor:
    accounts: dict[int, AuditedAccount] = field(default_factory=dict)
    transfers: dict[int, Transfer] = field(default_factory=dict)  # As recorded (filled).
    timestamps: dict[int, int] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)
    last_timestamp: int = 0
    """The last timestamp handed out, recorded or not (failed events spend one too)."""
    recorded_last: int = 0
    """The last timestamp written down; a reloaded ledger continues from here."""

    def add_account(self, account: Account, timestamp: int) -> None:
        self.accounts[account.id] = AuditedAccount(account)
        self.last_timestamp = max(self.last_timestamp, timestamp)
        self.recorded_last = max(self.recorded_last, timestamp)

    def reload(self) -> None:
        """After a crash the ledger knows only what was recorded."""
        self.last_timestamp = self.recorded_last

    def run_batch(self, batch: list[Transfer], now: int) -> list[str]:
        """Expected result of each event; applies the accepted ones to the model."""
        self._expire(now)
        results: list[str] = []
        index = 0
        while index < len(batch):
            end = index
            while end < len(batch) - 1 and batch[end].flags & LINKED:
                end += 1
            chain = batch[index : end + 1]
            results.extend(self._run_chain(chain, now, open_at_end=bool(chain[-1].flags & LINKED)))
            index = end + 1
        return results

    def _run_chain(self, chain: list[Transfer], now: int, open_at_end: bool) -> list[str]:
        saved = copy.deepcopy(
            (self.accounts, self.transfers, self.timestamps, self.status, self.recorded_last)
        )
        results: list[str] = []
        for position, event in enumerate(chain):
            if open_at_end and position == len(chain) - 1:
                result = "linked_event_chain_open"  # Not run, so it spends no timestamp.
            else:
                timestamp = max(self.last_timestamp + 1, now)
                self.last_timestamp = timestamp
                result = self._one(event, timestamp)
            results.append(result)
            if result != "ok" and len(chain) > 1:
                # The rest of the chain is not run; what the chain recorded is undone.
                skipped = len(chain) - position - 1
                self.accounts, self.transfers, self.timestamps, self.status = saved[:4]
                self.recorded_last = saved[4]
                return (
                    ["linked_event_failed"] * position
                    + [result]
                    + ["linked_event_failed"] * skipped
                )
        return results

    def _expire(self, now: int) -> None:
        for transfer_id, status in list(self.status.items()):
            pending = self.transfers[transfer_id]
            deadline = self.timestamps[transfer_id] + pending.timeout_s * NS
            if status == "pending" and pending.timeout_s and deadline <= now:
                self._move(pending, -pending.amount, 0)
                self.status[transfer_id] = "expired"
                self.last_timestamp = max(self.last_timestamp + 1, now)
                self.recorded_last = self.last_timestamp

    def _one(self, event: Transfer, timestamp: int) -> str:
        existing = self.transfers.get(event.id)
        if existing is not None:
            return self._exists(event, existing)
        if event.flags & (POST | VOID):
            return self._resolve(event, timestamp)
        return self._single(event, timestamp)

    def _exists(self, event: Transfer, existing: Transfer) -> str:
        if event.flags & (POST | VOID) and event.pending_id in self.transfers:
            event = self._filled(event, self.transfers[event.pending_id])
        for name in ("flags", "pending_id", "timeout_s", "debit_account_id", "credit_account_id",
                     "amount", "uetr", "licence_reference", "currency", "code"):  # fmt: skip
            if getattr(event, name) != getattr(existing, name):
                return "exists_with_different_" + name.replace("timeout_s", "timeout")
        return "exists"

    def _single(self, event: Transfer, timestamp: int) -> str:
        if event.debit_account_id == event.credit_account_id:
            return "accounts_must_be_different"
        debit = self.accounts.get(event.debit_account_id)
        credit = self.accounts.get(event.credit_account_id)
        if debit is None:
            return "debit_account_not_found"
        if credit is None:
            return "credit_account_not_found"
        if debit.account.currency != credit.account.currency:
            return "currencies_must_match"
        if event.currency != debit.account.currency:
            return "transfer_must_have_the_same_currency_as_accounts"
        if debit.account.kind is AccountKind.BLOCKED and not event.licence_reference:
            return "blocked_account_release_requires_licence"
        dp, dpo, _cp, cpo = debit.balances
        if (debit.account.flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS
                and dp + dpo + event.amount > cpo):  # fmt: skip
            return "exceeds_credits"
        _dp, dpo, cp, cpo = credit.balances
        if (credit.account.flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS
                and cp + cpo + event.amount > dpo):  # fmt: skip
            return "exceeds_debits"
        pending = bool(event.flags & P)
        self._move(event, event.amount if pending else 0, 0 if pending else event.amount)
        self._record(event, timestamp)
        if pending:
            self.status[event.id] = "pending"
        return "ok"

    def _resolve(self, event: Transfer, timestamp: int) -> str:
        if event.pending_id == event.id:
            return "pending_id_must_be_different"
        pending = self.transfers.get(event.pending_id)
        if pending is None:
            return "pending_transfer_not_found"
        if not pending.flags & P:
            return "pending_transfer_not_pending"
        if event.flags & POST and event.amount > pending.amount:
            return "exceeds_pending_transfer_amount"
        status = self.status[pending.id]
        deadline = self.timestamps[pending.id] + pending.timeout_s * NS
        if status in ("posted", "voided"):
            return f"pending_transfer_already_{status}"
        if status == "expired" or (pending.timeout_s and deadline <= timestamp):
            return "pending_transfer_expired"
        filled = self._filled(event, pending)
        self._move(pending, -pending.amount, filled.amount if event.flags & POST else 0)
        self.status[pending.id] = "posted" if event.flags & POST else "voided"
        self._record(filled, timestamp)
        return "ok"

    @staticmethod
    def _filled(event: Transfer, pending: Transfer) -> Transfer:
        """Empty fields of a post or void come from the pending transfer; given ones stay."""
        amount = pending.amount if event.flags & VOID or event.amount == 0 else event.amount
        return Transfer(
            event.id,
            event.debit_account_id or pending.debit_account_id,
            event.credit_account_id or pending.credit_account_id,
            amount,
            event.currency or pending.currency,
            code=event.code or pending.code,
            flags=event.flags,
            pending_id=event.pending_id,
            uetr=event.uetr,
            licence_reference=event.licence_reference,
        )

    def _move(self, transfer: Transfer, pending_delta: int, posted_delta: int) -> None:
        debit = self.accounts[transfer.debit_account_id].balances
        credit = self.accounts[transfer.credit_account_id].balances
        debit[0] += pending_delta
        credit[2] += pending_delta
        debit[1] += posted_delta
        credit[3] += posted_delta

    def _record(self, transfer: Transfer, timestamp: int) -> None:
        self.transfers[transfer.id] = transfer
        self.timestamps[transfer.id] = timestamp
        self.recorded_last = timestamp
