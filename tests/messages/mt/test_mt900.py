"""MT900/910 confirmations: the confirmed entry as one transfer."""

from __future__ import annotations

from bankwire.messages import mt
from bankwire.messages.model import Account, Agent
from bankwire.money import Amount

from .samples import fin_bytes


def test_debit_confirmation() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT900__camt.054.001.08__mt2mx__c_54_1_1__mt900_camt_054_A_B.fin")
    )
    transfer = message.transfers[0]
    assert (transfer.instruction_id, transfer.end_to_end_id) == ("C11126A1378", "5482ABC")
    assert transfer.debtor_account == Account(other_id="9-9876543")
    assert transfer.interbank_settlement_amount == Amount.parse("233530", "USD")


def test_credit_confirmation() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT910__camt.054.001.08__mt2mx__c_54_1_1__mt910_camt_054_C_D.fin")
    )
    transfer = message.transfers[0]
    assert transfer.creditor_account == Account(other_id="6-9412771")
    assert transfer.debtor_agent == Agent(bic="BKAUATWW")
    assert transfer.intermediary_agents == (Agent(bic="BKTRUS33"),)
    assert message.free_text == (":13D:1401231426+0100",)
