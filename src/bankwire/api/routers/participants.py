"""The participant directory (operators)."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator
from bankwire.api.errors import ApiError
from bankwire.api.schemas import ParticipantCreated, ParticipantIn, ParticipantOut
from bankwire.flows.admin import register_participant
from bankwire.network.participants import Participant

router = APIRouter(tags=["participants"])


def participant_out(participant: Participant) -> ParticipantOut:
    return ParticipantOut(
        bic=participant.bic, name=participant.name, country=participant.country,
        currencies=list(participant.currencies), jurisdictions=list(participant.jurisdictions),
        status=participant.status.value, disconnected_from=participant.disconnected_from,
        licence_reference=participant.licence_reference,
    )  # fmt: skip


@router.get("/participants", response_model=list[ParticipantOut])
def list_participants(rt: RuntimeDep, _: Annotated[str, Depends(operator)]) -> list[ParticipantOut]:
    with rt.store.transaction() as tx:
        return [participant_out(p) for p in tx.participants()]


@router.post("/participants", response_model=ParticipantCreated, status_code=201)
def add_participant(
    body: ParticipantIn, rt: RuntimeDep, _: Annotated[str, Depends(operator)]
) -> ParticipantCreated:
    """Register a bank with its public key; the bearer token is returned once."""
    try:
        key = base64.b64decode(body.public_key, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise ApiError(f"public_key: expected base64 (got {body.public_key[:20]!r})") from exc
    if len(key) != 32:
        raise ApiError(f"public_key: expected 32 bytes of Ed25519 key (got {len(key)})")
    token = secrets.token_urlsafe(32)
    try:
        created = register_participant(
            rt.services, body.bic, body.name, body.country, body.currencies,
            body.jurisdictions, key, token,
        )  # fmt: skip
    except ValueError as exc:
        raise ApiError(str(exc)) from exc
    return ParticipantCreated(participant=participant_out(created), token=token)
