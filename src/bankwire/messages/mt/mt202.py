"""MT202 / MT205 General Financial Institution Transfer, and their COV variants.

Sequence A maps to a pacs.009 transaction (CBPR+ rules): 20 -> InstrId, 21 -> EndToEndId,
32A -> amount and date, 52a -> Dbtr (an institution), 56a -> IntrmyAgt1, 57a -> CdtrAgt,
58a -> Cdtr, 53a/54a -> reimbursement agents, 72 -> PrvsInstgAgt and instructions.
Sequence B of a COV message (it starts at the first field 50a) is the underlying customer
credit transfer: 50a -> Dbtr, 52a -> DbtrAgt, 56a -> IntrmyAgt1, 57a -> CdtrAgt, 59a -> Cdtr,
70 -> RmtInf, 72 -> instructions, 33B -> InstdAmt. As in a pacs.009 COV, the underlying
transfer has no references of its own and carries the cover amount.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bankwire.messages.model import CreditTransfer, Message, MessageFormat
from bankwire.messages.mt.builder import TransferBuilder, amount_of, free_field
from bankwire.messages.mt.customer import party_from_field
from bankwire.messages.mt.fields import check_format, field_error
from bankwire.messages.mt.fin import FinMessage
from bankwire.messages.mt.header import header_from_fin
from bankwire.messages.mt.mt103 import apply_user_header, check_fields

__all__ = ["from_fin"]

MANDATORY: Final[tuple[str, ...]] = ("20", "21", "32A", "58a")
ALLOWED_A: Final[frozenset[str]] = frozenset(
    [
        "20",
        "21",
        "13C",
        "32A",
        "52A",
        "52D",
        "53A",
        "53B",
        "53D",
        "54A",
        "54B",
        "54D",
        "56A",
        "56D",
        "57A",
        "57B",
        "57D",
        "58A",
        "58D",
        "72",
    ]
)
ALLOWED_B: Final[frozenset[str]] = frozenset(
    [
        "50A",
        "50F",
        "50K",
        "52A",
        "52D",
        "56A",
        "56C",
        "56D",
        "57A",
        "57B",
        "57C",
        "57D",
        "59",
        "59A",
        "59F",
        "70",
        "72",
        "33B",
    ]
)


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    kind = fin.message_type
    sequence_a, sequence_b = _split_sequences(fin.text)
    name = f"MT{kind}"
    check_fields(_with_text(fin, sequence_a), name, ALLOWED_A, MANDATORY)
    cover = bool(sequence_b) or fin.user_header_value("119") == "COV"
    if cover:
        check_fields(_with_text(fin, sequence_b), f"{name}COV", ALLOWED_B, ("50a", "59a"))
    builder = TransferBuilder()
    for tag, value in sequence_a:
        _apply_institution(builder, tag, value)
    apply_user_header(dict(fin.user_header), builder)
    if cover:
        builder.values["underlying"] = _underlying(sequence_b, builder)
    transfer = builder.build()
    message_type = name + ("COV" if cover else "")
    reference = transfer.instruction_id or ""
    header = header_from_fin(
        fin,
        message_type,
        reference,
        received=received,
        business_date=transfer.settlement_date,
        related_reference=transfer.end_to_end_id,
    )
    return Message(
        message_type=message_type,
        format=MessageFormat.MT,
        header=header,
        group_header=builder.group_header(reference, header.created),
        transfers=(transfer,),
        free_text=tuple(builder.free_text),
    )


def _with_text(fin: FinMessage, text: tuple[tuple[str, str], ...]) -> FinMessage:
    return FinMessage(fin.basic_header, fin.application_header, fin.user_header, text)


def _split_sequences(
    text: tuple[tuple[str, str], ...],
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    for index, (tag, _) in enumerate(text):
        if tag.startswith("50"):
            return text[:index], text[index:]
    return text, ()


def _apply_institution(builder: TransferBuilder, tag: str, value: str) -> None:
    values = builder.values
    if tag == "20":
        values["instruction_id"] = check_format(tag, value)[0]
    elif tag == "21":
        values["end_to_end_id"] = check_format(tag, value)[0]
    elif tag == "32A":
        builder.value_date_amount(tag, value)
    elif tag.startswith("52"):
        builder.agent(tag, value, "debtor_fi", "debtor_account")
    elif tag.startswith("58"):
        builder.agent(tag, value, "creditor_fi", "creditor_account")
    elif tag.startswith("57"):
        builder.agent(tag, value, "creditor_agent", "creditor_agent_account")
    elif tag.startswith("56"):
        builder.intermediary(tag, value)
    elif tag[:2] in {"53", "54"}:
        builder.correspondent(tag, value)
    elif tag == "72":
        check_format(tag, value)
        builder.sender_to_receiver(value, beneficiary_as_remittance=True)
    else:
        check_format(tag, value)
        builder.free_text.append(free_field(tag, value))


def _underlying(sequence_b: tuple[tuple[str, str], ...], outer: TransferBuilder) -> CreditTransfer:
    builder = TransferBuilder()
    builder.values["interbank_settlement_amount"] = amount_of(outer.values)
    for tag, value in sequence_b:
        values = builder.values
        if tag.startswith("50"):
            values["debtor"], values["debtor_account"] = party_from_field(tag, value)
        elif tag.startswith("59"):
            values["creditor"], values["creditor_account"] = party_from_field(tag, value)
        elif tag.startswith("52"):
            builder.agent(tag, value, "debtor_agent", "debtor_agent_account")
        elif tag.startswith("57"):
            builder.agent(tag, value, "creditor_agent", "creditor_agent_account")
        elif tag.startswith("56"):
            builder.intermediary(tag, value)
        elif tag == "70":
            check_format(tag, value)
            builder.remittance(value)
        elif tag == "72":
            check_format(tag, value)
            builder.sender_to_receiver(value)
        elif tag == "33B":
            builder.instructed_amount(tag, value)
        else:
            raise field_error(tag, "not allowed in sequence B of a COV message")
    # Underlying transfers carry no references of their own (pacs.009 COV has none).
    builder.values["end_to_end_id"] = ""
    outer.free_text.extend(f"B{item}" for item in builder.free_text)
    return builder.build()
