"""Writing the parts of a credit transfer transaction that pacs.008 and pacs.009 share.

Each function emits one run of the XSD sequence; the message renderers call them in the
order of their transaction type (CreditTransferTransaction39, 36 and 37).
"""

from __future__ import annotations

from bankwire.messages.iso20022.common import Element
from bankwire.messages.iso20022.transaction import split_instruction
from bankwire.messages.iso20022.writer import Writer
from bankwire.messages.model import Agent, CreditTransfer

__all__ = [
    "write_agent_chain",
    "write_instructions",
    "write_payment_id",
    "write_payment_type",
    "write_regulatory_reporting",
    "write_remittance",
    "write_underlying_agents",
]

_STRUCTURED_LINES_PER_ENTRY = 3  # AddtlRmtInf occurs at most 3 times in one Strd.


def write_payment_id(writer: Writer, parent: Element, transfer: CreditTransfer) -> None:
    element = writer.node(parent, "PmtId")
    writer.leaf(element, "InstrId", transfer.instruction_id)
    writer.leaf(element, "EndToEndId", transfer.end_to_end_id)
    writer.leaf(element, "TxId", transfer.transaction_id)
    writer.leaf(element, "UETR", transfer.uetr)


def write_payment_type(writer: Writer, parent: Element, transfer: CreditTransfer) -> None:
    if not (
        transfer.instruction_priority
        or transfer.service_level
        or transfer.local_instrument
        or transfer.category_purpose
    ):
        return
    element = writer.node(parent, "PmtTpInf")
    writer.leaf(element, "InstrPrty", transfer.instruction_priority)
    for level in transfer.service_level:
        writer.choice(element, "SvcLvl", level)
    writer.choice(element, "LclInstrm", transfer.local_instrument, code_max=35)
    writer.choice(element, "CtgyPurp", transfer.category_purpose)


def _numbered(writer: Writer, parent: Element, prefix: str, agents: tuple[Agent, ...]) -> None:
    for number, agent in enumerate(agents[:3], start=1):
        writer.agent_with_account(parent, f"{prefix}{number}", agent)


def write_agent_chain(
    writer: Writer, parent: Element, transfer: CreditTransfer, *, previous_first: bool = True
) -> None:
    """``PrvsInstgAgt1..3``, ``InstgAgt``, ``InstdAgt``, ``IntrmyAgt1..3`` with accounts."""
    if previous_first:
        _numbered(writer, parent, "PrvsInstgAgt", transfer.previous_instructing_agents)
    writer.agent(parent, "InstgAgt", transfer.instructing_agent)
    writer.agent(parent, "InstdAgt", transfer.instructed_agent)
    _numbered(writer, parent, "IntrmyAgt", transfer.intermediary_agents)


def write_underlying_agents(writer: Writer, parent: Element, transfer: CreditTransfer) -> None:
    """CreditTransferTransaction37 puts previous and intermediary agents after ``DbtrAgt``."""
    _numbered(writer, parent, "PrvsInstgAgt", transfer.previous_instructing_agents)
    _numbered(writer, parent, "IntrmyAgt", transfer.intermediary_agents)


def write_instructions(writer: Writer, parent: Element, transfer: CreditTransfer) -> None:
    for local, instructions in (
        ("InstrForCdtrAgt", transfer.instructions_for_creditor_agent),
        ("InstrForNxtAgt", transfer.instructions_for_next_agent),
    ):
        for instruction in instructions:
            code, info = split_instruction(instruction)
            element = writer.node(parent, local)
            writer.leaf(element, "Cd", code)
            writer.leaf(element, "InstrInf", info)


def write_regulatory_reporting(writer: Writer, parent: Element, transfer: CreditTransfer) -> None:
    if transfer.regulatory_reporting:
        details = writer.node(writer.node(parent, "RgltryRptg"), "Dtls")
        writer.leaves(details, "Inf", transfer.regulatory_reporting)


def write_remittance(
    writer: Writer, parent: Element, transfer: CreditTransfer, *, structured: bool = True
) -> None:
    """``RmtInf``: unstructured lines, then structured texts as ``Strd/AddtlRmtInf``."""
    texts = transfer.structured_remittance if structured else ()
    if not (transfer.remittance_information or texts):
        return
    element = writer.node(parent, "RmtInf")
    writer.leaves(element, "Ustrd", transfer.remittance_information)
    for start in range(0, len(texts), _STRUCTURED_LINES_PER_ENTRY):
        chunk = texts[start : start + _STRUCTURED_LINES_PER_ENTRY]
        writer.leaves(writer.node(element, "Strd"), "AddtlRmtInf", chunk)
