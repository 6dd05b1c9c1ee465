"""General and specific licences, and whether one allows a given payment now.

A licence is an authority's written permission to do what a program otherwise prohibits: OFAC
general licences (Venezuela GL 4 for agricultural and medical goods, GL 8 for named oil
companies) cover anyone meeting their terms; specific licences name their parties. Either may
cap the amount, restrict purposes and message types, and run for a window. A licence stops
applying at the instant it expires or its cap would be exceeded: the amount already used is
passed in by the caller (the ledger knows it), never stored here, so a decision stays a pure
function of its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bankwire.errors import PolicyError
from bankwire.ids import bic8
from bankwire.money import Amount
from bankwire.policy.decision import LicenceNote

__all__ = [
    "Licence",
    "LicenceKind",
    "LicenceRequest",
    "LicenceSearch",
    "LicenceStatus",
    "add_usage",
    "evaluate",
    "find_applicable",
    "message_type_in",
]


class LicenceKind(StrEnum):
    GENERAL = "general"
    """Published for everyone who meets its terms; names no parties."""
    SPECIFIC = "specific"
    """Issued to an applicant; names the parties it covers."""


class LicenceStatus(StrEnum):
    """Why a licence does or does not apply, checked in this order."""

    APPLIES = "applies"
    JURISDICTION_NOT_COVERED = "jurisdiction_not_covered"
    PROGRAM_NOT_COVERED = "program_not_covered"
    PARTY_NOT_COVERED = "party_not_covered"
    MESSAGE_TYPE_NOT_COVERED = "message_type_not_covered"
    PURPOSE_NOT_COVERED = "purpose_not_covered"
    RELEASE_NOT_AUTHORISED = "release_not_authorised"
    CURRENCY_NOT_COVERED = "currency_not_covered"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    CAP_EXCEEDED = "cap_exceeded"


@dataclass(frozen=True, slots=True)
class Licence:
    """One licence as issued; empty scope tuples mean "not restricted by this"."""

    number: str
    """The issuer's number, cited in decisions (``GL 8A``, ``OFAC-VE-2022-0001``)."""
    issuer: str
    """The authority: ``OFAC``, ``OFSI``, or an EU member state's competent authority."""
    jurisdiction: str
    """The jurisdiction whose prohibitions it lifts (``US``, ``EU``, ``UK``)."""
    kind: LicenceKind
    valid_from: datetime
    valid_until: datetime | None = None
    """Exclusive end: at this instant the licence no longer applies."""
    programs: tuple[str, ...] = ()
    covered_entries: tuple[tuple[str, str], ...] = ()
    """(list name, source id) of designated parties the licence covers."""
    covered_bics: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    """ISO 20022 purpose codes permitted (``MDCS`` medical, ``GDDS`` goods ...)."""
    message_types: tuple[str, ...] = ()
    amount_cap: Amount | None = None
    """Total the licence may move over its life, in one currency."""
    releases_blocked_funds: bool = False
    """Whether money already frozen in a blocked account may be paid out under it."""
    grants_network_access: bool = False
    """Whether a disconnected participant may use the network within this licence's scope."""
    description: str = ""

    def __post_init__(self) -> None:
        where = f"licence {self.issuer} {self.number!r}"
        if not self.number.strip() or not self.issuer.strip():
            raise PolicyError(f"{where}: number and issuer must be non-empty")
        if self.valid_from.tzinfo is None:
            raise PolicyError(f"{where}: valid_from must be timezone-aware (got naive)")
        if self.valid_until is not None:
            if self.valid_until.tzinfo is None:
                raise PolicyError(f"{where}: valid_until must be timezone-aware (got naive)")
            if self.valid_until <= self.valid_from:
                raise PolicyError(
                    f"{where}: valid_until must be after valid_from "
                    f"(got {self.valid_from.isoformat()} .. {self.valid_until.isoformat()})"
                )
        if self.amount_cap is not None and self.amount_cap.minor_units <= 0:
            raise PolicyError(f"{where}: amount_cap must be positive (got {self.amount_cap})")
        if self.kind == LicenceKind.SPECIFIC and not (self.covered_entries or self.covered_bics):
            raise PolicyError(f"{where}: a specific licence must name the parties it covers")

    @property
    def key(self) -> str:
        """Unique across issuers; the key of the used-amount mapping."""
        return f"{self.issuer}/{self.number}"


@dataclass(frozen=True, slots=True)
class LicenceRequest:
    """What needs permission: one prohibition, for one payment."""

    jurisdiction: str | None
    """None when any jurisdiction's licence will do (release of blocked funds)."""
    programs: tuple[str, ...]
    entries: tuple[tuple[str, str], ...]
    """(list name, source id) of the designated persons concerned; all must be covered."""
    bics: tuple[str, ...]
    message_type: str
    purposes: tuple[str, ...]
    amount: Amount
    releases_blocked_funds: bool


@dataclass(frozen=True, slots=True)
class LicenceSearch:
    licence: Licence | None
    """The first licence that applies, specific ones before general ones."""
    notes: tuple[LicenceNote, ...]
    """Every licence consulted and its status, for the decision's record."""


def find_applicable(
    licences: Sequence[Licence],
    request: LicenceRequest,
    now: datetime,
    used: Mapping[str, Amount],
) -> LicenceSearch:
    """The licence that allows ``request`` at ``now``, given amounts already used.

    Licences of other jurisdictions are not consulted (and not noted): they could never apply.
    """
    ordered = sorted(licences, key=lambda item: (item.kind != LicenceKind.SPECIFIC, item.key))
    notes: list[LicenceNote] = []
    found: Licence | None = None
    for licence in ordered:
        if request.jurisdiction is not None and licence.jurisdiction != request.jurisdiction:
            continue
        status = evaluate(licence, request, now, used.get(licence.key))
        notes.append(LicenceNote(licence.number, licence.issuer, status.value))
        if status == LicenceStatus.APPLIES and found is None:
            found = licence
    return LicenceSearch(found, tuple(notes))


def evaluate(
    licence: Licence, request: LicenceRequest, now: datetime, used: Amount | None
) -> LicenceStatus:
    """Whether ``licence`` covers ``request`` at ``now``; the first failing term is named."""
    scope = _scope_status(licence, request)
    if scope is not LicenceStatus.APPLIES:
        return scope
    if now < licence.valid_from:
        return LicenceStatus.NOT_YET_VALID
    if licence.valid_until is not None and now >= licence.valid_until:
        return LicenceStatus.EXPIRED
    if licence.amount_cap is not None:
        spent = 0 if used is None else used.minor_units
        if spent + request.amount.minor_units > licence.amount_cap.minor_units:
            return LicenceStatus.CAP_EXCEEDED
    return LicenceStatus.APPLIES


def _scope_status(licence: Licence, request: LicenceRequest) -> LicenceStatus:
    if request.jurisdiction is not None and licence.jurisdiction != request.jurisdiction:
        return LicenceStatus.JURISDICTION_NOT_COVERED
    if licence.programs and not (
        request.programs and set(request.programs) <= set(licence.programs)
    ):
        # Every program the prohibition rests on must be licensed: a Venezuela licence does
        # not cover a person also designated under an Iran program.
        return LicenceStatus.PROGRAM_NOT_COVERED
    if not _covers_party(licence, request):
        return LicenceStatus.PARTY_NOT_COVERED
    if licence.message_types and not message_type_in(request.message_type, licence.message_types):
        return LicenceStatus.MESSAGE_TYPE_NOT_COVERED
    if licence.purposes and not set(licence.purposes) & set(request.purposes):
        return LicenceStatus.PURPOSE_NOT_COVERED
    if request.releases_blocked_funds and not licence.releases_blocked_funds:
        return LicenceStatus.RELEASE_NOT_AUTHORISED
    if licence.amount_cap is not None and licence.amount_cap.currency != request.amount.currency:
        return LicenceStatus.CURRENCY_NOT_COVERED
    return LicenceStatus.APPLIES


def _covers_party(licence: Licence, request: LicenceRequest) -> bool:
    if not licence.covered_entries and not licence.covered_bics:
        return True  # A general licence covers whoever meets its other terms.
    covered = {bic8(bic.upper()) for bic in licence.covered_bics}
    if any(bic8(bic.upper()) in covered for bic in request.bics):
        return True
    # All designated persons concerned must be named: a licence for one owner does not
    # cover property another blocked owner also holds.
    return bool(request.entries) and set(request.entries) <= set(licence.covered_entries)


def message_type_in(message_type: str, allowed: Sequence[str]) -> bool:
    """``pacs.008.001.08`` is within ``pacs.008``; ``MT103`` only within ``MT103``."""
    return any(message_type == kind or message_type.startswith(f"{kind}.") for kind in allowed)


def add_usage(used: Mapping[str, Amount], licence: Licence, amount: Amount) -> dict[str, Amount]:
    """The used-amount mapping after ``amount`` moved under ``licence`` (a new mapping).

    Raises ``PolicyError`` when the amount is in another currency than the licence's cap,
    which would make the cap meaningless.
    """
    if licence.amount_cap is not None and amount.currency != licence.amount_cap.currency:
        raise PolicyError(
            f"licence {licence.key}: usage must be in {licence.amount_cap.currency} (got {amount})"
        )
    updated = dict(used)
    previous = updated.get(licence.key)
    updated[licence.key] = amount if previous is None else previous + amount
    return updated
