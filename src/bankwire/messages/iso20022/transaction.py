"""One credit transfer transaction, read from pacs.008, pacs.009 or a COV's underlying transfer.

The three share most element names (``PmtId``, ``InstgAgt``, ``IntrmyAgt1`` ...), so one
reader serves them; ``Dbtr``/``Cdtr`` are parties in pacs.008 and in the underlying customer
transfer, and financial institutions in pacs.009 (read into ``debtor_fi``/``creditor_fi``).

Conventions the renderers mirror, so that ``parse(render(m)) == m``:

- An instruction with a code is ``/CODE/`` or ``/CODE/text`` (the MT field 72 style);
  without a code it is the bare text.
- Regulatory reporting keeps the ``Dtls/Inf`` texts; structured remittance keeps the text of
  every leaf of every ``Strd`` in document order (what screening needs to read).
- A COV's underlying transfer has no references or settlement amount of its own: its
  ``end_to_end_id`` is empty and ``interbank_settlement_amount`` repeats the cover's amount.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from bankwire.errors import SchemaViolation
from bankwire.messages.iso20022.common import (
    Element,
    children,
    element_path,
    read_account,
    read_agent,
    read_amount,
    read_choice,
    read_date,
    read_party,
    read_uetr,
    require,
    text_of,
)
from bankwire.messages.model import Agent, CreditTransfer, fast_constructor
from bankwire.money import Amount

__all__ = ["INSTRUCTION_CODES", "read_credit_transfer", "split_instruction"]

INSTRUCTION_CODES: Final[frozenset[str]] = frozenset(
    {"CHQB", "HOLD", "PHOB", "TELB", "PHOA", "TELA"}
)
_INSTRUCTION = re.compile(r"^/([A-Z]{4})/(.*)$", re.DOTALL)
_new_transfer: Final = fast_constructor(CreditTransfer)
_REPEATED: Final[frozenset[str]] = frozenset(
    {"ChrgsInf", "InstrForCdtrAgt", "InstrForNxtAgt", "RgltryRptg"}
)


def split_instruction(instruction: str) -> tuple[str | None, str | None]:
    """``/PHOB/+44 20`` -> (``PHOB``, ``+44 20``); a bare text has no code."""
    match = _INSTRUCTION.match(instruction)
    if match is None or match.group(1) not in INSTRUCTION_CODES:
        return None, instruction
    return match.group(1), match.group(2) or None


def _instruction(element: Element) -> str:
    code = None
    info = None
    for name, child in children(element):
        if name == "Cd":
            code = text_of(child)
        elif name == "InstrInf":
            info = text_of(child)
    if code is None:
        if info is None:
            raise SchemaViolation(f"{element_path(element)}: must hold Cd or InstrInf")
        return info
    return f"/{code}/{info or ''}"


def _collect(element: Element) -> tuple[dict[str, Element], dict[str, list[Element]]]:
    found = children(element)
    single = dict(found)  # Built in C; a repeated name keeps its last element, as before.
    if _REPEATED.isdisjoint(single):
        return single, _NONE_REPEATED  # The usual transaction: no charges or instructions.
    repeated: dict[str, list[Element]] = {name: [] for name in _REPEATED}
    for name, child in found:
        if name in _REPEATED:
            repeated[name].append(child)
            single.pop(name, None)
    return single, repeated


# What ``_collect`` returns when none of the repeated elements occurs; never changed.
_NONE_REPEATED: Final[dict[str, list[Element]]] = {name: [] for name in _REPEATED}


def _agents(single: dict[str, Element], prefix: str) -> tuple[Agent, ...]:
    agents = [
        read_agent(element, single.get(account))
        for name, account in _NUMBERED[prefix]
        if (element := single.get(name)) is not None
    ]
    return tuple(agents) if agents else ()


# ``IntrmyAgt1``/``IntrmyAgt1Acct`` ... spelled out once rather than formatted per message.
_NUMBERED: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    prefix: tuple((f"{prefix}{number}", f"{prefix}{number}Acct") for number in (1, 2, 3))
    for prefix in ("PrvsInstgAgt", "IntrmyAgt")
}


def read_credit_transfer(
    element: Element, *, institutions: bool, cover_amount: Amount | None = None
) -> CreditTransfer:
    """Map one ``CdtTrfTxInf`` (or ``UndrlygCstmrCdtTrf`` when ``cover_amount`` is given)."""
    single, repeated = _collect(element)
    values: dict[str, object] = {}
    if cover_amount is None:
        _read_references(element, single, values)
    else:
        values["end_to_end_id"] = ""
        values["interbank_settlement_amount"] = cover_amount
    _read_payment_type(single, values)
    _read_parties(single, values, institutions=institutions)
    _read_texts(single, repeated, values)
    if (found := single.get("InstdAmt")) is not None:
        values["instructed_amount"] = read_amount(found)
    if (found := single.get("XchgRate")) is not None:
        values["exchange_rate"] = text_of(found)
    if (found := single.get("ChrgBr")) is not None:
        values["charge_bearer"] = text_of(found)
    if repeated is not _NONE_REPEATED:  # Otherwise the field keeps its default, ().
        values["charges"] = tuple(_charge(charge) for charge in repeated["ChrgsInf"])
    underlying = single.get("UndrlygCstmrCdtTrf")
    if underlying is not None:
        amount = values["interbank_settlement_amount"]
        assert isinstance(amount, Amount)
        values["underlying"] = read_credit_transfer(
            underlying, institutions=False, cover_amount=amount
        )
    transfer: CreditTransfer = _new_transfer(**values)
    return transfer


def _read_references(
    element: Element, single: dict[str, Element], values: dict[str, object]
) -> None:
    payment_id = single.get("PmtId")
    require(payment_id, element, "PmtId")
    assert payment_id is not None
    for name, child in children(payment_id):
        if name == "InstrId":
            values["instruction_id"] = text_of(child)
        elif name == "EndToEndId":
            values["end_to_end_id"] = text_of(child)
        elif name == "TxId":
            values["transaction_id"] = text_of(child)
        elif name == "UETR":
            values["uetr"] = read_uetr(child)
    require(values.get("end_to_end_id"), payment_id, "EndToEndId")
    amount = single.get("IntrBkSttlmAmt")
    require(amount, element, "IntrBkSttlmAmt")
    assert amount is not None
    values["interbank_settlement_amount"] = read_amount(amount)
    if (found := single.get("IntrBkSttlmDt")) is not None:
        values["settlement_date"] = read_date(found)


def _read_payment_type(single: dict[str, Element], values: dict[str, object]) -> None:
    payment_type = single.get("PmtTpInf")
    if payment_type is None:
        return
    service_levels = []
    for name, child in children(payment_type):
        if name == "InstrPrty":
            values["instruction_priority"] = text_of(child)
        elif name == "SvcLvl":
            service_levels.append(read_choice(child))
        elif name == "LclInstrm":
            values["local_instrument"] = read_choice(child)
        elif name == "CtgyPurp":
            values["category_purpose"] = read_choice(child)
    values["service_level"] = tuple(service_levels)


_PARTIES: Final[tuple[tuple[str, str], ...]] = (
    ("UltmtDbtr", "ultimate_debtor"),
    ("InitgPty", "initiating_party"),
    ("UltmtCdtr", "ultimate_creditor"),
)
_AGENTS: Final[tuple[tuple[str, str], ...]] = (
    ("InstgAgt", "instructing_agent"),
    ("InstdAgt", "instructed_agent"),
    ("DbtrAgt", "debtor_agent"),
    ("CdtrAgt", "creditor_agent"),
)
_ACCOUNTS: Final[tuple[tuple[str, str], ...]] = (
    ("DbtrAcct", "debtor_account"),
    ("DbtrAgtAcct", "debtor_agent_account"),
    ("CdtrAgtAcct", "creditor_agent_account"),
    ("CdtrAcct", "creditor_account"),
)


def _read_parties(
    single: dict[str, Element], values: dict[str, object], *, institutions: bool
) -> None:
    for name, field in _PARTIES:
        if (found := single.get(name)) is not None:
            values[field] = read_party(found)
    for name, field in _AGENTS:
        if (found := single.get(name)) is not None:
            values[field] = read_agent(found)
    for name, field in _ACCOUNTS:
        if (found := single.get(name)) is not None:
            values[field] = read_account(found)
    for name, party_field, agent_field in (
        ("Dbtr", "debtor", "debtor_fi"),
        ("Cdtr", "creditor", "creditor_fi"),
    ):
        if (found := single.get(name)) is not None:
            if institutions:
                values[agent_field] = read_agent(found)
            else:
                values[party_field] = read_party(found)
    # Left at their default, (), when the message names none.
    if previous := _agents(single, "PrvsInstgAgt"):
        values["previous_instructing_agents"] = previous
    if intermediaries := _agents(single, "IntrmyAgt"):
        values["intermediary_agents"] = intermediaries


def _read_texts(
    single: dict[str, Element], repeated: dict[str, list[Element]], values: dict[str, object]
) -> None:
    if repeated is not _NONE_REPEATED:  # Otherwise the three keep their default, ().
        values["instructions_for_creditor_agent"] = tuple(
            _instruction(found) for found in repeated["InstrForCdtrAgt"]
        )
        values["instructions_for_next_agent"] = tuple(
            _instruction(found) for found in repeated["InstrForNxtAgt"]
        )
        reporting: list[str] = []
        for report in repeated["RgltryRptg"]:
            for name, details in children(report):
                if name == "Dtls":
                    reporting.extend(
                        text_of(info) for part, info in children(details) if part == "Inf"
                    )
        values["regulatory_reporting"] = tuple(reporting)
    if (found := single.get("Purp")) is not None:
        values["purpose"] = read_choice(found)
    remittance = single.get("RmtInf")
    if remittance is None:
        return
    unstructured: list[str] = []
    structured: list[str] = []
    for name, child in children(remittance):
        if name == "Ustrd":
            unstructured.append(text_of(child))
        elif name == "Strd":
            structured.extend(_leaf_texts(child))
    values["remittance_information"] = tuple(unstructured)
    values["structured_remittance"] = tuple(structured)


def _leaf_texts(element: Element) -> list[str]:
    texts = []
    for node in element.iter(etree.Element):  # Elements only: no comments or PIs.
        if len(node) == 0 and node.text and node.text.strip():
            texts.append(node.text)
    return texts


def _charge(element: Element) -> tuple[Amount, Agent | None]:
    amount = None
    agent = None
    for name, child in children(element):
        if name == "Amt":
            amount = read_amount(child)
        elif name == "Agt":
            agent = read_agent(child)
    require(amount, element, "Amt")
    assert amount is not None
    return amount, agent
