"""A network database for API and end-to-end tests: fixture lists, banks, RMA, an operator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from bankwire.api.runtime import Runtime
from bankwire.demo.payments import CustomerTransfer, pacs008
from bankwire.flows.admin import add_operator, grant_rma, register_participant
from bankwire.ids import new_uetr
from bankwire.money import Amount
from bankwire.sanctions.sources.base import SourceFile
from bankwire.settings import Settings
from bankwire.transports.base import Credentials

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "network"

# bic -> (name, country, jurisdictions)
BANKS = {
    "BOFAUS3N": ("Bank of America", "US", ("US",)),
    "DEUTDEFF": ("Deutsche Bank", "DE", ("EU",)),
    "PRMSRUMM": ("PJSC Promsvyazbank", "RU", ("RU",)),
}

NO_RMA = {("PRMSRUMM", "DEUTDEFF")}
"""Deutsche Bank has not authorised PSB: messages that way are NAK'd (H03)."""


@dataclass
class Prepared:
    settings: Settings
    operator_token: str
    credentials: dict[str, Credentials] = field(default_factory=dict)


LISTS = ("sdn.csv", "eu_fsf_trimmed.csv")


def load_list(database_url: str, name: str) -> None:
    """Load one fixture list file as a new version, as ``bankwire lists load`` would."""
    runtime = Runtime.open(Settings(database_url=database_url))
    try:
        data = (FIXTURES / name).read_bytes()
        runtime.lists.load([SourceFile(name, data)], loaded_at=datetime.now(UTC))
    finally:
        runtime.close()


def prepare(database_url: str, lists: tuple[str, ...] = LISTS, **settings: object) -> Prepared:
    """Create the schema, load the fixture lists, register banks with RMA both ways."""
    chosen = Settings(database_url=database_url, **settings)  # type: ignore[arg-type]
    runtime = Runtime.open(chosen)
    try:
        for name in lists:
            data = (FIXTURES / name).read_bytes()
            runtime.lists.load([SourceFile(name, data)], loaded_at=datetime.now(UTC))
        token = secrets.token_urlsafe(16)
        add_operator(runtime.services, "ops", token)
        prepared = Prepared(chosen, token)
        for bic, (name, country, jurisdictions) in BANKS.items():
            raw = Ed25519PrivateKey.generate().private_bytes(
                Encoding.Raw, PrivateFormat.Raw, NoEncryption()
            )
            credentials = Credentials(bic, secrets.token_urlsafe(16), raw)
            register_participant(
                runtime.services, bic, name, country, ("EUR", "USD"), jurisdictions,
                credentials.public_key, credentials.token,
            )  # fmt: skip
            prepared.credentials[bic] = credentials
        for sender in BANKS:
            for receiver in BANKS:
                if sender != receiver and (sender, receiver) not in NO_RMA:
                    grant_rma(runtime.services, sender, receiver, ["pacs.008"])
    finally:
        runtime.close()
    return prepared


def payment(sender: str, receiver: str, **changes: object) -> bytes:
    """A valid signed-ready pacs.008 between two fixture banks, dated now."""
    now = datetime.now(UTC)
    values: dict[str, object] = {
        "sender": sender, "receiver": receiver, "uetr": new_uetr(),
        "message_id": "M" + secrets.token_hex(8), "amount": Amount.parse("1000.00", "EUR"),
        "settlement_date": now.date(), "debtor": "Acme Trading GmbH", "debtor_country": "DE",
        "creditor": "Globex Handels AG", "creditor_country": "AT", "debtor_town": "Berlin",
        "creditor_town": "Wien",
    }  # fmt: skip
    values.update(changes)
    return pacs008(CustomerTransfer(**values), now)  # type: ignore[arg-type]
