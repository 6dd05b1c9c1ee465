"""Submit, fetch, acknowledge, track: what a participant bank does all day."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.deps import (
    RuntimeDep,
    batcher,
    caller,
    participant,
    queue_signal,
)
from bankwire.api.errors import InvalidUetr, NotFound
from bankwire.api.runtime import Runtime
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
from bankwire.flows.deliver import acknowledge_in, fetch_in
from bankwire.flows.submit_payment import Status, Submission
from bankwire.flows.track import track
from bankwire.ids import parse_uetr
from bankwire.network.delivery import AckResult
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

    Without a token, knowing the UETR shows the hops and their times only; the sender, the
    receiver and operators also see the reasons and each event's details.
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
def fetch_queue(
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
    waiting at the same moment share one transaction (``Batcher.run``).
    """
    deadline = time.monotonic() + wait
    while True:
        seen = signal.generation
        handed = batch.run(lambda tx: fetch_in(rt.services, tx, me.bic, limit)).result()
        remaining = deadline - time.monotonic()
        if handed or remaining <= 0:
            break
        signal.wait(seen, min(remaining, 1.0))
    return FetchResponse(
        messages=[
            DeliveryOut(
                sequence=item.sequence,
                uetr=item.uetr,
                message_type=item.message_type,
                message=item.body.decode("utf-8", errors="replace"),
                sender=item.sender,
                possible_duplicate=item.possible_duplicate,
            )
            for item in handed
        ]
    )


@router.post("/queue/{sequence}/ack", response_model=AckResponse)
def ack(
    sequence: int,
    rt: RuntimeDep,
    me: Annotated[Participant, Depends(participant)],
    batch: Annotated[Batcher, Depends(batcher)],
) -> AckResponse:
    """Confirm receipt of ``sequence``; idempotent."""
    [result] = _acknowledge(rt, batch, me.bic, [sequence])
    return AckResponse(sequence=sequence, result=result.value)


@router.post("/queue/ack", response_model=AckBatchOut)
def ack_batch(
    body: AckBatchIn,
    rt: RuntimeDep,
    me: Annotated[Participant, Depends(participant)],
    batch: Annotated[Batcher, Depends(batcher)],
) -> AckBatchOut:
    """Confirm many sequences in one transaction; one result per sequence, in order."""
    results = _acknowledge(rt, batch, me.bic, body.sequences)
    return AckBatchOut(
        results=[
            AckResponse(sequence=sequence, result=result.value)
            for sequence, result in zip(body.sequences, results, strict=True)
        ]
    )


def _acknowledge(
    rt: Runtime, batch: Batcher, receiver: str, sequences: list[int]
) -> list[AckResult]:
    """Acknowledge in the batcher's next shared transaction; wakes long-polling receivers
    afterwards, since an ack queues the sender's pacs.002."""
    work = batch.run(lambda tx: acknowledge_in(rt.services, tx, receiver, sequences), wakes=True)
    return work.result()
