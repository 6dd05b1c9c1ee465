"""References to an earlier transaction, shared by pacs.002, pacs.004, camt.056 and camt.029.

Status reports, returns and cancellations all point back with the same elements
(``OrgnlGrpInf``, ``OrgnlInstrId``, ``OrgnlEndToEndId``, ``OrgnlUETR``, ``OrgnlIntrBkSttlmAmt``)
and give reasons in the same shape (``Rsn/Cd`` plus ``AddtlInf`` lines).
"""

from __future__ import annotations

from datetime import datetime

from bankwire.messages.iso20022.common import (
    Element,
    children,
    read_agent,
    read_amount,
    read_choice,
    read_date,
    read_datetime,
    read_party,
    read_uetr,
    text_of,
)
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import Agent

__all__ = [
    "collect",
    "read_original",
    "read_party_or_agent",
    "read_reasons",
    "write_original_group",
    "write_reason",
]


def collect(element: Element) -> tuple[dict[str, Element], list[Element]]:
    """Children by local name, with reason entries (``*RsnInf``) kept in order."""
    single: dict[str, Element] = {}
    reasons: list[Element] = []
    for name, child in children(element):
        if name.endswith("RsnInf"):
            reasons.append(child)
        else:
            single[name] = child
    return single, reasons


def read_original(
    single: dict[str, Element], values: dict[str, object], *, with_created: bool = False
) -> None:
    """Original references; ``with_created`` also keeps ``OrgnlCreDtTm`` (cancellations)."""
    group = single.get("OrgnlGrpInf")
    if group is not None:
        for name, child in children(group):
            if name == "OrgnlMsgId":
                values["original_message_id"] = text_of(child)
            elif name == "OrgnlMsgNmId":
                values["original_message_type"] = text_of(child)
            elif name == "OrgnlCreDtTm" and with_created:
                values["original_created"] = read_datetime(child)
    if (found := single.get("OrgnlInstrId")) is not None:
        values["original_instruction_id"] = text_of(found)
    if (found := single.get("OrgnlEndToEndId")) is not None:
        values["original_end_to_end_id"] = text_of(found)
    if (found := single.get("OrgnlUETR")) is not None:
        values["original_uetr"] = read_uetr(found)
    if (found := single.get("OrgnlIntrBkSttlmAmt")) is not None:
        values["original_amount"] = read_amount(found)
    if (found := single.get("OrgnlIntrBkSttlmDt")) is not None:
        values["original_settlement_date"] = read_date(found)


def read_reasons(reasons: list[Element], values: dict[str, object]) -> None:
    """The first reason code, and every additional-information line of every reason."""
    lines: list[str] = []
    for reason in reasons:
        for name, child in children(reason):
            if name == "Rsn" and "reason_code" not in values:
                values["reason_code"] = read_choice(child)
            elif name == "AddtlInf":
                lines.append(text_of(child))
    values["additional_information"] = tuple(lines)


def read_party_or_agent(element: Element) -> Agent:
    """``Party40Choice`` (``Pty`` or ``Agt``) as the agent model, for assigners and creators.

    A party keeps its name, address and BIC; the model of an assigner is an institution.
    """
    for name, child in children(element):
        if name == "Agt":
            return read_agent(child)
        party = read_party(child)
        return Agent(bic=party.bic, name=party.name, address=party.address, lei=party.lei)
    return Agent()


def write_original_group(
    writer: Writer,
    parent: Element,
    message_id: str | None,
    message_type: str | None,
    created: datetime | None = None,
) -> None:
    """``OrgnlGrpInf`` needs both id and type; with either missing it is left out."""
    if message_id is not None and message_type is not None:
        group = writer.node(parent, "OrgnlGrpInf")
        writer.leaf(group, "OrgnlMsgId", message_id)
        writer.leaf(group, "OrgnlMsgNmId", message_type)
        writer.moment(group, "OrgnlCreDtTm", created)


def write_reason(
    writer: Writer, parent: Element, local: str, code: str | None, lines: tuple[str, ...]
) -> None:
    if code is None and not lines:
        return
    element = writer.node(parent, local)
    writer.choice(element, "Rsn", code)
    writer.leaves(element, "AddtlInf", lines)
