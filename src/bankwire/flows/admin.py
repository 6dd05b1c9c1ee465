"""Operator actions on the network's directory: participants, RMA, licences, disconnections.

Each is one transaction with an audit event, called alike by the CLI and the API. Secrets are
made here only as far as the core allows: the caller generates the key pair and token (edges
own randomness and files); this module stores the public half and the token's hash.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

import pycountry

from bankwire.errors import DirectoryConflict, DirectoryError
from bankwire.flows.licences import licence_to_json
from bankwire.flows.services import Services
from bankwire.ids import Bic, bic8, parse_bic
from bankwire.money import CURRENCY_EXPONENTS
from bankwire.network.participants import Participant, ParticipantStatus, hash_token
from bankwire.network.rma import KNOWN_FAMILIES, RmaAuthorisation, message_family
from bankwire.policy.licences import Licence
from bankwire.store.base import Event, LicenceRecord

__all__ = [
    "add_operator",
    "disconnect",
    "grant_rma",
    "participant_bic",
    "register_licence",
    "register_participant",
    "rekey_participant",
]

# Jurisdictions named otherwise than by an ISO 3166 country code, as the regimes' ``applied_by``
# names them (the United Kingdom is "UK" there, as in its sanctions list's name).
_JURISDICTION_BLOCS = frozenset({"EU", "UK", "UN"})


def add_operator(services: Services, name: str, token: str) -> None:
    """An operator (analyst, administrator) who may use the operator endpoints."""
    with services.store.transaction() as tx:
        tx.add_operator(name, hash_token(token))
        tx.append_event(Event(services.clock.now(), "operator_added", None, None, None,
                              {"name": name}))  # fmt: skip


def participant_bic(text: str, field: str = "BIC") -> Bic:
    """A participant's BIC as the directory keys it: its institution's BIC8.

    Routing, RMA, queues and disconnections all work by BIC8 (as FIN connects a BIC8
    destination, and every branch code under it reaches the same institution), so a
    participant is registered and looked up as one; ``XXX`` (the primary office) folds onto
    it, and any other branch code is refused rather than registered where nothing would
    ever reach it.
    """
    try:
        checked = parse_bic(text)
    except ValueError as exc:
        raise DirectoryError(f"{field}: {exc}") from exc
    if len(checked) == 11 and not checked.endswith("XXX"):
        raise DirectoryError(
            f"{field}: {checked} names a branch; a participant connects as its institution "
            f"(BIC8 {checked[:8]}), and messages to any of its branches reach it"
        )
    return bic8(checked)


def _country(code: str, field: str) -> str:
    candidate = code.strip().upper()
    if len(candidate) != 2 or pycountry.countries.get(alpha_2=candidate) is None:
        raise DirectoryError(f"{field}: must be an ISO 3166 alpha-2 country code (got {code!r})")
    return candidate


def _participant_fields(
    name: str, country: str, currencies: Sequence[str], jurisdictions: Sequence[str]
) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The directory fields of a participant, checked: what is wrong names the field."""
    clean_name = name.strip()
    if not clean_name:
        raise DirectoryError("name: must not be empty")
    codes = tuple(dict.fromkeys(code.strip().upper() for code in currencies if code.strip()))
    for code in codes:
        if code not in CURRENCY_EXPONENTS:
            raise DirectoryError(
                f"currency: must be ISO 4217 national currency codes like USD,EUR (got {code!r})"
            )
    blocs: list[str] = []
    for item in jurisdictions:
        code = item.strip().upper()
        if not code:
            continue
        blocs.append(code if code in _JURISDICTION_BLOCS else _country(code, "jurisdiction"))
    return (
        clean_name,
        _country(country, "country"),
        codes,
        tuple(dict.fromkeys(blocs)),
    )


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
    """Add a participant, keyed by its BIC8 (``participant_bic``).

    A BIC already in the directory is refused (``DirectoryConflict``): registering it again
    would replace its key and token and undo a disconnection. ``rekey_participant`` issues
    new credentials to an existing participant and keeps the rest.
    """
    stored_bic = participant_bic(bic)
    clean_name, clean_country, codes, blocs = _participant_fields(
        name, country, currencies, jurisdictions
    )
    participant = Participant(
        bic=stored_bic,
        name=clean_name,
        country=clean_country,
        currencies=codes,
        jurisdictions=blocs,
        public_key=public_key,
        token_sha256=hash_token(token),
    )
    with services.store.transaction() as tx:
        if tx.participant(stored_bic) is not None:
            raise DirectoryConflict(
                f"BIC: {stored_bic} is already a participant; to issue it new credentials, "
                f"re-key it (bankwire participants rekey {stored_bic})"
            )
        tx.save_participant(participant)
        detail = {"name": clean_name, "country": participant.country}
        tx.append_event(Event(services.clock.now(), "participant_added", None, None,
                              participant.bic, detail))  # fmt: skip
    return participant


def rekey_participant(services: Services, bic: str, public_key: bytes, token: str) -> Participant:
    """New credentials (public key and token) for an existing participant; its directory
    entry, status and any disconnection stay as they are."""
    stored_bic = participant_bic(bic)
    with services.store.transaction() as tx:
        found = tx.participant(stored_bic)
        if found is None:
            raise DirectoryError(f"BIC: {stored_bic} is not a participant of the network")
        changed = dataclasses.replace(found, public_key=public_key, token_sha256=hash_token(token))
        tx.save_participant(changed)
        tx.append_event(Event(services.clock.now(), "participant_rekeyed", None, None,
                              changed.bic, {"name": changed.name}))  # fmt: skip
    return changed


def grant_rma(
    services: Services, sender: str, receiver: str, types: Sequence[str]
) -> RmaAuthorisation:
    """The receiver authorises the sender for these message families (BIC8s, families)."""
    sender_bic = participant_bic(sender, "sender")
    receiver_bic = participant_bic(receiver, "receiver")
    if sender_bic == receiver_bic:
        raise DirectoryError(f"RMA: {sender_bic} cannot authorise itself as its own correspondent")
    families = frozenset(message_family(item.strip()) for item in types if item.strip())
    if not families:
        raise DirectoryError("types: at least one message type, e.g. pacs.008,pacs.009")
    unknown = sorted(families - KNOWN_FAMILIES)
    if unknown:
        raise DirectoryError(
            f"types: {', '.join(unknown)} not carried by the network "
            f"(known: {', '.join(sorted(KNOWN_FAMILIES))})"
        )
    with services.store.transaction() as tx:
        for role, bic in (("sender", sender_bic), ("receiver", receiver_bic)):
            if tx.participant(bic) is None:
                raise DirectoryError(f"RMA {role}: {bic} is not a participant of the network")
        granted = RmaAuthorisation(sender_bic, receiver_bic, families)
        tx.grant_rma(granted)
        detail = {"sender": sender_bic, "receiver": receiver_bic, "types": sorted(families)}
        tx.append_event(Event(services.clock.now(), "rma_granted", None, None, receiver_bic,
                              detail))  # fmt: skip
    return granted


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
    stored_bic = participant_bic(bic)
    with services.store.transaction() as tx:
        participant = tx.participant(stored_bic)
        if participant is None:
            raise DirectoryError(f"disconnect: {stored_bic} is not a participant of the network")
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
