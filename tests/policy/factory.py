"""Small builders for policy tests: real story entries, hits, facts and contexts.

The list entries are the real OFAC rows under tests/fixtures/policy (read by the real OFAC CSV
reader), given the designation dates OFAC published (the CSV carries none). The EU entry for
Promsvyazbank is built by hand: no EU file is available, and the EU listed PSB on 2022-02-23
(Council Implementing Regulation (EU) 2022/260).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from bankwire.money import Amount
from bankwire.policy import (
    FactParty,
    Licence,
    LicenceKind,
    OwnershipRegister,
    PaymentFacts,
    PolicyContext,
    bundled_regimes,
)
from bankwire.sanctions.model import (
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    Name,
)
from bankwire.sanctions.result import Feature, Hit, HitBasis, ScreeningQuery, ScreeningResult
from bankwire.sanctions.sources import ofac_csv
from bankwire.sanctions.sources.base import SourceFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policy"

MADURO = ("us_ofac_sdn", "22790")
PDVSA = ("us_ofac_sdn", "26367")
EVROFINANCE = ("us_ofac_sdn", "26503")
PSB = ("us_ofac_sdn", "34656")
PSB_EU = ("eu_fsf", "EU.7226.33")
SBERBANK_SSI = ("us_ofac_cons", "17018")
CHINA_TELECOM_CMIC = ("us_ofac_cons", "30882")

# Designation dates as OFAC and the Council published them.
LISTED_ON: dict[tuple[str, str], date] = {
    MADURO: date(2017, 7, 31),
    ("us_ofac_sdn", "25077"): date(2018, 9, 25),
    PDVSA: date(2019, 1, 28),
    EVROFINANCE: date(2019, 3, 11),
    PSB: date(2022, 2, 22),
    PSB_EU: date(2022, 2, 23),
}

# Fictional, well-formed BICs for unlisted banks; listed banks keep their real BICs.
EU_BANK = "ALPHDEFFXXX"
US_BANK = "BRAVUS33XXX"
UNLISTED_RU_BANK = "CHARRUMMXXX"
PSB_BIC = "PRMSRUMMXXX"
EVROFINANCE_BIC = "EVRFRUMMXXX"


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@cache
def story_entries() -> dict[tuple[str, str], ListEntry]:
    entries: dict[tuple[str, str], ListEntry] = {}
    for name in ("sdn.csv", "cons_prim.csv"):
        parsed = ofac_csv.read([SourceFile(name, (FIXTURES / name).read_bytes())])
        for entry in parsed.entries:
            key = (entry.list_name, entry.source_id)
            entries[key] = dataclasses.replace(entry, listed_on=LISTED_ON.get(key))
    entries[PSB_EU] = ListEntry(
        list_name="eu_fsf",
        source_id=PSB_EU[1],
        kind=EntryKind.ORGANIZATION,
        names=(Name("Public Joint Stock Company Promsvyazbank"), Name("PSB")),
        identifiers=(Identifier(IdentifierScheme.BIC, "PRMSRUMM"),),
        programs=("RUS",),
        listed_on=LISTED_ON[PSB_EU],
    )
    return entries


def hit(
    key: tuple[str, str],
    score: float = 1.0,
    *,
    weak_alias: bool = False,
    basis: HitBasis = HitBasis.NAME,
    matched_name: str | None = None,
) -> Hit:
    entry = story_entries()[key]
    return Hit(
        list_name=entry.list_name,
        source_id=entry.source_id,
        entry_kind=entry.kind.value,
        matched_name=matched_name or entry.primary_name,
        primary_name=entry.primary_name,
        score=score,
        basis=basis,
        features=(Feature("name_tokens", score, f"name ~ {entry.primary_name!r}"),),
        list_version=f"{entry.list_name}-v1",
        programs=entry.programs,
        weak_alias=weak_alias,
    )


def result(party: str, name: str, *hits: Hit, bic: str | None = None) -> ScreeningResult:
    identifiers = (("bic", bic),) if bic else ()
    query = ScreeningQuery(name=name, id=party, identifiers=identifiers)
    ordered = tuple(sorted(hits, key=lambda item: -item.score))
    return ScreeningResult(query, ordered, "test-matcher-1")


def facts(
    currency: str = "USD",
    amount: str = "1000000.00",
    *,
    creditor: str = "ACME TRADING GMBH",
    creditor_agent: str = EU_BANK,
    debtor: str = "NORDIC OIL AS",
    sender: str = EU_BANK,
    receiver: str = UNLISTED_RU_BANK,
    intermediaries: tuple[str, ...] = (),
    purposes: tuple[str, ...] = (),
    remittance: str = "",
    releases_blocked_funds: bool = False,
    blocked_funds_owners: tuple[tuple[str, str], ...] = (),
    message_type: str = "pacs.008.001.08",
    extra_parties: tuple[FactParty, ...] = (),
) -> PaymentFacts:
    parties = (
        FactParty("debtor", debtor, None, "NO"),
        FactParty("creditor", creditor, None, None),
        FactParty("creditor_agent", None, creditor_agent, None),
        *(FactParty("intermediary_agent", None, bic, None) for bic in intermediaries),
        *extra_parties,
    )
    return PaymentFacts(
        message_type=message_type,
        uetr="7d6e0a47-3b0a-4bd2-9a2a-6f1c2e1d9b10",
        amount=Amount.parse(amount, currency),
        sender_bic=sender,
        receiver_bic=receiver,
        settlement_date=None,
        parties=parties,
        purpose_codes=purposes,
        remittance_text=remittance,
        intermediary_bics=intermediaries,
        releases_blocked_funds=releases_blocked_funds,
        blocked_funds_owners=blocked_funds_owners,
    )


def context(
    now: datetime,
    *,
    licences: tuple[Licence, ...] = (),
    used: dict[str, Amount] | None = None,
    participants: dict[str, tuple[str, ...]] | None = None,
    register: OwnershipRegister | None = None,
    entries: dict[tuple[str, str], ListEntry] | None = None,
) -> PolicyContext:
    return PolicyContext(
        now=now,
        network_jurisdiction="EU",
        regimes=bundled_regimes(),
        participant_jurisdictions=participants or {},
        licences=licences,
        licence_used=used or {},
        ownership_register=register or OwnershipRegister(),
        entries=story_entries() if entries is None else entries,
    )


def licence(
    number: str = "VE-2022-0001",
    *,
    kind: LicenceKind = LicenceKind.SPECIFIC,
    jurisdiction: str = "US",
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    covered_entries: tuple[tuple[str, str], ...] = (PDVSA,),
    covered_bics: tuple[str, ...] = (),
    programs: tuple[str, ...] = (),
    purposes: tuple[str, ...] = (),
    message_types: tuple[str, ...] = (),
    cap: str | None = None,
    releases_blocked_funds: bool = False,
    grants_network_access: bool = False,
) -> Licence:
    return Licence(
        number=number,
        issuer="OFAC" if jurisdiction == "US" else "BAFA",
        jurisdiction=jurisdiction,
        kind=kind,
        valid_from=valid_from or at(2019, 1, 1),
        valid_until=valid_until,
        programs=programs,
        covered_entries=covered_entries,
        covered_bics=covered_bics,
        purposes=purposes,
        message_types=message_types,
        amount_cap=None if cap is None else Amount.parse(cap, "USD"),
        releases_blocked_funds=releases_blocked_funds,
        grants_network_access=grants_network_access,
    )
