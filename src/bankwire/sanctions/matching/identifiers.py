"""Identifier screening: normalised exact matching against every identifier the lists carry.

Identifiers are compared for equality after normalisation, never fuzzily: a BIC one letter off
is another bank. What normalisation does, per scheme:

- BIC: upper case, spaces dropped; the 11-character form with branch ``XXX`` is the 8-character
  form; a branch BIC matches its institution's 8-character BIC (the institution is listed).
- IBAN: the IBAN itself, and the BIC its country and bank code resolve to (schwifty's bank
  registry), which is then screened as a BIC.
- IMO, MMSI: digits only ("IMO 9187629" -> "9187629"), also when a list files an IMO number
  under vessel registration.
- LEI: upper case, 20 characters.
- Passport, national id, tax id, registration numbers: letters and digits only, upper case;
  numbers compared across these schemes too, since lists and payments label them
  inconsistently, at a slightly lower score. Numbers shorter than five characters are too
  ambiguous to screen on.
- Crypto addresses: exact, except that hex (``0x``) addresses are case-insensitive.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from bankwire.errors import QueryError
from bankwire.sanctions.model import Identifier, IdentifierScheme, ListEntry

__all__ = ["QUERY_SCHEMES", "IdentifierIndex", "IdentifierMatch", "identifier_keys"]

_DOCUMENT_SCHEMES: Final = frozenset(
    {
        IdentifierScheme.PASSPORT,
        IdentifierScheme.NATIONAL_ID,
        IdentifierScheme.TAX_ID,
        IdentifierScheme.REGISTRATION_NUMBER,
        IdentifierScheme.VESSEL_REGISTRATION,
        IdentifierScheme.AIRCRAFT_SERIAL,
        IdentifierScheme.OTHER,
    }
)
QUERY_SCHEMES: Final = frozenset({scheme.value for scheme in IdentifierScheme} | {"iban"})
_DOCUMENT_LENGTH_MIN: Final = 5
_NON_ALNUM: Final = re.compile(r"[^A-Za-z0-9]+")
_IMO_NUMBER: Final = re.compile(r"\bIMO\s*(\d{7})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class IdentifierMatch:
    entry_position: int
    listed: Identifier
    query_scheme: str
    query_value: str
    key: str
    same_scheme: bool

    @property
    def detail(self) -> str:
        label = self.listed.scheme.value.upper() if self.same_scheme else self.key.split(":")[0]
        shown = self.key.split(":", 1)[1]
        # "IMO 8712362" is said once: the label, then the value as given without it.
        given = self.query_value
        if given.upper().startswith(label.upper()):
            given = given[len(label) :].strip(" :-") or given
        if self.same_scheme and _alnum(given) == _alnum(self.listed.value):
            return f"{label} {shown} exact"
        return f"{label} {given} ~ listed {self.listed.value} ({shown})"


def _alnum(value: str) -> str:
    return _NON_ALNUM.sub("", value).upper()


def identifier_keys(scheme: str, value: str) -> list[str]:
    """Normalised lookup keys ("family:value") for one identifier; [] when unusable."""
    text = value.strip()
    if not text:
        return []
    if scheme == IdentifierScheme.BIC:
        bic = _alnum(text)
        if len(bic) not in (8, 11):
            return []
        # The institution is what is listed; any of its branches is the institution.
        return [f"bic:{bic[:8]}"]
    if scheme in (IdentifierScheme.IMO, IdentifierScheme.MMSI):
        digits = re.sub(r"\D", "", text)
        return [f"{scheme}:{digits}"] if digits else []
    if scheme == IdentifierScheme.LEI:
        lei = _alnum(text)
        return [f"lei:{lei}"] if len(lei) == 20 else []
    if scheme == IdentifierScheme.CRYPTO_ADDRESS:
        address = text.lower() if text.lower().startswith("0x") else text
        return [f"crypto:{address}"]
    if scheme in _DOCUMENT_SCHEMES:
        keys = []
        imo = _IMO_NUMBER.search(text)
        if imo is not None:
            keys.append(f"imo:{imo.group(1)}")
        number = _alnum(text)
        if len(number) >= _DOCUMENT_LENGTH_MIN:
            keys.append(f"doc:{number}")
        return keys
    return []


def _iban_keys(value: str) -> list[str]:
    try:
        iban = IBAN(value)
    except SchwiftyException as exc:
        raise QueryError(f"identifier iban {value!r} is not a valid IBAN: {exc}") from exc
    bic = iban.bic
    return [f"bic:{str(bic)[:8]}"] if bic is not None else []


class IdentifierIndex:
    """Normalised identifier key -> the entries that carry it."""

    __slots__ = ("_postings",)

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        postings: dict[str, list[tuple[int, Identifier]]] = defaultdict(list)
        for position, entry in enumerate(entries):
            for identifier in entry.identifiers:
                for key in identifier_keys(identifier.scheme, identifier.value):
                    postings[key].append((position, identifier))
        self._postings = dict(postings)

    def __len__(self) -> int:
        return len(self._postings)

    def lookup(self, identifiers: Iterable[tuple[str, str]]) -> list[IdentifierMatch]:
        """Every listed identifier equal to one of the query's; unknown schemes raise."""
        matches: list[IdentifierMatch] = []
        for scheme, value in identifiers:
            if scheme not in QUERY_SCHEMES:
                raise QueryError(
                    f"identifier scheme {scheme!r} is not one of {sorted(QUERY_SCHEMES)}"
                )
            keys = _iban_keys(value) if scheme == "iban" else identifier_keys(scheme, value)
            for key in keys:
                for position, listed in self._postings.get(key, ()):
                    same = listed.scheme.value == scheme or (
                        scheme == "iban" and listed.scheme == IdentifierScheme.BIC
                    )
                    matches.append(IdentifierMatch(position, listed, scheme, value, key, same))
        return matches
