"""The pipeline after the ACK: decide, settle, queue; each step one transaction, restartable.

A message's state says which step comes next. Each step reads the message, does its work and
moves the state with a compare-and-set, so running a step twice (a crash between the work and
the commit, two workers) changes nothing the second time; ledger transfers are idempotent by
derived id. ``resume`` drives every message a crash left between steps.
"""

from __future__ import annotations

from datetime import datetime

from bankwire.flows.decide import DecisionRecord, decide_message
from bankwire.flows.postings import (
    Posting,
    blocked_account,
    post,
    settlement_account,
)
from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.ledger.model import TransferCode
from bankwire.messages.api import parse_message
from bankwire.messages.model import TransactionStatus
from bankwire.money import Amount
from bankwire.store.base import (
    Event,
    HoldRecord,
    HoldState,
    MessageState,
    NetworkTransaction,
    StoredMessage,
)

__all__ = ["drive", "message_amount", "resume"]

_NEXT_STEP = (MessageState.ACCEPTED, MessageState.DECIDED, MessageState.SETTLED)


def drive(services: Services, pk: int) -> str | None:
    """Run the steps until the message waits (queued, held) or ends; returns its outcome."""
    with services.store.transaction() as tx:
        message = tx.message(pk)
    for _ in range(len(_NEXT_STEP) + 1):
        assert message is not None, f"message {pk} vanished"
        if message.state is MessageState.ACCEPTED:
            message = _decide_step(services, message)
        elif message.state is MessageState.DECIDED:
            message = _settle_step(services, message)
        elif message.state is MessageState.SETTLED:
            message = _queue_step(services, message)
        else:
            return message.outcome
    raise AssertionError(f"message {pk} did not reach a waiting state")


def resume(services: Services) -> int:
    """Drive every message a crash left between steps; returns how many were driven."""
    with services.store.transaction() as tx:
        pending = tx.messages_in(_NEXT_STEP)
    for message in pending:
        drive(services, message.id)
    return len(pending)


def _decide_step(services: Services, message: StoredMessage) -> StoredMessage | None:
    """Screen and decide; the decision is stored before any money moves."""
    record = decide_message(services, message)
    now = services.clock.now()
    with services.store.transaction() as tx:
        if tx.advance(
            message.id, MessageState.ACCEPTED, MessageState.DECIDED, record.outcome, record.json
        ):
            tx.append_event(
                Event(now, "screened", message.uetr, message.id, None, record.screening)
            )
            tx.append_event(Event(now, "decided", message.uetr, message.id, None, record.summary))
        return tx.message(message.id)


def message_amount(message: StoredMessage) -> Amount:
    """The interbank settlement amount of a stored payment: what the ledger moves."""
    parsed = parse_message(message.body)
    transfer = parsed.transfers[0]
    return transfer.interbank_settlement_amount


def _settle_step(services: Services, message: StoredMessage) -> StoredMessage | None:
    """Post in the ledger, then record the result; a settled payment is queued at once."""
    record = DecisionRecord.from_json(message.decision)
    posting = _post(services, message, record)
    now = services.clock.now()
    new_state, status, reason = _after_posting(record, posting)
    decision = dict(message.decision)
    if posting is not None:
        decision["ledger"] = posting.as_json()
    outcome = "reject" if new_state is MessageState.REJECTED else None
    with services.store.transaction() as tx:
        if not tx.advance(message.id, MessageState.DECIDED, new_state, outcome, decision):
            return tx.message(message.id)
        detail = {"state": new_state.value, "ledger": decision.get("ledger")}
        tx.append_event(
            Event(now, _SETTLE_EVENTS[new_state], message.uetr, message.id, None, detail)
        )
        if record.licence_key is not None and new_state is MessageState.SETTLED:
            tx.record_licence_usage(record.licence_key, message.id, message_amount(message))
        if new_state is MessageState.HELD:
            tx.open_hold(HoldRecord(message.id, message.uetr, now, HoldState.OPEN))
        if status is not None:
            issue_status_report(
                tx, services.network_bic, message, status, now, reason, record.reason_texts
            )
        if new_state is MessageState.SETTLED:
            _enqueue(tx, message, now)
        return tx.message(message.id)


_SETTLE_EVENTS = {
    MessageState.SETTLED: "settled",
    MessageState.HELD: "held",
    MessageState.BLOCKED: "blocked",
    MessageState.REJECTED: "rejected",
}


def _post(services: Services, message: StoredMessage, record: DecisionRecord) -> Posting | None:
    """The ledger side of the decision; None for a reject (no money moves)."""
    amount = message_amount(message)
    currency = amount.currency.code
    receiver = settlement_account(message.receiver, currency)
    if record.outcome == "reject":
        return None
    if record.outcome == "block" and record.release_jurisdiction is not None:
        return None  # A refused release: the funds are frozen already and stay where they are.
    if record.outcome == "block":
        frozen = blocked_account(record.block_jurisdiction, currency)
        sender = settlement_account(message.sender, currency)
        return post(
            services.ledger, "block", message.id, message.uetr, sender, frozen, amount,
            TransferCode.BLOCK,
        )  # fmt: skip
    if record.release_jurisdiction is not None:
        frozen = blocked_account(record.release_jurisdiction, currency)
        return post(
            services.ledger, "release", message.id, message.uetr, frozen, receiver, amount,
            TransferCode.RELEASE, licence=record.licence,
        )  # fmt: skip
    sender = settlement_account(message.sender, currency)
    held = record.outcome == "hold"
    code = TransferCode.HOLD if held else TransferCode.SETTLEMENT
    return post(
        services.ledger, "settle", message.id, message.uetr, sender, receiver, amount, code,
        pending=held,
    )  # fmt: skip


def _after_posting(
    record: DecisionRecord, posting: Posting | None
) -> tuple[MessageState, TransactionStatus | None, str | None]:
    """The state and the sender's pacs.002 after the postings."""
    if posting is not None and not posting.ok:
        # The ledger refused (e.g. a release larger than the frozen balance): the payment
        # cannot move, so it is rejected with the ledger's own result as the reason.
        return MessageState.REJECTED, TransactionStatus.REJECTED, "AM04"
    if record.outcome == "reject":
        return MessageState.REJECTED, TransactionStatus.REJECTED, record.reject_code or "RR04"
    if record.outcome == "block":
        return MessageState.BLOCKED, TransactionStatus.REJECTED, "RR04"
    if record.outcome == "hold":
        return MessageState.HELD, TransactionStatus.PENDING, None
    return MessageState.SETTLED, None, None


def _queue_step(services: Services, message: StoredMessage) -> StoredMessage | None:
    """Queue a settled payment (one released from a hold) to its receiver."""
    with services.store.transaction() as tx:
        _enqueue(tx, message, services.clock.now())
        return tx.message(message.id)


def _enqueue(tx: NetworkTransaction, message: StoredMessage, now: datetime) -> None:
    if not tx.advance(message.id, MessageState.SETTLED, MessageState.QUEUED):
        return
    position = tx.enqueue(message.receiver, message.id)
    detail = {"receiver": message.receiver, "position": position}
    tx.append_event(Event(now, "queued", message.uetr, message.id, message.receiver, detail))
