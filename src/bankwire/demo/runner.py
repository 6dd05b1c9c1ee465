"""Replay the story through the real pipeline on a fresh embedded database.

Nothing here decides an outcome: each step is a signed pacs.008 submitted to the network's
flows, screened against the lists as they stood that day, decided by the policy engine,
posted in the durable ledger and delivered (or not) through the queues. The runner only
reads back what happened.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from bankwire.api.runtime import NETWORK_BIC
from bankwire.bundled import bundled_sets, read_bundled_files
from bankwire.clock import FixedClock
from bankwire.demo.asof import AsOfScreener, AsOfVersion
from bankwire.demo.payments import CustomerTransfer, pacs008
from bankwire.demo.story import BANKS, DISCONNECTION, LICENCE, STEPS, Step
from bankwire.errors import StoreError
from bankwire.flows.admin import disconnect, grant_rma, register_licence, register_participant
from bankwire.flows.decide import DecisionRecord
from bankwire.flows.deliver import acknowledge_delivery, fetch_deliveries
from bankwire.flows.licences import licence_from_json
from bankwire.flows.postings import blocked_account
from bankwire.flows.services import Services
from bankwire.flows.submit_payment import Status, Submission, SubmitResult, submit
from bankwire.flows.track import track
from bankwire.ids import Uetr
from bankwire.money import Amount
from bankwire.network.auth import sign
from bankwire.policy.regimes import bundled_regimes
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.sources import read_list
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import DurableLedger
from bankwire.store.lists import ListStore, source_sha256
from bankwire.store.network import SqlNetworkStore
from bankwire.transports.base import Credentials

__all__ = ["DemoRun", "StepResult", "run_story"]

_OUTCOMES = {
    "acknowledged": "delivered",
    "held": "held",
    "rejected": "rejected",
    "blocked": "blocked",
}


@dataclass(frozen=True, slots=True)
class StepResult:
    id: str
    date: str
    description: str
    message_type: str
    uetr: str
    outcome: str
    reasons: list[str]
    ledger: dict[str, Any]
    hits: list[dict[str, Any]]
    events: list[str]


@dataclass(slots=True)
class DemoRun:
    database_url: str
    steps: list[StepResult] = field(default_factory=list)
    lists: list[dict[str, Any]] = field(default_factory=list)
    ledger_verified: bool = False
    discrepancies: list[str] = field(default_factory=list)


def run_story(database_url: str, say: Callable[[str], None]) -> DemoRun:
    """Load the bundled lists, register the banks, and replay every step in date order."""
    engine = open_engine(database_url)
    create_schema(engine)
    clock = FixedClock(STEPS[0].at)
    store = SqlNetworkStore(engine)
    with store.transaction() as tx:
        if tx.participants():
            raise StoreError(
                f"{database_url}: the demo needs a fresh database (found participants)"
            )
    say("Loading the bundled sanctions lists ...")
    entries, bundled, loaded = _load_lists(ListStore(engine), clock)
    say("Building the screening index over every bundled entry ...")
    screener = AsOfScreener(entries, bundled)
    screener.build()
    ledger = DurableLedger.open(engine, clock)
    services = Services(
        store=store, ledger=ledger, screener=screener, clock=clock,
        network_bic=NETWORK_BIC, regimes=bundled_regimes(),
    )  # fmt: skip
    credentials = _register_banks(services)
    run = DemoRun(database_url, lists=loaded)
    seen_versions: dict[str, AsOfVersion] = {}
    for step in STEPS:
        clock.set(step.at)
        screener.set_as_of(step.at.date())
        for version in screener.versions():
            seen_versions.setdefault(version.sha256, version)
        _before(services, step)
        run.steps.append(_run_step(services, credentials, step))
        say(f"{step.id}: {run.steps[-1].outcome}")
    run.lists.extend(_as_of_json(version) for version in seen_versions.values())
    discrepancies = ledger.verify()
    run.discrepancies = [item.message for item in discrepancies]
    run.ledger_verified = not discrepancies
    engine.dispose()
    return run


def _load_lists(
    lists: ListStore, clock: FixedClock
) -> tuple[list[ListEntry], dict[str, str], list[dict[str, Any]]]:
    entries: list[ListEntry] = []
    versions: dict[str, str] = {}
    loaded: list[dict[str, Any]] = []
    for item in bundled_sets():
        files = read_bundled_files(item)
        parsed = read_list(files, item.source)
        sha = source_sha256(files)
        result = lists.save(parsed, sha, [file.name for file in files], datetime.now(UTC))
        entries.extend(parsed.entries)
        versions[parsed.list_name] = sha
        loaded.append({"list": parsed.list_name, "kind": "bundled", "sha256": sha,
                       "published": item.list_date, "entries": result.version.entry_count,
                       "authority": item.authority})  # fmt: skip
    return entries, versions, loaded


def _as_of_json(version: AsOfVersion) -> dict[str, Any]:
    return {
        "list": version.list_name,
        "kind": "as_of",
        "as_of": version.as_of.isoformat(),
        "sha256": version.sha256,
        "derived_from": version.bundled_sha256,
        "entries": version.entries,
        "excluded_not_yet_designated": list(version.excluded),
    }


def _register_banks(services: Services) -> dict[str, Credentials]:
    found: dict[str, Credentials] = {}
    for bank in BANKS:
        raw = Ed25519PrivateKey.generate().private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption()
        )
        token = secrets.token_urlsafe(24)
        credentials = Credentials(bank.bic, token, raw)
        register_participant(services, bank.bic, bank.name, bank.country, bank.currencies,
                             bank.jurisdictions, credentials.public_key, token)  # fmt: skip
        found[bank.bic] = credentials
    for sender in BANKS:
        for receiver in BANKS:
            if sender.bic != receiver.bic:
                grant_rma(services, sender.bic, receiver.bic, ["pacs.008"])
    return found


def _before(services: Services, step: Step) -> None:
    """Events of the story that happen before a step: the removal, the licence."""
    bic, cut_off = DISCONNECTION
    if step.at.date() >= cut_off:
        with services.store.transaction() as tx:
            participant = tx.participant(bic)
        if participant is not None and participant.disconnected_from is None:
            disconnect(services, bic, cut_off)
    if step.id == "licence-release-2022":
        register_licence(services, licence_from_json(dict(LICENCE)))


def _uetr(step: Step) -> Uetr:
    """A stable UUIDv4-shaped UETR per step, so reports of two runs compare line by line."""
    raw = bytearray(hashlib.sha256(f"bankwire-demo/{step.id}".encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return Uetr(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")


def _run_step(services: Services, credentials: dict[str, Credentials], step: Step) -> StepResult:
    uetr = _uetr(step)
    transfer = CustomerTransfer(
        sender=step.sender, receiver=step.receiver, uetr=uetr,
        message_id=step.id.upper().replace("-", "")[:35],
        amount=Amount.parse(step.amount, step.currency), settlement_date=step.at.date(),
        debtor=step.debtor, debtor_country=step.debtor_country, creditor=step.creditor,
        creditor_country=step.creditor_country, debtor_account=step.debtor_account,
        remittance=step.remittance,
    )  # fmt: skip
    now = services.clock.now()
    body = pacs008(transfer, now)
    signer = credentials[step.sender]
    envelope = sign(
        signer.signing_key, signer.bic, body, now, hashlib.sha256(body).hexdigest()[:32]
    )
    result = submit(services, Submission(body, envelope.render(), signer.token))
    _deliver(services, step.receiver)
    _deliver(services, step.sender)
    return _read_back(services, step, uetr, result)


def _deliver(services: Services, receiver: str) -> None:
    """The receiver's back office fetches and acknowledges everything due."""
    for item in fetch_deliveries(services, receiver):
        acknowledge_delivery(services, receiver, item.sequence)


def _read_back(services: Services, step: Step, uetr: str, result: SubmitResult) -> StepResult:
    base = {"id": step.id, "date": step.at.date().isoformat(), "description": step.description,
            "message_type": "pacs.008.001.08", "uetr": uetr}  # fmt: skip
    if result.status is Status.NAK:
        return StepResult(**base, outcome="rejected", reasons=[f"NAK {result.code}: {result.text}"],
                          ledger={}, hits=[], events=["nak"])  # fmt: skip
    tracking = track(services, uetr)
    payment = tracking.payment
    assert payment is not None
    record = DecisionRecord.from_json(payment.decision)
    reasons = list(record.reason_texts)
    if record.licence:
        reasons.append(f"licence cited: {record.licence}")
    ledger = {"posting": payment.decision.get("ledger"), "blocked_balances": _frozen(services)}
    return StepResult(
        **base, outcome=_OUTCOMES.get(payment.state.value, payment.state.value), reasons=reasons,
        ledger=ledger, hits=list(record.hits),
        events=[f"{event.at.isoformat()} {event.kind}" for event in tracking.events],
    )  # fmt: skip


def _frozen(services: Services) -> dict[str, str]:
    """What sits in the regulators' blocked accounts after the step."""
    accounts = [
        blocked_account(jurisdiction, currency)
        for jurisdiction in ("US", "EU")
        for currency in ("USD", "EUR")
    ]
    found = services.ledger.lookup_accounts([account.id for account in accounts])
    return {
        f"{account.owner}/{account.currency}": Amount.of(
            account.credits_posted - account.debits_posted, account.currency
        ).to_decimal_string()
        for account in found
    }
