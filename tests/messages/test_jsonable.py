"""JSON data of the model: amounts three ways, ISO dates, empty fields left out."""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.messages.jsonable import to_data
from bankwire.messages.model import Account, PartyRole
from bankwire.money import Amount


def test_amounts_dates_and_enums() -> None:
    assert to_data(Amount.of(136500, "JPY")) == {
        "minor_units": 136500,
        "currency": "JPY",
        "decimal": "136500",
    }
    assert to_data(date(2021, 5, 11)) == "2021-05-11"
    assert to_data(PartyRole.DEBTOR) == "debtor"


def test_absent_and_empty_fields_are_left_out() -> None:
    assert to_data(Account(other_id="96325874")) == {"other_id": "96325874"}


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot convert set"):
        to_data({1})
