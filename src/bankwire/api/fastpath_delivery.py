"""``GET /queue`` and the acknowledgements served straight from ASGI: the delivery side.

Every delivered payment costs a fetch and an ack, and its pacs.002 another fetch and ack:
four requests per payment against one submission. Through FastAPI each paid for routing,
dependency solving (a thread-pool hop and a transaction of its own to read who holds the
token), pydantic models in and out. ``DeliveryFastPath`` answers these routes the way the
FastAPI routes in ``routers/payments.py`` do (same statuses, JSON and error codes), reading
the caller in the same shared transaction of the batcher as the fetch or ack itself. Those
routes stay for the OpenAPI description and for callers that reach the application
unwrapped.

Only the requests the fast path can answer identically by construction stay here: a query
parameter, path or body in any other form than the plain one (out of range, not a number,
repeated, not JSON, a field too many) is passed on to the application, whose validation
answers it, so its 422 is the application's own.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar
from urllib.parse import parse_qsl

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.delivery import delivery_json, fetch, long_poll
from bankwire.api.deps import Caller, bearer_token, identify, participant_of
from bankwire.api.fastpath import Asgi, Receive, Scope, Send, answer, answer_error, header
from bankwire.api.runtime import Runtime
from bankwire.flows.deliver import Delivered, acknowledge_in, fetch_in
from bankwire.network.participants import hash_token
from bankwire.store.base import NetworkTransaction

__all__ = ["ACK_BODY_MAX", "DeliveryFastPath", "Served"]

ACK_BODY_MAX: Final = 64 * 1024
"""Bound on the ack body kept here: 1,000 sequences of 19 digits fit; a longer body goes on
to the application, which reads and judges it."""

_ONE_ACK = re.compile(r"/queue/(0|[1-9][0-9]{0,17})/ack")
_LIMIT = re.compile(r"[1-9][0-9]{0,3}")
_WAIT = re.compile(r"(?:0|[1-9][0-9]?)(?:\.[0-9]{1,6})?")
# Sequences the fast path acknowledges itself: what SQLite's INTEGER holds. A larger number
# goes on to the application, whose store then says what it says.
_SEQUENCE_MIN: Final = -(2**63)
_SEQUENCE_MAX: Final = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Served:
    """What the fast path uses of the running application, looked up per request (the
    lifespan creates it)."""

    runtime: Runtime
    batcher: Batcher
    signal: QueueSignal


class DeliveryFastPath:
    """ASGI middleware: fetch and acks answered here, anything else to ``app``."""

    def __init__(self, app: Asgi, served: Callable[[], Served]) -> None:
        self._app = app
        self._served = served

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            method, path = scope["method"], scope["path"]
            if method == "GET" and path == "/queue":
                await self._fetch(scope, receive, send)
                return
            if method == "POST" and path == "/queue/ack":
                await self._ack_batch(scope, receive, send)
                return
            if method == "POST" and (one := _ONE_ACK.fullmatch(path)) is not None:
                await self._ack(scope, send, [int(one[1])], batch=False)
                return
        await self._app(scope, receive, send)

    async def _fetch(self, scope: Scope, receive: Receive, send: Send) -> None:
        asked = _fetch_query(scope["query_string"])
        if asked is None:
            await self._app(scope, receive, send)
            return
        limit, wait_s = asked
        try:
            token_sha256 = hash_token(bearer_token(header(scope, b"authorization")))
            handed = await self._fetch_waiting(token_sha256, limit, wait_s)
        except Exception as exc:  # noqa: BLE001 - mapped as the application's handlers map it.
            await answer_error(send, exc)
            return
        content = {"messages": [delivery_json(item) for item in handed]}
        await answer(send, 200, content, ensure_ascii=False)

    async def _fetch_waiting(self, token_sha256: str, limit: int, wait_s: float) -> list[Delivered]:
        served = self._served()
        services = served.runtime.services
        receiver: str | None = None
        first = _as_caller(token_sha256, lambda tx, bic: fetch_in(services, tx, bic, limit))

        async def look() -> list[Delivered]:
            nonlocal receiver
            if receiver is not None:
                return await fetch(served.runtime, served.batcher, receiver, limit)
            who, handed = await asyncio.wrap_future(served.batcher.run(first))
            receiver = participant_of(who).bic
            return handed

        return await long_poll(served.signal, wait_s, look, lambda: receiver)

    async def _ack_batch(self, scope: Scope, receive: Receive, send: Send) -> None:
        body, complete = await _read(receive)
        if body is None:
            return  # The client went away: nobody to answer.
        sequences = _sequences(scope, body) if complete else None
        if sequences is None:
            await self._app(scope, _replay(body, complete, receive), send)
            return
        await self._ack(scope, send, sequences, batch=True)

    async def _ack(self, scope: Scope, send: Send, sequences: list[int], *, batch: bool) -> None:
        try:
            token_sha256 = hash_token(bearer_token(header(scope, b"authorization")))
            served = self._served()
            services = served.runtime.services
            work = _as_caller(
                token_sha256, lambda tx, bic: acknowledge_in(services, tx, bic, sequences)
            )
            # An ack queues the sender's pacs.002: the batcher wakes the sender's long polls.
            who, results = await asyncio.wrap_future(served.batcher.run(work))
            participant_of(who)
        except Exception as exc:  # noqa: BLE001 - mapped as the application's handlers map it.
            await answer_error(send, exc)
            return
        answers = [{"sequence": sequence, "result": result.value}
                   for sequence, result in zip(sequences, results, strict=True)]  # fmt: skip
        await answer(send, 200, {"results": answers} if batch else answers[0])


_T = TypeVar("_T")


def _as_caller(
    token_sha256: str, act: Callable[[NetworkTransaction, str], list[_T]]
) -> Callable[[NetworkTransaction], tuple[Caller | None, list[_T]]]:
    """Work for one batcher transaction: who holds the token, then ``act`` (transaction,
    the participant's BIC) if a participant does. A caller who is not a participant gets
    nothing done, and no exception rolls back the others' work in that transaction; the
    caller of the batcher raises the refusal afterwards (``participant_of``)."""

    def work(tx: NetworkTransaction) -> tuple[Caller | None, list[_T]]:
        who = identify(tx, token_sha256)
        if who is None or who.participant is None:
            return who, []
        return who, act(tx, who.participant.bic)

    return work


def _fetch_query(query_string: bytes) -> tuple[int, float] | None:
    """``limit`` and ``wait`` in their plain form, or None for the application to judge.

    Decoded as starlette decodes a query string; a parameter given twice, or a value out of
    range or in any other form (``1e1``, ``010``, blank), is left to the application.
    """
    limit, wait_s = 100, 0.0
    names: set[str] = set()
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in names:
            return None
        names.add(name)
        if name == "limit":
            if _LIMIT.fullmatch(value) is None or int(value) > 1000:
                return None
            limit = int(value)
        elif name == "wait":
            if _WAIT.fullmatch(value) is None or float(value) > 30:
                return None
            wait_s = float(value)
    return limit, wait_s


def _sequences(scope: Scope, body: bytes) -> list[int] | None:
    """The body's sequences if it is plainly ``{"sequences": [1, 2, ...]}`` sent as JSON."""
    content_type = header(scope, b"content-type") or ""
    if content_type.split(";")[0].strip().lower() != "application/json":
        return None
    try:
        parsed: Any = json.loads(body)
    except (ValueError, RecursionError):  # Not JSON, or nested too deep to be a plain body.
        return None
    if type(parsed) is not dict or list(parsed) != ["sequences"]:
        return None
    sequences = parsed["sequences"]
    if type(sequences) is not list or not 1 <= len(sequences) <= 1000:
        return None
    if not all(type(s) is int and _SEQUENCE_MIN <= s <= _SEQUENCE_MAX for s in sequences):
        return None
    return sequences


async def _read(receive: Receive) -> tuple[bytes | None, bool]:
    """The body up to ``ACK_BODY_MAX`` and whether that is all of it; None on a disconnect."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None, False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > ACK_BODY_MAX:
            return b"".join(chunks), False


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """``receive`` for the application: the body read so far, then the rest as it comes."""
    pending = [{"type": "http.request", "body": body, "more_body": not complete}]

    async def again() -> dict[str, Any]:
        if pending:
            return pending.pop()
        found: dict[str, Any] = dict(await receive())
        return found

    return again
