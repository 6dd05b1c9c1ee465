"""Submitting a payment: the receive step at the network's door, then the pipeline.

The receive step authenticates, validates, routes and de-duplicates a message and answers
ACK or NAK with a code, in ONE transaction: either the message is stored as accepted (and
the sender may rely on it) or nothing but an audit line and the replay marker remain. After
the ACK, ``drive`` runs the later steps (decide, settle, queue), each its own transaction and
each restartable: ``resume`` re-drives whatever a crash interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bankwire.errors import AuthenticationError, MessageError, RoutingError, UnsupportedMessage
from bankwire.flows.decide import load_snapshot_in
from bankwire.flows.services import Services
from bankwire.flows.steps import EarlyDecisions, decide_early, decide_in, drive_many
from bankwire.frozen import fast_replace
from bankwire.messages.api import parse_message
from bankwire.messages.detect import is_fin
from bankwire.messages.model import Message
from bankwire.messages.report import Layer, ValidationReport
from bankwire.messages.validate import validate_message, validate_mx
from bankwire.network.auth import AuthResult, SignatureEnvelope, digest, parse_envelope, verify
from bankwire.network.nak import NAK_TEXT, NakCode
from bankwire.network.participants import Participant, hash_token
from bankwire.network.queues import Admission, QueueBound
from bankwire.network.rma import RmaAuthorisation, RmaBook
from bankwire.network.routing import Route, route
from bankwire.store.base import (
    Event,
    MessageState,
    NetworkTransaction,
    StoredMessage,
    replace_message,
)

__all__ = [
    "Prepared",
    "PreparedBatch",
    "Status",
    "Submission",
    "SubmitResult",
    "prepare_many",
    "receive",
    "submit",
    "submit_prepared",
]


class Status(StrEnum):
    ACK = "ack"
    NAK = "nak"


@dataclass(frozen=True, slots=True)
class Submission:
    body: bytes
    signature: str | None
    """The signature envelope header, as sent."""
    token: str | None
    """The bearer token, as sent."""
    cut_short: bool = False
    """The server stopped reading the body at its bound: ``body`` is only its start."""


@dataclass(frozen=True, slots=True)
class SubmitResult:
    status: Status
    code: str | None
    """NAK code, or ``DUPLICATE`` for an ACK'd resend of a message already accepted."""
    text: str
    uetr: str | None = None
    message_pk: int | None = None
    decision: str | None = None
    """The policy outcome when the pipeline reached it: pass, hold, reject, block."""


@dataclass(frozen=True, slots=True)
class _Checked:
    """What the checks outside the transaction established."""

    participant: Participant
    envelope: SignatureEnvelope
    message: Message
    route: Route
    digest: str
    body: bytes
    existing: StoredMessage | None = None
    """An accepted message with the same UETR or MsgId from this sender (a resend)."""


# ``dataclasses.replace`` without the frozen ``__init__`` (``bankwire.frozen``), for what
# every submission passes through.
_replace_result = fast_replace(SubmitResult)
_replace_checked = fast_replace(_Checked)


class _Nak(Exception):
    """Internal: stops the receive step with a NAK code; never leaves this module."""

    def __init__(self, code: NakCode, detail: str, participant: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.participant = participant
        self.uetr: str | None = None
        """Set once the message was routed, so the sender learns which payment was refused."""


def submit(services: Services, submission: Submission) -> SubmitResult:
    """Receive a message and, once ACK'd, drive it as far as it can go now."""
    [result] = submit_many(services, [submission])
    return result


def submit_many(services: Services, submissions: Sequence[Submission]) -> list[SubmitResult]:
    """Receive and decide a batch in one transaction, then settle and queue it together.

    ``prepare_many`` then ``submit_prepared``; see there.
    """
    return submit_prepared(services, prepare_many(services, submissions))


def submit_prepared(services: Services, prepared: PreparedBatch) -> list[SubmitResult]:
    """Receive and decide a prepared batch in one transaction, then settle and queue it.

    Group commit: a step writes the whole batch in one transaction, so many payments share
    each durable commit. The decide step runs inside the receive step's transaction: nothing
    is answered before that commit, so a crash before it leaves no trace of the batch but
    its absence (the senders resend), and a crash after it leaves ACK'd, decided payments
    that ``resume`` settles and queues. Each payment still gets its own ACK/NAK and decision.
    """
    with services.store.transaction() as tx:
        # One read of the directory serves the receive checks and the decisions.
        snapshot = load_snapshot_in(tx)
        received, accepted = _receive_in(services, tx, prepared.items, snapshot.participants)
        parsed = {message.id: found for message, found, _ in accepted}
        indexes = {message.id: index for message, _, index in accepted}
        early = (prepared.early, indexes) if prepared.early is not None else None
        decided = decide_in(
            services,
            tx,
            [message for message, _, _ in accepted],
            parsed,
            early=early,
            snapshot=snapshot,
        )
    outcomes = drive_many(services, list(decided), known=decided) if decided else {}
    return [
        _replace_result(r, decision=outcomes[r.message_pk]) if r.message_pk in outcomes else r
        for r in received
    ]


def receive(services: Services, submission: Submission) -> SubmitResult:
    """The door: ACK (stored) or NAK (audited), never anything in between."""
    [result] = receive_many(services, [submission])
    return result


def receive_many(services: Services, submissions: Sequence[Submission]) -> list[SubmitResult]:
    """Check and store a batch in one transaction.

    Every NAK is decided before its submission writes anything (the replay memory is the
    last check and writes only when it passes), so a NAK'd submission leaves its audit line
    and nothing else, while the others in the batch are stored.
    """
    prepared = prepare_many(services, submissions, decide=False)
    with services.store.transaction() as tx:
        return _receive_in(services, tx, prepared.items)[0]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A submission after the checks that change nothing: checked, or the NAK it earned."""

    submission: Submission
    checked: _Checked | None
    nak: _Nak | None


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    items: list[Prepared]
    early: EarlyDecisions | None
    """Decisions taken with the checks, for the decide step to use if they still hold."""


def prepare_many(
    services: Services, submissions: Sequence[Submission], *, decide: bool = True
) -> PreparedBatch:
    """The receive step's checks that write nothing: size, token, signature, validation,
    routing; and (``decide``) screening and the policy decision, taken early.

    They read only the participant a token belongs to and the directory snapshot, so they
    need neither the write transaction nor the server's write lock: several server
    processes run them side by side, and only what follows (duplicates, replay, storing,
    recording the decision) is serialized. The order of the checks, and so the NAK code a
    submission earns, is unchanged; an early decision stands only if what it was taken on
    is unchanged in the write transaction (``EarlyDecisions``).
    """
    now = services.clock.now()
    with services.store.transaction() as tx:
        snapshot = load_snapshot_in(tx) if decide else None
        directory = _Batch(tx, snapshot.participants if snapshot is not None else None)
        items = []
        for submission in submissions:
            try:
                checked = _check(services, directory, submission)
                items.append(Prepared(submission, checked, None))
            except _Nak as nak:
                items.append(Prepared(submission, None, nak))
        candidates = [
            (index, _provisional(item.checked, now), item.checked.message)
            for index, item in enumerate(items)
            if item.checked is not None
        ]
        early = None
        if snapshot is not None and candidates:
            early = decide_early(services, snapshot, candidates)
        return PreparedBatch(items, early)


def _provisional(checked: _Checked, now: datetime) -> StoredMessage:
    """The message as ``_accept`` would store it, before it has an id."""
    found = checked.route
    return StoredMessage(
        id=0, sender=found.sender, receiver=found.receiver, uetr=found.uetr,
        message_id=found.message_id, message_type=found.message_type, digest=checked.digest,
        body=checked.body, state=MessageState.ACCEPTED, received_at=now,
    )  # fmt: skip


class _Batch:
    """One receive transaction, and the directory reads its submissions share.

    The participants, RMA pairs and queue lengths a batch looks up are read once per batch:
    nothing in the receive step changes them, except the queue lengths, which count the
    batch's own accepted messages too (so a batch cannot overfill a queue either).
    ``directory``: every participant as ``tx`` sees them (the decisions' snapshot, read
    anyway), so a lookup reads nothing more; without it each is read when first needed.
    """

    def __init__(
        self, tx: NetworkTransaction, directory: Sequence[Participant] | None = None
    ) -> None:
        self.tx = tx
        self.events: list[Event] = []
        self._complete = directory is not None
        self._by_token: dict[str, Participant | None] = {}
        self._by_bic: dict[str, Participant | None] = {}
        for participant in directory or ():
            self._by_token[participant.token_sha256] = participant
            self._by_bic[participant.bic] = participant
        self._rma: dict[tuple[str, str], list[RmaAuthorisation]] = {}
        self._waiting: dict[str, int] = {}

    def participant_by_token(self, token_sha256: str) -> Participant | None:
        if token_sha256 not in self._by_token and not self._complete:
            self._by_token[token_sha256] = self.tx.participant_by_token(token_sha256)
        return self._by_token.get(token_sha256)

    def participant(self, bic: str) -> Participant | None:
        if bic not in self._by_bic and not self._complete:
            self._by_bic[bic] = self.tx.participant(bic)
        return self._by_bic.get(bic)

    def rma(self, sender: str, receiver: str) -> list[RmaAuthorisation]:
        key = (sender, receiver)
        if key not in self._rma:
            self._rma[key] = self.tx.rma(sender, receiver)
        return self._rma[key]

    def waiting(self, receiver: str) -> int:
        """Undelivered messages for ``receiver``, this batch's accepted ones included."""
        if receiver not in self._waiting:
            self._waiting[receiver] = self.tx.undelivered_count(receiver)
        return self._waiting[receiver]

    def accepted(self, receiver: str) -> None:
        self._waiting[receiver] = self.waiting(receiver) + 1


def _receive_in(
    services: Services,
    tx: NetworkTransaction,
    prepared: Sequence[Prepared],
    directory: Sequence[Participant] | None = None,
) -> tuple[list[SubmitResult], list[tuple[StoredMessage, Message, int]]]:
    """Receive a prepared batch in ``tx``; the results, and each newly stored message as
    parsed, with its index in the batch. ``directory``: see ``_Batch``."""
    now = services.clock.now()
    results: list[SubmitResult] = []
    accepted: list[tuple[StoredMessage, Message, int]] = []
    batch = _Batch(tx, directory)
    for index, item in enumerate(prepared):
        try:
            if item.nak is not None:
                raise item.nak
            assert item.checked is not None
            checked = _check_in(services, batch, item.checked)
            result, stored = _accept(services, batch, checked)
            if stored is not None:
                accepted.append((stored, checked.message, index))  # Stored from these bytes.
            results.append(result)
        except _Nak as nak:
            detail = _nak_detail(nak, item.submission)
            batch.events.append(Event(now, "nak", None, None, nak.participant, detail))
            text = f"{NAK_TEXT[nak.code]} {nak.detail}"
            results.append(SubmitResult(Status.NAK, nak.code.value, text, nak.uetr))
    tx.append_events(batch.events)
    return results, accepted


def _nak_detail(nak: _Nak, submission: Submission) -> dict[str, object]:
    return {
        "code": nak.code.value,
        "text": NAK_TEXT[nak.code],
        "detail": nak.detail,
        "digest": digest(submission.body),
        "bytes": len(submission.body),
    }


def _check(services: Services, batch: _Batch, submission: Submission) -> _Checked:
    """The checks before the route is known (``prepare_many``)."""
    now = services.clock.now()
    if submission.cut_short or len(submission.body) > services.limits.message_bytes_max:
        # Refused before anything is read from the body; the token, if one was sent, still
        # names who sent it in the audit line.
        known = (
            batch.participant_by_token(hash_token(submission.token)) if submission.token else None
        )
        size = f"more than {len(submission.body)}" if submission.cut_short else len(submission.body)
        raise _Nak(
            NakCode.OVERSIZE,
            f"{size} bytes, bound {services.limits.message_bytes_max}",
            None if known is None else known.bic,
        )
    participant = _authenticate(batch, submission)
    envelope = _envelope(submission, participant)
    verdict = verify(envelope, submission.body, participant.public_key, now)
    if verdict is AuthResult.OUTSIDE_WINDOW:
        raise _Nak(
            NakCode.SIGNATURE_EXPIRED,
            f"signed at {envelope.timestamp.isoformat()}",
            participant.bic,
        )
    if verdict is AuthResult.BAD_SIGNATURE:
        raise _Nak(NakCode.SIGNATURE_INVALID, f"signer {envelope.sender}", participant.bic)
    message = _parse(submission.body, participant.bic)
    return _Checked(
        participant, envelope, message, _route(message), digest(submission.body), submission.body
    )


def _check_in(services: Services, batch: _Batch, checked: _Checked) -> _Checked:
    """The checks against the stored state, in the receive transaction."""
    try:
        return _check_routed(services, batch, checked)
    except _Nak as nak:
        nak.uetr = checked.route.uetr
        raise


def _check_routed(services: Services, batch: _Batch, checked: _Checked) -> _Checked:
    """The checks that need the route: a NAK from here can name the payment's UETR."""
    now = services.clock.now()
    participant, envelope = checked.participant, checked.envelope
    tx = batch.tx
    _check_route(services, batch, checked)
    existing = tx.find_message(checked.route.sender, checked.route.uetr, checked.route.message_id)
    if existing is not None and not _same(existing, checked):
        raise _Nak(
            NakCode.DUPLICATE_DIFFERENT_CONTENT,
            f"UETR {checked.route.uetr} / MsgId {checked.route.message_id} already accepted",
            participant.bic,
        )
    if not tx.remember_signature(participant.bic, checked.digest, envelope.nonce, now):
        raise _Nak(NakCode.REPLAY, f"nonce {envelope.nonce}", participant.bic)
    return _replace_checked(checked, existing=existing)


def _authenticate(batch: _Batch, submission: Submission) -> Participant:
    if not submission.token:
        raise _Nak(NakCode.TOKEN_INVALID, "no bearer token")
    participant = batch.participant_by_token(hash_token(submission.token))
    if participant is None:
        raise _Nak(NakCode.TOKEN_INVALID, "the token belongs to no participant")
    return participant


def _envelope(submission: Submission, participant: Participant) -> SignatureEnvelope:
    if not submission.signature:
        raise _Nak(NakCode.SIGNATURE_MISSING, "no signature header", participant.bic)
    try:
        envelope = parse_envelope(submission.signature)
    except AuthenticationError as exc:
        raise _Nak(NakCode.SIGNATURE_INVALID, str(exc), participant.bic) from exc
    if envelope.sender[:8] != participant.bic[:8]:
        raise _Nak(
            NakCode.TOKEN_INVALID,
            f"token of {participant.bic}, signature of {envelope.sender}",
            participant.bic,
        )
    return envelope


_LAYER_CODES = {
    Layer.WELL_FORMED: NakCode.MALFORMED,
    Layer.SECURITY: NakCode.MALFORMED,
    Layer.SCHEMA: NakCode.SCHEMA,
    Layer.FIN: NakCode.SCHEMA,
    Layer.USAGE: NakCode.USAGE_RULE,
    Layer.BUSINESS: NakCode.USAGE_RULE,
}


def _parse(body: bytes, participant: str) -> Message:
    """Validate in layers, then map; an ISO 20022 message is parsed once for both."""
    try:
        built: Message | None = None
        if is_fin(body):
            report: ValidationReport = validate_message(body)
        else:
            report, built = validate_mx(body)
        if not report.valid:
            first = report.issues[0]
            detail = f"{first.code} at {first.location}: {first.text}"
            raise _Nak(_LAYER_CODES[first.layer], detail, participant)
        return built if built is not None else parse_message(body)
    except UnsupportedMessage as exc:
        raise _Nak(NakCode.UNSUPPORTED, str(exc), participant) from exc
    except MessageError as exc:
        raise _Nak(NakCode.MALFORMED, str(exc), participant) from exc


def _route(message: Message) -> Route:
    try:
        return route(message)
    except RoutingError as exc:
        raise _Nak(NakCode.HEADER_MISSING, str(exc)) from exc


def _check_route(services: Services, batch: _Batch, checked: _Checked) -> None:
    sender = checked.participant.bic
    found = checked.route
    if found.sender != sender[:8]:
        raise _Nak(
            NakCode.SENDER_MISMATCH, f"message from {found.sender}, signed by {sender}", sender
        )
    if batch.participant(found.receiver) is None:
        raise _Nak(NakCode.RECEIVER_UNKNOWN, f"receiver {found.receiver}", sender)
    granted = batch.rma(found.sender, found.receiver)
    if not RmaBook(granted).allows(found.sender, found.receiver, found.message_type):
        raise _Nak(
            NakCode.RMA_MISSING,
            f"{found.receiver} has not authorised {found.sender} for {found.family}",
            sender,
        )
    bound = QueueBound(services.limits.queue_length_max)
    if bound.admit(batch.waiting(found.receiver)) is Admission.QUEUE_FULL:
        raise _Nak(NakCode.QUEUE_FULL, f"{found.receiver} holds {bound.length_max}", sender)


def _accept(
    services: Services, batch: _Batch, checked: _Checked
) -> tuple[SubmitResult, StoredMessage | None]:
    """Store an accepted message (or note a resend); the result and the message stored."""
    found = checked.route
    now = services.clock.now()
    if checked.existing is not None:
        return _duplicate(batch, checked, checked.existing), None
    stored = StoredMessage(
        id=0,
        sender=found.sender,
        receiver=found.receiver,
        uetr=found.uetr,
        message_id=found.message_id,
        message_type=found.message_type,
        digest=checked.digest,
        body=checked.body,
        state=MessageState.ACCEPTED,
        received_at=now,
    )
    body_pk = batch.tx.insert_message(stored)
    batch.accepted(found.receiver)
    base = {"message_type": found.message_type, "message_id": found.message_id}
    batch.events.extend(
        Event(now, kind, found.uetr, body_pk, found.sender, base)
        for kind in ("received", "validated", "ack")
    )
    result = SubmitResult(Status.ACK, None, "accepted", found.uetr, body_pk)
    return result, replace_message(stored, id=body_pk)


def _duplicate(batch: _Batch, checked: _Checked, existing: StoredMessage) -> SubmitResult:
    """PDE semantics: the same content again is a duplicate notice, different content a NAK."""
    same = existing.digest == checked.digest or _content(parse_message(existing.body)) == _content(
        checked.message
    )
    if not same:
        nak = _Nak(
            NakCode.DUPLICATE_DIFFERENT_CONTENT,
            f"UETR {checked.route.uetr} / MsgId {checked.route.message_id} already accepted",
            checked.participant.bic,
        )
        nak.uetr = checked.route.uetr
        raise nak
    now = checked.envelope.timestamp
    detail = {"original": existing.id, "possible_duplicate": checked.route.possible_duplicate}
    batch.events.append(
        Event(now, "duplicate", existing.uetr, existing.id, existing.sender, detail)
    )
    return SubmitResult(
        Status.ACK, "DUPLICATE", "already accepted", existing.uetr, existing.id, existing.outcome
    )


def _same(existing: StoredMessage, checked: _Checked) -> bool:
    if existing.digest == checked.digest:
        return True
    return _content(parse_message(existing.body)) == _content(checked.message)


def _content(message: Message) -> tuple[object, ...]:
    """What makes two submissions the same payment; headers' timestamps and PDE flags excluded."""
    header = message.header
    group = message.group_header
    return (
        message.message_type,
        message.transfers,
        message.status_reports,
        None if header is None else (header.from_bic, header.to_bic, header.business_message_id),
        None if group is None else group.message_id,
    )
