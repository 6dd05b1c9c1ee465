"""The participant client over an in-process ASGI app, for tests: no sockets, same requests."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from bankwire.transports.base import Credentials
from bankwire.transports.http import HttpNetworkClient

__all__ = ["memory_client"]


def memory_client(app: Any, credentials: Credentials) -> HttpNetworkClient:
    """A client whose requests go straight into ``app`` (a FastAPI/Starlette application)."""
    return HttpNetworkClient("http://testserver", credentials, TestClient(app))
