"""Operator actions on the network's directory: participants, RMA, licences, disconnections.

Each is one transaction with an audit event, called alike by the CLI and the API. Secrets are
made here only as far as the core allows: the caller generates the key pair and token (edges
own randomness and files); this module stores the public half and the token's hash.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from bankwire.errors import RoutingError
from bankwire.flows.licences import licence_to_json
from bankwire.flows.services import Services
from bankwire.ids import Bic, parse_bic
from bankwire.network.participants import Participant, ParticipantStatus, hash_token
from bankwire.network.rma import RmaAuthorisation, message_family
from bankwire.policy.licences import Licence
from bankwire.store.base import Event, LicenceRecord

__all__ = [
    "add_operator",
    "disconnect",
    "grant_rma",
    "register_licence",
    "register_participant",
]


def add_operator(services: Services, name: str, token: str) -> None:
    """An operator (analyst, administrator) who may use the operator endpoints."""
    with services.store.transaction() as tx:
        tx.add_operator(name, hash_token(token))
        tx.append_event(Event(services.clock.now(), "operator_added", None, None, None,
                              {"name": name}))  # fmt: skip


def register_participant(
    services: Services,
    bic: str,
    name: str,
    country: str,
    currencies: Sequence[str],
    jurisdictions: Sequence[str],
    public_key: bytes,
    token: str,
) -> Participant:
    """Add (or re-key) a participant; its BIC is stored as BIC8 unless a branch is given."""
    checked = parse_bic(bic)
    stored_bic = checked[:8] if checked.endswith("XXX") else checked
    participant = Participant(
        bic=Bic(stored_bic),
        name=name,
        country=country.upper(),
        currencies=tuple(code.upper() for code in currencies),
        jurisdictions=tuple(code.upper() for code in jurisdictions),
        public_key=public_key,
        token_sha256=hash_token(token),
    )
    with services.store.transaction() as tx:
        tx.save_participant(participant)
        detail = {"name": name, "country": participant.country}
        tx.append_event(Event(services.clock.now(), "participant_added", None, None,
                              participant.bic, detail))  # fmt: skip
    return participant


def grant_rma(services: Services, sender: str, receiver: str, types: Sequence[str]) -> None:
    """The receiver authorises the sender for these message families."""
    families = frozenset(message_family(item.strip()) for item in types if item.strip())
    with services.store.transaction() as tx:
        for bic in (sender, receiver):
            if tx.participant(parse_bic(bic)[:8]) is None:
                raise RoutingError(f"RMA: {bic} is not a participant of the network")
        tx.grant_rma(RmaAuthorisation(sender.upper()[:8], receiver.upper()[:8], families))
        detail = {"sender": sender, "receiver": receiver, "types": sorted(families)}
        tx.append_event(Event(services.clock.now(), "rma_granted", None, None, receiver, detail))


def register_licence(services: Services, licence: Licence) -> None:
    record = LicenceRecord(
        licence.number,
        licence_to_json(licence),
        licence.valid_from.date(),
        None if licence.valid_until is None else licence.valid_until.date(),
    )
    with services.store.transaction() as tx:
        tx.save_licence(record)
        detail = {"issuer": licence.issuer, "number": licence.number}
        tx.append_event(Event(services.clock.now(), "licence_added", None, None, None, detail))


def disconnect(
    services: Services, bic: str, from_date: date, licence_reference: str | None = None
) -> Participant:
    """Cut a participant off from ``from_date`` (or mark it reconnected under a licence)."""
    with services.store.transaction() as tx:
        participant = tx.participant(parse_bic(bic)[:8])
        if participant is None:
            raise RoutingError(f"disconnect: {bic} is not a participant of the network")
        status = (
            ParticipantStatus.RECONNECTED_UNDER_LICENCE
            if licence_reference
            else ParticipantStatus.DISCONNECTED
        )
        changed = dataclasses.replace(
            participant,
            status=status,
            disconnected_from=from_date,
            licence_reference=licence_reference,
        )
        tx.save_participant(changed)
        detail = {"from": from_date.isoformat(), "licence": licence_reference}
        tx.append_event(Event(services.clock.now(), "disconnected", None, None, participant.bic,
                              detail))  # fmt: skip
    return changed
