"""What a participant's side of the network looks like: credentials and the client protocol.

The CLI, the end-to-end tests and the benchmark all talk to the network through a
``NetworkClient``; ``http.py`` implements it over real HTTP, ``memory.py`` over an in-process
ASGI app, so tests and tools exercise the same requests.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bankwire.errors import AuthenticationError

__all__ = ["Credentials", "NetworkClient"]


@dataclass(frozen=True, slots=True)
class Credentials:
    """A participant's secrets: its BIC, bearer token and Ed25519 signing key."""

    bic: str
    token: str
    private_key: bytes
    """Raw 32-byte Ed25519 private key."""

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.private_key)

    @property
    def public_key(self) -> bytes:
        return self.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def to_json(self) -> str:
        encoded = base64.b64encode(self.private_key).decode("ascii")
        data = {"bic": self.bic, "token": self.token, "private_key": encoded}
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "credentials") -> Credentials:
        """Raises ``AuthenticationError`` naming the file and the missing or bad field."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise AuthenticationError(f"{source}: not JSON ({exc}); {_HOLDS}") from exc
        if not isinstance(data, dict):
            raise AuthenticationError(f"{source}: expected a JSON object; {_HOLDS}")
        missing = [field for field in ("bic", "token", "private_key") if field not in data]
        if missing:
            raise AuthenticationError(f"{source}: missing field {', '.join(missing)}; {_HOLDS}")
        try:
            key = base64.b64decode(str(data["private_key"]), validate=True)
        except ValueError as exc:
            raise AuthenticationError(
                f"{source}: private_key must be base64 ({exc}); {_HOLDS}"
            ) from exc
        if len(key) != 32:
            raise AuthenticationError(f"{source}: private_key must be 32 bytes (got {len(key)})")
        return cls(str(data["bic"]), str(data["token"]), key)


_HOLDS = (
    "a credentials file (written by 'bankwire participants add --credentials-out') holds "
    '{"bic": ..., "token": ..., "private_key": <base64 of the 32-byte Ed25519 key>}'
)


class NetworkClient(Protocol):
    def submit(self, message: bytes) -> dict[str, Any]: ...
    def fetch(self, limit: int = 100, wait: float = 0) -> list[dict[str, Any]]: ...
    def ack(self, sequence: int) -> dict[str, Any]: ...
    def track(self, uetr: str) -> dict[str, Any]: ...
