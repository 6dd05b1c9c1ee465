"""Writing ISO 20022 elements of one namespace, in the XSD sequence order of each type.

The renderers call these in the order their message type's XSD sequences demand, so the
rendered documents validate. Values the model folds together are split back here: a
``Cd``/``Prtry`` choice is written as ``Cd`` when it fits the code length; a party with
birth details is a private person (``PrvtId``), any other an organisation (``OrgId``).
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from bankwire.messages.iso20022.common import ADDRESS_FIELDS, Element
from bankwire.messages.model import Account, Agent, Party, PostalAddress
from bankwire.money import Amount

__all__ = ["Writer"]


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
        for name, field in ADDRESS_FIELDS.items():
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
