"""From a parsed message to what screening and policy read: queries and payment facts.

Policy may not import the message model (layers), so the pipeline flattens a ``Message`` into
``PaymentFacts``; screening takes one ``ScreeningQuery`` per distinct party name or BIC. Both
conversions are pure and deterministic, so a re-screen of the same message asks the same
questions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bankwire.messages.model import CreditTransfer, Message, PartyRecord, PartyRole
from bankwire.network.routing import Route
from bankwire.policy.model import FactParty, PaymentFacts
from bankwire.sanctions.result import QueryKind, ScreeningQuery

__all__ = ["BLOCKED_ACCOUNT_PREFIX", "blocked_jurisdiction", "payment_facts", "screening_queries"]

BLOCKED_ACCOUNT_PREFIX = "BLOCKED-"
"""A debtor account ``Othr/Id`` of ``BLOCKED-<jurisdiction>`` names the network's blocked
account of that jurisdiction: the payment asks to release frozen funds, which only a licence
allows."""

_INSTITUTION_ROLES = frozenset(
    {
        PartyRole.DEBTOR_AGENT, PartyRole.CREDITOR_AGENT, PartyRole.INSTRUCTING_AGENT,
        PartyRole.INSTRUCTED_AGENT, PartyRole.INTERMEDIARY_AGENT,
        PartyRole.PREVIOUS_INSTRUCTING_AGENT, PartyRole.SENDER, PartyRole.RECEIVER,
        PartyRole.DEBTOR_FI, PartyRole.CREDITOR_FI,
    }
)  # fmt: skip


def screening_queries(
    parties: Sequence[PartyRecord], names_by_bic: Mapping[str, str] | None = None
) -> list[ScreeningQuery]:
    """One query per distinct (name, BIC) pair.

    An agent given by BIC alone (the CBPR+ norm) is screened under the name the BIC
    directory holds for it, as screening teams look BICs up: a list that names a bank but
    omits its BIC (the EU's entry for Promsvyazbank) still matches. Unknown BICs are
    screened by the BIC itself.
    """
    directory = names_by_bic or {}
    seen: dict[tuple[str, str | None], ScreeningQuery] = {}
    for party in parties:
        known = directory.get(party.bic[:8].upper()) if party.bic else None
        name = (party.name or known or party.bic or "").strip()
        if not name:
            continue
        key = (name.casefold(), party.bic)
        if key in seen:
            continue
        identifiers = list(party.identifiers)
        if party.bic:
            identifiers.append(("bic", party.bic))
        if party.lei:
            identifiers.append(("lei", party.lei))
        kind = QueryKind.ORGANIZATION if _is_institution(party) else QueryKind.ANY
        seen[key] = ScreeningQuery(
            name=name,
            kind=kind,
            id=f"{party.role.value}:{party.location}",
            country=party.country,
            identifiers=tuple(identifiers),
        )
    return list(seen.values())


def _is_institution(party: PartyRecord) -> bool:
    return party.is_institution or party.role in _INSTITUTION_ROLES


def payment_facts(message: Message, route: Route, parties: Sequence[PartyRecord]) -> PaymentFacts:
    """The facts of the message's first transaction (CBPR+ allows one per pacs.008/009)."""
    transfer = _first_transfer(message)
    if transfer is None:
        raise ValueError(f"{message.message_type}: no credit transfer to decide on")
    amount = transfer.instructed_amount or transfer.interbank_settlement_amount
    intermediaries = tuple(agent.bic for agent in transfer.intermediary_agents if agent.bic)
    debtor_account = transfer.debtor_account
    releases = bool(
        debtor_account
        and debtor_account.other_id
        and debtor_account.other_id.upper().startswith(BLOCKED_ACCOUNT_PREFIX)
    )
    purposes = tuple(code for code in (transfer.purpose, transfer.category_purpose) if code)
    text = " ".join(
        (
            *transfer.remittance_information,
            *transfer.instructions_for_creditor_agent,
            *transfer.instructions_for_next_agent,
            *message.free_text,
        )
    )
    return PaymentFacts(
        message_type=route.family,
        uetr=route.uetr or route.message_id,
        amount=amount,
        sender_bic=route.sender,
        receiver_bic=route.receiver,
        settlement_date=transfer.settlement_date,
        parties=tuple(_fact_party(party) for party in parties),
        purpose_codes=purposes,
        remittance_text=text,
        intermediary_bics=intermediaries,
        releases_blocked_funds=releases,
    )


def _first_transfer(message: Message) -> CreditTransfer | None:
    return message.transfers[0] if message.transfers else None


def _fact_party(party: PartyRecord) -> FactParty:
    return FactParty(
        role=party.role.value,
        name=party.name,
        bic=party.bic,
        country=party.country,
        account=party.account,
    )


def blocked_jurisdiction(message: Message) -> str | None:
    """The jurisdiction named by a ``BLOCKED-<jurisdiction>`` debtor account, if any."""
    transfer = _first_transfer(message)
    if transfer is None or transfer.debtor_account is None:
        return None
    other = (transfer.debtor_account.other_id or "").upper()
    if not other.startswith(BLOCKED_ACCOUNT_PREFIX):
        return None
    return other.removeprefix(BLOCKED_ACCOUNT_PREFIX) or None
