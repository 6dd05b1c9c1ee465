"""Test harness for the network flows: banks with keys, signed pacs.008 submissions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy import Engine

from bankwire.clock import FixedClock
from bankwire.demo.payments import CustomerTransfer, pacs008
from bankwire.flows.admin import grant_rma, register_participant
from bankwire.flows.screening import ListScreener
from bankwire.flows.services import Services
from bankwire.flows.submit_payment import Submission, SubmitResult, submit
from bankwire.ids import Bic, new_uetr
from bankwire.ledger.ledger import Ledger
from bankwire.money import Amount
from bankwire.network.auth import sign
from bankwire.policy.regimes import bundled_regimes
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.ledger import DurableLedger
from bankwire.store.network import SqlNetworkStore
from bankwire.transports.base import Credentials

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "network"
START = datetime(2022, 1, 10, 9, 0, tzinfo=UTC)

# bic -> (name, country, jurisdictions)
BANKS = {
    "BOFAUS3N": ("Bank of America", "US", ("US",)),
    "DEUTDEFF": ("Deutsche Bank", "DE", ("EU",)),
    "PRMSRUMM": ("Promsvyazbank", "RU", ("RU",)),
    "EVRFRUMM": ("Evrofinance Mosnarbank", "RU", ("RU",)),
}


def fixture_screener() -> ListScreener:
    entries = []
    versions = {}
    for name in ("sdn.csv", "eu_fsf_trimmed.csv"):
        data = (FIXTURES / name).read_bytes()
        parsed = read_list([SourceFile(name, data)])
        entries.extend(parsed.entries)
        versions[parsed.list_name] = name
    return ListScreener(entries, versions)


@dataclass
class Network:
    services: Services
    clock: FixedClock
    credentials: dict[str, Credentials] = field(default_factory=dict)

    def payment(self, sender: str, receiver: str, **changes: object) -> CustomerTransfer:
        values: dict[str, object] = {
            "sender": sender, "receiver": receiver, "uetr": new_uetr(),
            "message_id": "M" + secrets.token_hex(8), "amount": Amount.parse("1000.00", "EUR"),
            "settlement_date": self.clock.now().date(), "debtor": "Acme Trading GmbH",
            "debtor_country": "DE", "creditor": "Globex Handels AG", "creditor_country": "AT",
            "debtor_town": "Berlin", "creditor_town": "Wien",
        }  # fmt: skip
        values.update(changes)
        return CustomerTransfer(**values)  # type: ignore[arg-type]

    def signed(self, transfer: CustomerTransfer, signer: str | None = None) -> Submission:
        body = pacs008(transfer, self.clock.now())
        credentials = self.credentials[signer or transfer.sender]
        envelope = sign(
            credentials.signing_key, credentials.bic, body, self.clock.now(), secrets.token_hex(8)
        )
        return Submission(body, envelope.render(), credentials.token)

    def submit(self, transfer: CustomerTransfer) -> SubmitResult:
        return submit(self.services, self.signed(transfer))


def make_network(engine: Engine, screener: ListScreener, *, durable: bool = False) -> Network:
    """``durable``: the SQL ledger on ``engine`` (as the server runs), else the in-memory one."""
    clock = FixedClock(START)
    services = Services(
        store=SqlNetworkStore(engine),
        ledger=DurableLedger.open(engine, clock) if durable else Ledger(clock),
        screener=screener,
        clock=clock,
        network_bic=Bic("BWNWBEBB"),
        regimes=bundled_regimes(),
    )
    network = Network(services, clock)
    for bic, (name, country, jurisdictions) in BANKS.items():
        key = Ed25519PrivateKey.generate().private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption()
        )
        token = secrets.token_urlsafe(16)
        credentials = Credentials(bic, token, key)
        register_participant(
            services, bic, name, country, ("EUR", "USD"), jurisdictions,
            credentials.public_key, token,
        )  # fmt: skip
        network.credentials[bic] = credentials
    for sender in BANKS:
        for receiver in BANKS:
            if sender != receiver:
                grant_rma(services, sender, receiver, ["pacs.008"])
    return network


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
