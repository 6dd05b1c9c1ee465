"""Payment facts: the BICs a payment touches, and where a BIC locates its bank."""

from __future__ import annotations

from bankwire.money import Amount
from bankwire.policy.model import FactParty, PaymentFacts, bic_country


def test_bics_in_order_without_repeats_upper_case() -> None:
    facts = PaymentFacts(
        "pacs.008",
        "u",
        Amount.parse("1", "EUR"),
        "alphdeffxxx",
        "CHARRUMMXXX",
        parties=(
            FactParty("debtor_agent", None, "ALPHDEFFXXX"),
            FactParty("creditor", "X"),
            FactParty("creditor_agent", None, "PRMSRUMMXXX"),
        ),
        intermediary_bics=("EVRFRUMMXXX", ""),
    )
    assert facts.bics == ("ALPHDEFFXXX", "CHARRUMMXXX", "EVRFRUMMXXX", "PRMSRUMMXXX")


def test_bic_country() -> None:
    assert bic_country("PRMSRUMM") == "RU"
    assert bic_country("PRMS") is None
    assert bic_country("PRMS12MM") is None
