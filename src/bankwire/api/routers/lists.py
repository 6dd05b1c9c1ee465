"""List status, and picking up newly loaded list versions (re-screening what is undelivered)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator, write_lock
from bankwire.api.schemas import ListVersionOut, RescreenOut
from bankwire.api.workers import ServeLock

router = APIRouter(tags=["lists"])


@router.get("/lists", response_model=list[ListVersionOut])
def list_status(rt: RuntimeDep, _: Annotated[str, Depends(operator)]) -> list[ListVersionOut]:
    return [
        ListVersionOut(
            list_name=v.list_name, sha256=v.sha256, published=v.published, entry_count=v.entry_count
        )
        for v in rt.lists.active_versions()
    ]


@router.post("/lists/refresh", response_model=RescreenOut)
def refresh(
    rt: RuntimeDep,
    _: Annotated[str, Depends(operator)],
    lock: Annotated[ServeLock, Depends(write_lock)],
) -> RescreenOut:
    """Rebuild the screener if list versions changed, then re-screen undelivered payments."""
    summary = rt.refresh_screener(lock)
    if summary is None:
        return RescreenOut(screened=0, changed=[])
    return RescreenOut(screened=summary.screened, changed=list(summary.changed))
