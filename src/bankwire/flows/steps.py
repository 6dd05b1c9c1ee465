"""The pipeline after the ACK: decide, settle (and queue); each step one transaction.

A message's state says which step comes next. Each step works on a batch of messages: it
computes outside any transaction, then moves every message with a compare-and-set in ONE
transaction, so a step re-run after a crash changes nothing the second time, and many
payments share one durable commit (group commit). Ledger transfers are idempotent by derived
id and a batch of them is one ledger write. ``resume`` drives what a crash left between
steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bankwire.flows.decide import DecisionRecord, Snapshot, decide_message, load_snapshot_in
from bankwire.flows.postings import Planned, Posting, blocked_account, plan, post_many
from bankwire.flows.postings import settlement_account as settlement
from bankwire.flows.services import Services
from bankwire.flows.status_report import issue_status_report
from bankwire.frozen import fast_replace
from bankwire.ledger.model import TransferCode
from bankwire.messages.api import parse_message
from bankwire.messages.model import Message, TransactionStatus
from bankwire.money import Amount
from bankwire.store.base import (
    Advance,
    Event,
    HoldRecord,
    HoldState,
    MessageState,
    NetworkTransaction,
    StoredMessage,
    replace_message,
)

__all__ = [
    "EarlyDecisions",
    "MovedByAnother",
    "decide_early",
    "decide_in",
    "drive",
    "drive_many",
    "message_amount",
    "resume",
]

_NEXT_STEP = (MessageState.ACCEPTED, MessageState.DECIDED, MessageState.SETTLED)

# ``dataclasses.replace`` without the frozen ``__init__`` (``bankwire.frozen``): every
# payment's decision record gets its amount here.
_replace_record = fast_replace(DecisionRecord)


def drive(services: Services, pk: int) -> str | None:
    """Run the steps until the message waits (queued, held) or ends; returns its outcome."""
    return drive_many(services, [pk])[pk]


def drive_many(
    services: Services,
    pks: Sequence[int],
    parsed: Mapping[int, Message] | None = None,
    known: Mapping[int, StoredMessage] | None = None,
) -> dict[int, str | None]:
    """Drive a batch of messages through the remaining steps; outcome per message id.

    ``parsed`` holds messages already parsed from their stored bytes (by the receive step),
    by message id; the others are parsed from the store. ``known`` holds messages as a
    just-committed step left them (so they are not read again); the others are read.
    """
    current = {pk: known[pk] for pk in pks if known is not None and pk in known}
    missing = [pk for pk in pks if pk not in current]
    if missing:
        with services.store.transaction() as tx:
            current.update(tx.messages_by_pk(missing))
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
    return tx.messages_by_pk([m.id for m in messages])


def _decide_step(
    services: Services, messages: Sequence[StoredMessage], parsed: Mapping[int, Message]
) -> dict[int, StoredMessage]:
    """Screen and decide; the decisions are stored before any money moves."""
    if not messages:
        return {}
    try:
        with services.store.transaction() as tx:
            return decide_in(services, tx, messages, parsed)
    except MovedByAnother:  # Rolled back: redo message by message, keeping what others did.
        with services.store.transaction() as tx:
            return decide_in(services, tx, messages, parsed, batched=False)


class MovedByAnother(Exception):
    """A batched compare-and-set found a message that another run had moved first.

    Raised inside the step's transaction so that it rolls back whole; the step is then redone
    one message at a time.
    """


@dataclass(frozen=True, slots=True)
class EarlyDecisions:
    """Decisions taken before the write transaction, and what they were taken on.

    Screening and policy are most of the decide step's CPU and need nothing but the lists
    and the directory snapshot (participants, licences, licence usage). Taken before the
    server's write lock, they run side by side in several server processes. They stand
    only if the snapshot read in the write transaction is the same and the screener is the
    same object (no new list version swapped in meanwhile), and none of them counted licence
    usage (the next payment's cap depends on it, and on which payments were accepted);
    otherwise the step decides again, as it always did.
    """

    snapshot: Snapshot
    """As read, before any decision of the batch counted licence usage in it."""
    screener: object
    records: Mapping[int, DecisionRecord]
    """By index in the submitted batch."""
    counted_usage: bool

    def usable(self, snapshot: Snapshot, screener: object) -> bool:
        return not self.counted_usage and screener is self.screener and snapshot == self.snapshot


def decide_early(
    services: Services,
    snapshot: Snapshot,
    candidates: Sequence[tuple[int, StoredMessage, Message]],
) -> EarlyDecisions:
    """Decide (index, message as it would be stored, parsed) before the write transaction.

    A message naming a participant the snapshot does not know gets no early decision (its
    NAK comes from the checks in the transaction), nor does one whose decision fails: the
    step decides it again in the transaction, where any error surfaces as before.
    """
    before = Snapshot(list(snapshot.participants), snapshot.licences, dict(snapshot.used))
    known = {participant.bic[:8] for participant in snapshot.participants}
    records: dict[int, DecisionRecord] = {}
    counted = False
    for index, message, parsed in candidates:
        if message.sender not in known or message.receiver not in known:
            continue
        record = _decide_or_none(services, message, snapshot, parsed)
        if record is None:
            continue
        counted = counted or (record.licence_key is not None and record.outcome == "pass")
        records[index] = record
    return EarlyDecisions(before, services.screener, records, counted)


def _decide_or_none(
    services: Services, message: StoredMessage, snapshot: Snapshot, parsed: Message
) -> DecisionRecord | None:
    try:
        return _decide(services, message, snapshot, parsed)
    except Exception:  # noqa: BLE001 - decided again in the transaction, raising there.
        return None


def decide_in(
    services: Services,
    tx: NetworkTransaction,
    messages: Sequence[StoredMessage],
    parsed: Mapping[int, Message],
    *,
    batched: bool = True,
    early: tuple[EarlyDecisions, Mapping[int, int]] | None = None,
    snapshot: Snapshot | None = None,
) -> dict[int, StoredMessage]:
    """The decide step inside ``tx``: the receive step's own transaction for a fresh batch.

    Deciding in the transaction that stores the messages is as restart-safe as two steps:
    the sender hears ACK only after the commit, and a crash before it leaves neither the
    message nor its decision. ``batched`` moves every message in one statement and raises
    ``MovedByAnother`` if any was moved by another run; otherwise each is moved on its own
    and one moved by another is returned as that run left it. ``early``: decisions taken
    before the transaction and, by message id, each message's index among them; used when
    they still hold (``EarlyDecisions.usable``). ``snapshot``: the directory as ``tx`` read
    it already, unchanged since (the receive step reads it first); else it is read here.
    """
    if not messages:
        return {}
    if snapshot is None:
        snapshot = load_snapshot_in(tx)
    taken: Mapping[int, DecisionRecord] = {}
    if early is not None and early[0].usable(snapshot, services.screener):
        taken = {pk: early[0].records[index] for pk, index in early[1].items()
                 if index in early[0].records}  # fmt: skip
    records = [
        (m, taken[m.id] if m.id in taken else _decide(services, m, snapshot, parsed.get(m.id)))
        for m in messages
    ]
    now = services.clock.now()
    moves = [Advance(m.id, MessageState.ACCEPTED, MessageState.DECIDED, r.outcome, r.json)
             for m, r in records]  # fmt: skip
    moved, others = _advance(tx, records, moves, batched)
    tx.append_events(
        [event for m, r in moved
         for event in (Event(now, "screened", m.uetr, m.id, None, r.screening),
                       Event(now, "decided", m.uetr, m.id, None, r.summary))]
    )  # fmt: skip
    after = {
        m.id: replace_message(m, state=MessageState.DECIDED, outcome=r.outcome, decision=r.json)
        for m, r in moved
    }
    return {**after, **others}


_T = TypeVar("_T")


def _advance(
    tx: NetworkTransaction,
    items: Sequence[tuple[StoredMessage, _T]],
    moves: Sequence[Advance],
    batched: bool,
) -> tuple[list[tuple[StoredMessage, _T]], dict[int, StoredMessage]]:
    """Apply ``moves``: (the items moved, the others as another run left them)."""
    if batched:
        if not tx.advance_many(moves):
            raise MovedByAnother(f"{len(moves)} messages, not all in the expected state")
        return list(items), {}
    moved = []
    others: list[StoredMessage] = []
    for item, move in zip(items, moves, strict=True):
        if tx.advance(move.pk, move.expected, move.new, move.outcome, move.decision):
            moved.append(item)
        else:
            others.append(item[0])
    return moved, _reread(tx, others)


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
    return _replace_record(record, extra=extra)


def _settle_step(services: Services, messages: Sequence[StoredMessage]) -> dict[int, StoredMessage]:
    """Post in the ledger (one batch) and record each result; settled ones are queued.

    The ledger's batch is written in the transaction that records the settlements, when the
    ledger can join it (``LedgerPort.joined``): one durable commit for both, so a crash
    leaves both or neither (with separate commits, ``resume`` found the postings made and
    got ``exists`` for them).
    """
    if not messages:
        return {}
    records = [DecisionRecord.from_json(m.decision) for m in messages]
    planned = [_plan(m, r) for m, r in zip(messages, records, strict=True)]
    now = services.clock.now()
    items: list[tuple[StoredMessage, DecisionRecord, Posting | None]] | None = None
    joined = False
    try:
        with services.ledger.joined() as join, services.store.transaction() as tx:
            joined = join(tx)
            items = _posted(services, messages, records, planned)
            return _record_settlements(services, tx, items, now, batched=True)
    except MovedByAnother:
        # Rolled back, and with it a joined ledger batch: post it on its own (a batch that
        # was not joined stands: idempotent), then record one by one.
        if joined or items is None:
            items = _posted(services, messages, records, planned)
        with services.store.transaction() as tx:
            return _record_settlements(services, tx, items, now, batched=False)


def _posted(
    services: Services,
    messages: Sequence[StoredMessage],
    records: Sequence[DecisionRecord],
    planned: Sequence[Planned | None],
) -> list[tuple[StoredMessage, DecisionRecord, Posting | None]]:
    """Each message with its decision and posting (None where no money moves)."""
    postings = iter(post_many(services.ledger, [p for p in planned if p is not None]))
    return [(message, record, next(postings) if item is not None else None)
            for message, record, item in zip(messages, records, planned, strict=True)]  # fmt: skip


def _record_settlements(
    services: Services,
    tx: NetworkTransaction,
    items: Sequence[tuple[StoredMessage, DecisionRecord, Posting | None]],
    now: datetime,
    *,
    batched: bool,
) -> dict[int, StoredMessage]:
    """Record a batch's settlements; plain settled payments are moved and queued together."""
    after: dict[int, StoredMessage] = {}
    plain: list[tuple[StoredMessage, dict[str, Any]]] = []
    for message, record, posting in items:
        new_state, status, _ = _after_posting(record, posting)
        if batched and new_state is MessageState.SETTLED and status is None \
                and record.licence_key is None:  # fmt: skip
            decision = dict(message.decision)
            if posting is not None:
                decision["ledger"] = posting.as_json()
            plain.append((message, decision))
            continue
        moved = _record_settlement(services, tx, message, record, posting, now)
        after.update({message.id: moved} if moved is not None else _reread(tx, [message]))
    if plain:
        after.update(_settle_and_queue(tx, plain, now))
    return after


def _settle_and_queue(
    tx: NetworkTransaction, plain: Sequence[tuple[StoredMessage, dict[str, Any]]], now: datetime
) -> dict[int, StoredMessage]:
    """Settled payments straight into their receivers' queues, a few statements in all.

    Settled and queued in one transaction, so the state moves DECIDED -> QUEUED at once (no
    crash can fall between them); both events are written, as in the one-by-one path.
    Raises ``MovedByAnother`` (the caller redoes the batch one by one) if any had moved.
    """
    moves = [Advance(m.id, MessageState.DECIDED, MessageState.QUEUED, None, decision)
             for m, decision in plain]  # fmt: skip
    _advance(tx, plain, moves, batched=True)
    positions = tx.enqueue_many([(m.receiver, m.id) for m, _ in plain])
    events: list[Event] = []
    for message, decision in plain:
        settled = {"state": MessageState.SETTLED.value, "ledger": decision.get("ledger")}
        queued = {"receiver": message.receiver, "position": positions[message.id]}
        events.append(Event(now, "settled", message.uetr, message.id, None, settled))
        events.append(Event(now, "queued", message.uetr, message.id, message.receiver, queued))
    tx.append_events(events)
    return {
        m.id: replace_message(m, state=MessageState.QUEUED, decision=decision)
        for m, decision in plain
    }


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
    after = replace_message(
        message, state=new_state, outcome=outcome or message.outcome, decision=decision
    )
    if new_state is MessageState.SETTLED and _enqueue(tx, after, now):
        return replace_message(after, state=MessageState.QUEUED)
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
