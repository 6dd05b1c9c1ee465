"""The in-memory double-entry ledger with TigerBeetle's semantics.

Behaviours reproduced from TigerBeetle (docs.tigerbeetle.com, reference/requests and
coding/two-phase-transfers):

- Batches of events, processed in order; each event gets a result code, and a later event sees
  what an earlier one in the same batch did (a pending transfer can be posted in its batch).
- Idempotency by id: the same event again is ``exists``, a different one with the same id is
  ``exists_with_different_<field>``; nothing changes either way.
- Two-phase transfers: a pending transfer reserves its amount in ``*_pending``; a post moves
  all or part of it to ``*_posted`` and releases the rest; a void releases all; a pending
  transfer with a timeout expires (releases) once its deadline has passed. It resolves once.
- Linked events: a chain (events flagged ``linked`` plus the first one after them that is not)
  commits or fails as a whole; the failing event keeps its own code and the others get
  ``linked_event_failed``; a chain left open at the end of a batch fails.
- Balance limits per account, checked on pending plus posted amounts; u128 overflow checks.

Unlike TigerBeetle, results are returned for every event (``ok`` included), and a transfer
debiting a ``blocked`` account needs a licence reference.

Time comes from the injected clock; every event gets a unique, increasing nanosecond timestamp.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Final

from bankwire.clock import Clock
from bankwire.ledger import checks
from bankwire.ledger.chain import ChainUndo, run_chained
from bankwire.ledger.model import (
    TIMESTAMP_MAX,
    Account,
    AccountFlags,
    PendingResolution,
    PendingStatus,
    Transfer,
    TransferFlags,
)
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.ledger.state import AccountState, CurrencyTotals, LedgerChanges
from bankwire.ledger.verify import Discrepancy, recompute

__all__ = ["BATCH_EVENTS_MAX", "Ledger"]

BATCH_EVENTS_MAX: Final[int] = 8190
"""TigerBeetle's batch limit; a bigger batch is a caller's bug, not a slowdown to absorb."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_RESOLVING = checks.RESOLVING
_PENDING = checks.PENDING
# Balance indexes into the per-currency totals list; the fifth slot counts accounts.
_DP, _DPO, _CP, _CPO, _COUNT = range(5)

R = CreateTransferResult


class Ledger:
    """Accounts and transfers in memory, changed only by ``create_accounts``/``create_transfers``.

    Args:
        clock: where event timestamps come from.
        track_changes: keep what each batch changed for a store to write (``take_changes``).
    """

    def __init__(self, clock: Clock, *, track_changes: bool = False) -> None:
        self._clock = clock
        self._accounts: dict[int, AccountState] = {}
        self._transfers: dict[int, Transfer] = {}  # In timestamp order.
        self._pending_status: dict[int, PendingStatus] = {}
        self._resolutions: dict[int, PendingResolution] = {}
        self._deadlines: list[tuple[int, int, int]] = []  # (deadline, pending id, timestamp)
        self._totals: dict[str, list[int]] = {}
        self._last_timestamp = 0
        self._now = 0
        self._changes: LedgerChanges | None = LedgerChanges() if track_changes else None
        self._chain: ChainUndo | None = None

    # -- Public API ------------------------------------------------------------------------

    def create_accounts(self, batch: Sequence[Account]) -> list[tuple[int, CreateAccountResult]]:
        """Create accounts; one ``(index, result)`` per event, in batch order."""
        self._begin_batch(len(batch))
        results = run_chained(
            batch, self._create_account, int(AccountFlags.LINKED), CreateAccountResult, self
        )
        self._assert_balanced()
        return results

    def create_transfers(self, batch: Sequence[Transfer]) -> list[tuple[int, CreateTransferResult]]:
        """Record transfers; one ``(index, result)`` per event, in batch order.

        Pending transfers whose deadline has passed expire first, at the batch's time.
        """
        self._begin_batch(len(batch))
        self._expire_pending()
        results = run_chained(
            batch, self._create_transfer, int(TransferFlags.LINKED), CreateTransferResult, self
        )
        self._assert_balanced()
        return results

    def expire_pending_transfers(self) -> int:
        """Release every pending transfer past its deadline now; returns how many expired."""
        self._begin_batch(0)
        return self._expire_pending()

    def lookup_accounts(self, ids: Iterable[int]) -> list[Account]:
        """The accounts found, in the order asked, with current balances; unknown ids skipped."""
        found = (self._accounts.get(account_id) for account_id in ids)
        return [state.snapshot() for state in found if state is not None]

    def lookup_transfers(self, ids: Iterable[int]) -> list[Transfer]:
        """The transfers found, in the order asked; unknown ids are skipped (TigerBeetle)."""
        found = (self._transfers.get(transfer_id) for transfer_id in ids)
        return [transfer for transfer in found if transfer is not None]

    def get_account_transfers(self, account_id: int) -> list[Transfer]:
        """Every transfer debiting or crediting the account, oldest first."""
        state = self._accounts.get(account_id)
        if state is None:
            return []
        return [self._transfers[transfer_id] for transfer_id in state.transfer_ids]

    def accounts(self) -> list[Account]:
        """Every account, oldest first."""
        return [state.snapshot() for state in self._accounts.values()]

    def transfers(self) -> list[Transfer]:
        """Every transfer, oldest first."""
        return list(self._transfers.values())

    def resolutions(self) -> list[PendingResolution]:
        """How each resolved pending transfer was resolved."""
        return list(self._resolutions.values())

    def pending_status(self, pending_id: int) -> PendingStatus | None:
        """Where a pending transfer stands; ``None`` if no pending transfer has this id."""
        return self._pending_status.get(pending_id)

    def balances(self) -> dict[str, CurrencyTotals]:
        """Totals per currency, summed over every account of that currency."""
        return {
            currency: CurrencyTotals(currency, *totals)
            for currency, totals in sorted(self._totals.items())
        }

    @contextmanager
    def joined(self) -> Iterator[Callable[[object], bool]]:
        """Memory joins no transaction: batches apply at once, and stand whatever the
        transaction then does (``join`` returns False). See ``DurableLedger.joined``."""
        yield _joins_nothing

    def verify(self) -> list[Discrepancy]:
        """Recompute every balance from the transfers; an empty list means the books agree."""
        return recompute(self.accounts(), self.transfers(), self.resolutions())

    def take_changes(self) -> LedgerChanges:
        """What changed since the last call; only with ``track_changes=True``."""
        if self._changes is None:
            raise ValueError("take_changes: this ledger was created with track_changes=False")
        changes, self._changes = self._changes, LedgerChanges()
        return changes

    @classmethod
    def restore(
        cls,
        clock: Clock,
        accounts: Iterable[Account],
        transfers: Iterable[Transfer],
        resolutions: Iterable[PendingResolution],
        *,
        track_changes: bool = False,
    ) -> Ledger:
        """Rebuild a ledger from stored rows, as they are: call ``verify`` to check them.

        ``transfers`` must come in timestamp order.
        """
        ledger = cls(clock, track_changes=track_changes)
        for account in accounts:
            ledger._restore_account(account)
        previous = 0
        for transfer in transfers:
            if transfer.timestamp <= previous:
                raise ValueError(
                    f"restore: transfers must come in timestamp order (transfer {transfer.id} "
                    f"at {transfer.timestamp} follows {previous})"
                )
            previous = transfer.timestamp
            ledger._restore_transfer(transfer)
        for resolution in resolutions:
            ledger._resolutions[resolution.pending_id] = resolution
            ledger._pending_status[resolution.pending_id] = resolution.status
            ledger._last_timestamp = max(ledger._last_timestamp, resolution.timestamp)
        return ledger

    @property
    def last_timestamp(self) -> int:
        """The newest event timestamp this ledger has seen: its own or restored ones."""
        return self._last_timestamp

    def absorb(
        self,
        accounts: Iterable[Account],
        transfers: Iterable[Transfer],
        resolutions: Iterable[PendingResolution],
        balances: Iterable[Account],
    ) -> None:
        """Take in what another writer of the same database stored since ``last_timestamp``.

        ``accounts``, ``transfers`` (in timestamp order) and ``resolutions`` are the stored
        rows newer than ``last_timestamp``; ``balances`` are the stored rows of every account
        they touched, whose balances replace the ones in memory. The ledger is then as
        ``restore`` would rebuild it from the whole database, without reading all of it.
        """
        for account in accounts:
            self._restore_account(account)
        for transfer in transfers:
            if transfer.timestamp <= self._last_timestamp:
                raise ValueError(
                    f"absorb: transfer {transfer.id} at {transfer.timestamp} is not newer than "
                    f"{self._last_timestamp}"
                )
            self._restore_transfer(transfer)
        for resolution in resolutions:
            self._resolutions[resolution.pending_id] = resolution
            self._pending_status[resolution.pending_id] = resolution.status
            self._last_timestamp = max(self._last_timestamp, resolution.timestamp)
        for account in balances:
            state = self._accounts[account.id]
            totals = self._totals[state.account.currency]
            new = (account.debits_pending, account.debits_posted, account.credits_pending,
                   account.credits_posted)  # fmt: skip
            for slot, before, after in zip((_DP, _DPO, _CP, _CPO), state.balances(), new,
                                           strict=True):  # fmt: skip
                totals[slot] += after - before
            state.set_balances(new)
        self._assert_balanced()

    def accounts_of(self, transfer_ids: Iterable[int]) -> set[int]:
        """The debit and credit accounts of the transfers found (unknown ids skipped)."""
        found: set[int] = set()
        for transfer in self.lookup_transfers(transfer_ids):
            found.update((transfer.debit_account_id, transfer.credit_account_id))
        return found

    # -- Batches and linked chains ---------------------------------------------------------

    def _begin_batch(self, size: int) -> None:
        if size > BATCH_EVENTS_MAX:
            raise ValueError(f"batch: at most {BATCH_EVENTS_MAX} events (got {size})")
        moment = self._clock.now()
        now = (moment - _EPOCH) // timedelta(microseconds=1) * 1000
        if not 0 < now <= TIMESTAMP_MAX:
            raise ValueError(f"clock: must be after 1970 and fit u64 nanoseconds (got {moment})")
        self._now = now

    def _next_timestamp(self) -> int:
        timestamp = max(self._last_timestamp + 1, self._now)
        self._last_timestamp = timestamp
        return timestamp

    def open_chain(self) -> None:
        """Start recording what to undo (called by ``run_chained``)."""
        assert self._chain is None
        changes = self._changes or LedgerChanges()
        self._chain = ChainUndo(
            totals={currency: list(totals) for currency, totals in self._totals.items()},
            change_lengths=(
                len(changes.accounts),
                len(changes.transfers),
                len(changes.resolutions),
            ),
        )

    def close_chain(self) -> None:
        """The chain committed: forget the undo record."""
        assert self._chain is not None
        self._chain = None

    def roll_back_chain(self) -> None:
        """Undo the open chain's events, newest first, so the chain leaves no trace."""
        chain = self._chain
        assert chain is not None
        self._chain = None
        for stored, debit, debit_before, credit, credit_before in reversed(chain.transfers):
            del self._transfers[stored.id]
            assert debit.transfer_ids.pop() == stored.id
            assert credit.transfer_ids.pop() == stored.id
            debit.set_balances(debit_before)
            credit.set_balances(credit_before)
            if int(stored.flags) & _PENDING:
                del self._pending_status[stored.id]
            elif int(stored.flags) & _RESOLVING:
                del self._resolutions[stored.pending_id]
                self._pending_status[stored.pending_id] = PendingStatus.PENDING
        for account_id in reversed(chain.account_ids):
            del self._accounts[account_id]
        self._totals = chain.totals
        if self._changes is not None:
            accounts, transfers, resolutions = chain.change_lengths
            del self._changes.accounts[accounts:]
            del self._changes.transfers[transfers:]
            del self._changes.resolutions[resolutions:]

    # -- Accounts --------------------------------------------------------------------------

    def _create_account(self, account: Account) -> CreateAccountResult:
        timestamp = self._next_timestamp()
        result = checks.check_account(account)
        if result is not CreateAccountResult.OK:
            return result
        existing = self._accounts.get(account.id)
        if existing is not None:
            return checks.check_account_exists(account, existing.account)
        stored = Account(
            id=account.id,
            currency=account.currency,
            code=account.code,
            owner=account.owner,
            kind=account.kind,
            flags=account.flags,
            timestamp=timestamp,
        )
        self._restore_account(stored)
        if self._chain is not None:
            self._chain.account_ids.append(stored.id)
        if self._changes is not None:
            self._changes.accounts.append(stored)
        return CreateAccountResult.OK

    def _restore_account(self, account: Account) -> None:
        assert account.id not in self._accounts
        self._accounts[account.id] = AccountState(account)
        totals = self._totals.setdefault(account.currency, [0, 0, 0, 0, 0])
        totals[_DP] += account.debits_pending
        totals[_DPO] += account.debits_posted
        totals[_CP] += account.credits_pending
        totals[_CPO] += account.credits_posted
        totals[_COUNT] += 1
        self._last_timestamp = max(self._last_timestamp, account.timestamp)

    # -- Transfers -------------------------------------------------------------------------

    def _create_transfer(self, transfer: Transfer) -> CreateTransferResult:
        timestamp = self._next_timestamp()
        result = checks.check_transfer_shape(transfer)
        if result is not R.OK:
            return result
        existing = self._transfers.get(transfer.id)
        if existing is not None:
            return self._transfer_exists(transfer, existing)
        result = checks.check_flags(transfer)
        if result is not R.OK:
            return result
        if int(transfer.flags) & _RESOLVING:
            return self._resolve_pending(transfer, timestamp)
        debit = self._accounts.get(transfer.debit_account_id)
        credit = self._accounts.get(transfer.credit_account_id)
        result = checks.check_single_phase(transfer, debit, credit, timestamp)
        if result is not R.OK:
            return result
        assert debit is not None
        assert credit is not None
        stored = Transfer(
            id=transfer.id,
            debit_account_id=transfer.debit_account_id,
            credit_account_id=transfer.credit_account_id,
            amount=transfer.amount,
            currency=transfer.currency,
            code=transfer.code,
            flags=transfer.flags,
            timeout_s=transfer.timeout_s,
            uetr=transfer.uetr,
            licence_reference=transfer.licence_reference,
            timestamp=timestamp,
        )
        self._apply(stored, debit, credit)
        return R.OK

    def _transfer_exists(self, transfer: Transfer, existing: Transfer) -> CreateTransferResult:
        if int(transfer.flags) & _RESOLVING:
            pending = self._transfers.get(transfer.pending_id)
            if pending is not None:
                transfer = checks.fill_from_pending(transfer, pending)
        return checks.check_transfer_exists(transfer, existing)

    def _resolve_pending(self, transfer: Transfer, timestamp: int) -> CreateTransferResult:
        pending = self._transfers.get(transfer.pending_id)
        status = self._pending_status.get(transfer.pending_id)
        result = checks.check_post_or_void(transfer, pending, status, timestamp)
        if result is not R.OK:
            return result
        assert pending is not None
        assert status is PendingStatus.PENDING
        stored = checks.fill_from_pending(transfer, pending, timestamp)
        self._apply(stored, self._accounts[pending.debit_account_id],
                    self._accounts[pending.credit_account_id])  # fmt: skip
        return R.OK

    def _apply(self, stored: Transfer, debit: AccountState, credit: AccountState) -> None:
        """Move the money: the one place balances change for a recorded transfer."""
        if self._chain is not None:
            self._chain.transfers.append(
                (stored, debit, debit.balances(), credit, credit.balances())
            )
        totals = self._totals[stored.currency]
        amount = stored.amount
        flags = int(stored.flags)
        if flags & _PENDING:
            debit.debits_pending += amount
            credit.credits_pending += amount
            totals[_DP] += amount
            totals[_CP] += amount
            self._pending_status[stored.id] = PendingStatus.PENDING
            if stored.timeout_s:
                deadline = stored.timestamp + stored.timeout_s * checks.NS_PER_S
                heapq.heappush(self._deadlines, (deadline, stored.id, stored.timestamp))
        else:
            if flags & _RESOLVING:
                self._release(stored.pending_id, stored.timestamp, debit, credit, flags)
            if not flags & checks.VOID:
                debit.debits_posted += amount
                credit.credits_posted += amount
                totals[_DPO] += amount
                totals[_CPO] += amount
        self._transfers[stored.id] = stored
        debit.transfer_ids.append(stored.id)
        credit.transfer_ids.append(stored.id)
        if self._changes is not None:
            self._changes.transfers.append(stored)
            self._changes.touched_account_ids.add(debit.account.id)
            self._changes.touched_account_ids.add(credit.account.id)
        _assert_within_limits(debit)
        _assert_within_limits(credit)

    def _release(
        self,
        pending_id: int,
        timestamp: int,
        debit: AccountState,
        credit: AccountState,
        flags: int,
    ) -> None:
        """Take a pending transfer's reservation back and record how it was resolved."""
        pending = self._transfers[pending_id]
        assert self._pending_status[pending_id] is PendingStatus.PENDING
        debit.debits_pending -= pending.amount
        credit.credits_pending -= pending.amount
        assert debit.debits_pending >= 0
        assert credit.credits_pending >= 0
        totals = self._totals[pending.currency]
        totals[_DP] -= pending.amount
        totals[_CP] -= pending.amount
        if flags & checks.POST:
            status = PendingStatus.POSTED
        elif flags & checks.VOID:
            status = PendingStatus.VOIDED
        else:
            status = PendingStatus.EXPIRED
        resolution = PendingResolution(pending_id, status, timestamp)
        self._pending_status[pending_id] = status
        self._resolutions[pending_id] = resolution
        if self._changes is not None:
            self._changes.resolutions.append(resolution)
            self._changes.touched_account_ids.add(debit.account.id)
            self._changes.touched_account_ids.add(credit.account.id)

    def _expire_pending(self) -> int:
        """Expire pending transfers whose deadline is at or before the batch's time."""
        expired = 0
        deadlines = self._deadlines
        while deadlines and deadlines[0][0] <= self._now:
            _deadline, pending_id, timestamp = heapq.heappop(deadlines)
            pending = self._transfers.get(pending_id)
            # A rolled-back chain may leave a deadline behind, or one of an id reused since.
            if pending is None or pending.timestamp != timestamp:
                continue
            if self._pending_status[pending_id] is not PendingStatus.PENDING:
                continue
            debit = self._accounts[pending.debit_account_id]
            credit = self._accounts[pending.credit_account_id]
            self._release(pending_id, self._next_timestamp(), debit, credit, 0)
            expired += 1
        self._assert_balanced()
        return expired

    def _restore_transfer(self, transfer: Transfer) -> None:
        assert transfer.id not in self._transfers
        self._transfers[transfer.id] = transfer
        for account_id in (transfer.debit_account_id, transfer.credit_account_id):
            state = self._accounts.get(account_id)
            if state is not None:  # A missing account is reported by ``verify``.
                state.transfer_ids.append(transfer.id)
        if int(transfer.flags) & _PENDING:
            self._pending_status[transfer.id] = PendingStatus.PENDING
            if transfer.timeout_s:
                deadline = transfer.timestamp + transfer.timeout_s * checks.NS_PER_S
                heapq.heappush(self._deadlines, (deadline, transfer.id, transfer.timestamp))
        self._last_timestamp = max(self._last_timestamp, transfer.timestamp)

    def _assert_balanced(self) -> None:
        """Double entry, checked after every batch: per currency, debits equal credits."""
        for totals in self._totals.values():
            assert totals[_DP] == totals[_CP], totals
            assert totals[_DPO] == totals[_CPO], totals


def _assert_within_limits(state: AccountState) -> None:
    if state.limits & checks.DEBITS_LIMITED:
        assert state.debits_pending + state.debits_posted <= state.credits_posted
    if state.limits & checks.CREDITS_LIMITED:
        assert state.credits_pending + state.credits_posted <= state.debits_posted


def _joins_nothing(transaction: object) -> bool:
    return False
