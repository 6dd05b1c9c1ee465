"""SWIFT MT fields: their formats, and decoding of the values every message type shares.

``FIELD_FORMATS`` is the format table (SWIFT User Handbook notation, compiled by
``formats.compile_format``). Decoders turn a checked value into model parts; each raises
``SchemaViolation`` naming the field, what was expected and what was found, e.g.
``block 4 field 32A: date must be YYMMDD (got 2A0101)``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.model import Account, Agent, PostalAddress, fast_constructor
from bankwire.messages.mt.formats import compile_format
from bankwire.money import CURRENCY_EXPONENTS, Amount, Currency

__all__ = [
    "FIELD_FORMATS",
    "YEAR_PIVOT",
    "agent_from_field",
    "agent_to_field",
    "century_year",
    "check_format",
    "decode_account",
    "decode_amount",
    "decode_date",
    "field_error",
    "fit_value",
    "lines_of",
]

YEAR_PIVOT: Final[int] = 69
_BIC: Final[str] = "4!c2!a2!c[3!c]"  # ISO 9362:2022 allows digits in the prefix.
_PARTY_ID: Final[str] = "[[/1!a][/34x]$]"

FIELD_FORMATS: Final[dict[str, str]] = {
    "11R": "3!n$6!n[$4!n6!n]",
    "11S": "3!n$6!n[$4!n6!n]",
    "13C": "/8c/4!n1!x4!n",
    "13D": "6!n4!n1!x4!n",
    "20": "16x",
    "21": "16x",
    "23B": "4!c",
    "23E": "4!c[/30x]",
    "25": "35x",
    "26T": "3!c",
    "32A": "6!n3!a15d",
    "32B": "3!a15d",
    "33B": "3!a15d",
    "36": "12d",
    "50A": "[/34x$]" + _BIC,
    "50F": "35x$4*35x",
    "50K": "[/34x$]4*35x",
    "51A": _PARTY_ID + _BIC,
    "52A": _PARTY_ID + _BIC,
    "52D": _PARTY_ID + "4*35x",
    "53A": _PARTY_ID + _BIC,
    "53B": "[/1!a][/34x][$35x]",
    "53D": _PARTY_ID + "4*35x",
    "54A": _PARTY_ID + _BIC,
    "54B": "[/1!a][/34x][$35x]",
    "54D": _PARTY_ID + "4*35x",
    "55A": _PARTY_ID + _BIC,
    "55B": "[/1!a][/34x][$35x]",
    "55D": _PARTY_ID + "4*35x",
    "56A": _PARTY_ID + _BIC,
    "56C": "/34x",
    "56D": _PARTY_ID + "4*35x",
    "57A": _PARTY_ID + _BIC,
    "57B": "[/1!a][/34x][$35x]",
    "57C": "/34x",
    "57D": _PARTY_ID + "4*35x",
    "58A": _PARTY_ID + _BIC,
    "58D": _PARTY_ID + "4*35x",
    "59": "[/34x$]4*35x",
    "59A": "[/34x$]" + _BIC,
    "59F": "[/34x$]4*35x",
    "70": "4*35x",
    "71A": "3!a",
    "71F": "3!a15d",
    "71G": "3!a15d",
    "72": "6*35x",
    "75": "6*35x",
    "76": "6*35x",
    "77A": "20*35x",
    "77B": "3*35x",
    "79": "35*50x",
}
# The bare patterns: ``check_format`` runs for every field of every message.
_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    tag: compile_format(spec).pattern for tag, spec in FIELD_FORMATS.items()
}
_CURRENCIES: Final[dict[str, Currency]] = {
    code: Currency(code, exponent) for code, exponent in CURRENCY_EXPONENTS.items()
}
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
# Clearing-system codes allowed after ``//`` in party identifiers (SWIFT User Handbook,
# "Party Identifier" codes: Fedwire FW, CHIPS CP/CH, UK sort code SC, Bundesbank BL ...).
_CLEARING = re.compile(
    r"//(AT|AU|BL|CC|CH|CN|CP|ES|FW|GR|HK|IE|IN|IT|NZ|PL|PT|RT|RU|SC|SW)([A-Za-z0-9]{1,33})"
)


def field_error(tag: str, text: str) -> SchemaViolation:
    return SchemaViolation(f"block 4 field {tag}: {text}")


def check_format(tag: str, value: str) -> tuple[str | None, ...]:
    """The components of ``value`` per the format of ``tag``; raises naming the format."""
    pattern = _PATTERNS.get(tag)
    if pattern is None:
        return (value,)
    found = pattern.fullmatch(value)
    if found is None:
        raise field_error(tag, f"must match {FIELD_FORMATS[tag]} (got {value[:80]!r})")
    return found.groups()


def lines_of(value: str | None) -> tuple[str, ...]:
    return tuple(value.split("\n")) if value else ()


@lru_cache(maxsize=1024)
def decode_date(tag: str, text: str) -> date:
    """YYMMDD; years 69-99 are 19xx, 00-68 are 20xx (the POSIX ``%y`` pivot).

    The same pivot reads block 2 dates, so the 1970 epoch that stands in for an unknown
    creation time survives a render and parse. Cached: value dates are few at any time.
    """
    if len(text) != 6 or not text.isdigit():
        raise field_error(tag, f"date must be YYMMDD (got {text})")
    year = int(text[:2])
    try:
        return date(century_year(year), int(text[2:4]), int(text[4:]))
    except ValueError as exc:
        raise field_error(tag, f"date must be a calendar date YYMMDD (got {text})") from exc


def century_year(year: int) -> int:
    return 1900 + year if year >= YEAR_PIVOT else 2000 + year


def decode_amount(tag: str, currency: str, text: str) -> Amount:
    """``1234,56`` in ``currency``; more decimals than the currency allows is an error.

    ``text`` has passed the ``d`` format (digits, one comma, digits), so the conversion is
    done here directly rather than by ``Amount.parse``: this runs for every amount field.
    """
    found = _CURRENCIES.get(currency)
    if found is None:
        raise field_error(tag, f"currency must be an ISO 4217 code (got {currency})")
    whole, _, fraction = text.partition(",")
    fraction = fraction.rstrip("0")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise field_error(tag, f"amount must be digits with a decimal comma (got {text!r})")
    if len(fraction) > found.exponent:
        raise field_error(
            tag, f"amount {text!r} {currency}: {currency} allows at most {found.exponent} decimals"
        )
    minor = int(whole) * 10**found.exponent
    if fraction:
        minor += int(fraction.ljust(found.exponent, "0"))
    try:
        return Amount(minor, found)
    except ValueError as exc:
        raise field_error(tag, f"amount {text!r} {currency}: {exc}") from exc


def decode_account(text: str | None) -> Account | None:
    """``/ES91...`` style account: an IBAN when its check digits hold, else another id."""
    if not text:
        return None
    account: Account
    if _IBAN.fullmatch(text) and _iban_checks(text):
        account = _new_account(text)
    else:
        account = _new_account(None, text)
    return account


_new_account: Final = fast_constructor(Account)
# Letters to their MOD 97-10 values (A=10 ... Z=35); digits stay as they are.
_IBAN_DIGITS: Final[dict[int, str]] = str.maketrans(
    {chr(code): str(code - ord("A") + 10) for code in range(ord("A"), ord("Z") + 1)}
)


def _iban_checks(text: str) -> bool:
    # ISO 13616 MOD 97-10, done inline because schwifty costs more than a whole MT103 parse.
    # ``text`` matched ``_IBAN`` (upper-case letters and ASCII digits only).
    return int((text[4:] + text[:4]).translate(_IBAN_DIGITS)) % 97 == 1


@lru_cache(maxsize=4096)
def agent_from_field(tag: str, value: str) -> Agent:
    """Options A (BIC), B (location), C (clearing id) and D (name and address) of 51a-58a.

    Cached: the same few thousand institutions fill these fields message after message, and
    ``Agent`` is immutable, so one decoded value serves them all.
    """
    option = tag[-1]
    components = check_format(tag, value)
    if option == "A":
        _, identifier, bank, country, location, branch = components
        bic = f"{bank}{country}{location}{branch or ''}"
        return _agent_with_identifier(Agent(bic=bic), identifier)
    if option == "C":
        return _agent_with_identifier(Agent(), components[0])
    if option == "B":
        _, identifier, location = components
        address = PostalAddress(lines=(location,)) if location else None
        return _agent_with_identifier(Agent(address=address), identifier)
    _, identifier, lines_text = components
    lines = lines_of(lines_text)
    address = PostalAddress(lines=lines[1:]) if len(lines) > 1 else None
    return _agent_with_identifier(Agent(name=lines[0], address=address), identifier)


def _agent_with_identifier(agent: Agent, identifier: str | None) -> Agent:
    """``//FW021000018`` is a clearing-system member id; anything else is an account."""
    if not identifier:
        return agent
    clearing = _CLEARING.fullmatch("/" + identifier)
    if clearing is not None:
        return Agent(
            agent.bic,
            agent.name,
            agent.address,
            clearing_system=clearing.group(1),
            member_id=clearing.group(2),
        )
    return Agent(agent.bic, agent.name, agent.address, account=decode_account(identifier))


def agent_to_field(prefix: str, agent: Agent, options: str = "AD") -> tuple[str, str]:
    """The ``(tag, value)`` of an agent: option A when it has a BIC, else D (or C, B).

    ``prefix`` is the field number (``52``); ``options`` the options this message allows.
    """
    identifier = _identifier_line(agent)
    if agent.bic and "A" in options:
        return f"{prefix}A", _join(identifier, agent.bic)
    address_lines = agent.address.lines if agent.address else ()
    if agent.name and "D" in options:
        return f"{prefix}D", _join(identifier, agent.name, *address_lines)
    if "C" in options and identifier and not address_lines:
        return f"{prefix}C", identifier
    if "B" in options:
        return f"{prefix}B", _join(identifier, *address_lines)
    return f"{prefix}D", _join(identifier, *address_lines)


def _identifier_line(agent: Agent) -> str | None:
    if agent.clearing_system and agent.member_id:
        return f"//{agent.clearing_system}{agent.member_id}"
    account = agent.account
    if account is None:
        return None
    number = account.iban or account.other_id
    return f"/{number}" if number else None


def _join(*lines: str | None) -> str:
    return "\n".join(line for line in lines if line)


_MULTI_LINE = re.compile(r"([0-9]+)\*([0-9]+)x")
_SINGLE_LINE = re.compile(r"^([0-9]+)x$")
_X_CHARACTERS: Final[frozenset[str]] = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ \n"
)


def fit_value(tag: str, value: str) -> str:
    """Make ``value`` fit the format of ``tag`` the CBPR+ way, or raise naming the field.

    Characters outside the X set lose their accents or become ``.``; a too-long reference
    keeps 15 characters and ends in ``+``; multi-line fields keep their first lines, each
    cut to the line width. ``translate`` reports every difference this makes.
    """
    text = "".join(_x_character(char) for char in value)
    spec = FIELD_FORMATS.get(tag, "")
    single = _SINGLE_LINE.match(spec)
    if single is not None and len(text) > int(single.group(1)):
        width = int(single.group(1))
        text = text[: width - 1] + "+" if tag in {"20", "21"} else text[:width]
    multi = _MULTI_LINE.search(spec)
    if multi is not None:
        text = _fit_lines(spec, text, int(multi.group(1)), int(multi.group(2)))
    check_format(tag, text)
    return text


def _fit_lines(spec: str, text: str, line_count: int, width: int) -> str:
    lines = text.split("\n")
    head: list[str] = []
    identifier_first = spec.startswith("[") and lines[0].startswith("/")
    if identifier_first or spec.startswith("35x$"):
        head, lines = [lines[0][:width]], lines[1:]
    cut = [line[:width] for line in lines if line][:line_count]
    return "\n".join(head + cut)


def _x_character(char: str) -> str:
    if char in _X_CHARACTERS:
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(part for part in decomposed if part in _X_CHARACTERS)
    return base or "."
