"""Message authentication: Ed25519 signatures over the exact message bytes (LAU-like).

SWIFT's PKI signs the message so the receiver and the network can prove who sent it. Here the
sender signs a short canonical text that binds its BIC, a timestamp, a nonce and the sha256 of
the message bytes as transmitted; the network stores and forwards those bytes unchanged, so
they are the canonical form. The envelope travels next to the message (an HTTP header)::

    bankwire-lau-v1 sender=PRMSRUMM ts=2022-03-14T10:00:00+00:00 nonce=9f2c... sig=<base64>

Replay protection has two parts: a signature older or newer than ``window`` is refused here,
and the store refuses a (sender, digest, nonce) it has seen before inside the window.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bankwire.errors import AuthenticationError

__all__ = [
    "SIGNATURE_WINDOW",
    "AuthResult",
    "SignatureEnvelope",
    "canonical_text",
    "digest",
    "parse_envelope",
    "sign",
    "verify",
]

SCHEME = "bankwire-lau-v1"
SIGNATURE_WINDOW = timedelta(minutes=5)
"""How far a signature's timestamp may be from the network's clock; replays are kept that long."""

_ENVELOPE = re.compile(
    rf"^{SCHEME} sender=(?P<sender>[A-Z0-9]{{8}}(?:[A-Z0-9]{{3}})?) ts=(?P<ts>\S+) "
    r"nonce=(?P<nonce>[0-9a-f]{16,64}) sig=(?P<sig>[A-Za-z0-9+/=]+)$"
)


class AuthResult(StrEnum):
    VALID = "valid"
    BAD_SIGNATURE = "bad_signature"
    OUTSIDE_WINDOW = "outside_window"


@dataclass(frozen=True, slots=True)
class SignatureEnvelope:
    sender: str
    timestamp: datetime
    nonce: str
    signature: bytes

    def render(self) -> str:
        encoded = base64.b64encode(self.signature).decode("ascii")
        return (
            f"{SCHEME} sender={self.sender} ts={self.timestamp.isoformat()} "
            f"nonce={self.nonce} sig={encoded}"
        )


def digest(message: bytes) -> str:
    return hashlib.sha256(message).hexdigest()


def canonical_text(sender: str, timestamp: datetime, nonce: str, message: bytes) -> bytes:
    """The bytes actually signed: scheme, sender, time, nonce and the message digest."""
    return f"{SCHEME}\n{sender}\n{timestamp.isoformat()}\n{nonce}\n{digest(message)}".encode()


def sign(
    private_key: Ed25519PrivateKey, sender: str, message: bytes, timestamp: datetime, nonce: str
) -> SignatureEnvelope:
    """Sign ``message`` as ``sender`` at ``timestamp``; the nonce makes each signature unique."""
    if timestamp.tzinfo is None:
        raise ValueError(f"signature timestamp must be timezone-aware (got {timestamp})")
    signature = private_key.sign(canonical_text(sender, timestamp, nonce, message))
    return SignatureEnvelope(sender, timestamp, nonce, signature)


def parse_envelope(text: str) -> SignatureEnvelope:
    """Read an envelope header; raises ``AuthenticationError`` saying what is wrong."""
    match = _ENVELOPE.match(text.strip())
    if match is None:
        raise AuthenticationError(
            f"signature envelope: expected '{SCHEME} sender=BIC ts=ISO nonce=HEX sig=BASE64' "
            f"(got {text[:120]!r})"
        )
    try:
        timestamp = datetime.fromisoformat(match.group("ts"))
        signature = base64.b64decode(match.group("sig"), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise AuthenticationError(f"signature envelope: {exc} (got {text[:120]!r})") from exc
    if timestamp.tzinfo is None:
        raise AuthenticationError(f"signature envelope: ts must carry a UTC offset (got {text!r})")
    return SignatureEnvelope(match.group("sender"), timestamp, match.group("nonce"), signature)


def verify(
    envelope: SignatureEnvelope,
    message: bytes,
    public_key: bytes,
    now: datetime,
    window: timedelta = SIGNATURE_WINDOW,
) -> AuthResult:
    """Check the signature with the sender's registered key and the timestamp against ``now``."""
    if abs(now - envelope.timestamp) > window:
        return AuthResult.OUTSIDE_WINDOW
    key = Ed25519PublicKey.from_public_bytes(public_key)
    text = canonical_text(envelope.sender, envelope.timestamp, envelope.nonce, message)
    try:
        key.verify(envelope.signature, text)
    except InvalidSignature:
        return AuthResult.BAD_SIGNATURE
    return AuthResult.VALID
