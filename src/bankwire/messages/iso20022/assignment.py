"""Case assignment and case (``Assgnmt``, ``Case``/``RslvdCase``) of camt.056 and camt.029.

The assignment identifies the message (its ``Id`` and ``CreDtTm`` become the group header)
and who asks whom; the case names who opened the investigation.
"""

from __future__ import annotations

from bankwire.messages.iso20022.common import (
    Element,
    children,
    read_agent,
    read_datetime,
    read_party,
    require,
    text_of,
)
from bankwire.messages.iso20022.original import read_party_or_agent
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import Agent, Cancellation, GroupHeader, Party

__all__ = ["read_assignment", "read_case", "write_assignment", "write_case"]


def read_assignment(element: Element, count: int) -> tuple[GroupHeader, dict[str, object]]:
    """The group header made of ``Assgnmt/Id`` and ``CreDtTm``, and assigner/assignee."""
    values: dict[str, object] = {}
    parties: dict[str, object] = {}
    for name, child in children(element):
        if name == "Id":
            values["message_id"] = text_of(child)
        elif name == "CreDtTm":
            values["created"] = read_datetime(child)
        elif name == "Assgnr":
            parties["assigner"] = read_party_or_agent(child)
        elif name == "Assgne":
            parties["assignee"] = read_party_or_agent(child)
    require(values.get("message_id"), element, "Id")
    require(values.get("created"), element, "CreDtTm")
    header = GroupHeader(number_of_transactions=count, **values)  # type: ignore[arg-type]
    return header, parties


def read_case(element: Element, values: dict[str, object]) -> None:
    for name, child in children(element):
        if name == "Id":
            values["case_id"] = text_of(child)
        elif name == "Cretr":
            values["case_creator"] = _creator(child)


def _creator(element: Element) -> Agent | Party:
    for name, child in children(element):
        if name == "Agt":
            return read_agent(child)
        if name == "Pty":
            return read_party(child)
    return Agent()


def write_assignment(
    writer: Writer, parent: Element, header: GroupHeader, first: Cancellation
) -> None:
    element = writer.node(parent, "Assgnmt")
    writer.leaf(element, "Id", header.message_id)
    writer.agent(writer.node(element, "Assgnr"), "Agt", first.assigner or Agent())
    writer.agent(writer.node(element, "Assgne"), "Agt", first.assignee or Agent())
    writer.moment(element, "CreDtTm", header.created)


def write_case(writer: Writer, parent: Element, local: str, cancellation: Cancellation) -> None:
    """``Case``/``RslvdCase`` needs a creator; without one the case id cannot be written."""
    creator = cancellation.case_creator
    if creator is None:
        return
    element = writer.node(parent, local)
    writer.leaf(element, "Id", cancellation.case_id)
    holder = writer.node(element, "Cretr")
    if isinstance(creator, Agent):
        writer.agent(holder, "Agt", creator)
    else:
        writer.party(holder, "Pty", creator)
