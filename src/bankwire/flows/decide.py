"""The decide step's work: network access, screening of every party, the policy decision.

Order as in the pipeline: a sender the directory has cut off is rejected before anything is
screened (the network refuses to carry its traffic at all); otherwise every party and BIC of
the message is screened and ``policy.decide`` weighs the hits under every jurisdiction that
applies. The result is stored as JSON (``DecisionRecord``) so later steps, the tracker and a
regulator read the same reasons.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bankwire.flows.facts import blocked_jurisdiction, payment_facts, screening_queries
from bankwire.flows.licences import licence_from_json
from bankwire.flows.services import Services
from bankwire.messages.api import parse_message
from bankwire.messages.model import Message
from bankwire.messages.parties import extract_parties
from bankwire.money import Amount
from bankwire.network.participants import Participant
from bankwire.network.routing import route
from bankwire.policy.access import ParticipantStatus, check_access
from bankwire.policy.context import PolicyContext
from bankwire.policy.decision import Decision, Reason
from bankwire.policy.engine import decide
from bankwire.policy.licences import Licence
from bankwire.sanctions.result import ScreeningQuery, ScreeningResult
from bankwire.store.base import NetworkTransaction, StoredMessage

__all__ = ["DecisionRecord", "Snapshot", "decide_message", "load_snapshot", "load_snapshot_in"]


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision as the pipeline stores it: plain JSON, enough to act and to explain."""

    outcome: str
    reasons: tuple[dict[str, Any], ...]
    hits: tuple[dict[str, Any], ...] = ()
    list_versions: tuple[str, ...] = ()
    reject_code: str | None = None
    block_jurisdiction: str = "EU"
    release_jurisdiction: str | None = None
    licence: str | None = None
    licence_key: str | None = None
    decision_id: str | None = None
    policy_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome, "reasons": list(self.reasons), "hits": list(self.hits),
            "list_versions": list(self.list_versions), "reject_code": self.reject_code,
            "block_jurisdiction": self.block_jurisdiction,
            "release_jurisdiction": self.release_jurisdiction, "licence": self.licence,
            "licence_key": self.licence_key, "decision_id": self.decision_id,
            "policy_version": self.policy_version, **self.extra,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecisionRecord:
        known = set(cls.__slots__) - {"extra"}
        extra = {key: value for key, value in data.items() if key not in known}
        return cls(
            outcome=data["outcome"], reasons=tuple(data["reasons"]), hits=tuple(data["hits"]),
            list_versions=tuple(data["list_versions"]), reject_code=data["reject_code"],
            block_jurisdiction=data["block_jurisdiction"],
            release_jurisdiction=data["release_jurisdiction"], licence=data["licence"],
            licence_key=data["licence_key"], decision_id=data["decision_id"],
            policy_version=data["policy_version"], extra=extra,
        )  # fmt: skip

    @property
    def summary(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "reasons": list(self.reason_texts),
                "licence": self.licence, "decision_id": self.decision_id}  # fmt: skip

    @property
    def screening(self) -> dict[str, Any]:
        return {"hits": list(self.hits), "list_versions": list(self.list_versions)}

    @property
    def reason_texts(self) -> tuple[str, ...]:
        """The reasons that carry the outcome, as sentences."""
        carrying = [r for r in self.reasons if r["outcome"] == self.outcome]
        return tuple(f"{r['rule_id']}: {r['detail']}" for r in carrying)


@dataclass(slots=True)
class Snapshot:
    """The directory state decisions read: read once per batch, not once per payment."""

    participants: list[Participant]
    licences: tuple[Licence, ...]
    used: dict[str, tuple[str, str]]
    """Licence key -> (decimal amount, currency) moved under it so far."""

    def add_usage(self, key: str, amount: Amount) -> None:
        """Count a payment just decided under a licence, so the next one sees the cap."""
        before = self.used.get(key)
        total = amount if before is None else Amount.parse(*before) + amount
        self.used[key] = (total.to_decimal_string(), total.currency.code)


def load_snapshot(services: Services) -> Snapshot:
    with services.store.transaction() as tx:
        return load_snapshot_in(tx)


def load_snapshot_in(tx: NetworkTransaction) -> Snapshot:
    """The snapshot as ``tx`` sees it (a step deciding inside its own transaction)."""
    participants = tx.participants()
    licences = tuple(licence_from_json(record.data) for record in tx.licences())
    return Snapshot(participants, licences, tx.licence_usage())


def decide_message(
    services: Services,
    stored: StoredMessage,
    snapshot: Snapshot | None = None,
    parsed: Message | None = None,
) -> DecisionRecord:
    """Decide one accepted message; ``snapshot`` saves the directory reads in a batch.

    ``parsed`` is the message as the receive step parsed it from the same stored bytes, so
    a payment decided right after its ACK is not parsed again.
    """
    now = services.clock.now()
    current = snapshot if snapshot is not None else load_snapshot(services)
    participants, licences, used = current.participants, current.licences, current.used
    message = parsed if parsed is not None else parse_message(stored.body)
    found = route(message)
    for bic in (found.sender, found.receiver):
        participant = next((p for p in participants if p.bic[:8] == bic), None)
        assert participant is not None, f"accepted message {stored.id} names unknown {bic}"
        refused = _access(participant, found.family, licences, now)
        if refused is not None:
            return refused
    parties = extract_parties(message)
    names = {p.bic[:8]: p.name for p in participants}
    queries = screening_queries(parties, names)
    results = [services.screener.screen(query) for query in queries]
    context = PolicyContext(
        now=now,
        network_jurisdiction=services.network_jurisdiction,
        regimes=services.regimes,
        participant_jurisdictions={p.bic: p.jurisdictions for p in participants},
        licences=licences,
        licence_used={key: Amount.parse(*value) for key, value in used.items()},
        entries=services.screener.entries,
    )
    facts = payment_facts(message, found, parties)
    if facts.releases_blocked_funds:
        debtors = {p.name.casefold() for p in facts.parties if p.role == "debtor" and p.name}
        owners = _debtor_entries(debtors, queries, results)
        facts = dataclasses.replace(facts, blocked_funds_owners=owners)
    decision = decide(facts, results, context)
    return _record(decision, results, licences, blocked_jurisdiction(message), services)


def _debtor_entries(
    debtors: set[str], queries: Sequence[ScreeningQuery], results: Sequence[ScreeningResult]
) -> tuple[tuple[str, str], ...]:
    """Whose frozen funds a release moves: the listed entries its debtor matched.

    A release names the blocked account as the debtor's account, so the debtor is the owner
    of the funds; a licence must name exactly these designated persons to release them.
    """
    owners: dict[tuple[str, str], None] = {}
    for query, result in zip(queries, results, strict=True):
        if query.name.casefold() in debtors:
            for hit in result.hits:
                owners.setdefault((hit.list_name, hit.source_id), None)
    return tuple(owners)


def _access(
    participant: Participant, family: str, licences: Sequence[Licence], now: datetime
) -> DecisionRecord | None:
    """None when the participant may use the network for this message now; else the reject."""
    status = ParticipantStatus(participant.bic, participant.disconnected_from)
    access = check_access(status, family, now, licences)
    if access.allowed:
        return None
    reason = {"rule_id": f"network/access/{access.reason.value}", "outcome": "reject",
              "measure": "reject", "detail": access.detail,
              "reason_code": access.reject_reason_code}  # fmt: skip
    return DecisionRecord("reject", (reason,), reject_code=access.reject_reason_code)


def _record(
    decision: Decision,
    results: Sequence[ScreeningResult],
    licences: Sequence[Licence],
    release: str | None,
    services: Services,
) -> DecisionRecord:
    cited = decision.licences_cited[0] if decision.licences_cited else None
    key = next((licence.key for licence in licences if licence.number == cited), None)
    carrying = decision.effective_reasons
    block_in = next((r.jurisdiction for r in carrying if r.jurisdiction), None)
    return DecisionRecord(
        outcome=decision.outcome.value,
        reasons=tuple(_reason_json(reason) for reason in decision.reasons),
        hits=tuple(_hits_json(results)),
        list_versions=services.screener.list_versions,
        reject_code=decision.reject_reason_code,
        block_jurisdiction=block_in or services.network_jurisdiction,
        release_jurisdiction=release,
        licence=cited,
        licence_key=key,
        decision_id=decision.id,
        policy_version=decision.policy_version,
    )


def _reason_json(reason: Reason) -> dict[str, Any]:
    entry = reason.entry
    return {
        "rule_id": reason.rule_id, "outcome": reason.outcome.value,
        "measure": reason.measure.value, "detail": reason.detail,
        "jurisdiction": reason.jurisdiction, "score": reason.score,
        "entry": None if entry is None else [entry.list_name, entry.source_id, entry.name],
        "list_version": reason.list_version, "licence": reason.licence,
        "reason_code": reason.reason_code, "party": reason.party,
    }  # fmt: skip


def _hits_json(results: Sequence[ScreeningResult]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for result in results:
        for hit in result.hits:
            found.append(
                {
                    "query": result.query.name, "party": result.query.id,
                    "list": hit.list_name, "source_id": hit.source_id,
                    "matched_name": hit.matched_name, "score": round(hit.score, 4),
                    "explanation": [feature.detail for feature in hit.features],
                }
            )  # fmt: skip
    return found
