"""Re-screening: when a new list version lands, check again what has not been delivered.

A payment queued yesterday may name a party designated this morning. Before delivery, every
queued (not yet handed out) and every held payment is decided again with the new screener.
One that is now blocked is withdrawn from the queue and its funds frozen: for a queued payment
the settled amount moves from the receiver's account into the blocked account, for a held one
the reservation is voided and the sender's funds are frozen. One that is now rejected is
withdrawn and its settlement returned. A new hold on a queued payment is recorded as an event
(the payment was already settled and stays queued); a held payment stays with its analysts.
"""

from __future__ import annotations

from dataclasses import dataclass

from bankwire.flows.decide import DecisionRecord, decide_message
from bankwire.flows.postings import blocked_account, post, settlement_account, void_hold
from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.flows.steps import message_amount
from bankwire.ledger.model import TransferCode
from bankwire.messages.model import TransactionStatus
from bankwire.network.delivery import DeliveryState, withdraw
from bankwire.store.base import (
    Event,
    HoldRecord,
    HoldState,
    MessageState,
    QueueItem,
    StoredMessage,
)

__all__ = ["RescreenSummary", "rescreen"]

_ACTING = frozenset({"block", "reject"})


@dataclass(frozen=True, slots=True)
class RescreenSummary:
    screened: int
    changed: tuple[tuple[str | None, str, str], ...]
    """(UETR, state before, state after) of every payment the new lists stopped."""


def rescreen(services: Services) -> RescreenSummary:
    """Decide every undelivered payment again against the current screener."""
    with services.store.transaction() as tx:
        candidates = [
            message
            for message in tx.messages_in([MessageState.QUEUED, MessageState.HELD])
            if message.origin == "participant" and _undelivered(tx.queue_item_for(message.id))
        ]
    changed: list[tuple[str | None, str, str]] = []
    for message in candidates:
        record = decide_message(services, message)
        _note(services, message, record)
        if record.outcome not in _ACTING:
            continue
        after = _stop(services, message, record)
        if after is not None:
            changed.append((message.uetr, message.state.value, after.value))
    return RescreenSummary(len(candidates), tuple(changed))


def _undelivered(item: QueueItem | None) -> bool:
    if item is None:
        return True  # Held payments are not queued yet.
    return item.delivery.state is DeliveryState.QUEUED


def _note(services: Services, message: StoredMessage, record: DecisionRecord) -> None:
    detail = {**record.screening, "outcome": record.outcome, "reasons": list(record.reason_texts)}
    with services.store.transaction() as tx:
        tx.append_event(
            Event(services.clock.now(), "rescreened", message.uetr, message.id, None, detail)
        )


def _stop(
    services: Services, message: StoredMessage, record: DecisionRecord
) -> MessageState | None:
    """Withdraw and freeze or return; None if the payment moved on meanwhile."""
    amount = message_amount(message)
    currency = amount.currency.code
    blocking = record.outcome == "block"
    frozen = blocked_account(record.block_jurisdiction, currency)
    sender = settlement_account(message.sender, currency)
    receiver = settlement_account(message.receiver, currency)
    if message.state is MessageState.HELD:
        void_hold(services.ledger, message.id, message.uetr)
        if blocking:
            post(services.ledger, "block", message.id, message.uetr, sender, frozen, amount,
                 TransferCode.BLOCK)  # fmt: skip
    elif blocking:
        post(services.ledger, "rescreen-block", message.id, message.uetr, receiver, frozen,
             amount, TransferCode.BLOCK)  # fmt: skip
    else:
        post(services.ledger, "rescreen-return", message.id, message.uetr, receiver, sender,
             amount, TransferCode.RETURN)  # fmt: skip
    return _record_stop(services, message, record)


def _record_stop(
    services: Services, message: StoredMessage, record: DecisionRecord
) -> MessageState | None:
    now = services.clock.now()
    new_state = MessageState.BLOCKED if record.outcome == "block" else MessageState.REJECTED
    decision = {**message.decision, "rescreen": record.json}
    with services.store.transaction() as tx:
        item = tx.queue_item_for(message.id)
        if item is not None:
            withdrawn = withdraw(item.delivery)
            if withdrawn is None:
                return None
            tx.update_delivery(item.id, withdrawn, item.possible_duplicate)
        if not tx.advance(message.id, message.state, new_state, record.outcome, decision):
            return None
        hold = tx.hold(message.id)
        if hold is not None and hold.state is HoldState.OPEN:
            tx.save_hold(HoldRecord(hold.message_pk, hold.uetr, hold.opened_at,
                                    HoldState.REJECTED, hold.reviews))  # fmt: skip
        detail = {"outcome": record.outcome, "reasons": list(record.reason_texts)}
        tx.append_event(Event(now, new_state.value, message.uetr, message.id, None, detail))
        issue_status_report(tx, services.network_bic, message, TransactionStatus.REJECTED, now,
                            "RR04", record.reason_texts)  # fmt: skip
    return new_state
