"""Hypothesis strategies for policy inputs: facts, screening results and whole contexts.

Values are drawn from the seed story's vocabulary (its banks, entries, countries, programs)
mixed with arbitrary text, so generated payments reach every rule: list hits, 50 % ownership,
embargoes, references, licences with windows and caps, and releases of blocked funds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from bankwire.money import Amount
from bankwire.policy import (
    FactParty,
    Licence,
    LicenceKind,
    OwnershipLink,
    OwnershipRegister,
    PaymentFacts,
    PolicyContext,
    bic_node,
    bundled_regimes,
    entry_node,
    name_node,
)
from bankwire.sanctions.result import Feature, Hit, HitBasis, ScreeningQuery, ScreeningResult
from tests.policy.factory import story_entries

BICS = ("ALPHDEFFXXX", "BRAVUS33XXX", "CHARRUMMXXX", "PRMSRUMMXXX", "EVRFRUMMXXX",
        "BNCUCUHHXXX", "SEVPUAUKXXX", "DELTGB2LXXX")  # fmt: skip
NAMES = ("PETROLEOS DE VENEZUELA, S.A.", "PDVSA", "Banco Central de Venezuela",
         "Acme Trading GmbH", "Nordic Oil AS", "Ministerio del Poder Popular para la Salud",
         "Promsvyazbank")  # fmt: skip
ROLES = ("debtor", "creditor", "debtor_agent", "creditor_agent", "intermediary_agent",
         "ultimate_creditor")  # fmt: skip
COUNTRIES = (None, "DE", "US", "RU", "VE", "CU", "IR", "KP", "SY", "UA")
REGIONS = (None, "UA-43", "UA-40", "UA-14", "UA-09", "UA-30")
PURPOSES = ("MDCS", "FOOD", "GDDS", "LOAN", "SECU")
PROGRAMS = ("VENEZUELA-EO13850", "VENEZUELA-EO13884", "RUSSIA-EO14024", "UKRAINE-EO13662",
            "CMIC-EO13959", "NS-PLC", "CUBA", "UNKNOWN-PROGRAM")  # fmt: skip
CURRENCIES = ("USD", "EUR", "GBP", "RUB")
REMITTANCE = ("", "Invoice 7 PDVSA cargo", "Urals crude B/L 9", "consulting fees")
ENTRY_KEYS = tuple(sorted(story_entries()))
NODES = (*(entry_node(*key) for key in ENTRY_KEYS), *(bic_node(bic) for bic in BICS),
         *(name_node(name) for name in NAMES))  # fmt: skip

moments = st.datetimes(
    min_value=datetime(2017, 1, 1), max_value=datetime(2024, 12, 31), timezones=st.just(UTC)
)
texts = st.one_of(st.sampled_from(NAMES), st.text(max_size=30))


@st.composite
def fact_parties(draw: st.DrawFn) -> FactParty:
    return FactParty(
        role=draw(st.sampled_from(ROLES)),
        name=draw(st.none() | texts),
        bic=draw(st.none() | st.sampled_from(BICS)),
        country=draw(st.sampled_from(COUNTRIES)),
        account=draw(st.none() | st.text(max_size=12)),
        region=draw(st.sampled_from(REGIONS)),
    )


@st.composite
def payment_facts(draw: st.DrawFn) -> PaymentFacts:
    return PaymentFacts(
        message_type=draw(st.sampled_from(("pacs.008.001.08", "pacs.009.001.08", "MT103"))),
        uetr=draw(st.uuids(version=4)).hex,
        amount=Amount.of(draw(st.integers(1, 10**12)), draw(st.sampled_from(CURRENCIES))),
        sender_bic=draw(st.sampled_from(BICS)),
        receiver_bic=draw(st.sampled_from(BICS)),
        parties=tuple(draw(st.lists(fact_parties(), max_size=5))),
        purpose_codes=tuple(draw(st.lists(st.sampled_from(PURPOSES), max_size=2, unique=True))),
        remittance_text=draw(st.one_of(st.sampled_from(REMITTANCE), st.text(max_size=40))),
        intermediary_bics=tuple(draw(st.lists(st.sampled_from(BICS), max_size=2))),
        releases_blocked_funds=draw(st.booleans()),
        blocked_funds_owners=tuple(draw(st.lists(st.sampled_from(ENTRY_KEYS), max_size=2))),
    )


@st.composite
def hits(draw: st.DrawFn) -> Hit:
    list_name, source_id = draw(st.sampled_from(ENTRY_KEYS))
    entry = story_entries()[(list_name, source_id)]
    score = draw(st.floats(0.0, 1.0))
    programs = draw(
        st.one_of(st.just(entry.programs), st.lists(st.sampled_from(PROGRAMS), max_size=2))
    )
    return Hit(
        list_name=list_name,
        source_id=source_id,
        entry_kind=entry.kind.value,
        matched_name=entry.primary_name,
        primary_name=entry.primary_name,
        score=score,
        basis=draw(st.sampled_from(HitBasis)),
        features=(Feature("name_tokens", score, "generated"),),
        list_version=draw(st.none() | st.just(f"{list_name}-v1")),
        programs=tuple(programs),
        weak_alias=draw(st.booleans()),
    )


@st.composite
def screening_results(draw: st.DrawFn) -> ScreeningResult:
    bic = draw(st.none() | st.sampled_from(BICS))
    query = ScreeningQuery(
        name=draw(st.sampled_from(NAMES)),
        id=draw(st.none() | st.sampled_from(ROLES)),
        identifiers=(("bic", bic),) if bic else (),
    )
    found = sorted(draw(st.lists(hits(), max_size=3)), key=lambda item: -item.score)
    return ScreeningResult(query, tuple(found), "generated-matcher")


@st.composite
def licences(draw: st.DrawFn) -> Licence:
    kind = draw(st.sampled_from(LicenceKind))
    entries = tuple(draw(st.lists(st.sampled_from(ENTRY_KEYS), max_size=3, unique=True)))
    covered_bics = tuple(draw(st.lists(st.sampled_from(BICS), max_size=2, unique=True)))
    if kind == LicenceKind.SPECIFIC and not entries and not covered_bics:
        entries = (draw(st.sampled_from(ENTRY_KEYS)),)
    valid_from = draw(moments)
    days = draw(st.none() | st.integers(1, 2000))
    cap = draw(st.none() | st.tuples(st.integers(1, 10**12), st.sampled_from(CURRENCIES)))
    return Licence(
        number=f"L-{draw(st.integers(0, 5))}",
        issuer=draw(st.sampled_from(("OFAC", "BAFA", "OFSI"))),
        jurisdiction=draw(st.sampled_from(("US", "EU", "UK"))),
        kind=kind,
        valid_from=valid_from,
        valid_until=None if days is None else valid_from + timedelta(days=days),
        programs=tuple(draw(st.lists(st.sampled_from(PROGRAMS), max_size=2, unique=True))),
        covered_entries=entries,
        covered_bics=covered_bics,
        purposes=tuple(draw(st.lists(st.sampled_from(PURPOSES), max_size=2, unique=True))),
        message_types=tuple(draw(st.lists(st.sampled_from(("pacs.008", "MT103")), max_size=1))),
        amount_cap=None if cap is None else Amount.of(*cap),
        releases_blocked_funds=draw(st.booleans()),
        grants_network_access=draw(st.booleans()),
    )


@st.composite
def registers(draw: st.DrawFn) -> OwnershipRegister:
    links: list[OwnershipLink] = []
    for owned in draw(st.lists(st.sampled_from(NODES), max_size=4, unique=True)):
        owners = draw(st.lists(st.sampled_from(NODES), max_size=3, unique=True))
        remaining = 10_000
        for owner in owners:
            if owner == owned or remaining == 0:
                continue
            share = draw(st.integers(1, remaining))
            remaining -= share
            links.append(OwnershipLink(owned, owner, share, "generated"))
    return OwnershipRegister(tuple(links))


@st.composite
def policy_contexts(draw: st.DrawFn) -> PolicyContext:
    drawn = tuple(draw(st.lists(licences(), max_size=3, unique_by=lambda item: item.key)))
    used: dict[str, Amount] = {}
    for licence in drawn:
        if licence.amount_cap is not None and draw(st.booleans()):
            used[licence.key] = Amount(
                draw(st.integers(0, licence.amount_cap.minor_units)), licence.amount_cap.currency
            )
    participants = draw(
        st.dictionaries(
            st.sampled_from(BICS),
            st.lists(st.sampled_from(("US", "EU", "UK", "RU")), max_size=2).map(tuple),
            max_size=3,
        )
    )
    return PolicyContext(
        now=draw(moments),
        network_jurisdiction=draw(st.sampled_from(("EU", "US", "UK", "CH"))),
        regimes=bundled_regimes(),
        participant_jurisdictions=participants,
        licences=drawn,
        licence_used=used,
        ownership_register=draw(registers()),
        entries=story_entries(),
    )
