"""The participant client over HTTP (httpx): signs, submits, fetches, acknowledges, tracks."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

import httpx

from bankwire.errors import BankwireError
from bankwire.network.auth import sign
from bankwire.transports.base import Credentials

__all__ = [
    "SIGNATURE_HEADER",
    "HttpNetworkClient",
    "TransportError",
    "signature_header",
    "unreachable",
]

SIGNATURE_HEADER = "X-Bankwire-Signature"


class TransportError(BankwireError):
    """The server could not be reached or answered something that is not the API."""


def unreachable(server: str, exc: httpx.ConnectError) -> str:
    """Says which server could not be reached and why, in words rather than an errno."""
    reason = "connection refused" if "refused" in str(exc).lower() else str(exc)
    return f"cannot reach the bankwire server at {server.rstrip('/')} ({reason})"


def signature_header(credentials: Credentials, message: bytes, now: datetime | None = None) -> str:
    """The signature envelope for ``message``, signed now with a fresh random nonce."""
    moment = now or datetime.now(UTC)
    envelope = sign(
        credentials.signing_key, credentials.bic, message, moment, secrets.token_hex(16)
    )
    return envelope.render()


class HttpNetworkClient:
    """One participant's connection. ``client`` may be any ``httpx.Client`` (tests pass one)."""

    def __init__(
        self, server: str, credentials: Credentials, client: httpx.Client | None = None
    ) -> None:
        self.credentials = credentials
        self._client = client or httpx.Client(base_url=server, timeout=30.0)
        self._auth = {"Authorization": f"Bearer {credentials.token}"}

    def close(self) -> None:
        self._client.close()

    def submit(self, message: bytes) -> dict[str, Any]:
        headers = {
            **self._auth,
            "Content-Type": "application/xml",
            SIGNATURE_HEADER: signature_header(self.credentials, message),
        }
        return self._json(self._request("POST", "/payments", content=message, headers=headers))

    def fetch(self, limit: int = 100, wait: float = 0) -> list[dict[str, Any]]:
        """Messages due; with ``wait``, the server holds an empty answer up to that long."""
        params = {"limit": limit, "wait": wait}
        response = self._request("GET", "/queue", params=params, headers=self._auth)
        messages: list[dict[str, Any]] = self._expect(response, "messages")["messages"]
        return messages

    def ack(self, sequence: int) -> dict[str, Any]:
        response = self._request("POST", f"/queue/{sequence}/ack", headers=self._auth)
        return self._expect(response, "result")

    def ack_many(self, sequences: list[int]) -> dict[str, Any]:
        """Acknowledge a batch in one request and one transaction."""
        body = {"sequences": sequences}
        response = self._request("POST", "/queue/ack", json=body, headers=self._auth)
        return self._expect(response, "results")

    def track(self, uetr: str) -> dict[str, Any]:
        return self._json(self._request("GET", f"/payments/{uetr}", headers=self._auth))

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            raise TransportError(unreachable(str(self._client.base_url), exc)) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{method} {path}: {exc}") from exc

    @classmethod
    def _expect(cls, response: httpx.Response, field: str) -> dict[str, Any]:
        """The answer, which must hold ``field``; a refusal (the server's error JSON, e.g.
        a token no participant holds) is raised with its status, code and message."""
        data = cls._json(response)
        if field not in data:
            request = response.request
            raise TransportError(
                f"{request.method} {request.url.path}: HTTP {response.status_code} "
                f"{data.get('code', 'refused')}: {data.get('message', data)}"
            )
        return data

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise TransportError(
                f"{response.request.method} {response.request.url}: HTTP {response.status_code}, "
                f"expected JSON (got {response.text[:200]!r})"
            ) from exc
        if not isinstance(data, dict):
            raise TransportError(f"{response.request.url}: expected a JSON object (got {data!r})")
        return data
