"""Element reading shared by every ISO 20022 message: parties, agents, addresses, amounts.

Reading walks each element's children once and dispatches on the local name, so one mapping
serves every version of a message whose element names did not change (pacs.008.001.08 and
.12 differ only in elements the model does not carry). Writing is in ``writer``.

Choices between a code and a proprietary value (``Cd``/``Prtry``) fold into one string;
identifier schemes of organisations and persons fold the same way (scheme code, proprietary
scheme or issuer). Identifiers are validated as they are read (BIC, IBAN, LEI, UETR).
"""

from __future__ import annotations

import dataclasses
import operator
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar, Token
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final

from lxml import etree

from bankwire.errors import SchemaViolation
from bankwire.ids import parse_bic, parse_iban, parse_lei, parse_uetr
from bankwire.messages.model import Account, Agent, Party, PostalAddress, fast_constructor
from bankwire.money import Amount, Currency

__all__ = [
    "ADDRESS_FIELDS",
    "Element",
    "body_of",
    "children",
    "element_path",
    "institution_bic",
    "local_name",
    "qualified",
    "read_account",
    "read_address",
    "read_agent",
    "read_amount",
    "read_choice",
    "read_date",
    "read_datetime",
    "read_party",
    "require",
    "share_children",
    "stop_sharing_children",
    "tag_of",
    "text_of",
    "valid_bic",
    "valid_iban",
    "valid_lei",
    "valid_uetr",
]

Element = etree._Element

# Identifier checks are cached: the same BICs recur in every message a bank sends, and
# validation runs the check once in the rules layer and again while mapping.
_ID_CACHE_SIZE = 4096


# Every child node: elements, and comments and processing instructions, whose tag is no
# string (see ``tag_of``); typed ``Any`` so that reading their tags assumes nothing.
_all_children: Callable[[Element], list[Any]] = operator.itemgetter(slice(None))

tag_of: Final[Callable[[Element], object]] = operator.attrgetter("tag")
"""A node's tag: a str for an element, the factory (``etree.Comment``, ``etree.PI``) for a
comment or processing instruction. The stubs declare every ``tag`` a str; a node reached by
position (``element[0]``) or from a full child list may be either, so its tag is read here
and compared as an object, never assumed to be a str (compiled modules check that)."""


def local_name(tag: str) -> str:
    """``{urn:...}Nm`` -> ``Nm``."""
    return tag[tag.rfind("}") + 1 :]


def children(element: Element) -> list[tuple[str, Element]]:
    """Element children with their local names; comments and processing instructions skip.

    This runs for every element of every message, so it is tuned: slicing builds the child
    list in C, three times faster than iterating the element (the stubs only know integer
    indexes, hence the itemgetter); the namespace prefix is measured once on the parent, since an
    ISO 20022 element's children share its namespace (a foreign child simply gets a name
    that matches nothing). The name of each tag is looked up in a table rather than sliced
    anew: the names come back interned, with their hash known, so the callers' comparisons
    and dictionary look-ups on them are identity checks.
    """
    memo = _SHARED_CHILDREN.get()
    if memo is not None and (known := memo.get(element)) is not None:
        return known
    start = element.tag.find("}") + 1
    names = _LOCAL_NAMES.get(start)
    if names is None:
        names = _LOCAL_NAMES.setdefault(start, {})
    found = names.get
    result = [
        (found(tag) or _learn_name(names, tag, start), child)
        for child in _all_children(element)
        if (tag := child.tag).__class__ is str
    ]
    if memo is not None:
        memo[element] = result
    return result


def share_children() -> Token[dict[Element, list[tuple[str, Element]]] | None]:
    """Until ``stop_sharing_children(token)``, ``children`` of an element is computed once.

    The validator's rule walk and its mapping ask for the children of the same parties,
    addresses and headers. The caller must keep every element proxy of the tree alive
    meanwhile (lxml would otherwise hand out a new proxy for the same element) and must not
    change the tree; the lists returned are shared and must not be changed either.
    """
    return _SHARED_CHILDREN.set({})


def stop_sharing_children(token: Token[dict[Element, list[tuple[str, Element]]] | None]) -> None:
    _SHARED_CHILDREN.reset(token)


_SHARED_CHILDREN: Final[ContextVar[dict[Element, list[tuple[str, Element]]] | None]] = ContextVar(
    "bankwire_shared_children", default=None
)


# Local names by tag, one table per namespace prefix length (``tag[start:]`` depends on
# nothing else). Bounded: hostile input may invent any number of tags.
_LOCAL_NAMES: Final[dict[int, dict[object, str]]] = {}
_LOCAL_NAMES_MAX: Final[int] = 4096


def _learn_name(names: dict[object, str], tag: str, start: int) -> str:
    if len(names) >= _LOCAL_NAMES_MAX:
        names.clear()
    name = names[tag] = sys.intern(tag[start:])
    return name


def institution_bic(party: Element) -> Element | None:
    """The ``FIId/FinInstnId/BICFI`` element of an AppHdr ``Fr``/``To``, found in C."""
    tag = str(party.tag)
    prefix = tag[: tag.find("}") + 1]
    # The usual layout: FIId, FinInstnId and BICFI each the first child, hence the first
    # BICFI in document order; anything else is searched for.
    if len(party) and tag_of(party[0]) == f"{prefix}FIId":
        identification = party[0]
        if (
            len(identification)
            and len(identification[0])
            and tag_of(identification[0][0]) == f"{prefix}BICFI"
        ):
            return identification[0][0]
    for bic in party.iter(f"{prefix}BICFI"):
        institution = bic.getparent()
        holder = institution.getparent() if institution is not None else None
        if holder is not None and holder.tag == f"{prefix}FIId":
            return bic
    return None


def body_of(document: Element) -> Element:
    """The message element inside ``Document`` (``FIToFICstmrCdtTrf`` ...)."""
    for _, child in children(document):
        return child
    raise SchemaViolation(f"{element_path(document)}: holds no message element (got none)")


@lru_cache(maxsize=256)
def _qualified(namespace: str | None, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{{{namespace}}}{name}" if namespace else name for name in names)


def qualified(namespace: str | None, names: Iterable[str]) -> tuple[str, ...]:
    """Tags of ``names`` in ``namespace``, for ``Element.iter(*tags)`` (filtered in C)."""
    return _qualified(namespace, tuple(names))


def element_path(element: Element) -> str:
    """An XPath-like location with local names, e.g. ``/Document/.../CdtTrfTxInf[1]/Dbtr``.

    A position is added only where siblings share the name; computed only for errors.
    """
    parts: list[str] = []
    node: Element | None = element
    while node is not None and isinstance(tag := tag_of(node), str):
        name = local_name(tag)
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if tag_of(sibling) == tag]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def text_of(element: Element) -> str:
    """The text of a leaf; an empty leaf is refused (every ISO text type has minLength 1)."""
    text = element.text
    if text is None:
        raise SchemaViolation(f"{element_path(element)}: must not be empty (got an empty element)")
    return text


def require(value: object | None, element: Element, child: str) -> None:
    """Raise naming the missing mandatory child."""
    if value is None:
        raise SchemaViolation(
            f"{element_path(element)}: mandatory element {child} is missing (got none)"
        )


def _checked(element: Element, check: Callable[[str], str]) -> str:
    try:
        return check(text_of(element))
    except ValueError as exc:
        raise SchemaViolation(f"{element_path(element)}: {exc}") from exc


@lru_cache(maxsize=_ID_CACHE_SIZE)
def valid_bic(text: str) -> str:
    if text != text.strip().upper():
        raise ValueError(f"BIC: must be upper case without spaces (got {text!r})")
    return parse_bic(text)


@lru_cache(maxsize=_ID_CACHE_SIZE)
def valid_iban(text: str) -> str:
    iban = parse_iban(text)
    if iban != text:
        raise ValueError(f"IBAN: must be in electronic form, no spaces (got {text!r})")
    return iban


@lru_cache(maxsize=_ID_CACHE_SIZE)
def valid_lei(text: str) -> str:
    return parse_lei(text)


@lru_cache(maxsize=_ID_CACHE_SIZE)
def valid_uetr(text: str) -> str:
    uetr = parse_uetr(text)
    if uetr != text:
        raise ValueError(f"UETR: must be lower case with no spaces (got {text!r})")
    return uetr


def read_uetr(element: Element) -> str:
    return _checked(element, valid_uetr)


def read_amount(element: Element) -> Amount:
    """``<IntrBkSttlmAmt Ccy="USD">1365.00</IntrBkSttlmAmt>`` -> 136500 minor units of USD.

    The common shape (ASCII digits, an optional point and ASCII decimals within the
    currency's exponent) is converted here without ``Amount.parse``'s regular expression;
    anything else goes to ``Amount.parse``, which accepts or refuses it with its own reason.
    """
    code = element.get("Ccy")
    if code is None:
        raise SchemaViolation(f"{element_path(element)}: attribute Ccy is missing")
    text = text_of(element)
    try:
        currency = _currency(code)
        whole, _, fraction = text.partition(".")
        decimals = fraction.rstrip("0")
        exponent = currency.exponent
        if (
            whole.isdigit()
            and whole.isascii()
            and (not fraction or (fraction.isdigit() and fraction.isascii()))
            and len(decimals) <= exponent
        ):
            minor = int(whole) * 10**exponent
            return Amount(
                minor + int(decimals.ljust(exponent, "0")) if decimals else minor, currency
            )
        return Amount.parse(text, currency)
    except ValueError as exc:
        raise SchemaViolation(f"{element_path(element)}: {exc}") from exc


@lru_cache(maxsize=_ID_CACHE_SIZE)
def _currency(code: str) -> Currency:
    """``Currency.of`` once per code: currencies are immutable and few."""
    return Currency.of(code)


def read_date(element: Element) -> date:
    try:
        return date.fromisoformat(text_of(element))
    except ValueError as exc:
        raise SchemaViolation(
            f"{element_path(element)}: must be an ISO date YYYY-MM-DD (got {element.text!r})"
        ) from exc


def read_datetime(element: Element) -> datetime:
    try:
        return datetime.fromisoformat(text_of(element))
    except ValueError as exc:
        raise SchemaViolation(
            f"{element_path(element)}: must be an ISO date-time (got {element.text!r})"
        ) from exc


def read_choice(element: Element) -> str:
    """A ``Cd``/``Prtry`` choice (service level, purpose, reason) as one string."""
    if len(element) and tag_of(first := element[0]).__class__ is str:
        return text_of(first)  # The first child, unless a comment comes first.
    for _, child in children(element):
        return text_of(child)
    raise SchemaViolation(f"{element_path(element)}: must hold Cd or Prtry (got nothing)")


ADDRESS_FIELDS = {
    "Dept": "department",
    "StrtNm": "street_name",
    "BldgNb": "building_number",
    "BldgNm": "building_name",
    "Flr": "floor",
    "PstBx": "post_box",
    "Room": "room",
    "PstCd": "post_code",
    "TwnNm": "town_name",
    "TwnLctnNm": "town_location_name",
    "DstrctNm": "district_name",
    "CtrySubDvsn": "country_subdivision",
    "Ctry": "country",
}


# Positions of ``PostalAddress``'s fields: the address is built positionally, which is
# cheaper than keywords for a fourteen-field frozen dataclass read for every party.
_ADDRESS_POSITIONS: Final[dict[str, int]] = {
    field.name: position for position, field in enumerate(dataclasses.fields(PostalAddress))
}
_ADDRESS_INDEX: Final[dict[str, int]] = {
    name: _ADDRESS_POSITIONS[field] for name, field in ADDRESS_FIELDS.items()
}
_ADDRESS_LINES: Final[int] = _ADDRESS_POSITIONS["lines"]
_ADDRESS_EMPTY: Final[tuple[object, ...]] = tuple(
    field.default for field in dataclasses.fields(PostalAddress)
)
assert dataclasses.MISSING not in _ADDRESS_EMPTY, "every PostalAddress field has a default"


_new_address: Final = fast_constructor(PostalAddress)
_new_party: Final = fast_constructor(Party)
_new_agent: Final = fast_constructor(Agent)
_new_account: Final = fast_constructor(Account)


def read_address(element: Element) -> PostalAddress:
    values = list(_ADDRESS_EMPTY)
    lines: list[str] = []
    index = _ADDRESS_INDEX.get
    for name, child in children(element):
        if name == "AdrLine":
            lines.append(text_of(child))
        elif (position := index(name)) is not None:
            values[position] = text_of(child)
    values[_ADDRESS_LINES] = tuple(lines)
    address: PostalAddress = _new_address(*values)
    return address


def _read_other_ids(element: Element) -> Iterator[tuple[str, str]]:
    """``Othr`` entries of an ``OrgId``/``PrvtId``: (scheme code, proprietary or issuer, id)."""
    for name, other in children(element):
        if name != "Othr":
            continue
        identifier = ""
        scheme = ""
        for part, child in children(other):
            if part == "Id":
                identifier = text_of(child)
            elif part == "SchmeNm":
                scheme = read_choice(child)
            elif part == "Issr" and not scheme:
                scheme = text_of(child)
        yield scheme, identifier


def read_party(element: Element) -> Party:
    """``PartyIdentification135``: name, address, organisation or private identification."""
    values: dict[str, object] = {}
    other_ids: list[tuple[str, str]] = []
    for name, child in children(element):
        if name == "Nm":
            values["name"] = text_of(child)
        elif name == "PstlAdr":
            values["address"] = read_address(child)
        elif name == "CtryOfRes":
            values["country_of_residence"] = text_of(child)
        elif name == "Id":
            for kind, identification in children(child):
                other_ids.extend(_read_other_ids(identification))
                if kind == "OrgId":
                    _read_organisation(identification, values)
                else:
                    _read_private(identification, values)
    party: Party = _new_party(other_ids=tuple(other_ids), **values)
    return party


def _read_organisation(element: Element, values: dict[str, object]) -> None:
    for name, child in children(element):
        if name == "AnyBIC":
            values["bic"] = _checked(child, valid_bic)
        elif name == "LEI":
            values["lei"] = _checked(child, valid_lei)


def _read_private(element: Element, values: dict[str, object]) -> None:
    for name, child in children(element):
        if name != "DtAndPlcOfBirth":
            continue
        for part, leaf in children(child):
            if part == "BirthDt":
                values["birth_date"] = read_date(leaf)
            elif part == "CityOfBirth":
                values["birth_city"] = text_of(leaf)
            elif part == "CtryOfBirth":
                values["birth_country"] = text_of(leaf)


def read_agent(element: Element, account: Element | None = None) -> Agent:
    """``BranchAndFinancialInstitutionIdentification6`` plus the agent's account if given."""
    values: dict[str, object] = {}
    # FinInstnId is the mandatory first child; look further only for an irregular document.
    first = element[0] if len(element) else None
    if first is not None and str(tag_of(first)).endswith("}FinInstnId"):
        if account is None and len(element) == 1 and len(first) == 1:
            leaf = first[0]
            if str(tag_of(leaf)).endswith("}BICFI"):
                # Most agents are a bare BIC: one shared, immutable Agent per BIC.
                return _agent_of_bic(_checked(leaf, valid_bic))
        institution: Element | None = first
    else:
        institution = next(
            (child for name, child in children(element) if name == "FinInstnId"), None
        )
    require(institution, element, "FinInstnId")
    assert institution is not None
    for name, child in children(institution):
        if name == "BICFI":
            values["bic"] = _checked(child, valid_bic)
        elif name == "LEI":
            values["lei"] = _checked(child, valid_lei)
        elif name == "Nm":
            values["name"] = text_of(child)
        elif name == "PstlAdr":
            values["address"] = read_address(child)
        elif name == "ClrSysMmbId":
            for part, leaf in children(child):
                if part == "ClrSysId":
                    values["clearing_system"] = read_choice(leaf)
                elif part == "MmbId":
                    values["member_id"] = text_of(leaf)
    if account is not None:
        values["account"] = read_account(account)
    agent: Agent = _new_agent(**values)
    return agent


@lru_cache(maxsize=_ID_CACHE_SIZE)
def _agent_of_bic(bic: str) -> Agent:
    agent: Agent = _new_agent(bic)
    return agent


def read_account(element: Element) -> Account:
    """``CashAccount38``: IBAN or other id with scheme, currency, name, proxy."""
    if len(element) == 1:
        # Most accounts are a bare IBAN or Othr/Id: one index walk instead of three lists.
        identification = element[0]
        if len(identification) == 1 and str(tag_of(identification)).endswith("}Id"):
            entry = identification[0]
            tag = str(tag_of(entry))
            if tag.endswith("}IBAN"):
                account: Account = _new_account(_checked(entry, valid_iban))
                return account
            if tag.endswith("}Othr") and len(entry) == 1 and str(tag_of(entry[0])).endswith("}Id"):
                account = _new_account(None, text_of(entry[0]))
                return account
    values: dict[str, str] = {}
    for name, child in children(element):
        if name == "Id":
            for kind, identification in children(child):
                if kind == "IBAN":
                    values["iban"] = _checked(identification, valid_iban)
                    continue
                for part, leaf in children(identification):
                    if part == "Id":
                        values["other_id"] = text_of(leaf)
                    elif part == "SchmeNm":
                        values["scheme"] = read_choice(leaf)
        elif name == "Ccy":
            values["currency"] = text_of(child)
        elif name == "Nm":
            values["name"] = text_of(child)
        elif name == "Prxy":
            for part, leaf in children(child):
                if part == "Id":
                    values["proxy"] = text_of(leaf)
    account = _new_account(**values)
    return account
