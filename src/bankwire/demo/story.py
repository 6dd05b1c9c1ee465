"""The seed story as data: banks, dates, payments, and the licence and disconnection events.

Listed banks keep their real BICs from the lists (PRMSRUMM, EVRFRUMM); every other bank is
fictional, with a well-formed BIC that no real institution uses. Dates are the real dates of
the designations and of the 2022-03-12 SWIFT removal; payments and licence are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

__all__ = ["BANKS", "DISCONNECTION", "LICENCE", "STEPS", "Bank", "Step"]


@dataclass(frozen=True, slots=True)
class Bank:
    bic: str
    name: str
    country: str
    currencies: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    """Whose sanctions law the bank applies on top of the network's (EU)."""
    fictional: bool


BANKS: Final[tuple[Bank, ...]] = (
    Bank("PRMSRUMM", "PJSC Promsvyazbank", "RU", ("RUB", "USD", "EUR"), ("RU",), False),
    Bank("EVRFRUMM", "Evrofinance Mosnarbank", "RU", ("RUB", "USD", "EUR"), ("RU",), False),
    Bank("XVENVECA", "Banco Ficticio del Orinoco", "VE", ("VES", "USD", "EUR"), (), True),
    Bank("XHUDUS33", "Hudson Correspondent Trust (fictional)", "US", ("USD",), ("US",), True),
    Bank("XRHNDEFF", "Rheinische Rohstoffbank (fictional)", "DE", ("EUR", "USD"), ("EU",), True),
    Bank("XALPCHZZ", "Alpenbank Zug (fictional)", "CH", ("CHF", "USD", "EUR"), (), True),
    Bank("XDELINBB", "Deccan Energy Bank (fictional)", "IN", ("INR", "USD"), (), True),
)

PDVSA: Final = "Petroleos de Venezuela, S.A."


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    at: datetime
    description: str
    sender: str
    receiver: str
    amount: str
    currency: str
    debtor: str
    debtor_country: str
    creditor: str
    creditor_country: str
    debtor_account: str = "40817840000000000001"
    remittance: str = ""


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


STEPS: Final[tuple[Step, ...]] = (
    Step("pdvsa-usd-2018", _at(2018, 6, 15),
         "USD oil proceeds to PDVSA, before any designation of PDVSA",
         "XHUDUS33", "XVENVECA", "2500000.00", "USD", "Gulf Coast Refining LLC", "US",
         PDVSA, "VE", remittance="Crude oil cargo Merey 16, invoice 2018-0611"),
    Step("pdvsa-usd-2019", _at(2019, 2, 5),
         "The same USD oil proceeds after OFAC designated PDVSA on 2019-01-28",
         "XHUDUS33", "XVENVECA", "2500000.00", "USD", "Gulf Coast Refining LLC", "US",
         PDVSA, "VE", remittance="Crude oil cargo Merey 16, invoice 2019-0131"),
    Step("evrofinance-usd-2019", _at(2019, 3, 20),
         "USD payment routed through Evrofinance after its designation on 2019-03-11",
         "XDELINBB", "EVRFRUMM", "1200000.00", "USD", "Deccan Refineries Ltd", "IN",
         "Orinoco Crude Marketing Ltd", "VE", remittance="Crude oil purchase, contract OC-19-07"),
    Step("pdvsa-eur-via-psb-2020", _at(2020, 6, 10),
         "EUR proceeds to PDVSA's collecting account at PSB: no US nexus, PSB not yet listed",
         "XRHNDEFF", "PRMSRUMM", "1800000.00", "EUR", "Rheinland Petrochemie GmbH", "DE",
         PDVSA, "VE", remittance="Crude oil cargo, invoice 2020-0522"),
    Step("psb-usd-2022", _at(2022, 2, 22),
         "USD via PSB on the day OFAC designated it (2022-02-22)",
         "XHUDUS33", "PRMSRUMM", "750000.00", "USD", "Atlantic Grain Exporters Inc", "US",
         "Volga Agro Trading LLC", "RU", remittance="Wheat shipment, contract AG-22-014"),
    Step("psb-eur-2022", _at(2022, 3, 1),
         "EUR via PSB after the EU listed it on 2022-02-23",
         "XRHNDEFF", "PRMSRUMM", "640000.00", "EUR", "Rheinland Petrochemie GmbH", "DE",
         "Volga Agro Trading LLC", "RU", remittance="Fertiliser, contract RP-22-031"),
    Step("psb-disconnected-2022", _at(2022, 3, 14),
         "Any message from PSB after its removal from the network on 2022-03-12",
         "PRMSRUMM", "XALPCHZZ", "300000.00", "EUR", "Volga Agro Trading LLC", "RU",
         "Zuger Rohstoff AG", "CH", remittance="Settlement of invoice 22-118"),
    Step("licence-release-2022", _at(2022, 4, 5),
         "A temporary specific licence releases PDVSA's frozen USD to its account at an "
         "unlisted bank, within cap and dates",
         "XHUDUS33", "XALPCHZZ", "1000000.00", "USD", PDVSA, "VE", PDVSA, "VE",
         debtor_account="BLOCKED-US", remittance="Release under licence VEN-2022-0001"),
    Step("licence-expired-2022", _at(2022, 7, 5),
         "The same release after the licence expired on 2022-06-30",
         "XHUDUS33", "XALPCHZZ", "1000000.00", "USD", PDVSA, "VE", PDVSA, "VE",
         debtor_account="BLOCKED-US", remittance="Release under licence VEN-2022-0001"),
    Step("near-miss-name", _at(2022, 7, 12),
         "A creditor spelled 'Petroleos de Venezeula SA' (transposed letters)",
         "XHUDUS33", "XALPCHZZ", "95000.00", "USD", "Gulf Coast Refining LLC", "US",
         "Petroleos de Venezeula SA", "VE", remittance="Demurrage, vessel call 2022-07"),
)  # fmt: skip

DISCONNECTION: Final = ("PRMSRUMM", date(2022, 3, 12))
"""Council Regulation (EU) 2022/345: PSB and six other banks removed from SWIFT from this date."""

LICENCE: Final[dict[str, object]] = {
    "number": "VEN-2022-0001",
    "issuer": "OFAC",
    "jurisdiction": "US",
    "kind": "specific",
    "valid_from": "2022-03-15T00:00:00+00:00",
    "valid_until": "2022-07-01T00:00:00+00:00",
    "programs": [],
    "covered_entries": [["us_ofac_sdn", "26367"]],
    "covered_bics": ["XHUDUS33", "XALPCHZZ"],
    "purposes": [],
    "message_types": ["pacs.008"],
    "amount_cap": ["2000000.00", "USD"],
    "releases_blocked_funds": True,
    "grants_network_access": False,
    "description": "Illustrative temporary specific licence: PDVSA's blocked USD may move to "
    "its own account at an unlisted bank, up to USD 2,000,000, until 2022-06-30.",
}
"""Registered on ``valid_from``; fictional number, modelled on OFAC specific licences."""
