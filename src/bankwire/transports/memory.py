"""The participant client over an in-process ASGI app, for tests: no sockets, same requests.

httpx's ``ASGITransport`` is asynchronous; this wraps it for the synchronous client by
running the app on an event loop in a background thread (an anyio blocking portal). The
app's lifespan runs from construction to ``shutdown``, as under a real server.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, ExitStack
from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal

from bankwire.transports.base import Credentials
from bankwire.transports.http import HttpNetworkClient

__all__ = ["InProcessApp", "memory_client"]


class InProcessApp(httpx.BaseTransport):
    """A synchronous httpx transport into an ASGI app, lifespan included."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._stack = ExitStack()
        self._portal = self._stack.enter_context(start_blocking_portal())
        lifespan: AbstractContextManager[Any] = self._portal.wrap_async_context_manager(
            app.router.lifespan_context(app)
        )
        self._stack.enter_context(lifespan)
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def call() -> httpx.Response:
            body = request.read()
            forwarded = httpx.Request(request.method, request.url, headers=request.headers,
                                      content=body)  # fmt: skip
            response = await self._inner.handle_async_request(forwarded)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=content, request=request)  # fmt: skip

        return self._portal.call(call)

    def close(self) -> None:
        """Called by each httpx client on close: the app stays up for the other clients."""

    def shutdown(self) -> None:
        """End the app's lifespan and its event loop."""
        self._stack.close()

    def client(self) -> httpx.Client:
        return httpx.Client(transport=self, base_url="http://bankwire.test")


def memory_client(transport: InProcessApp, credentials: Credentials) -> HttpNetworkClient:
    """A participant client whose requests go straight into the app behind ``transport``."""
    return HttpNetworkClient("http://bankwire.test", credentials, transport.client())
