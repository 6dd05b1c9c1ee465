"""Signatures bind sender, time, nonce and the exact bytes; anything else fails to verify."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bankwire.errors import AuthenticationError
from bankwire.network.auth import AuthResult, parse_envelope, sign, verify

NOW = datetime(2022, 3, 14, 10, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
BODY = b"<Document>pacs.008</Document>"


def test_round_trip_through_the_header_verifies() -> None:
    envelope = sign(KEY, "PRMSRUMM", BODY, NOW, "ab" * 8)
    parsed = parse_envelope(envelope.render())
    assert parsed == envelope
    assert verify(parsed, BODY, PUBLIC, NOW) == AuthResult.VALID


def test_changed_bytes_fail() -> None:
    envelope = sign(KEY, "PRMSRUMM", BODY, NOW, "ab" * 8)
    assert verify(envelope, BODY + b" ", PUBLIC, NOW) == AuthResult.BAD_SIGNATURE


def test_other_key_fails() -> None:
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    envelope = sign(KEY, "PRMSRUMM", BODY, NOW, "ab" * 8)
    assert verify(envelope, BODY, other, NOW) == AuthResult.BAD_SIGNATURE


def test_claimed_sender_is_signed() -> None:
    envelope = sign(KEY, "PRMSRUMM", BODY, NOW, "ab" * 8)
    forged = parse_envelope(envelope.render().replace("PRMSRUMM", "EVRFRUMM"))
    assert verify(forged, BODY, PUBLIC, NOW) == AuthResult.BAD_SIGNATURE


def test_old_signature_is_outside_the_window() -> None:
    envelope = sign(KEY, "PRMSRUMM", BODY, NOW - timedelta(minutes=6), "ab" * 8)
    assert verify(envelope, BODY, PUBLIC, NOW) == AuthResult.OUTSIDE_WINDOW


@pytest.mark.parametrize(
    "text",
    ["", "bankwire-lau-v1 sender=PRMSRUMM", "bankwire-lau-v1 sender=PRMSRUMM ts=x nonce=abab"
     "abababababab sig=AAAA", "bankwire-lau-v1 sender=PRMSRUMM ts=2022-03-14T10:00:00 "
     "nonce=abababababababab sig=AAAA"],
)  # fmt: skip
def test_malformed_envelopes_are_refused(text: str) -> None:
    with pytest.raises(AuthenticationError):
        parse_envelope(text)
