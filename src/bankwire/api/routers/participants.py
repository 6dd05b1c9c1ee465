"""The participant directory (operators)."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends

from bankwire.api.deps import RuntimeDep, operator
from bankwire.api.errors import ApiError
from bankwire.api.schemas import ParticipantCreated, ParticipantIn, ParticipantOut, RekeyIn
from bankwire.flows.admin import register_participant, rekey_participant
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


def _public_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise ApiError(f"public_key: expected base64 (got {text[:20]!r})") from exc
    if len(key) != 32:
        raise ApiError(f"public_key: expected 32 bytes of Ed25519 key (got {len(key)})")
    return key


@router.post("/participants", response_model=ParticipantCreated, status_code=201)
def add_participant(
    body: ParticipantIn, rt: RuntimeDep, _: Annotated[str, Depends(operator)]
) -> ParticipantCreated:
    """Register a bank with its public key; the bearer token is returned once. A BIC already
    registered is refused (409): re-key it instead."""
    key = _public_key(body.public_key)
    token = secrets.token_urlsafe(32)
    created = register_participant(
        rt.services, body.bic, body.name, body.country, body.currencies,
        body.jurisdictions, key, token,
    )  # fmt: skip
    return ParticipantCreated(participant=participant_out(created), token=token)


@router.post("/participants/{bic}/rekey", response_model=ParticipantCreated)
def rekey(
    bic: str, body: RekeyIn, rt: RuntimeDep, _: Annotated[str, Depends(operator)]
) -> ParticipantCreated:
    """New credentials for a participant: its public key is replaced and a new bearer token
    returned once; its status and any disconnection stay as they are."""
    token = secrets.token_urlsafe(32)
    changed = rekey_participant(rt.services, bic, _public_key(body.public_key), token)
    return ParticipantCreated(participant=participant_out(changed), token=token)
