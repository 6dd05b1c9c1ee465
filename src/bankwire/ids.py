"""Identifiers of the payments world, validated once at the edge, and content-derived ids.

``Bic``, ``Uetr``, ``Lei`` and ``Iban`` are ``NewType``s over ``str``: after ``parse_*`` has
accepted a value it travels through the core as a plain string with a checked meaning.
Ids of screenings, alerts and decisions are hashes of their inputs (``make_key``), so the
same inputs always give the same id and re-screening is reproducible.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import NewType

from schwifty import BIC as _SchwiftyBic
from schwifty import IBAN as _SchwiftyIban
from schwifty.exceptions import SchwiftyException

__all__ = [
    "Bic",
    "Iban",
    "Lei",
    "Uetr",
    "bic8",
    "make_key",
    "new_uetr",
    "parse_bic",
    "parse_iban",
    "parse_lei",
    "parse_uetr",
]

Bic = NewType("Bic", str)
"""A BIC (ISO 9362) in upper case, 8 or 11 characters; ``XXX`` is the primary office."""

Uetr = NewType("Uetr", str)
"""Unique end-to-end transaction reference: a lower-case UUID version 4 (SWIFT gpi)."""

Lei = NewType("Lei", str)
"""Legal Entity Identifier (ISO 17442): 18 alphanumerics and two ISO 7064 check digits."""

Iban = NewType("Iban", str)
"""An IBAN (ISO 13616) in electronic form, no spaces, checked digits."""

_UETR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")


def parse_bic(text: str) -> Bic:
    """Validate a BIC: 8 or 11 characters, institution, ISO country, location, branch.

    Raises ``ValueError`` that names the problem (length, country, characters).
    """
    candidate = text.strip().upper()
    if any(char.isspace() for char in candidate):
        raise ValueError(f"BIC: must be 8 or 11 characters without spaces (got {text!r})")
    try:
        _SchwiftyBic(candidate)
    except SchwiftyException as exc:
        raise ValueError(
            f"BIC: must be 8 or 11 characters AAAACCLL[BBB] (got {text!r}: {exc})"
        ) from exc
    return Bic(candidate)


def bic8(bic: str) -> Bic:
    """The institution-level (8-character) form of a BIC; ``XXX`` branches fold onto it."""
    return Bic(bic[:8])


def parse_uetr(text: str) -> Uetr:
    """Validate a UETR: a UUID version 4 in canonical 8-4-4-4-12 form."""
    candidate = text.strip().lower()
    if not _UETR.match(candidate):
        raise ValueError(f"UETR: must be a UUIDv4 like 8-4-4-4-12 hex (got {text!r})")
    return Uetr(candidate)


def new_uetr() -> Uetr:
    """A fresh random UETR; the one place bankwire makes randomness for references."""
    return Uetr(str(uuid.uuid4()))


def parse_lei(text: str) -> Lei:
    """Validate a LEI, including its ISO 7064 MOD 97-10 check digits."""
    candidate = text.strip().upper()
    if not _LEI.match(candidate):
        raise ValueError(f"LEI: must be 18 alphanumerics and 2 digits (got {text!r})")
    digits = "".join(str(int(char, 36)) for char in candidate)
    if int(digits) % 97 != 1:
        raise ValueError(f"LEI: check digits do not match (got {text!r})")
    return Lei(candidate)


def parse_iban(text: str) -> Iban:
    """Validate an IBAN: country format, length and check digits (schwifty)."""
    try:
        iban = _SchwiftyIban(text)
    except SchwiftyException as exc:
        raise ValueError(f"IBAN: invalid (got {text!r}: {exc})") from exc
    return Iban(iban.compact)


def make_key(*parts: str | int | None) -> str:
    """A stable id from its inputs: sha256 over the parts joined by a unit separator.

    ``None`` parts count (as empty) so that adding a field later changes no existing key.
    """
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]
