"""Request and response bodies of the REST API: pydantic, strict, with examples.

Boundary types only: routers convert them to and from domain values; nothing here reaches
the core. Unknown fields are refused (``extra="forbid"``), never ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AckBatchIn",
    "AckBatchOut",
    "AckResponse",
    "BalanceOut",
    "DeliveryOut",
    "DisconnectIn",
    "ErrorOut",
    "FetchResponse",
    "HoldOut",
    "LedgerVerifyOut",
    "LicenceIn",
    "ListVersionOut",
    "ParticipantCreated",
    "ParticipantIn",
    "ParticipantOut",
    "RekeyIn",
    "RescreenOut",
    "ReviewIn",
    "ReviewOut",
    "RmaIn",
    "SubmitResponse",
    "TrackEventOut",
    "TrackResponse",
]

UETR_EXAMPLE = "8a562c67-ca16-48ba-b074-65581be6f011"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(_Model):
    code: str = Field(examples=["unauthenticated"])
    message: str = Field(examples=["no participant holds this bearer token"])


class SubmitResponse(_Model):
    uetr: str | None = Field(examples=[UETR_EXAMPLE])
    status: Literal["ack", "nak"]
    code: str | None = Field(
        description="NAK code (S/H/T/D classes) or DUPLICATE for an accepted resend",
        examples=[None, "H03"],
    )
    text: str = Field(examples=["accepted"])
    decision: str | None = Field(
        description="pass, hold, reject or block once the pipeline decided", examples=["pass"]
    )


class DeliveryOut(_Model):
    sequence: int = Field(examples=[1])
    uetr: str | None = Field(examples=[UETR_EXAMPLE])
    message_type: str = Field(examples=["pacs.008.001.08"])
    message: str = Field(description="The message exactly as the sender signed it")
    sender: str = Field(examples=["BOFAUS3N"])
    possible_duplicate: bool = Field(
        description="A redelivery after the ack timeout (PDE): check before booking twice"
    )


class FetchResponse(_Model):
    messages: list[DeliveryOut]


class AckResponse(_Model):
    sequence: int
    result: Literal["acknowledged", "already_acknowledged", "not_delivered"]


class AckBatchIn(_Model):
    sequences: list[int] = Field(min_length=1, max_length=1000, examples=[[1, 2, 3]])


class AckBatchOut(_Model):
    results: list[AckResponse]


class TrackEventOut(_Model):
    at: datetime
    kind: str = Field(examples=["screened"])
    participant: str | None
    detail: dict[str, Any]


class TrackResponse(_Model):
    uetr: str = Field(examples=[UETR_EXAMPLE])
    state: str = Field(examples=["acknowledged"])
    outcome: str | None = Field(examples=["pass"])
    sender: str
    receiver: str
    message_type: str
    reasons: list[str]
    events: list[TrackEventOut]


class ParticipantIn(_Model):
    bic: str = Field(examples=["BOFAUS3N"])
    name: str = Field(examples=["Bank of America"])
    country: str = Field(min_length=2, max_length=2, examples=["US"])
    currencies: list[str] = Field(default_factory=list, examples=[["USD"]])
    jurisdictions: list[str] = Field(default_factory=list, examples=[["US"]])
    public_key: str = Field(description="Raw Ed25519 public key, base64 (32 bytes)")


class RekeyIn(_Model):
    public_key: str = Field(description="The new raw Ed25519 public key, base64 (32 bytes)")


class ParticipantOut(_Model):
    bic: str
    name: str
    country: str
    currencies: list[str]
    jurisdictions: list[str]
    status: str = Field(examples=["active", "disconnected"])
    disconnected_from: date | None
    licence_reference: str | None


class ParticipantCreated(_Model):
    participant: ParticipantOut
    token: str = Field(description="The bearer token; shown once, stored only hashed")


class RmaIn(_Model):
    sender: str = Field(examples=["BOFAUS3N"])
    receiver: str = Field(examples=["DEUTDEFF"])
    message_types: list[str] = Field(min_length=1, examples=[["pacs.008", "pacs.009"]])


class LicenceIn(_Model):
    number: str = Field(examples=["VENEZUELA-2022-0042"])
    issuer: str = Field(examples=["OFAC"])
    jurisdiction: str = Field(examples=["US"])
    kind: Literal["general", "specific"]
    valid_from: datetime
    valid_until: datetime | None = None
    programs: list[str] = Field(default_factory=list)
    covered_entries: list[tuple[str, str]] = Field(default_factory=list)
    covered_bics: list[str] = Field(default_factory=list)
    purposes: list[str] = Field(default_factory=list)
    message_types: list[str] = Field(default_factory=list)
    amount_cap: tuple[str, str] | None = Field(default=None, examples=[["5000000.00", "USD"]])
    releases_blocked_funds: bool = False
    grants_network_access: bool = False
    description: str = ""


class HoldOut(_Model):
    uetr: str | None
    opened_at: datetime
    state: str
    reasons: list[str]
    reviews: list[dict[str, Any]]


class ReviewIn(_Model):
    analyst: str = Field(min_length=1, examples=["analyst.a"])
    note: str = ""


class ReviewOut(_Model):
    applied: bool
    alert_state: str
    detail: str
    payment_state: str | None


class DisconnectIn(_Model):
    from_date: date = Field(examples=["2022-03-12"])
    licence_reference: str | None = None


class ListVersionOut(_Model):
    list_name: str
    sha256: str
    published: date | None
    entry_count: int


class RescreenOut(_Model):
    screened: int
    changed: list[tuple[str | None, str, str]]


class BalanceOut(_Model):
    owner: str
    kind: str
    currency: str
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int


class LedgerVerifyOut(_Model):
    verified: bool
    discrepancies: list[str]
