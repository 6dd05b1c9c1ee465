"""Network administration: disconnections and the audit trail (operators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bankwire.api.deps import RuntimeDep, operator
from bankwire.api.routers.participants import participant_out
from bankwire.api.schemas import DisconnectIn, ParticipantOut, TrackEventOut
from bankwire.flows.admin import disconnect

router = APIRouter(tags=["admin"])


@router.post("/admin/participants/{bic}/disconnect", response_model=ParticipantOut)
def disconnect_participant(
    bic: str, body: DisconnectIn, rt: RuntimeDep, _: Annotated[str, Depends(operator)]
) -> ParticipantOut:
    """Cut a participant off from a date (or reconnect it under a licence)."""
    return participant_out(disconnect(rt.services, bic, body.from_date, body.licence_reference))


@router.get("/admin/audit", response_model=list[TrackEventOut])
def audit(
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[TrackEventOut]:
    """The latest audit lines, NAKs included, oldest first."""
    with rt.store.transaction() as tx:
        events = tx.audit(limit)
    return [
        TrackEventOut(at=e.at, kind=e.kind, participant=e.participant, detail=e.detail)
        for e in events
    ]
