"""``fast_constructor`` builds the very objects the dataclass constructors build."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, date, datetime

import pytest

from bankwire.messages.model import (
    Account,
    Agent,
    BusinessHeader,
    Cancellation,
    CreditTransfer,
    GroupHeader,
    Message,
    MessageFormat,
    Party,
    PartyRecord,
    PartyRole,
    PaymentReturn,
    PostalAddress,
    StatusReport,
    fast_constructor,
)
from bankwire.money import Amount

_AMOUNT = Amount.of(136500, "USD")
_AGENT = Agent(bic="DEUTDEFFXXX", name="Deutsche Bank")
_CREATED = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)

# Each model class with the arguments of a realistic instance (positional and keyword).
_CASES: list[tuple[type[object], tuple[object, ...], dict[str, object]]] = [
    (PostalAddress, ("Main St", "1"), {"country": "DE", "lines": ("a", "b")}),
    (Account, (), {"iban": "DE89370400440532013000", "currency": "EUR"}),
    (Party, ("Anna",), {"address": PostalAddress(town_name="Berlin"), "other_ids": (("X", "1"),)}),
    (Agent, ("DEUTDEFFXXX",), {"account": Account(other_id="1")}),
    (BusinessHeader, ("AAAAUS33", "BBBBDEFF", "ref", "pacs.008.001.08", _CREATED), {}),
    (GroupHeader, ("msg", _CREATED, 1), {"settlement_method": "INDA", "instructing_agent": _AGENT}),
    (CreditTransfer, ("e2e", _AMOUNT), {"charges": ((_AMOUNT, None),), "debtor_agent": _AGENT}),
    (StatusReport, ("m", "pacs.008", "ACSC"), {"acceptance_time": _CREATED}),
    (PaymentReturn, (_AMOUNT,), {"settlement_date": date(2026, 11, 25)}),
    (Cancellation, ("case",), {"case_creator": Party(name="x")}),
    (Message, ("pacs.008.001.08", MessageFormat.MX, None, None), {"free_text": ("t",)}),
    (PartyRecord, (PartyRole.DEBTOR, "Dbtr"), {"identifiers": (("a", "b"),)}),
]


@pytest.mark.parametrize(("cls", "args", "kwargs"), _CASES, ids=lambda case: str(case))
def test_fast_constructor_builds_an_equal_frozen_instance(
    cls: type[object], args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    expected = cls(*args, **kwargs)
    built = fast_constructor(cls)(*args, **kwargs)
    assert type(built) is cls
    assert built == expected
    assert repr(built) == repr(expected)
    assert hash(built) == hash(expected)
    assert pickle.loads(pickle.dumps(built)) == expected
    first = dataclasses.fields(cls)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, first, None)


def test_fast_constructor_applies_defaults_and_refuses_bad_arguments() -> None:
    build = fast_constructor(Agent)
    assert build() == Agent()
    assert build(name="x") == Agent(name="x")
    with pytest.raises(TypeError):
        build(colour="red")
    with pytest.raises(TypeError):
        fast_constructor(CreditTransfer)()  # The mandatory fields are still mandatory.


def test_fast_constructor_refuses_classes_it_cannot_build() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        values: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default factories"):
        fast_constructor(Factory)
    with pytest.raises(TypeError, match="not a dataclass"):
        fast_constructor(int)


def test_fast_constructor_runs_post_init() -> None:
    """A validating class still refuses what its constructor refuses, and its
    ``__post_init__`` sees the finished, frozen object."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError(f"value must be >= 0 (got {self.value})")

    build = fast_constructor(Checked)
    assert build(3) == Checked(3)
    with pytest.raises(ValueError, match="got -1"):
        build(-1)
    amount = fast_constructor(Amount)
    assert amount(_AMOUNT.minor_units, _AMOUNT.currency) == _AMOUNT
    with pytest.raises(TypeError):
        amount("136500", _AMOUNT.currency)  # Amount's own check of its minor units.
