"""MT900 Confirmation of Debit and MT910 Confirmation of Credit.

The confirmed entry is carried as one ``CreditTransfer`` (the model has no account-report
type): 20 -> instruction id, 21 -> end-to-end id (the related reference), 25a -> the account
debited (900, ``debtor_account``) or credited (910, ``creditor_account``), 32A -> amount and
value date, 50a -> ordering customer (910), 52a -> ordering institution, 56a -> intermediary
(910), 72 -> instructions. 13D (date-time indication) goes to ``free_text``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.mt.builder import TransferBuilder, free_field
from bankwire.messages.mt.customer import party_from_field
from bankwire.messages.mt.fields import check_format, decode_account, field_error
from bankwire.messages.mt.fin import FinMessage
from bankwire.messages.mt.header import header_from_fin
from bankwire.messages.mt.mt103 import check_fields

__all__ = ["from_fin"]

MANDATORY: Final[tuple[str, ...]] = ("20", "21", "25", "32A")
ALLOWED: Final[dict[str, frozenset[str]]] = {
    "900": frozenset(["20", "21", "25", "25P", "13D", "32A", "52A", "52D", "72"]),
    "910": frozenset(
        [
            "20",
            "21",
            "25",
            "25P",
            "13D",
            "32A",
            "50A",
            "50F",
            "50K",
            "52A",
            "52D",
            "56A",
            "56D",
            "72",
        ]
    ),
}


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    kind = fin.message_type
    name = f"MT{kind}"
    check_fields(fin, name, ALLOWED[kind], MANDATORY)
    builder = TransferBuilder()
    values = builder.values
    account_slot = "debtor_account" if kind == "900" else "creditor_account"
    for tag, value in fin.text:
        if tag == "20":
            values["instruction_id"] = check_format(tag, value)[0]
        elif tag == "21":
            values["end_to_end_id"] = check_format(tag, value)[0]
        elif tag == "25":
            values[account_slot] = decode_account(check_format(tag, value)[0])
        elif tag == "32A":
            builder.value_date_amount(tag, value)
        elif tag.startswith("50"):
            values["debtor"], values["debtor_account"] = party_from_field(tag, value)
        elif tag.startswith("52"):
            builder.agent(tag, value, "debtor_agent", "debtor_agent_account")
        elif tag.startswith("56"):
            builder.intermediary(tag, value)
        elif tag == "72":
            check_format(tag, value)
            builder.sender_to_receiver(value)
        elif tag in {"13D", "25P"}:
            builder.free_text.append(free_field(tag, value))
        else:
            raise field_error(tag, f"not allowed in {name}")
    transfer = builder.build()
    reference = transfer.instruction_id or ""
    header = header_from_fin(
        fin,
        name,
        reference,
        received=received,
        business_date=transfer.settlement_date,
        related_reference=transfer.end_to_end_id,
    )
    return Message(
        name, MessageFormat.MT, header, None, (transfer,), free_text=tuple(builder.free_text)
    )
