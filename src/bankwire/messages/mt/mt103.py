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

from datetime import datetime
from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.model import Agent, CreditTransfer, Message, MessageFormat
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


def from_fin(fin: FinMessage, *, received: datetime | None = None) -> Message:
    """Map a parsed MT103 into a ``Message``; raises ``SchemaViolation`` naming the field."""
    check_fields(fin, "MT103", ALLOWED, MANDATORY)
    builder = TransferBuilder()
    receiver = Agent(bic=fin.receiver_bic) if fin.receiver_bic else Agent()
    for tag, value in fin.text:
        _apply(builder, tag, value, receiver)
    builder.values.setdefault("end_to_end_id", "NOTPROVIDED")
    service = fin.user_header_value("119")
    message_type = "MT103" + (service if service in {"STP", "REMIT"} else "")
    apply_user_header(fin, builder)
    transfer = builder.build()
    reference = transfer.instruction_id or ""
    header = header_from_fin(
        fin, message_type, reference, received=received, business_date=transfer.settlement_date
    )
    return Message(
        message_type=message_type,
        format=MessageFormat.MT,
        header=header,
        group_header=builder.group_header(reference, header.created),
        transfers=(transfer,),
        free_text=tuple(builder.free_text),
    )


def _apply(builder: TransferBuilder, tag: str, value: str, receiver: Agent) -> None:
    values = builder.values
    if tag == "20":
        values["instruction_id"] = check_format(tag, value)[0]
    elif tag == "32A":
        builder.value_date_amount(tag, value)
    elif tag == "33B":
        builder.instructed_amount(tag, value)
    elif tag == "36":
        values["exchange_rate"] = (check_format(tag, value)[0] or "").replace(",", ".")
    elif tag.startswith("50"):
        values["debtor"], values["debtor_account"] = party_from_field(tag, value)
    elif tag.startswith("59"):
        values["creditor"], values["creditor_account"] = party_from_field(tag, value)
    elif tag.startswith("52"):
        builder.agent(tag, value, "debtor_agent", "debtor_agent_account")
    elif tag.startswith("57"):
        builder.agent(tag, value, "creditor_agent", "creditor_agent_account")
    elif tag.startswith("56"):
        builder.intermediary(tag, value)
    elif tag[:2] in {"53", "54", "55"}:
        builder.correspondent(tag, value)
    elif tag == "70":
        check_format(tag, value)
        builder.remittance(value)
    elif tag == "71A":
        code = check_format(tag, value)[0] or ""
        if code not in CHARGE_BEARERS:
            raise field_error(tag, f"must be OUR, BEN or SHA (got {code})")
        values["charge_bearer"] = CHARGE_BEARERS[code]
    elif tag in {"71F", "71G"}:
        builder.charge(tag, value, receiver)
    elif tag == "72":
        check_format(tag, value)
        builder.sender_to_receiver(value)
    elif tag == "77B":
        check_format(tag, value)
        values["regulatory_reporting"] = lines_of(value)
    elif tag == "23E":
        _instruction_code(builder, value)
    elif tag == "23B":
        if (check_format(tag, value)[0] or "") != "CRED":
            builder.free_text.append(free_field(tag, value))
    else:
        check_format(tag, value)
        builder.free_text.append(free_field(tag, value))


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


def apply_user_header(fin: FinMessage, builder: TransferBuilder) -> None:
    """Block 3: ``{121:}`` UETR, ``{111:001}`` gpi service level G001."""
    uetr = fin.user_header_value("121")
    if uetr is not None:
        builder.values["uetr"] = uetr
    service_type = fin.user_header_value("111")
    if service_type is not None:
        levels = _strings(builder.values.get("service_level", ()))
        builder.values["service_level"] = (f"G{service_type}", *levels)


REPEATABLE: Final[frozenset[str]] = frozenset({"13C", "23E", "71F"})
"""Fields that may occur more than once in MT103, MT202 (13C) and MT900/910."""


def check_fields(
    fin: FinMessage, name: str, allowed: frozenset[str], mandatory: tuple[str, ...]
) -> None:
    """Unknown, repeated and absent mandatory fields (``50a`` = any option of 50)."""
    present: set[str] = set()
    for tag, _ in fin.text:
        if tag not in allowed:
            raise field_error(tag, f"not allowed in {name}")
        if tag in REPEATABLE:
            continue
        if tag[:2] in present:
            raise field_error(tag, f"appears more than once in {name}")
        present.add(tag[:2])
    present.update(tag for tag, _ in fin.text)
    for wanted in mandatory:
        found = wanted in present
        if wanted.endswith("a"):
            number = wanted[:-1]
            found = any(tag[:2] == number for tag in present)
        if not found:
            raise SchemaViolation(f"block 4 field {wanted}: mandatory in {name} but absent")


def transfer_of(message: Message) -> CreditTransfer:
    if len(message.transfers) != 1:
        raise SchemaViolation(
            f"{message.message_type}: must carry exactly one transaction "
            f"(got {len(message.transfers)})"
        )
    return message.transfers[0]
