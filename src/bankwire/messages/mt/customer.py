"""Customer fields 50a (ordering customer) and 59a (beneficiary): decode and encode.

Options: A (BIC), K / no letter (name and up to three address lines), F (structured lines
numbered ``1/`` name, ``2/`` address, ``3/`` country and town, ``4/`` birth date, ``5/`` birth
place, ``6/`` customer id, ``7/`` national id, ``8/`` continuation). Decoding follows the
CBPR+ MT -> MX mapping the Ballerina translator reproduces: ``1/`` lines are concatenated
into the name, ``2/`` lines become address lines, ``3/CC/Town`` gives country and town.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from bankwire.messages.model import Account, Party, PostalAddress, fast_constructor
from bankwire.messages.mt.fields import check_format, decode_account, field_error, lines_of

__all__ = ["party_from_field", "party_to_field"]

IDENTIFIER_CODES: Final[frozenset[str]] = frozenset(
    {"ARNU", "CCPT", "CUST", "DRLC", "EMPL", "NIDN", "SOSE", "TXID"}
)
"""Codes of the 50F party identifier line ``CODE/CC/identifier``."""
_LINE_LENGTH: Final[int] = 35
_new_address: Final = fast_constructor(PostalAddress)
_new_party: Final = fast_constructor(Party)
_LINE_NUMBERS_50F = re.compile(r"[1-8]/[^\n]*(?:\n[1-8]/[^\n]*)*")
_LINE_NUMBERS_59F = re.compile(r"[1-3]/[^\n]*(?:\n[1-3]/[^\n]*)*")
_NUMBERED_LENGTH: Final[int] = 33  # 35 minus the "n/" prefix.
_STRUCTURED_LINES: Final[int] = 4  # 50F/59F: four lines after the identifier.


def party_from_field(tag: str, value: str) -> tuple[Party, Account | None]:
    """The party and its account from a 50a or 59a field value."""
    components = check_format(tag, value)
    option = tag[2:]
    if option == "A":
        account_text, bank, country, location, branch = components
        bic = f"{bank}{country}{location}{branch or ''}"
        return Party(bic=bic), decode_account(account_text)
    if option == "F":
        if tag == "50F":
            identifier, lines_text = components
            return _structured(tag, identifier, lines_text)
        account_text, lines_text = components
        return _structured(tag, f"/{account_text}" if account_text else None, lines_text)
    account_text, lines_text = components
    lines = lines_of(lines_text)
    address = PostalAddress(lines=lines[1:]) if len(lines) > 1 else None
    return Party(name=lines[0], address=address), decode_account(account_text)


def _structured(
    tag: str, identifier: str | None, lines_text: str | None
) -> tuple[Party, Account | None]:
    account, other_ids = _identifier(tag, identifier)
    numbers = _LINE_NUMBERS_50F if tag == "50F" else _LINE_NUMBERS_59F
    if not lines_text or not numbers.fullmatch(lines_text):
        lines = lines_of(lines_text)
        bad = next((line for line in lines if not numbers.fullmatch(line)), "")
        allowed = "1-8" if tag == "50F" else "1-3"
        raise field_error(tag, f"line must start with a number {allowed} and '/' (got {bad!r})")
    name_parts: list[str] = []
    address_lines: list[str] = []
    place: list[str] = []
    rare: list[str] = []
    # Lines 1-3 are nearly all there is; this loop runs for every 50F and 59F.
    for line in lines_text.split("\n"):
        number = line[0]
        if number == "1":
            name_parts.append(line[2:])
        elif number == "2":
            address_lines.append(line[2:])
        elif number == "3":
            place.append(line[2:])
        else:
            rare.append(line)
    country, town = _country_town("".join(place))
    address = None
    if address_lines or country or town:
        address = _new_address(country=country, town_name=town, lines=tuple(address_lines))
    party: Party = _new_party("".join(name_parts) or None, address)
    if rare or other_ids:
        party = _with_identity(tag, party, rare, other_ids)
    return party, account


def _identifier(tag: str, identifier: str | None) -> tuple[Account | None, list[tuple[str, str]]]:
    """The 50F first line: ``/account`` or ``CODE/CC/identifier``."""
    if not identifier:
        return None, []
    if identifier.startswith("/"):
        return decode_account(identifier[1:]), []
    code, _, rest = identifier.partition("/")
    if code not in IDENTIFIER_CODES or not rest:
        raise field_error(
            tag, f"party identifier must be /account or CODE/CC/id (got {identifier})"
        )
    return None, [(code, rest)]


def _with_identity(
    tag: str, party: Party, lines: list[str], other_ids: list[tuple[str, str]]
) -> Party:
    """Lines 4/ (birth date), 5/ (birth place), 6/ and 7/ (ids) and 8/ (continuation)."""
    birth_date: date | None = None
    birth_place = ""
    for line in lines:
        number, text = line[0], line[2:]
        if number == "4":
            birth_date = _birth_date(tag, text)
        elif number == "5":
            birth_place = text
        elif number in "67":
            other_ids.append(("CUST" if number == "6" else "NIDN", text))
        elif not other_ids:
            raise field_error(tag, f"line 8/ must continue a 6/ or 7/ line (got {line!r})")
        else:
            code, previous = other_ids[-1]
            other_ids[-1] = (code, previous + text)
    birth_country, birth_city = _country_town(birth_place)
    return Party(
        name=party.name,
        address=party.address,
        other_ids=tuple(other_ids),
        birth_date=birth_date,
        birth_city=birth_city,
        birth_country=birth_country,
    )


def _country_town(text: str) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    country, _, town = text.partition("/")
    return country, town or None


def _birth_date(tag: str, text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise field_error(tag, f"line 4/ birth date must be YYYYMMDD (got {text})")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise field_error(tag, f"line 4/ birth date is not a calendar date ({text})") from exc


def party_to_field(
    prefix: str, party: Party, account: Account | None, *, fit: bool = False
) -> tuple[str, str]:
    """Encode as option A (BIC only), F (structured data present) or K / no letter.

    With ``fit``, a structured party that needs more than four lines keeps its country and
    town line and its first name line, and gives up the end of the name first: the country
    matters more to screening than the tail of a long name.
    """
    number = (account.iban or account.other_id) if account else None
    account_line = f"/{number}" if number else None
    if party.name is None and party.bic:
        return f"{prefix}A", _join(account_line, party.bic)
    if _needs_structured(party) and (prefix == "59" or account_line or _identifier_line(party)):
        return f"{prefix}F", _structured_value(prefix, party, account_line, fit)
    name = party.name or ""
    lines = [name[i : i + _LINE_LENGTH] for i in range(0, max(len(name), 1), _LINE_LENGTH)]
    lines.extend(party.address.lines if party.address else ())
    tag = "50K" if prefix == "50" else "59"
    return tag, _join(account_line, *lines)


def _needs_structured(party: Party) -> bool:
    address = party.address
    return bool(
        (address and (address.country or address.town_name))
        or party.other_ids
        or party.birth_date
        or party.birth_city
    )


def _identifier_line(party: Party) -> str | None:
    for code, value in party.other_ids[:1]:
        if code in IDENTIFIER_CODES and code not in {"CUST", "NIDN"}:
            return f"{code}/{value}"
    return None


def _structured_value(prefix: str, party: Party, account_line: str | None, fit: bool) -> str:
    other_ids = list(party.other_ids)
    first = account_line
    if first is None and prefix == "50":
        first = _identifier_line(party)
        other_ids = other_ids[1:]
    names = [f"1/{part}" for part in _chunks(party.name or "")]
    streets: list[str] = []
    places: list[str] = []
    address = party.address
    if address is not None:
        streets = [f"2/{line}" for line in address.lines]
        if address.country:
            place = address.country + (f"/{address.town_name}" if address.town_name else "")
            places = [f"3/{part}" for part in _chunks(place)]
    if fit and len(names) + len(streets) + len(places) > _STRUCTURED_LINES:
        names = names[: max(1, _STRUCTURED_LINES - len(places) - len(streets))]
        streets = streets[: max(0, _STRUCTURED_LINES - len(names) - len(places))]
    lines = names + streets + places
    if prefix == "50":
        if party.birth_date:
            lines.append(f"4/{party.birth_date:%Y%m%d}")
        if party.birth_city or party.birth_country:
            lines.append(f"5/{party.birth_country or ''}/{party.birth_city or ''}")
        for code, value in other_ids:
            lines.append(f"{'6' if code == 'CUST' else '7'}/{value}")
    return _join(first, *lines)


def _chunks(text: str) -> list[str]:
    return [text[i : i + _NUMBERED_LENGTH] for i in range(0, len(text), _NUMBERED_LENGTH)]


def _join(*lines: str | None) -> str:
    return "\n".join(line for line in lines if line)
