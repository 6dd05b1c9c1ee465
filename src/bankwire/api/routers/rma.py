"""RMA: a receiver (or an operator) authorises a correspondent for message types."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import Caller, RuntimeDep, caller
from bankwire.api.errors import Forbidden
from bankwire.api.schemas import RmaIn
from bankwire.flows.admin import grant_rma

router = APIRouter(tags=["rma"])


@router.get("/rma", response_model=list[RmaIn])
def list_rma(rt: RuntimeDep, who: Annotated[Caller, Depends(caller)]) -> list[RmaIn]:
    with rt.store.transaction() as tx:
        found = tx.rma()
    return [
        RmaIn(sender=item.sender, receiver=item.receiver, message_types=sorted(item.message_types))
        for item in found
        if who.may_see(item.sender, item.receiver)
    ]


@router.post("/rma", response_model=RmaIn, status_code=201)
def grant(body: RmaIn, rt: RuntimeDep, who: Annotated[Caller, Depends(caller)]) -> RmaIn:
    """Only the receiver itself or an operator may authorise senders to a receiver."""
    if who.operator is None and not who.may_see(body.receiver):
        raise Forbidden(f"only {body.receiver} or an operator may grant RMA to {body.receiver}")
    grant_rma(rt.services, body.sender, body.receiver, body.message_types)
    return body
