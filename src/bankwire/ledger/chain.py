"""Linked chains: a run of events that commits or fails as a whole (TigerBeetle ``linked``).

A chain is the events flagged ``linked`` plus the first one after them that is not. The first
failing event keeps its own result; every other event of the chain gets
``linked_event_failed``, and what the chain already did is undone. A chain still open at the
end of a batch fails with ``linked_event_chain_open`` on its last event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from bankwire.ledger.model import Account, Transfer
from bankwire.ledger.results import CreateAccountResult, CreateTransferResult
from bankwire.ledger.state import AccountState

__all__ = ["ChainScope", "ChainUndo", "run_chained"]

_Event = TypeVar("_Event", Account, Transfer)
_Result = TypeVar("_Result", CreateAccountResult, CreateTransferResult)
_Balances = tuple[int, int, int, int]


@dataclass(slots=True)
class ChainUndo:
    """What to put back if the open chain fails; kept only while a chain is open."""

    totals: dict[str, list[int]]
    change_lengths: tuple[int, int, int]
    account_ids: list[int] = field(default_factory=list)
    transfers: list[tuple[Transfer, AccountState, _Balances, AccountState, _Balances]] = field(
        default_factory=list
    )


class ChainScope(Protocol):
    """The ledger side of a chain: start recording, forget the record, or undo it."""

    def open_chain(self) -> None: ...

    def close_chain(self) -> None: ...

    def roll_back_chain(self) -> None: ...


def run_chained(
    batch: Sequence[_Event],
    create: Callable[[_Event], _Result],
    linked_flag: int,
    results_type: type[_Result],
    scope: ChainScope,
) -> list[tuple[int, _Result]]:
    """Apply ``create`` to each event in order, with chain semantics; one result per event."""
    ok = results_type("ok")
    failed = results_type("linked_event_failed")
    results: list[tuple[int, _Result]] = []
    chain_start: int | None = None
    chain_failed = False
    last = len(batch) - 1
    for index, event in enumerate(batch):
        linked = int(event.flags) & linked_flag != 0
        if linked and chain_start is None:
            chain_start = index
            scope.open_chain()
        if chain_failed:
            result = failed
        elif linked and index == last:
            result = results_type("linked_event_chain_open")
        else:
            result = create(event)
        results.append((index, result))
        if chain_start is not None and result != ok and not chain_failed:
            chain_failed = True
            scope.roll_back_chain()
            results[chain_start:index] = [(i, failed) for i in range(chain_start, index)]
        if chain_start is not None and not linked:
            if not chain_failed:
                scope.close_chain()
            chain_start, chain_failed = None, False
    assert chain_start is None or chain_failed  # An open chain at the end has failed.
    assert len(results) == len(batch)
    return results
