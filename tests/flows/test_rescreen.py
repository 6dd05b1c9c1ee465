"""A new list version re-screens what is queued or held; newly blocked payments never leave."""

from __future__ import annotations

import dataclasses

from bankwire.flows.deliver import fetch_deliveries
from bankwire.flows.rescreen import rescreen
from bankwire.flows.screening import ListScreener
from bankwire.money import Amount
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from tests.flows.harness import FIXTURES, Network


def test_queued_payment_to_a_newly_listed_party_is_blocked(network: Network) -> None:
    eu = read_list([SourceFile("eu.csv", (FIXTURES / "eu_fsf_trimmed.csv").read_bytes())])
    network.services = dataclasses.replace(
        network.services, screener=ListScreener(eu.entries, {"eu_fsf": "before"})
    )
    transfer = network.payment(
        "BOFAUS3N", "DEUTDEFF", amount=Amount.parse("900.00", "USD"),
        creditor="Evrofinance Mosnarbank", creditor_country="RU",
    )  # fmt: skip
    result = network.submit(transfer)
    assert result.decision == "pass"
    innocent = network.submit(network.payment("BOFAUS3N", "DEUTDEFF"))
    network.services = dataclasses.replace(network.services, screener=_full_screener())
    summary = rescreen(network.services)
    assert summary.screened == 2
    assert summary.changed == ((result.uetr, "queued", "blocked"),)
    [delivered] = fetch_deliveries(network.services, "DEUTDEFF")
    assert (delivered.sequence, delivered.uetr) == (1, innocent.uetr)


def _full_screener() -> ListScreener:
    entries, versions = [], {}
    for name in ("sdn.csv", "eu_fsf_trimmed.csv"):
        parsed = read_list([SourceFile(name, (FIXTURES / name).read_bytes())])
        entries.extend(parsed.entries)
        versions[parsed.list_name] = "after"
    return ListScreener(entries, versions)
