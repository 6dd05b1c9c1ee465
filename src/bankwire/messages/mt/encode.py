"""Model -> block-4 fields for MT103 and MT202/205 (COV), the inverse of their parsers.

Every value is checked against its field format before it is emitted: rendering a model
that does not fit MT (a 40-character reference, a fifth remittance line) raises
``SchemaViolation``; ``translate`` fits the model first and reports what it had to cut.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from bankwire.errors import SchemaViolation
from bankwire.messages.model import Account, Agent, CreditTransfer, GroupHeader, Message
from bankwire.messages.mt.builder import CHARGE_BEARERS
from bankwire.messages.mt.customer import party_to_field
from bankwire.messages.mt.fields import agent_to_field, check_format, fit_value
from bankwire.messages.mt.narrative import render_field72, split_lines
from bankwire.money import Amount

__all__ = [
    "amount_text",
    "encode_confirmation",
    "encode_mt103",
    "encode_mt202",
    "free_fields",
    "ordered",
]

BEARER_CODES: Final[dict[str, str]] = {value: key for key, value in CHARGE_BEARERS.items()}
MT103_ORDER: Final[tuple[str, ...]] = tuple(
    [
        "20",
        "13C",
        "23B",
        "23E",
        "26T",
        "32A",
        "33B",
        "36",
        "50",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "59",
        "70",
        "71A",
        "71F",
        "71G",
        "72",
        "77B",
        "77T",
    ]
)
CONFIRMATION_ORDER: Final[tuple[str, ...]] = tuple(
    ["20", "21", "25", "25P", "13D", "32A", "50", "52", "56", "72"]
)
MT202_ORDER: Final[tuple[str, ...]] = tuple(
    ["20", "21", "13C", "32A", "52", "53", "54", "56", "57", "58", "72"]
)
_NEXT_AGENT_CODES: Final[dict[str, str]] = {"PHOA": "PHOI", "TELA": "TELI"}
_CREDITOR_AGENT_CODES: Final[frozenset[str]] = frozenset({"CHQB", "HOLD", "PHOB", "TELB"})


def amount_text(amount: Amount) -> str:
    """``1234.50 EUR`` -> ``EUR1234,5``: comma decimal mark, trailing zeros dropped."""
    text = amount.to_decimal_string()
    whole, _, fraction = text.partition(".")
    return f"{amount.currency.code}{whole},{fraction.rstrip('0')}"


def ordered(fields: list[tuple[str, str]], order: tuple[str, ...]) -> list[tuple[str, str]]:
    """Sort fields into the message's field order (stable, by tag or tag number)."""

    def rank(item: tuple[str, str]) -> int:
        tag = item[0]
        if tag in order:
            return order.index(tag)
        return order.index(tag[:2]) if tag[:2] in order else len(order)

    return sorted(fields, key=rank)


def checked(tag: str, value: str, fit: bool = False) -> tuple[str, str]:
    """The field, checked against its format; with ``fit`` made to fit first."""
    if fit:
        return tag, fit_value(tag, value)
    check_format(tag, value)
    return tag, value


def free_fields(free_text: tuple[str, ...], prefix: str = "") -> list[tuple[str, str]]:
    """``:TAG:value`` items kept by the parser, except field 72 (merged by the caller)."""
    fields = []
    for item in free_text:
        if not item.startswith(prefix + ":") or item.startswith(prefix + ":72:"):
            continue
        tag, _, value = item[len(prefix) + 1 :].partition(":")
        fields.append((tag, value))
    return fields


def encode_mt103(
    message: Message, transfer: CreditTransfer, *, fit: bool = False
) -> list[tuple[str, str]]:
    fields = free_fields(message.free_text)
    if not any(tag == "23B" for tag, _ in fields):
        fields.append(("23B", "CRED"))
    fields.append(checked("20", transfer.instruction_id or _reference(message), fit))
    fields.extend(_transfer_core(transfer, fit))
    fields.extend(_instruction_codes(transfer, fit))
    if transfer.instructed_amount is not None:
        fields.append(checked("33B", amount_text(transfer.instructed_amount), fit))
    if transfer.exchange_rate is not None:
        rate = transfer.exchange_rate.replace(".", ",")
        fields.append(checked("36", rate if "," in rate else rate + ",", fit))
    fields.extend(_customers(transfer, fit))
    fields.extend(_correspondents(message.group_header, fit))
    if transfer.charge_bearer not in BEARER_CODES:
        raise SchemaViolation(
            f"block 4 field 71A: charge bearer must be DEBT, CRED or SHAR "
            f"(got {transfer.charge_bearer})"
        )
    fields.append(("71A", BEARER_CODES[transfer.charge_bearer]))
    receiver = message.header.to_bic if message.header else None
    for amount, agent in transfer.charges:
        tag = "71G" if agent is not None and agent.bic and agent.bic == receiver else "71F"
        fields.append(checked(tag, amount_text(amount), fit))
    if transfer.regulatory_reporting:
        fields.append(checked("77B", "\n".join(transfer.regulatory_reporting), fit))
    fields.extend(_field72(transfer, message.free_text, "", fit))
    return ordered(fields, MT103_ORDER)


def _reference(message: Message) -> str:
    return message.header.business_message_id if message.header else ""


def _transfer_core(transfer: CreditTransfer, fit: bool) -> list[tuple[str, str]]:
    if transfer.settlement_date is None:
        raise SchemaViolation("block 4 field 32A: a value date is mandatory (got none)")
    value = f"{transfer.settlement_date:%y%m%d}{amount_text(transfer.interbank_settlement_amount)}"
    fields = [checked("32A", value, fit)]
    agents = (
        ("52", transfer.debtor_agent, transfer.debtor_agent_account, "AD"),
        ("57", transfer.creditor_agent, transfer.creditor_agent_account, "ABCD"),
    )
    for prefix, agent, account, options in agents:
        if agent is not None:
            fields.append(
                checked(*agent_to_field(prefix, _with_account(agent, account), options), fit=fit)
            )
    for agent in transfer.intermediary_agents[:1]:
        fields.append(checked(*agent_to_field("56", agent, "ACD"), fit=fit))
    return fields


def _with_account(agent: Agent, account: Account | None) -> Agent:
    """The agent with the account the model keeps beside it (``DbtrAgtAcct`` ...)."""
    if account is None:
        return agent
    return dataclasses.replace(agent, account=account)


def _customers(transfer: CreditTransfer, fit: bool) -> list[tuple[str, str]]:
    if transfer.debtor is None or transfer.creditor is None:
        raise SchemaViolation("block 4 field 50a/59a: debtor and creditor are mandatory")
    fields = [
        checked(*party_to_field("50", transfer.debtor, transfer.debtor_account, fit=fit), fit=fit),
        checked(
            *party_to_field("59", transfer.creditor, transfer.creditor_account, fit=fit), fit=fit
        ),
    ]
    if transfer.remittance_information:
        text = "".join(transfer.remittance_information)
        fields.append(checked("70", "\n".join(split_lines(text)), fit))
    return fields


def _correspondents(group_header: GroupHeader | None, fit: bool) -> list[tuple[str, str]]:
    if group_header is None:
        return []
    fields = []
    if group_header.settlement_account is not None and (
        number := group_header.settlement_account.iban or group_header.settlement_account.other_id
    ):
        fields.append(checked("53B", f"/{number}", fit))
    for prefix, agent in (
        ("53", group_header.instructing_reimbursement_agent),
        ("54", group_header.instructed_reimbursement_agent),
        ("55", group_header.third_reimbursement_agent),
    ):
        if agent is not None:
            fields.append(checked(*agent_to_field(prefix, agent, "ABD"), fit=fit))
    return fields


def _instruction_codes(transfer: CreditTransfer, fit: bool) -> list[tuple[str, str]]:
    fields = []
    for instruction in transfer.instructions_for_creditor_agent:
        if instruction[5:6] == "/" and instruction[1:5] in _CREDITOR_AGENT_CODES:
            fields.append(checked("23E", _code_value(instruction[1:5], instruction[6:]), fit))
    for instruction in transfer.instructions_for_next_agent:
        if instruction[5:6] == "/" and instruction[1:5] in _NEXT_AGENT_CODES:
            code = _NEXT_AGENT_CODES[instruction[1:5]]
            fields.append(checked("23E", _code_value(code, instruction[6:]), fit))
    if "SDVA" in transfer.service_level:
        fields.append(("23E", "SDVA"))
    if transfer.category_purpose in {"INTC", "CORT"}:
        fields.append(("23E", transfer.category_purpose))
    return fields


def _code_value(code: str, info: str) -> str:
    return f"{code}/{info}" if info else code


def _field72(
    transfer: CreditTransfer,
    free_text: tuple[str, ...],
    prefix: str,
    fit: bool,
    beneficiary: tuple[str, ...] = (),
) -> list[tuple[str, str]]:
    """Field 72 from instructions without a 23E code, /INS/ agents and kept 72 lines."""
    creditor = tuple(
        item for item in transfer.instructions_for_creditor_agent
        if not (item[5:6] == "/" and item[1:5] in _CREDITOR_AGENT_CODES)
    )  # fmt: skip
    next_agent = tuple(
        item for item in transfer.instructions_for_next_agent
        if not (item[5:6] == "/" and item[1:5] in _NEXT_AGENT_CODES)
    )  # fmt: skip
    kept = tuple(item[len(prefix) :] for item in free_text if item.startswith(prefix + ":72:"))
    value = render_field72(
        transfer.previous_instructing_agents, creditor, next_agent, kept, beneficiary
    )
    return [] if value is None else [checked("72", value, fit)]


def encode_mt202(
    message: Message, transfer: CreditTransfer, *, fit: bool = False
) -> list[tuple[str, str]]:
    fields = free_fields(message.free_text)
    fields.append(checked("20", transfer.instruction_id or _reference(message), fit))
    fields.append(checked("21", transfer.end_to_end_id, fit))
    fields.extend(_transfer_core(transfer, fit))
    for prefix, agent, account in (
        ("52", transfer.debtor_fi, transfer.debtor_account),
        ("58", transfer.creditor_fi, transfer.creditor_account),
    ):
        if agent is not None:
            fields.append(
                checked(*agent_to_field(prefix, _with_account(agent, account), "AD"), fit=fit)
            )
    fields.extend(_correspondents(message.group_header, fit))
    beneficiary = tuple(item.removeprefix("/BNF/") for item in transfer.remittance_information)
    fields.extend(_field72(transfer, message.free_text, "", fit, beneficiary))
    fields = ordered(fields, MT202_ORDER)
    if transfer.underlying is not None:
        fields.extend(_sequence_b(message, transfer.underlying, fit))
    return fields


def _sequence_b(message: Message, underlying: CreditTransfer, fit: bool) -> list[tuple[str, str]]:
    customers = _customers(underlying, fit)
    fields = [customers[0]]
    for prefix, agent, account, options in (
        ("52", underlying.debtor_agent, underlying.debtor_agent_account, "AD"),
        ("56", next(iter(underlying.intermediary_agents), None), None, "ACD"),
        ("57", underlying.creditor_agent, underlying.creditor_agent_account, "ABCD"),
    ):
        if agent is not None:
            fields.append(
                checked(*agent_to_field(prefix, _with_account(agent, account), options), fit=fit)
            )
    fields.extend(customers[1:])
    fields.extend(_field72(underlying, message.free_text, "B", fit))
    if underlying.instructed_amount is not None:
        fields.append(checked("33B", amount_text(underlying.instructed_amount), fit))
    return fields


def encode_confirmation(message: Message, *, fit: bool = False) -> list[tuple[str, str]]:
    """MT900/910: the confirmed entry is the message's single transfer."""
    if len(message.transfers) != 1:
        raise SchemaViolation(f"{message.message_type}: must carry exactly one transaction")
    transfer = message.transfers[0]
    account = (
        transfer.debtor_account if message.message_type == "MT900" else transfer.creditor_account
    )
    number = (account.iban or account.other_id) if account else None
    if not number:
        raise SchemaViolation("block 4 field 25: the account identification is mandatory")
    fields = [
        checked("20", transfer.instruction_id or _reference(message), fit),
        checked("21", transfer.end_to_end_id, fit),
        checked("25", number, fit),
    ]
    fields.extend(free_fields(message.free_text))
    fields.extend(_transfer_core(transfer, fit))
    if transfer.debtor is not None:
        fields.append(
            checked(
                *party_to_field("50", transfer.debtor, transfer.debtor_account, fit=fit), fit=fit
            )
        )
    fields.extend(_field72(transfer, message.free_text, "", fit))
    return ordered(fields, CONFIRMATION_ORDER)
