"""pacs.008 mapping: every element the model keeps, read from real samples."""

from __future__ import annotations

from datetime import date

from bankwire.messages.api import parse_message
from bankwire.messages.model import Account, Agent

from ..mx_samples import PACS008, PACS008_FEDWIRE, PACS008_MAX


def test_cbpr_sample_fields() -> None:
    message = parse_message(PACS008.read_bytes())
    assert message.group_header is not None
    assert message.group_header.settlement_method == "INDA"
    (transfer,) = message.transfers
    assert transfer.instruction_id == "A2B0506272708"
    assert transfer.end_to_end_id == "E2E04044506271305"
    assert transfer.uetr == "174c245f-2682-4291-ad67-2a41e530cd27"
    assert transfer.settlement_date == date(2021, 5, 11)
    assert transfer.charge_bearer == "SHAR"
    assert transfer.intermediary_agents == (Agent(bic="ANBTUS44XXX"),)
    assert transfer.creditor_account == Account(other_id="254178963")
    assert transfer.remittance_information == ("/ROC/E2E04044506271305",)


def test_fedwire_sample_uses_clearing_member_ids() -> None:
    message = parse_message(PACS008_FEDWIRE.read_bytes())
    assert message.header is None
    assert message.group_header is not None
    assert message.group_header.clearing_system == "FDW"
    agent = message.transfers[0].instructing_agent
    assert agent is not None
    assert (agent.clearing_system, agent.member_id) == ("USABA", "011104238")


def test_maximal_sample_keeps_every_party_slot() -> None:
    (transfer,) = parse_message(PACS008_MAX.read_bytes()).transfers
    assert transfer.ultimate_debtor is not None
    assert transfer.initiating_party is not None
    assert transfer.ultimate_creditor is not None
    assert len(transfer.previous_instructing_agents) == 3
    assert len(transfer.intermediary_agents) == 3
    assert all(agent.account is not None for agent in transfer.intermediary_agents)
    assert transfer.regulatory_reporting == ("EXInf",)
    assert transfer.instructions_for_next_agent == ("EXInstrInf",)
