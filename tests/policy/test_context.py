"""The policy context refuses what would make a decision meaningless."""

from __future__ import annotations

from datetime import datetime

import pytest

from bankwire.errors import PolicyError
from bankwire.money import Amount
from bankwire.policy import PolicyContext, bundled_regimes
from tests.policy.factory import at, licence


def test_naive_now_is_refused() -> None:
    with pytest.raises(PolicyError, match="now must be timezone-aware"):
        PolicyContext(datetime(2022, 1, 1), "EU", bundled_regimes())


def test_no_regime_is_refused() -> None:
    with pytest.raises(PolicyError, match="at least one regime must be in force"):
        PolicyContext(at(2022, 1, 1), "EU", ())


def test_used_amount_in_another_currency_than_the_cap_is_refused() -> None:
    capped = licence(cap="100.00")
    with pytest.raises(PolicyError, match=r"licence_used\['OFAC/VE-2022-0001'\] must be in USD"):
        PolicyContext(
            at(2022, 1, 1),
            "EU",
            bundled_regimes(),
            licences=(capped,),
            licence_used={capped.key: Amount.parse("1.00", "EUR")},
        )


def test_used_amount_of_uncapped_or_unknown_licence_is_accepted() -> None:
    context = PolicyContext(
        at(2022, 1, 1),
        "EU",
        bundled_regimes(),
        licences=(licence(),),
        licence_used={
            "OFAC/VE-2022-0001": Amount.parse("1", "EUR"),
            "X/1": Amount.parse("1", "USD"),
        },
    )
    assert context.jurisdictions_of("ALPHDEFFXXX") == ()


def test_participant_jurisdictions_by_bic11_then_bic8() -> None:
    context = PolicyContext(
        at(2022, 1, 1),
        "EU",
        bundled_regimes(),
        participant_jurisdictions={"BRAVUS33XXX": ("US",), "CHARGB2L": ("UK",)},
    )
    assert context.jurisdictions_of("bravus33xxx") == ("US",)
    assert context.jurisdictions_of("CHARGB2LXXX") == ("UK",)
