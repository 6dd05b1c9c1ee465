"""Submit, fetch, acknowledge, track: what a participant bank does all day."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.delivery import acknowledge, delivery_json, fetch, long_poll
from bankwire.api.deps import (
    RuntimeDep,
    batcher,
    caller,
    participant,
    queue_signal,
)
from bankwire.api.errors import InvalidUetr, NotFound
from bankwire.api.schemas import (
    AckBatchIn,
    AckBatchOut,
    AckResponse,
    DeliveryOut,
    FetchResponse,
    SubmitResponse,
    TrackEventOut,
    TrackResponse,
)
from bankwire.flows.decide import DecisionRecord
from bankwire.flows.submit_payment import Status, Submission
from bankwire.flows.track import track
from bankwire.ids import parse_uetr
from bankwire.network.participants import Participant

router = APIRouter(tags=["payments"])

_SUBMIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/xml": {"schema": {"type": "string"}}},
        "description": "An ISO 20022 message (AppHdr + Document) or a FIN message, signed "
        "in the X-Bankwire-Signature header.",
    }
}


@router.post(
    "/payments",
    response_model=SubmitResponse,
    responses={422: {"model": SubmitResponse, "description": "NAK"}},
    openapi_extra=_SUBMIT_BODY,
)
async def submit_payment(
    request: Request,
    batch: Annotated[Batcher, Depends(batcher)],
    authorization: Annotated[str | None, Header()] = None,
    x_bankwire_signature: Annotated[str | None, Header()] = None,
) -> Response:
    """Submit a signed message: ACK with the decision, or NAK with a code (HTTP 422)."""
    body = await request.body()
    token = authorization.removeprefix("Bearer ").strip() if authorization else None
    result = await asyncio.wrap_future(batch.submit(Submission(body, x_bankwire_signature, token)))
    # Encoded here rather than validated and serialised through ``SubmitResponse`` (which
    # still documents it): the answer is five plain fields, built by this function.
    answer = {"uetr": result.uetr, "status": result.status.value, "code": result.code,
              "text": result.text, "decision": result.decision}  # fmt: skip
    return Response(
        json.dumps(answer, separators=(",", ":")).encode(),
        status_code=422 if result.status is Status.NAK else 200,
        media_type="application/json",
    )


@router.get("/payments/{uetr}", response_model=TrackResponse)
def track_payment(
    uetr: str, rt: RuntimeDep, authorization: Annotated[str | None, Header()] = None
) -> TrackResponse:
    """Every hop of a payment with timestamps, gpi-tracker style.

    Without a token, knowing the UETR shows the hops: the state, the sender, the receiver,
    the message type and each event's kind, time and participant. The sender, the receiver
    and operators also see the outcome, the reasons and each event's details.
    """
    try:
        uetr = parse_uetr(uetr)
    except ValueError as exc:
        raise InvalidUetr(f"{exc}; use the uetr that 'send' printed") from exc
    who = caller(rt, authorization) if authorization else None
    found = track(rt.services, uetr)
    payment = found.payment
    if payment is None:
        raise NotFound(f"no payment with UETR {uetr}")
    full = who is not None and who.may_see(payment.sender, payment.receiver)
    if who is not None and not full:
        raise NotFound(f"no payment with UETR {uetr} visible to this caller")
    record = DecisionRecord.from_json(payment.decision) if payment.decision else None
    return TrackResponse(
        uetr=found.uetr,
        state=payment.state.value,
        outcome=payment.outcome if full else None,
        sender=payment.sender,
        receiver=payment.receiver,
        message_type=payment.message_type,
        reasons=list(record.reason_texts) if record and full else [],
        events=[
            TrackEventOut(
                at=e.at, kind=e.kind, participant=e.participant, detail=e.detail if full else {}
            )
            for e in found.events
        ],
    )


@router.get("/queue", response_model=FetchResponse)
async def fetch_queue(
    rt: RuntimeDep,
    me: Annotated[Participant, Depends(participant)],
    batch: Annotated[Batcher, Depends(batcher)],
    signal: Annotated[QueueSignal, Depends(queue_signal)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    wait: Annotated[float, Query(ge=0, le=30, description="Long-poll seconds")] = 0,
) -> FetchResponse:
    """Messages due for the caller, in order; unacknowledged ones come back after a timeout.

    With ``wait``, an empty queue holds the request until something is queued (or ``wait``
    seconds pass): receivers get messages at once without polling the server hot. Fetches
    waiting at the same moment share one transaction (``Batcher.run``). The fast path
    (``api/fastpath_delivery.py``) answers this route the same way.
    """
    handed = await long_poll(signal, wait, lambda: fetch(rt, batch, me.bic, limit), lambda: me.bic)
    return FetchResponse(messages=[DeliveryOut(**delivery_json(item)) for item in handed])


@router.post("/queue/{sequence}/ack", response_model=AckResponse)
async def ack(
    sequence: int,
    rt: RuntimeDep,
    me: Annotated[Participant, Depends(participant)],
    batch: Annotated[Batcher, Depends(batcher)],
) -> AckResponse:
    """Confirm receipt of ``sequence``; idempotent."""
    [result] = await acknowledge(rt, batch, me.bic, [sequence])
    return AckResponse(sequence=sequence, result=result.value)


@router.post("/queue/ack", response_model=AckBatchOut)
async def ack_batch(
    body: AckBatchIn,
    rt: RuntimeDep,
    me: Annotated[Participant, Depends(participant)],
    batch: Annotated[Batcher, Depends(batcher)],
) -> AckBatchOut:
    """Confirm many sequences in one transaction; one result per sequence, in order."""
    results = await acknowledge(rt, batch, me.bic, body.sequences)
    return AckBatchOut(
        results=[
            AckResponse(sequence=sequence, result=result.value)
            for sequence, result in zip(body.sequences, results, strict=True)
        ]
    )
