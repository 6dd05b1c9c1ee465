"""The pipeline after the ACK: decide, settle (and queue); each step one transaction.

A message's state says which step comes next. Each step works on a batch of messages: it
computes outside any transaction, then moves every message with a compare-and-set in ONE
transaction, so a step re-run after a crash changes nothing the second time, and many
payments share one durable commit (group commit). Ledger transfers are idempotent by derived
id and a batch of them is one ledger write. ``resume`` drives what a crash left between
steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime

from bankwire.flows.decide import DecisionRecord, Snapshot, decide_message, load_snapshot
from bankwire.flows.postings import Planned, Posting, blocked_account, plan, post_many
from bankwire.flows.postings import settlement_account as settlement
from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.ledger.model import TransferCode
from bankwire.messages.api import parse_message
from bankwire.messages.model import Message, TransactionStatus
from bankwire.money import Amount
from bankwire.store.base import (
    Event,
    HoldRecord,
    HoldState,
    MessageState,
    NetworkTransaction,
    StoredMessage,
)

__all__ = ["drive", "drive_many", "message_amount", "resume"]

_NEXT_STEP = (MessageState.ACCEPTED, MessageState.DECIDED, MessageState.SETTLED)


def drive(services: Services, pk: int) -> str | None:
    """Run the steps until the message waits (queued, held) or ends; returns its outcome."""
    return drive_many(services, [pk])[pk]


def drive_many(
    services: Services, pks: Sequence[int], parsed: Mapping[int, Message] | None = None
) -> dict[int, str | None]:
    """Drive a batch of messages through the remaining steps; outcome per message id.

    ``parsed`` holds messages already parsed from their stored bytes (by the receive step),
    by message id; the others are parsed from the store.
    """
    with services.store.transaction() as tx:
        found = [tx.message(pk) for pk in pks]
    current = {m.id: m for m in found if m is not None}
    assert len(current) == len(pks), f"messages vanished: {set(pks) - set(current)}"
    accepted = [m for m in current.values() if m.state is MessageState.ACCEPTED]
    current.update(_decide_step(services, accepted, parsed or {}))
    decided = [m for m in current.values() if m.state is MessageState.DECIDED]
    current.update(_settle_step(services, decided))
    settled = [m for m in current.values() if m.state is MessageState.SETTLED]
    current.update(_queue_step(services, settled))
    assert all(m.state not in _NEXT_STEP for m in current.values()), "a step was skipped"
    return {pk: message.outcome for pk, message in current.items()}


def resume(services: Services) -> int:
    """Drive every message a crash left between steps; returns how many were driven."""
    with services.store.transaction() as tx:
        pending = tx.messages_in(_NEXT_STEP)
    drive_many(services, [message.id for message in pending])
    return len(pending)


def message_amount(message: StoredMessage, parsed: Message | None = None) -> Amount:
    """The interbank settlement amount of a stored payment: what the ledger moves.

    Read from the stored decision when it is there, else from ``parsed`` (the same bytes,
    already parsed), so the message is not parsed again.
    """
    known = message.decision.get("amount")
    if known is not None:
        return Amount.of(int(known[0]), str(known[1]))
    found = parsed if parsed is not None else parse_message(message.body)
    transfer = found.transfers[0]
    return transfer.interbank_settlement_amount


def _reread(tx: NetworkTransaction, messages: Sequence[StoredMessage]) -> dict[int, StoredMessage]:
    found = {m.id: tx.message(m.id) for m in messages}
    return {pk: message for pk, message in found.items() if message is not None}


def _decide_step(
    services: Services, messages: Sequence[StoredMessage], parsed: Mapping[int, Message]
) -> dict[int, StoredMessage]:
    """Screen and decide; the decisions are stored before any money moves."""
    if not messages:
        return {}
    snapshot = load_snapshot(services)
    records = [(m, _decide(services, m, snapshot, parsed.get(m.id))) for m in messages]
    now = services.clock.now()
    after: dict[int, StoredMessage] = {}
    with services.store.transaction() as tx:
        for message, record in records:
            if not tx.advance(message.id, MessageState.ACCEPTED, MessageState.DECIDED,
                              record.outcome, record.json):  # fmt: skip
                after.update(_reread(tx, [message]))  # Another run moved it first.
                continue
            pk, uetr = message.id, message.uetr
            tx.append_events([Event(now, "screened", uetr, pk, None, record.screening),
                              Event(now, "decided", uetr, pk, None, record.summary)])  # fmt: skip
            after[pk] = dataclasses.replace(
                message, state=MessageState.DECIDED, outcome=record.outcome, decision=record.json
            )
    return after


def _decide(
    services: Services, message: StoredMessage, snapshot: Snapshot, parsed: Message | None
) -> DecisionRecord:
    if parsed is None:
        parsed = parse_message(message.body)
    record = decide_message(services, message, snapshot, parsed)
    amount = message_amount(message, parsed)
    if record.licence_key is not None and record.outcome == "pass":
        snapshot.add_usage(record.licence_key, amount)
    extra = {**record.extra, "amount": [amount.minor_units, amount.currency.code]}
    return dataclasses.replace(record, extra=extra)


def _settle_step(services: Services, messages: Sequence[StoredMessage]) -> dict[int, StoredMessage]:
    """Post in the ledger (one batch), then record each result; settled ones are queued."""
    if not messages:
        return {}
    records = [DecisionRecord.from_json(m.decision) for m in messages]
    planned = [_plan(m, r) for m, r in zip(messages, records, strict=True)]
    postings = iter(post_many(services.ledger, [p for p in planned if p is not None]))
    now = services.clock.now()
    after: dict[int, StoredMessage] = {}
    with services.store.transaction() as tx:
        for message, record, item in zip(messages, records, planned, strict=True):
            posting = next(postings) if item is not None else None
            moved = _record_settlement(services, tx, message, record, posting, now)
            after.update({message.id: moved} if moved is not None else _reread(tx, [message]))
    return after


def _record_settlement(
    services: Services,
    tx: NetworkTransaction,
    message: StoredMessage,
    record: DecisionRecord,
    posting: Posting | None,
    now: datetime,
) -> StoredMessage | None:
    """Record one payment's settlement; the message as it now is, None if moved by another."""
    new_state, status, reason = _after_posting(record, posting)
    decision = dict(message.decision)
    if posting is not None:
        decision["ledger"] = posting.as_json()
    outcome = "reject" if new_state is MessageState.REJECTED else None
    if not tx.advance(message.id, MessageState.DECIDED, new_state, outcome, decision):
        return None
    detail = {"state": new_state.value, "ledger": decision.get("ledger")}
    tx.append_event(Event(now, _SETTLE_EVENTS[new_state], message.uetr, message.id, None, detail))
    if record.licence_key is not None and new_state is MessageState.SETTLED:
        tx.record_licence_usage(record.licence_key, message.id, message_amount(message))
    if new_state is MessageState.HELD:
        tx.open_hold(HoldRecord(message.id, message.uetr, now, HoldState.OPEN))
    if status is not None:
        issue_status_report(
            tx, services.network_bic, message, status, now, reason, record.reason_texts
        )
    after = dataclasses.replace(
        message, state=new_state, outcome=outcome or message.outcome, decision=decision
    )
    if new_state is MessageState.SETTLED and _enqueue(tx, after, now):
        return dataclasses.replace(after, state=MessageState.QUEUED)
    return after


_SETTLE_EVENTS = {
    MessageState.SETTLED: "settled",
    MessageState.HELD: "held",
    MessageState.BLOCKED: "blocked",
    MessageState.REJECTED: "rejected",
}


def _plan(message: StoredMessage, record: DecisionRecord) -> Planned | None:
    """The ledger side of the decision; None when no money moves."""
    if record.outcome == "reject":
        return None
    if record.outcome == "block" and record.release_jurisdiction is not None:
        return None  # A refused release: the funds are frozen already and stay where they are.
    amount = message_amount(message)
    currency = amount.currency.code
    pk, uetr = message.id, message.uetr
    if record.outcome == "block":
        frozen = blocked_account(record.block_jurisdiction, currency)
        return plan("block", pk, uetr, settlement(message.sender, currency), frozen, amount,
                    TransferCode.BLOCK)  # fmt: skip
    receiver = settlement(message.receiver, currency)
    if record.release_jurisdiction is not None:
        frozen = blocked_account(record.release_jurisdiction, currency)
        return plan("release", pk, uetr, frozen, receiver, amount, TransferCode.RELEASE,
                    licence=record.licence)  # fmt: skip
    held = record.outcome == "hold"
    code = TransferCode.HOLD if held else TransferCode.SETTLEMENT
    return plan("settle", pk, uetr, settlement(message.sender, currency), receiver, amount, code,
                pending=held)  # fmt: skip


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


def _queue_step(services: Services, messages: Sequence[StoredMessage]) -> dict[int, StoredMessage]:
    """Queue settled payments (ones released from a hold) to their receivers."""
    if not messages:
        return {}
    with services.store.transaction() as tx:
        for message in messages:
            _enqueue(tx, message, services.clock.now())
        return _reread(tx, messages)


def _enqueue(tx: NetworkTransaction, message: StoredMessage, now: datetime) -> bool:
    """Queue a settled payment; False when it was not (or no longer) settled."""
    if not tx.advance(message.id, MessageState.SETTLED, MessageState.QUEUED):
        return False
    position = tx.enqueue(message.receiver, message.id)
    detail = {"receiver": message.receiver, "position": position}
    tx.append_event(Event(now, "queued", message.uetr, message.id, message.receiver, detail))
    return True
