"""Ledger balances and verification (operators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator, write_lock
from bankwire.api.schemas import BalanceOut, LedgerVerifyOut
from bankwire.api.workers import ServeLock

router = APIRouter(tags=["ledger"])


@router.get("/ledger/balances", response_model=list[BalanceOut])
def balances(
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    lock: Annotated[ServeLock, Depends(write_lock)],
) -> list[BalanceOut]:
    """Under the write lock: with several server processes, taking it brings this one's
    ledger up to date with what the others wrote."""
    with lock:
        accounts = rt.ledger.accounts()
    return [
        BalanceOut(
            owner=a.owner,
            kind=a.kind.value,
            currency=a.currency,
            debits_posted=a.debits_posted,
            credits_posted=a.credits_posted,
            debits_pending=a.debits_pending,
            credits_pending=a.credits_pending,
        )
        for a in accounts
    ]


@router.get("/ledger/verify", response_model=LedgerVerifyOut)
def verify(
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    lock: Annotated[ServeLock, Depends(write_lock)],
) -> LedgerVerifyOut:
    """Recompute every balance from the transfers; any discrepancy is listed."""
    with lock:
        found = rt.ledger.verify()
    return LedgerVerifyOut(verified=not found, discrepancies=[d.message for d in found])
