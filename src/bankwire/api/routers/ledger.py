"""Ledger balances and verification (operators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator
from bankwire.api.schemas import BalanceOut, LedgerVerifyOut

router = APIRouter(tags=["ledger"])


@router.get("/ledger/balances", response_model=list[BalanceOut])
def balances(rt: RuntimeDep, _: Annotated[str, Depends(operator)]) -> list[BalanceOut]:
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
        for a in rt.ledger.accounts()
    ]


@router.get("/ledger/verify", response_model=LedgerVerifyOut)
def verify(rt: RuntimeDep, _: Annotated[str, Depends(operator)]) -> LedgerVerifyOut:
    """Recompute every balance from the transfers; any discrepancy is listed."""
    found = rt.ledger.verify()
    return LedgerVerifyOut(verified=not found, discrepancies=[d.message for d in found])
