"""``fast_replace``: the same instances as ``dataclasses.replace``, without the frozen init."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankwire.flows.submit_payment import Status, SubmitResult
from bankwire.frozen import fast_replace
from bankwire.store.base import MessageState, StoredMessage

MESSAGE = StoredMessage(
    id=7, sender="DEUTDEFF", receiver="BOFAUS3N", uetr="7d6e0a47-3b0a-4bd2-9a2a-6f1c2e1d9b10",
    message_id="M1", message_type="pacs.008.001.08", digest="ab" * 32, body=b"<x/>",
    state=MessageState.ACCEPTED, received_at=datetime(2026, 12, 7, 20, 0, tzinfo=UTC),
)  # fmt: skip

CHANGES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.integers(),
    "receiver": st.text(max_size=11),
    "uetr": st.none() | st.text(max_size=36),
    "body": st.binary(max_size=8),
    "state": st.sampled_from(MessageState),
    "outcome": st.none() | st.sampled_from(["pass", "hold", "block", "reject"]),
    "decision": st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
}

replace_message = fast_replace(StoredMessage)


@given(st.fixed_dictionaries({}, optional=CHANGES))
def test_same_as_dataclasses_replace(changes: dict[str, Any]) -> None:
    expected = dataclasses.replace(MESSAGE, **changes)
    got = replace_message(MESSAGE, **changes)
    assert type(got) is StoredMessage
    assert got == expected
    assert repr(got) == repr(expected)
    assert [getattr(got, name) for name in StoredMessage.__slots__] == [
        getattr(expected, name) for name in StoredMessage.__slots__
    ]


def test_result_is_frozen_and_the_original_unchanged() -> None:
    moved = replace_message(MESSAGE, state=MessageState.QUEUED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.state = MessageState.DECIDED  # type: ignore[misc]
    assert MESSAGE.state == MessageState.ACCEPTED
    assert replace_message(MESSAGE) == MESSAGE


def test_unknown_field_is_refused_as_replace_refuses_it() -> None:
    with pytest.raises(TypeError):
        dataclasses.replace(MESSAGE, colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        replace_message(MESSAGE, colour="red")


def test_keywords_only_and_a_class_of_its_own() -> None:
    result = SubmitResult(Status.ACK, None, "accepted", message_pk=3)
    replace_result = fast_replace(SubmitResult)
    assert replace_result(result, decision="pass") == dataclasses.replace(result, decision="pass")
    with pytest.raises(TypeError):
        replace_result(result, Status.NAK)


@dataclasses.dataclass(frozen=True, slots=True)
class _Positive:
    value: int

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError(f"value: must be positive (got {self.value})")


def test_post_init_still_checks() -> None:
    replace_positive = fast_replace(_Positive)
    assert replace_positive(_Positive(1), value=2) == _Positive(2)
    with pytest.raises(ValueError, match="must be positive"):
        replace_positive(_Positive(1), value=0)


@dataclasses.dataclass(frozen=True, slots=True)
class _Derived:
    value: int
    double: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "double", 2 * self.value)


@dataclasses.dataclass(frozen=True, slots=True)
class _Reserved:
    _old: int


@dataclasses.dataclass(frozen=True)
class _Unslotted:
    value: int


@pytest.mark.parametrize("cls", [_Derived, _Reserved, _Unslotted])
def test_classes_it_cannot_copy_are_refused(cls: type) -> None:
    with pytest.raises(TypeError):
        fast_replace(cls)
