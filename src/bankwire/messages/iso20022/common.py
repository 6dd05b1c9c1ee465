"""Element mapping shared by every ISO 20022 message: parties, agents, addresses, amounts.

Reading walks each element's children once and dispatches on the local name, so one mapping
serves every version of a message whose element names did not change (pacs.008.001.08 and
.12 differ only in elements the model does not carry). Writing emits children in the XSD
sequence order of the CBPR+ versions, so rendered documents validate.

Choices between a code and a proprietary value (``Cd``/``Prtry``) fold into one string; when
rendering, a value that fits the code length is written as ``Cd``. Identifier schemes of
organisations and persons fold the same way (scheme code, proprietary scheme or issuer).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache

from lxml import etree

from bankwire.errors import SchemaViolation
from bankwire.ids import parse_bic, parse_iban, parse_lei, parse_uetr
from bankwire.messages.model import Account, Agent, Party, PostalAddress
from bankwire.money import Amount

__all__ = [
    "Element",
    "Writer",
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


_all_children: Callable[[Element], list[Element]] = operator.itemgetter(slice(None))


def local_name(tag: str) -> str:
    """``{urn:...}Nm`` -> ``Nm``."""
    return tag[tag.rfind("}") + 1 :]


def children(element: Element) -> list[tuple[str, Element]]:
    """Element children with their local names; comments and processing instructions skip.

    This runs for every element of every message, so it is tuned: slicing builds the child
    list in C, three times faster than iterating the element (the stubs only know integer
    indexes, hence the itemgetter); the namespace prefix is measured once on the parent, since an
    ISO 20022 element's children share its namespace (a foreign child simply gets a name
    that matches nothing); a list comprehension beats a generator.
    """
    start = element.tag.find("}") + 1
    return [
        (tag[start:], child)
        for child in _all_children(element)
        if (tag := child.tag).__class__ is str
    ]


def institution_bic(party: Element) -> Element | None:
    """The ``FIId/FinInstnId/BICFI`` element of an AppHdr ``Fr``/``To``, found in C."""
    tag = str(party.tag)
    prefix = tag[: tag.find("}") + 1]
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
    while node is not None and isinstance(node.tag, str):
        name = local_name(node.tag)
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
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
    """``<IntrBkSttlmAmt Ccy="USD">1365.00</IntrBkSttlmAmt>`` -> 136500 minor units of USD."""
    currency = element.get("Ccy")
    if currency is None:
        raise SchemaViolation(f"{element_path(element)}: attribute Ccy is missing")
    try:
        return Amount.parse(text_of(element), currency)
    except ValueError as exc:
        raise SchemaViolation(f"{element_path(element)}: {exc}") from exc


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
    for _, child in children(element):
        return text_of(child)
    raise SchemaViolation(f"{element_path(element)}: must hold Cd or Prtry (got nothing)")


_ADDRESS_FIELDS = {
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


def read_address(element: Element) -> PostalAddress:
    values: dict[str, str] = {}
    lines: list[str] = []
    for name, child in children(element):
        if name == "AdrLine":
            lines.append(text_of(child))
        elif (field := _ADDRESS_FIELDS.get(name)) is not None:
            values[field] = text_of(child)
    return PostalAddress(lines=tuple(lines), **values)


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
    return Party(other_ids=tuple(other_ids), **values)  # type: ignore[arg-type]


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
    if first is not None and str(first.tag).endswith("}FinInstnId"):
        if account is None and len(element) == 1 and len(first) == 1:
            leaf = first[0]
            if str(leaf.tag).endswith("}BICFI"):
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
    return Agent(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=_ID_CACHE_SIZE)
def _agent_of_bic(bic: str) -> Agent:
    return Agent(bic=bic)


def read_account(element: Element) -> Account:
    """``CashAccount38``: IBAN or other id with scheme, currency, name, proxy."""
    if len(element) == 1:
        # Most accounts are a bare IBAN or Othr/Id: one index walk instead of three lists.
        identification = element[0]
        if len(identification) == 1 and str(identification.tag).endswith("}Id"):
            entry = identification[0]
            tag = str(entry.tag)
            if tag.endswith("}IBAN"):
                return Account(iban=_checked(entry, valid_iban))
            if tag.endswith("}Othr") and len(entry) == 1 and str(entry[0].tag).endswith("}Id"):
                return Account(other_id=text_of(entry[0]))
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
    return Account(**values)


class Writer:
    """Emits elements of one namespace; the renderers call it in XSD sequence order."""

    __slots__ = ("ns",)

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def root(self, local: str) -> Element:
        # lxml-stubs type nsmap keys as str, but None is how lxml names the default namespace.
        return etree.Element(f"{{{self.ns}}}{local}", nsmap={None: self.ns})  # type: ignore[dict-item]

    def node(self, parent: Element, local: str) -> Element:
        return etree.SubElement(parent, f"{{{self.ns}}}{local}")

    def leaf(self, parent: Element, local: str, text: str | None) -> None:
        if text is not None:
            etree.SubElement(parent, f"{{{self.ns}}}{local}").text = text

    def leaves(self, parent: Element, local: str, texts: tuple[str, ...]) -> None:
        for text in texts:
            etree.SubElement(parent, f"{{{self.ns}}}{local}").text = text

    def amount(self, parent: Element, local: str, amount: Amount | None) -> None:
        if amount is not None:
            element = etree.SubElement(parent, f"{{{self.ns}}}{local}", Ccy=amount.currency.code)
            element.text = amount.to_decimal_string()

    def day(self, parent: Element, local: str, value: date | None) -> None:
        if value is not None:
            self.leaf(parent, local, value.isoformat())

    def moment(self, parent: Element, local: str, value: datetime | None) -> None:
        if value is not None:
            self.leaf(parent, local, value.isoformat())

    def choice(self, parent: Element, local: str, value: str | None, code_max: int = 4) -> None:
        """Write ``<local><Cd>`` when the value fits the code length, else ``<Prtry>``."""
        if value is not None:
            element = self.node(parent, local)
            self.leaf(element, "Cd" if len(value) <= code_max else "Prtry", value)

    def address(self, parent: Element, local: str, address: PostalAddress | None) -> None:
        if address is None:
            return
        element = self.node(parent, local)
        for name, field in _ADDRESS_FIELDS.items():
            self.leaf(element, name, getattr(address, field))
        self.leaves(element, "AdrLine", address.lines)

    def party(self, parent: Element, local: str, party: Party | None) -> None:
        if party is None:
            return
        element = self.node(parent, local)
        self.leaf(element, "Nm", party.name)
        self.address(element, "PstlAdr", party.address)
        self._party_id(element, party)
        self.leaf(element, "CtryOfRes", party.country_of_residence)

    def _party_id(self, parent: Element, party: Party) -> None:
        private = party.birth_date is not None or party.birth_city or party.birth_country
        if not (party.bic or party.lei or party.other_ids or private):
            return
        identification = self.node(parent, "Id")
        if private:
            person = self.node(identification, "PrvtId")
            birth = self.node(person, "DtAndPlcOfBirth")
            self.day(birth, "BirthDt", party.birth_date)
            self.leaf(birth, "CityOfBirth", party.birth_city)
            self.leaf(birth, "CtryOfBirth", party.birth_country)
            self._other_ids(person, party.other_ids)
            return
        organisation = self.node(identification, "OrgId")
        self.leaf(organisation, "AnyBIC", party.bic)
        self.leaf(organisation, "LEI", party.lei)
        self._other_ids(organisation, party.other_ids)

    def _other_ids(self, parent: Element, other_ids: tuple[tuple[str, str], ...]) -> None:
        for scheme, identifier in other_ids:
            other = self.node(parent, "Othr")
            self.leaf(other, "Id", identifier)
            if scheme:
                self.choice(other, "SchmeNm", scheme)

    def agent(self, parent: Element, local: str, agent: Agent | None) -> None:
        if agent is None:
            return
        element = self.node(parent, local)
        institution = self.node(element, "FinInstnId")
        self.leaf(institution, "BICFI", agent.bic)
        if agent.member_id is not None:
            member = self.node(institution, "ClrSysMmbId")
            self.choice(member, "ClrSysId", agent.clearing_system, code_max=5)
            self.leaf(member, "MmbId", agent.member_id)
        self.leaf(institution, "LEI", agent.lei)
        self.leaf(institution, "Nm", agent.name)
        self.address(institution, "PstlAdr", agent.address)

    def agent_with_account(self, parent: Element, local: str, agent: Agent | None) -> None:
        """``IntrmyAgt1`` followed by ``IntrmyAgt1Acct`` when the agent carries an account."""
        self.agent(parent, local, agent)
        if agent is not None:
            self.account(parent, f"{local}Acct", agent.account)

    def account(self, parent: Element, local: str, account: Account | None) -> None:
        if account is None:
            return
        element = self.node(parent, local)
        if account.iban is not None:
            self.leaf(self.node(element, "Id"), "IBAN", account.iban)
        elif account.other_id is not None:
            other = self.node(self.node(element, "Id"), "Othr")
            self.leaf(other, "Id", account.other_id)
            self.choice(other, "SchmeNm", account.scheme)
        self.leaf(element, "Ccy", account.currency)
        self.leaf(element, "Nm", account.name)
        if account.proxy is not None:
            self.leaf(self.node(element, "Prxy"), "Id", account.proxy)
