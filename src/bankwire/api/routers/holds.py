"""Held payments and the four-eyes review (operators acting as analysts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.batcher import QueueSignal, wake_queued
from bankwire.api.deps import RuntimeDep, operator, queue_signal, write_lock
from bankwire.api.schemas import HoldOut, ReviewIn, ReviewOut
from bankwire.api.workers import ServeLock
from bankwire.flows.decide import DecisionRecord
from bankwire.flows.review_hold import Action, review_hold
from bankwire.store.base import HoldState

router = APIRouter(tags=["holds"])


@router.get("/holds", response_model=list[HoldOut])
def list_holds(
    rt: RuntimeDep, _: Annotated[str, Depends(operator)], state: HoldState | None = HoldState.OPEN
) -> list[HoldOut]:
    found: list[HoldOut] = []
    with rt.store.transaction() as tx:
        for hold in tx.holds(state):
            message = tx.message(hold.message_pk)
            assert message is not None
            reasons = DecisionRecord.from_json(message.decision).reason_texts
            found.append(
                HoldOut(
                    uetr=hold.uetr,
                    opened_at=hold.opened_at,
                    state=hold.state.value,
                    reasons=list(reasons),
                    reviews=list(hold.reviews),
                )
            )
    return found


def _review(
    rt: RuntimeDep,
    uetr: str,
    body: ReviewIn,
    action: Action,
    lock: ServeLock,
    signal: QueueSignal,
) -> ReviewOut:
    with lock:
        outcome = review_hold(rt.services, uetr, body.analyst, action, body.note)
    # A released payment is queued to its receiver, a rejected one's pacs.002 to its sender:
    # their long polls wake now rather than at their next look.
    wake_queued(rt, signal)
    return ReviewOut(applied=outcome.applied, alert_state=outcome.alert_state,
                     detail=outcome.detail, payment_state=outcome.payment_state)  # fmt: skip


@router.post("/holds/{uetr}/approve", response_model=ReviewOut)
def approve(
    uetr: str,
    body: ReviewIn,
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    lock: Annotated[ServeLock, Depends(write_lock)],
    signal: Annotated[QueueSignal, Depends(queue_signal)],
) -> ReviewOut:
    """Release (false positive); acts once a second analyst agrees."""
    return _review(rt, uetr, body, Action.APPROVE, lock, signal)


@router.post("/holds/{uetr}/reject", response_model=ReviewOut)
def reject(
    uetr: str,
    body: ReviewIn,
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    lock: Annotated[ServeLock, Depends(write_lock)],
    signal: Annotated[QueueSignal, Depends(queue_signal)],
) -> ReviewOut:
    """Confirm the match; the rule's measure applies once a second analyst agrees."""
    return _review(rt, uetr, body, Action.REJECT, lock, signal)
