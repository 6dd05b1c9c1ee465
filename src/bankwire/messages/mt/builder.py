"""Decoding of the block-4 fields that MT103, MT202 and their cover sequence share.

A ``TransferBuilder`` collects keyword values for one ``CreditTransfer`` while the message
module walks its fields once, in order. Fields without a model slot are kept verbatim in
``free_text`` as ``:TAG:value`` so nothing is dropped: they are screened, rendered back and
reported as losses by translation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bankwire.messages.model import Account, Agent, CreditTransfer, GroupHeader, fast_constructor
from bankwire.messages.mt.fields import (
    agent_from_field,
    check_format,
    decode_amount,
    decode_date,
    lines_of,
)
from bankwire.messages.mt.narrative import parse_field72
from bankwire.money import Amount

__all__ = ["CHARGE_BEARERS", "TransferBuilder", "free_field"]

CHARGE_BEARERS: Final[dict[str, str]] = {"OUR": "DEBT", "BEN": "CRED", "SHA": "SHAR"}
"""Field 71A -> ISO 20022 ``ChrgBr`` (CBPR+ translation rule)."""
_new_transfer: Final = fast_constructor(CreditTransfer)
_new_group_header: Final = fast_constructor(GroupHeader)


def free_field(tag: str, value: str) -> str:
    return f":{tag}:{value}"


class TransferBuilder:
    """Accumulates ``CreditTransfer`` keyword values; one instance per transaction."""

    __slots__ = ("free_text", "reimbursement", "settlement_account", "values")

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.free_text: list[str] = []
        self.reimbursement: dict[str, Agent] = {}
        self.settlement_account: Account | None = None

    def value_date_amount(self, tag: str, value: str) -> None:
        raw_date, currency, amount = check_format(tag, value)
        assert raw_date is not None and currency is not None and amount is not None
        self.values["settlement_date"] = decode_date(tag, raw_date)
        self.values["interbank_settlement_amount"] = decode_amount(tag, currency, amount)

    def instructed_amount(self, tag: str, value: str) -> None:
        currency, amount = check_format(tag, value)
        assert currency is not None and amount is not None
        self.values["instructed_amount"] = decode_amount(tag, currency, amount)

    def charge(self, tag: str, value: str, receiver: Agent) -> None:
        currency, amount = check_format(tag, value)
        assert currency is not None and amount is not None
        charges = self.values.setdefault("charges", [])
        assert isinstance(charges, list)
        # 71F are charges deducted on the way (agent unknown), 71G the receiver's charges.
        charges.append((decode_amount(tag, currency, amount), receiver if tag == "71G" else None))

    def agent(self, tag: str, value: str, slot: str, account_slot: str | None = None) -> None:
        agent = agent_from_field(tag, value)
        if account_slot is not None and agent.account is not None:
            self.values[account_slot] = agent.account
            agent = Agent(agent.bic, agent.name, agent.address, agent.lei,
                          agent.clearing_system, agent.member_id)  # fmt: skip
        self.values[slot] = agent

    def intermediary(self, tag: str, value: str) -> None:
        self.values["intermediary_agents"] = (agent_from_field(tag, value),)

    def correspondent(self, tag: str, value: str) -> None:
        """53a/54a/55a: reimbursement agents; 53B with an account only is the settlement account."""
        agent = agent_from_field(tag, value)
        if tag == "53B" and agent.address is None and agent.account is not None:
            self.settlement_account = agent.account
            return
        self.reimbursement[tag[:2]] = agent

    def sender_to_receiver(self, value: str, *, beneficiary_as_remittance: bool = False) -> None:
        """Field 72; ``/BNF/`` is remittance information in MT202 and an instruction in 103."""
        narrative = parse_field72(value)
        if beneficiary_as_remittance:
            remittance = tuple(f"/BNF/{text}" for text in narrative.beneficiary)
            self.values["remittance_information"] = (
                *self._tuple("remittance_information"),
                *remittance,
            )
        else:
            narrative.for_creditor_agent.extend(narrative.beneficiary)
        self.values["previous_instructing_agents"] = tuple(narrative.previous_instructing_agents)
        self.values["instructions_for_creditor_agent"] = tuple(
            list(self._tuple("instructions_for_creditor_agent")) + narrative.for_creditor_agent
        )
        self.values["instructions_for_next_agent"] = tuple(
            list(self._tuple("instructions_for_next_agent")) + narrative.for_next_agent
        )
        self.free_text.extend(narrative.free_text)

    def remittance(self, value: str) -> None:
        lines = lines_of(value)
        joined = "".join(lines)
        self.values["remittance_information"] = (joined,)
        if joined.startswith("/ROC/"):
            self.values["end_to_end_id"] = joined[5:].split("/", 1)[0] or "NOTPROVIDED"

    def _tuple(self, key: str) -> tuple[str, ...]:
        found = self.values.get(key, ())
        assert isinstance(found, tuple)
        return found

    def build(self) -> CreditTransfer:
        if "charges" in self.values:
            charges = self.values["charges"]
            assert isinstance(charges, list)
            self.values["charges"] = tuple(charges)
        transfer: CreditTransfer = _new_transfer(**self.values)
        return transfer

    def group_header(self, message_id: str, created: datetime) -> GroupHeader:
        """CBPR+: INDA unless a reimbursement agent is named (then COVE)."""
        method = "COVE" if self.reimbursement else "INDA"
        header: GroupHeader = _new_group_header(
            message_id=message_id,
            created=created,
            number_of_transactions=1,
            settlement_method=method,
            settlement_account=self.settlement_account,
            instructing_reimbursement_agent=self.reimbursement.get("53"),
            instructed_reimbursement_agent=self.reimbursement.get("54"),
            third_reimbursement_agent=self.reimbursement.get("55"),
        )
        return header


def amount_of(values: dict[str, object]) -> Amount:
    found = values["interbank_settlement_amount"]
    assert isinstance(found, Amount)
    return found
