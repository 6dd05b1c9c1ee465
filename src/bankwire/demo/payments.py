"""Build well-formed CBPR+ pacs.008 messages: for the demo, the CLI, the benchmark and tests.

Real banks build their messages in their own back offices; the story, the load generator and
the end-to-end tests need realistic ones that pass the network's validation, so they are
built here from the message model and rendered by the messages package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bankwire.messages.api import render_mx
from bankwire.messages.model import (
    Account,
    Agent,
    BusinessHeader,
    CreditTransfer,
    GroupHeader,
    Message,
    MessageFormat,
    Party,
    PostalAddress,
)
from bankwire.money import Amount

__all__ = ["CustomerTransfer", "pacs008"]

PACS008 = "pacs.008.001.08"


@dataclass(frozen=True, slots=True)
class CustomerTransfer:
    """The business content of one customer credit transfer."""

    sender: str
    """Instructing agent BIC (also the AppHdr From)."""
    receiver: str
    """Instructed agent BIC (also the AppHdr To)."""
    uetr: str
    message_id: str
    amount: Amount
    settlement_date: date
    debtor: str
    debtor_country: str
    creditor: str
    creditor_country: str
    debtor_agent: str | None = None
    creditor_agent: str | None = None
    intermediary: str | None = None
    debtor_account: str = "1234567890"
    creditor_account: str = "0987654321"
    remittance: str = ""
    purpose: str | None = None
    debtor_town: str = "Caracas"
    creditor_town: str = "Moscow"


def pacs008(transfer: CustomerTransfer, created: datetime) -> bytes:
    """Render ``transfer`` as an AppHdr + pacs.008.001.08 envelope."""
    return render_mx(_message(transfer, created))


def _message(transfer: CustomerTransfer, created: datetime) -> Message:
    header = BusinessHeader(
        from_bic=transfer.sender,
        to_bic=transfer.receiver,
        business_message_id=transfer.message_id,
        message_definition_id=PACS008,
        created=created,
        business_service="swift.cbprplus.02",
    )
    group = GroupHeader(
        message_id=transfer.message_id,
        created=created,
        number_of_transactions=1,
        settlement_method="INDA",
    )
    intermediaries = (Agent(bic=transfer.intermediary),) if transfer.intermediary else ()
    body = CreditTransfer(
        end_to_end_id=transfer.message_id,
        instruction_id=transfer.message_id,
        uetr=transfer.uetr,
        interbank_settlement_amount=transfer.amount,
        settlement_date=transfer.settlement_date,
        charge_bearer="SHAR",
        instructing_agent=Agent(bic=transfer.sender),
        instructed_agent=Agent(bic=transfer.receiver),
        intermediary_agents=intermediaries,
        debtor=Party(
            name=transfer.debtor,
            address=PostalAddress(town_name=transfer.debtor_town, country=transfer.debtor_country),
        ),
        debtor_account=Account(other_id=transfer.debtor_account),
        debtor_agent=Agent(bic=transfer.debtor_agent or transfer.sender),
        creditor_agent=Agent(bic=transfer.creditor_agent or transfer.receiver),
        creditor=Party(
            name=transfer.creditor,
            address=PostalAddress(
                town_name=transfer.creditor_town, country=transfer.creditor_country
            ),
        ),
        creditor_account=Account(other_id=transfer.creditor_account),
        purpose=transfer.purpose,
        remittance_information=(transfer.remittance,) if transfer.remittance else (),
    )
    return Message(
        message_type=PACS008,
        format=MessageFormat.MX,
        header=header,
        group_header=group,
        transfers=(body,),
    )
