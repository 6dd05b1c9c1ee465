"""Licences (operators): general and specific, with caps, windows and release rights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator
from bankwire.api.schemas import LicenceIn
from bankwire.flows.admin import register_licence
from bankwire.flows.licences import licence_from_json

router = APIRouter(tags=["licences"])


@router.get("/licences")
def list_licences(rt: RuntimeDep, _: Annotated[str, Depends(operator)]) -> list[dict[str, Any]]:
    with rt.store.transaction() as tx:
        return [record.data for record in tx.licences()]


@router.post("/licences", status_code=201)
def add_licence(
    body: LicenceIn, rt: RuntimeDep, _: Annotated[str, Depends(operator)]
) -> dict[str, Any]:
    data = body.model_dump(mode="json")
    register_licence(rt.services, licence_from_json(data))
    return data
