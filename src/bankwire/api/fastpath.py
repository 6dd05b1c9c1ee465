"""``POST /payments`` served straight from ASGI: the route every payment takes.

FastAPI's routing, dependency solving and middleware stack cost more CPU per request than
this route does itself (read the body and two headers, hand them to the batcher, answer five
fields). ``SubmitFastPath`` wraps the application and answers exactly this route the same
way the FastAPI route in ``routers/payments.py`` does (same body, headers, statuses, JSON
and error codes); that route stays for the OpenAPI description and for any caller that
reaches the application unwrapped. Every other request goes to the application.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bankwire.api.batcher import Batcher
from bankwire.api.errors import HANDLERS
from bankwire.flows.submit_payment import Status, Submission

__all__ = [
    "Asgi",
    "Receive",
    "Scope",
    "Send",
    "SubmitFastPath",
    "answer",
    "answer_error",
    "header",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

_JSON = [(b"content-type", b"application/json")]
# ``json.dumps(..., separators=(",", ":"))`` with and without ``ensure_ascii``, built once
# rather than for every answer.
_ASCII_JSON = json.JSONEncoder(separators=(",", ":")).encode
_UTF8_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class SubmitFastPath:
    """ASGI middleware: ``POST /payments`` to ``batcher()``, anything else to ``app``.

    ``body_max`` bounds what is read from one request: reading stops there, and the start
    read so far goes to the pipeline marked as cut short, which NAKs it as oversize (T04)
    with an audit line, as it does any body above the message bound.
    """

    def __init__(self, app: Asgi, batcher: Callable[[], Batcher], body_max: int) -> None:
        self._app = app
        self._batcher = batcher
        self._body_max = body_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != "/payments":
            await self._app(scope, receive, send)
            return
        body, cut_short = await self._body(receive)
        authorization = header(scope, b"authorization")
        signature = header(scope, b"x-bankwire-signature")
        token = authorization.removeprefix("Bearer ").strip() if authorization else None
        try:
            future = self._batcher().submit(Submission(body, signature, token, cut_short))
            result = await asyncio.wrap_future(future)
        except Exception as exc:  # noqa: BLE001 - mapped as the application's handlers map it.
            await answer_error(send, exc)
            return
        content = {"uetr": result.uetr, "status": result.status.value, "code": result.code,
                   "text": result.text, "decision": result.decision}  # fmt: skip
        await answer(send, 422 if result.status is Status.NAK else 200, content)

    async def _body(self, receive: Receive) -> tuple[bytes, bool]:
        """The body, and whether reading it stopped at ``body_max`` (only its start kept)."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            chunks.append(chunk)
            if size > self._body_max:
                return b"".join(chunks), True
            more = message.get("more_body", False)
        return b"".join(chunks), False


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case, as ASGI gives names), or None."""
    for found, value in scope["headers"]:
        if found == name:
            text: str = value.decode("latin-1")
            return text
    return None


async def answer_error(send: Send, exc: Exception) -> None:
    """``exc`` answered as the application's handlers answer it (``api/errors.py``)."""
    for kind in type(exc).__mro__:
        if kind in HANDLERS:
            status, code = HANDLERS[kind]
            # Not ASCII-escaped, as the application's JSONResponse does not escape it.
            content = {"code": code, "message": str(exc)}
            await answer(send, status, content, ensure_ascii=False)
            return
    raise exc  # Not in the table: a programming error, for the server to log as one.


async def answer(
    send: Send, status: int, content: dict[str, Any], *, ensure_ascii: bool = True
) -> None:
    """``content`` as compact JSON; ``ensure_ascii=False`` writes what is not ASCII as UTF-8
    (as pydantic's and starlette's JSON do), for answers the application renders that way."""
    payload = (_ASCII_JSON if ensure_ascii else _UTF8_JSON)(content).encode()
    headers = [*_JSON, (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
