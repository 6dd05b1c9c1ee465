"""MT103 Single Customer Credit Transfer (and its STP and REMIT variants) <-> the model.

Field by field, following the CBPR+ MT -> MX translation rules (and the Ballerina
translator's expected outputs, tests/fixtures/messages/mt): 20 -> InstrId, 70 ``/ROC/`` ->
EndToEndId, 32A -> IntrBkSttlmAmt and IntrBkSttlmDt, 33B -> InstdAmt, 36 -> XchgRate,
50a -> Dbtr, 52a -> DbtrAgt, 53a/54a/55a -> reimbursement agents, 56a -> IntrmyAgt1,
57a -> CdtrAgt, 59a -> Cdtr, 70 -> RmtInf/Ustrd, 71A -> ChrgBr, 71F/71G -> ChrgsInf,
72 -> PrvsInstgAgt / InstrForCdtrAgt / InstrForNxtAgt, 77B -> RgltryRptg, 23E -> payment
type and instructions. Fields with no slot go to ``free_text`` verbatim.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.model import Agent, CreditTransfer, Message, MessageFormat, fast_constructor
from bankwire.messages.mt.builder import CHARGE_BEARERS, TransferBuilder, free_field
from bankwire.messages.mt.customer import party_from_field
from bankwire.messages.mt.fields import check_format, field_error, lines_of
from bankwire.messages.mt.fin import FinMessage
from bankwire.messages.mt.header import header_from_fin

__all__ = ["MANDATORY", "from_fin"]

MANDATORY: Final[tuple[str, ...]] = ("20", "23B", "32A", "50a", "59a", "71A")
ALLOWED: Final[frozenset[str]] = frozenset(
    [
        "20",
        "13C",
        "23B",
        "23E",
        "26T",
        "32A",
        "33B",
        "36",
        "50A",
        "50F",
        "50K",
        "51A",
        "52A",
        "52D",
        "53A",
        "53B",
        "53D",
        "54A",
        "54B",
        "54D",
        "55A",
        "55B",
        "55D",
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
        "71A",
        "71F",
        "71G",
        "72",
        "77B",
        "77T",
    ]
)
_CREDITOR_AGENT_CODES: Final[frozenset[str]] = frozenset({"CHQB", "HOLD", "PHOB", "TELB"})
_NEXT_AGENT_CODES: Final[dict[str, str]] = {"PHOI": "PHOA", "TELI": "TELA"}
_CATEGORY_CODES: Final[frozenset[str]] = frozenset({"INTC", "CORT"})
_RECEIVER_UNKNOWN: Final[Agent] = Agent()
_new_message: Final = fast_constructor(Message)
"""Placeholder passed to the field handlers when no 71G needs the receiver."""


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    """Map a parsed MT103 into a ``Message``; raises ``SchemaViolation`` naming the field."""
    present = check_fields(fin, "MT103", ALLOWED, MANDATORY)
    builder = TransferBuilder()
    receiver = Agent(bic=fin.receiver_bic) if "71G" in present else _RECEIVER_UNKNOWN
    for tag, value in fin.text:
        handler = _HANDLERS.get(tag) or _HANDLERS.get(tag[:2]) or _keep
        handler(builder, tag, value, receiver)
    builder.values.setdefault("end_to_end_id", "NOTPROVIDED")
    user_header = dict(fin.user_header)
    service = user_header.get("119")
    message_type = "MT103" + (service if service in {"STP", "REMIT"} else "")
    apply_user_header(user_header, builder)
    transfer = builder.build()
    reference = transfer.instruction_id or ""
    header = header_from_fin(
        fin, message_type, reference, received=received, business_date=transfer.settlement_date
    )
    message: Message = _new_message(
        message_type=message_type,
        format=MessageFormat.MT,
        header=header,
        group_header=builder.group_header(reference, header.created),
        transfers=(transfer,),
        free_text=tuple(builder.free_text),
    )
    return message


# One handler per tag (or tag number for fields with options), looked up once per field:
# this is the hot path of MT103 parsing.
_Handler = Callable[[TransferBuilder, str, str, Agent], None]


def _reference(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.values["instruction_id"] = check_format(tag, value)[0]


def _value_date_amount(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.value_date_amount(tag, value)


def _instructed_amount(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.instructed_amount(tag, value)


def _exchange_rate(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.values["exchange_rate"] = (check_format(tag, value)[0] or "").replace(",", ".")


def _debtor(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.values["debtor"], builder.values["debtor_account"] = party_from_field(tag, value)


def _creditor(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.values["creditor"], builder.values["creditor_account"] = party_from_field(tag, value)


def _debtor_agent(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.agent(tag, value, "debtor_agent", "debtor_agent_account")


def _creditor_agent(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.agent(tag, value, "creditor_agent", "creditor_agent_account")


def _intermediary(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.intermediary(tag, value)


def _correspondent(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    builder.correspondent(tag, value)


def _remittance(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    check_format(tag, value)
    builder.remittance(value)


def _charge_bearer(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    code = check_format(tag, value)[0] or ""
    if code not in CHARGE_BEARERS:
        raise field_error(tag, f"must be OUR, BEN or SHA (got {code})")
    builder.values["charge_bearer"] = CHARGE_BEARERS[code]


def _charge(builder: TransferBuilder, tag: str, value: str, receiver: Agent) -> None:
    builder.charge(tag, value, receiver)


def _sender_to_receiver(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    check_format(tag, value)
    builder.sender_to_receiver(value)


def _regulatory(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    check_format(tag, value)
    builder.values["regulatory_reporting"] = lines_of(value)


def _instruction(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    _instruction_code(builder, value)


def _operation(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    if (check_format(tag, value)[0] or "") != "CRED":
        builder.free_text.append(free_field(tag, value))


def _keep(builder: TransferBuilder, tag: str, value: str, _: Agent) -> None:
    check_format(tag, value)
    builder.free_text.append(free_field(tag, value))


_HANDLERS: Final[dict[str, _Handler]] = {
    "20": _reference,
    "32A": _value_date_amount,
    "33B": _instructed_amount,
    "36": _exchange_rate,
    "50": _debtor,
    "59": _creditor,
    "52": _debtor_agent,
    "57": _creditor_agent,
    "56": _intermediary,
    "53": _correspondent,
    "54": _correspondent,
    "55": _correspondent,
    "70": _remittance,
    "71A": _charge_bearer,
    "71F": _charge,
    "71G": _charge,
    "72": _sender_to_receiver,
    "77B": _regulatory,
    "23E": _instruction,
    "23B": _operation,
}


def _instruction_code(builder: TransferBuilder, value: str) -> None:
    code, info = check_format("23E", value)
    assert code is not None
    values = builder.values
    if code in _CREDITOR_AGENT_CODES:
        existing = values.get("instructions_for_creditor_agent", ())
        assert isinstance(existing, tuple)
        values["instructions_for_creditor_agent"] = (*existing, f"/{code}/{info or ''}")
    elif code in _NEXT_AGENT_CODES:
        existing = values.get("instructions_for_next_agent", ())
        assert isinstance(existing, tuple)
        mapped = _NEXT_AGENT_CODES[code]
        values["instructions_for_next_agent"] = (*existing, f"/{mapped}/{info or ''}")
    elif code == "SDVA" and not info:
        values["service_level"] = (*_strings(values.get("service_level", ())), "SDVA")
    elif code in _CATEGORY_CODES and not info and "category_purpose" not in values:
        values["category_purpose"] = code
    else:
        builder.free_text.append(free_field("23E", value))


def _strings(found: object) -> tuple[str, ...]:
    assert isinstance(found, tuple)
    return found


def apply_user_header(user_header: dict[str, str], builder: TransferBuilder) -> None:
    """Block 3: ``{121:}`` UETR, ``{111:001}`` gpi service level G001."""
    uetr = user_header.get("121")
    if uetr is not None:
        builder.values["uetr"] = uetr
    service_type = user_header.get("111")
    if service_type is not None:
        levels = _strings(builder.values.get("service_level", ()))
        builder.values["service_level"] = (f"G{service_type}", *levels)


REPEATABLE: Final[frozenset[str]] = frozenset({"13C", "23E", "71F"})
"""Fields that may occur more than once in MT103, MT202 (13C) and MT900/910."""


def check_fields(
    fin: FinMessage, name: str, allowed: frozenset[str], mandatory: tuple[str, ...]
) -> set[str]:
    """Unknown, repeated and absent mandatory fields (``50a`` = any option of 50).

    Returns the tags and tag numbers present. Set operations keep this in C: it runs for
    every message.
    """
    tags = [tag for tag, _ in fin.text]
    present = set(tags)
    unknown = present - allowed
    if unknown:
        first = next(tag for tag in tags if tag in unknown)
        raise field_error(first, f"not allowed in {name}")
    numbers = [tag[:2] for tag in tags if tag not in REPEATABLE]
    if len(numbers) != len(set(numbers)):
        seen: set[str] = set()
        for tag in tags:
            if tag not in REPEATABLE and tag[:2] in seen:
                raise field_error(tag, f"appears more than once in {name}")
            seen.add(tag[:2])
    present.update(numbers)
    for wanted in mandatory:
        # ``50a`` means any option of field 50: the number is in ``present``.
        if (wanted[:2] if wanted.endswith("a") else wanted) not in present:
            raise SchemaViolation(f"block 4 field {wanted}: mandatory in {name} but absent")
    return present


def transfer_of(message: Message) -> CreditTransfer:
    if len(message.transfers) != 1:
        raise SchemaViolation(
            f"{message.message_type}: must carry exactly one transaction "
            f"(got {len(message.transfers)})"
        )
    return message.transfers[0]
