"""ISO 20022 model -> the same content as an MT message would carry it (CBPR+ MX -> MT).

``mt_reference`` gives the message as MT should show it when nothing is lost: the MT type,
the header as blocks 1-3 express it, agents that FIN derives from the header folded away,
``/ROC/`` end-to-end id in field 70, 33B filled from the settlement amount. ``mt_input``
additionally flattens structured addresses into the lines MT has. ``translate`` renders
``mt_input``, parses it back and lists every difference from ``mt_reference`` as a loss.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from bankwire.errors import TranslationError
from bankwire.messages.model import (
    Agent,
    BusinessHeader,
    Cancellation,
    CreditTransfer,
    GroupHeader,
    Message,
    MessageFormat,
    Party,
    PostalAddress,
)
from bankwire.messages.mt.mt_n9x import MX_OF_MT

__all__ = ["NOT_PROVIDED", "mt_input", "mt_reference", "mt_type_of", "same_bic"]

NOT_PROVIDED: Final[str] = "NOTPROVIDED"
NOT_PROVIDED_ID: Final[tuple[str, str]] = ("", NOT_PROVIDED)
"""A placeholder identification some translators emit; it identifies nobody."""
_CUSTOMER_ORIGINALS: Final[tuple[str, ...]] = ("pacs.008", "MT103", "pacs.003")


def same_bic(left: str | None, right: str | None) -> bool:
    """BIC8 and BIC11 with branch ``XXX`` name the same institution."""
    if left is None or right is None:
        return False
    return left.ljust(11, "X")[:11] == right.ljust(11, "X")[:11]


def mt_type_of(message: Message) -> str:
    kind = message.message_type[:8]
    if kind == "pacs.008":
        return "MT103"
    if kind == "pacs.009":
        underlying = message.transfers and message.transfers[0].underlying is not None
        return "MT202COV" if underlying else "MT202"
    if kind in {"camt.056", "camt.029"}:
        original = message.cancellations[0].original_message_type if message.cancellations else None
        customer = original is None or original.startswith(_CUSTOMER_ORIGINALS)
        return ("MT1" if customer else "MT2") + ("92" if kind == "camt.056" else "96")
    raise TranslationError(
        f"{message.message_type}: no MT translation (supported: pacs.008, pacs.009, camt.056, "
        "camt.029)"
    )


def mt_reference(message: Message, losses: list[str]) -> Message:
    """The message as MT carries it without loss; notes what the header cannot carry."""
    mt_type = mt_type_of(message)
    header = _header(message, mt_type, losses)
    if message.transfers:
        if len(message.transfers) != 1:
            raise TranslationError(
                f"{message.message_type}: MT carries one transaction (got {len(message.transfers)})"
            )
        transfer = _transfer(message.transfers[0], header, mt_type)
        group = _group_header(message.group_header, transfer, header)
        if mt_type.startswith("MT202"):
            # Field 21 carries the end-to-end id; the MT header names it as related reference.
            header = dataclasses.replace(header, related_reference=transfer.end_to_end_id)
        return Message(mt_type, MessageFormat.MT, header, group, (transfer,))
    if len(message.cancellations) != 1:
        raise TranslationError(f"{message.message_type}: MT carries one cancellation")
    cancellation = _cancellation(message.cancellations[0], header)
    if message.group_header is not None and message.group_header.message_id not in {
        header.business_message_id,
        cancellation.case_id,
    }:
        losses.append(
            f"Assgnmt/Id {message.group_header.message_id!r}: MT{mt_type[2:]} has no field for it"
        )
    header = _cancellation_header(header, cancellation, mt_type)
    return Message(mt_type, MessageFormat.MT, header, None, cancellations=(cancellation,))


def _header(message: Message, mt_type: str, losses: list[str]) -> BusinessHeader:
    header = message.header
    if header is None:
        header = _header_from_agents(message)
    for label, value in (("Rltd", header.related), ("CpyDplct", header.copy_duplicate)):
        if value is not None:
            losses.append(f"AppHdr/{label} {value!r}: FIN headers have no place for it")
    reference = header.business_message_id
    if message.transfers:
        reference = message.transfers[0].instruction_id or reference
    if reference != header.business_message_id:
        losses.append(
            f"AppHdr/BizMsgIdr {header.business_message_id!r}: MT has only field 20 ({reference!r})"
        )
    return BusinessHeader(
        from_bic=header.from_bic,
        to_bic=header.to_bic,
        business_message_id=reference,
        message_definition_id=mt_type,
        created=header.created,
        possible_duplicate=header.possible_duplicate,
        priority="U" if header.priority == "HIGH" else "N",
    )


def _header_from_agents(message: Message) -> BusinessHeader:
    """Fedwire-style messages have no AppHdr: sender and receiver come from the agents."""
    group = message.group_header
    first = message.transfers[0] if message.transfers else None
    instructing = (first.instructing_agent if first else None) or (
        group.instructing_agent if group else None
    )
    instructed = (first.instructed_agent if first else None) or (
        group.instructed_agent if group else None
    )
    if group is None or instructing is None or instructed is None:
        raise TranslationError(
            f"{message.message_type}: without AppHdr, MT needs GrpHdr and instructing and "
            "instructed agents to name sender and receiver"
        )
    if instructing.bic is None or instructed.bic is None:
        raise TranslationError(f"{message.message_type}: FIN sender and receiver need BICs")
    return BusinessHeader(instructing.bic, instructed.bic, group.message_id, "", group.created)


def _transfer(transfer: CreditTransfer, header: BusinessHeader, mt_type: str) -> CreditTransfer:
    changes: dict[str, object] = {}
    if transfer.instructing_agent and same_bic(transfer.instructing_agent.bic, header.from_bic):
        changes["instructing_agent"] = None
    if transfer.instructed_agent and same_bic(transfer.instructed_agent.bic, header.to_bic):
        changes["instructed_agent"] = None
    if mt_type == "MT103":
        changes["instructed_amount"] = (
            transfer.instructed_amount or transfer.interbank_settlement_amount
        )
        changes["remittance_information"] = _with_reference(transfer)
        changes["charges"] = tuple(
            (amount, None if agent is None or agent.name == NOT_PROVIDED else agent)
            for amount, agent in transfer.charges
        )
    for name in ("debtor", "creditor"):
        party = getattr(transfer, name)
        if isinstance(party, Party) and (NOT_PROVIDED_ID in party.other_ids):
            ids = tuple(item for item in party.other_ids if item != NOT_PROVIDED_ID)
            changes[name] = dataclasses.replace(party, other_ids=ids)
    if transfer.underlying is not None:
        underlying = _transfer(transfer.underlying, header, "underlying")
        changes["underlying"] = dataclasses.replace(underlying, end_to_end_id="")
    return dataclasses.replace(transfer, **changes)  # type: ignore[arg-type]


def _with_reference(transfer: CreditTransfer) -> tuple[str, ...]:
    """CBPR+: the end-to-end id travels in field 70 as ``/ROC/id``."""
    end_to_end = transfer.end_to_end_id
    text = "".join(transfer.remittance_information)
    if end_to_end in {"", NOT_PROVIDED} or text.startswith(f"/ROC/{end_to_end}"):
        return transfer.remittance_information
    return (f"/ROC/{end_to_end}" + (f"/{text}" if text else ""),)


def _group_header(
    group: GroupHeader | None, transfer: CreditTransfer, header: BusinessHeader
) -> GroupHeader:
    base = group or GroupHeader(header.business_message_id, header.created, 1)
    reference = transfer.instruction_id or header.business_message_id
    return dataclasses.replace(base, message_id=reference, created=header.created)


def _cancellation(cancellation: Cancellation, header: BusinessHeader) -> Cancellation:
    changes: dict[str, object] = {}
    if cancellation.assigner is not None and same_bic(cancellation.assigner.bic, header.from_bic):
        changes["assigner"] = None
    if cancellation.assignee is not None and same_bic(cancellation.assignee.bic, header.to_bic):
        changes["assignee"] = None
    creator = cancellation.case_creator
    if isinstance(creator, Agent) and creator.name == NOT_PROVIDED:
        changes["case_creator"] = None
    for name in ("original_end_to_end_id", "original_message_id"):
        if getattr(cancellation, name) == NOT_PROVIDED:
            changes[name] = None
    original = cancellation.original_message_type
    if original is not None and original[:8] in MX_OF_MT.values():
        # 11S/11R name the original by MT number only: the MX version cannot travel.
        changes["original_message_type"] = original[:8]
    information = tuple(
        text for text in cancellation.additional_information if text != NOT_PROVIDED
    )
    changes["additional_information"] = information
    return dataclasses.replace(cancellation, **changes)  # type: ignore[arg-type]


def _cancellation_header(
    header: BusinessHeader, cancellation: Cancellation, mt_type: str
) -> BusinessHeader:
    if mt_type.endswith("92"):
        related = cancellation.original_message_id or cancellation.original_instruction_id
        return dataclasses.replace(
            header, business_message_id=cancellation.case_id, related_reference=related
        )
    return dataclasses.replace(header, related_reference=cancellation.case_id)


def mt_input(reference: Message) -> Message:
    """``reference`` with structured addresses flattened into MT's name-and-lines form."""
    if not reference.transfers:
        return reference
    transfer = _flatten_transfer(reference.transfers[0])
    return dataclasses.replace(reference, transfers=(transfer,))


def _flatten_transfer(transfer: CreditTransfer) -> CreditTransfer:
    changes: dict[str, object] = {}
    for name in ("debtor", "creditor"):
        party = getattr(transfer, name)
        if isinstance(party, Party) and party.address is not None:
            changes[name] = dataclasses.replace(party, address=_flatten(party.address))
    if transfer.underlying is not None:
        changes["underlying"] = _flatten_transfer(transfer.underlying)
    return dataclasses.replace(transfer, **changes)  # type: ignore[arg-type]


def _flatten(address: PostalAddress) -> PostalAddress:
    """Street and building first, other parts after; post code joins the town (3/CC/town)."""
    street = " ".join(part for part in (address.street_name, address.building_number) if part)
    others = (
        address.department, address.building_name, address.floor, address.post_box,
        address.room, address.district_name, address.town_location_name,
        address.country_subdivision,
    )  # fmt: skip
    lines = tuple(part for part in (street, *others) if part) + address.lines
    town = " ".join(part for part in (address.post_code, address.town_name) if part) or None
    return PostalAddress(country=address.country, town_name=town, lines=lines)
