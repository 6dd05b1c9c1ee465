"""Typed payment messages, independent of their wire format (ISO 20022 XML or MT/FIN).

Parsers of both formats produce these objects and renderers consume them, which is what makes
MT <-> MX translation a mapping between two renderings of one model. Amounts are integer minor
units (``Amount``); identifiers are validated strings (``Bic``, ``Uetr``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bankwire.frozen import fast_constructor
from bankwire.money import Amount

__all__ = [
    "Account",
    "Agent",
    "BusinessHeader",
    "Cancellation",
    "CreditTransfer",
    "GroupHeader",
    "Message",
    "MessageFormat",
    "Party",
    "PartyRecord",
    "PartyRole",
    "PaymentReturn",
    "PostalAddress",
    "StatusReport",
    "TransactionStatus",
    "fast_constructor",
]


class MessageFormat(StrEnum):
    MX = "mx"  # ISO 20022 XML
    MT = "mt"  # SWIFT FIN


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """Structured (street, town, country ...) or unstructured (``lines``) or both (hybrid)."""

    street_name: str | None = None
    building_number: str | None = None
    post_code: str | None = None
    town_name: str | None = None
    country_subdivision: str | None = None
    country: str | None = None
    lines: tuple[str, ...] = ()
    department: str | None = None
    building_name: str | None = None
    floor: str | None = None
    post_box: str | None = None
    room: str | None = None
    town_location_name: str | None = None
    district_name: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    iban: str | None = None
    other_id: str | None = None
    """Non-IBAN account number (``Othr/Id``, MT ``/12345``)."""
    scheme: str | None = None
    currency: str | None = None
    name: str | None = None
    proxy: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """A debtor, creditor or ultimate party: a person or organisation, not a bank."""

    name: str | None = None
    address: PostalAddress | None = None
    bic: str | None = None
    """``AnyBIC`` of an organisation identification."""
    lei: str | None = None
    other_ids: tuple[tuple[str, str], ...] = ()
    """(scheme or issuer, id) pairs: national id, tax id, customer number ..."""
    country_of_residence: str | None = None
    birth_date: date | None = None
    birth_city: str | None = None
    birth_country: str | None = None


@dataclass(frozen=True, slots=True)
class Agent:
    """A financial institution in the chain: instructing, instructed, debtor's, creditor's..."""

    bic: str | None = None
    name: str | None = None
    address: PostalAddress | None = None
    lei: str | None = None
    clearing_system: str | None = None
    member_id: str | None = None
    account: Account | None = None
    """The agent's account where the message gives one (e.g. ``IntrmyAgt1Acct``)."""


@dataclass(frozen=True, slots=True)
class BusinessHeader:
    """head.001 AppHdr, or the FIN basic/application headers mapped to the same meaning."""

    from_bic: str
    to_bic: str
    business_message_id: str
    message_definition_id: str
    """``pacs.008.001.08`` or, for MT, ``MT103``."""
    created: datetime
    business_service: str | None = None
    possible_duplicate: bool = False
    priority: str | None = None
    related_reference: str | None = None
    copy_duplicate: str | None = None
    related: BusinessHeader | None = None
    """The header of the message this one answers (AppHdr ``Rltd``), when given in full."""


@dataclass(frozen=True, slots=True)
class GroupHeader:
    message_id: str
    created: datetime
    number_of_transactions: int
    settlement_method: str | None = None
    """INDA, INGA, COVE or CLRG."""
    settlement_account: Account | None = None
    clearing_system: str | None = None
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None
    total_amount: Amount | None = None
    settlement_date: date | None = None
    instructing_reimbursement_agent: Agent | None = None
    """``SttlmInf/InstgRmbrsmntAgt`` (MT field 53): the sender's correspondent."""
    instructed_reimbursement_agent: Agent | None = None
    """``SttlmInf/InstdRmbrsmntAgt`` (MT field 54): the receiver's correspondent."""
    third_reimbursement_agent: Agent | None = None
    """``SttlmInf/ThrdRmbrsmntAgt`` (MT field 55)."""


@dataclass(frozen=True, slots=True)
class CreditTransfer:
    """One transaction of a pacs.008 (customer) or pacs.009 (financial institution) transfer.

    For pacs.009 the debtor and creditor are agents; they are carried in ``debtor_fi`` and
    ``creditor_fi``. A pacs.009 COV carries the underlying customer transfer in
    ``underlying``.
    """

    end_to_end_id: str
    interbank_settlement_amount: Amount
    instruction_id: str | None = None
    transaction_id: str | None = None
    uetr: str | None = None
    settlement_date: date | None = None
    instructed_amount: Amount | None = None
    exchange_rate: str | None = None
    charge_bearer: str | None = None
    """DEBT, CRED, SHAR (SLEV in pacs.009)."""
    charges: tuple[tuple[Amount, Agent | None], ...] = ()
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None
    previous_instructing_agents: tuple[Agent, ...] = ()
    intermediary_agents: tuple[Agent, ...] = ()
    debtor: Party | None = None
    debtor_account: Account | None = None
    debtor_agent: Agent | None = None
    debtor_agent_account: Account | None = None
    creditor_agent: Agent | None = None
    creditor_agent_account: Account | None = None
    creditor: Party | None = None
    creditor_account: Account | None = None
    ultimate_debtor: Party | None = None
    ultimate_creditor: Party | None = None
    initiating_party: Party | None = None
    debtor_fi: Agent | None = None
    creditor_fi: Agent | None = None
    purpose: str | None = None
    category_purpose: str | None = None
    service_level: tuple[str, ...] = ()
    local_instrument: str | None = None
    instruction_priority: str | None = None
    instructions_for_creditor_agent: tuple[str, ...] = ()
    instructions_for_next_agent: tuple[str, ...] = ()
    regulatory_reporting: tuple[str, ...] = ()
    remittance_information: tuple[str, ...] = ()
    """Unstructured remittance lines (``Ustrd``, MT field 70)."""
    structured_remittance: tuple[str, ...] = ()
    underlying: CreditTransfer | None = None


class TransactionStatus(StrEnum):
    ACCEPTED_SETTLEMENT_COMPLETED = "ACSC"
    ACCEPTED_CREDIT_SETTLEMENT_COMPLETED = "ACCC"
    ACCEPTED_SETTLEMENT_IN_PROCESS = "ACSP"
    PENDING = "PDNG"
    REJECTED = "RJCT"


@dataclass(frozen=True, slots=True)
class StatusReport:
    """pacs.002: the status of one earlier transaction."""

    original_message_id: str
    original_message_type: str
    status: str
    original_end_to_end_id: str | None = None
    original_uetr: str | None = None
    original_instruction_id: str | None = None
    reason_code: str | None = None
    additional_information: tuple[str, ...] = ()
    acceptance_time: datetime | None = None
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None
    original_amount: Amount | None = None
    original_settlement_date: date | None = None


@dataclass(frozen=True, slots=True)
class PaymentReturn:
    """pacs.004: funds of an earlier transfer sent back."""

    returned_amount: Amount
    original_message_id: str | None = None
    original_message_type: str | None = None
    original_end_to_end_id: str | None = None
    original_uetr: str | None = None
    original_instruction_id: str | None = None
    return_id: str | None = None
    settlement_date: date | None = None
    reason_code: str | None = None
    additional_information: tuple[str, ...] = ()
    charge_bearer: str | None = None
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None
    original_debtor: Party | None = None
    original_creditor: Party | None = None
    original_debtor_agent: Agent | None = None
    original_creditor_agent: Agent | None = None
    original_amount: Amount | None = None
    original_settlement_date: date | None = None


@dataclass(frozen=True, slots=True)
class Cancellation:
    """camt.056 (request to cancel) or camt.029 (answer) about one earlier transaction."""

    case_id: str
    original_message_id: str | None = None
    original_message_type: str | None = None
    original_end_to_end_id: str | None = None
    original_uetr: str | None = None
    original_instruction_id: str | None = None
    original_amount: Amount | None = None
    original_settlement_date: date | None = None
    reason_code: str | None = None
    additional_information: tuple[str, ...] = ()
    assigner: Agent | None = None
    assignee: Agent | None = None
    case_creator: Agent | Party | None = None
    resolution_status: str | None = None
    """camt.029 only: CNCL, RJCR, PDCR ..."""
    original_created: datetime | None = None
    """``OrgnlGrpInf/OrgnlCreDtTm``; MT field 11S/11R gives the original's date."""


@dataclass(frozen=True, slots=True)
class Message:
    """A whole message: header, group header and its typed content."""

    message_type: str
    """ISO 20022 id (``pacs.008.001.08``) or ``MT103`` / ``MT202COV`` ..."""
    format: MessageFormat
    header: BusinessHeader | None
    group_header: GroupHeader | None
    transfers: tuple[CreditTransfer, ...] = ()
    status_reports: tuple[StatusReport, ...] = ()
    returns: tuple[PaymentReturn, ...] = ()
    cancellations: tuple[Cancellation, ...] = ()
    free_text: tuple[str, ...] = ()
    """Narrative (MT199/299 field 79, MT field 72 leftovers) that must still be screened."""


class PartyRole(StrEnum):
    DEBTOR = "debtor"
    CREDITOR = "creditor"
    ULTIMATE_DEBTOR = "ultimate_debtor"
    ULTIMATE_CREDITOR = "ultimate_creditor"
    INITIATING_PARTY = "initiating_party"
    DEBTOR_AGENT = "debtor_agent"
    CREDITOR_AGENT = "creditor_agent"
    INSTRUCTING_AGENT = "instructing_agent"
    INSTRUCTED_AGENT = "instructed_agent"
    INTERMEDIARY_AGENT = "intermediary_agent"
    PREVIOUS_INSTRUCTING_AGENT = "previous_instructing_agent"
    SENDER = "sender"
    RECEIVER = "receiver"
    DEBTOR_FI = "debtor_fi"
    CREDITOR_FI = "creditor_fi"
    REIMBURSEMENT_AGENT = "reimbursement_agent"
    FREE_TEXT = "free_text"
    """Remittance information, sender-to-receiver information, narrative."""


@dataclass(frozen=True, slots=True)
class PartyRecord:
    """A flat party for screening: every name, BIC and id a message carries, with its path."""

    role: PartyRole
    location: str
    """Where in the message: ``CdtTrfTxInf[1]/Cdtr`` or ``4:59``."""
    name: str | None = None
    address_lines: tuple[str, ...] = ()
    country: str | None = None
    account: str | None = None
    bic: str | None = None
    lei: str | None = None
    identifiers: tuple[tuple[str, str], ...] = field(default=())
    is_institution: bool = False
