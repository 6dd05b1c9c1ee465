"""Directory lookups by BIC8/BIC11 and access from a disconnection date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bankwire.ids import Bic
from bankwire.network.participants import (
    AccessState,
    Directory,
    Participant,
    ParticipantStatus,
    hash_token,
)


def participant(bic: str, **changes: object) -> Participant:
    values: dict[str, object] = {
        "bic": Bic(bic), "name": bic, "country": bic[4:6], "currencies": ("EUR",),
        "jurisdictions": ("EU",), "public_key": b"k" * 32, "token_sha256": hash_token(bic),
    }  # fmt: skip
    values.update(changes)
    return Participant(**values)  # type: ignore[arg-type]


def test_lookup_by_bic8_and_bic11() -> None:
    directory = Directory([participant("PRMSRUMM"), participant("DEUTDEFF500")])
    assert directory.lookup("PRMSRUMMXXX").bic == "PRMSRUMM"  # type: ignore[union-attr]
    assert directory.lookup("prmsrumm").bic == "PRMSRUMM"  # type: ignore[union-attr]
    assert directory.lookup("PRMSRUMM123").bic == "PRMSRUMM"  # type: ignore[union-attr]
    assert directory.lookup("DEUTDEFF500").bic == "DEUTDEFF500"  # type: ignore[union-attr]
    assert directory.lookup("EVRFRUMM") is None


def test_disconnection_applies_from_its_date() -> None:
    psb = participant(
        "PRMSRUMM", status=ParticipantStatus.DISCONNECTED, disconnected_from=date(2022, 3, 12)
    )
    assert psb.access_at(datetime(2022, 3, 11, 23, 59, tzinfo=UTC)) == AccessState.ACTIVE
    assert psb.access_at(datetime(2022, 3, 12, 0, 0, tzinfo=UTC)) == AccessState.DISCONNECTED


def test_reconnection_under_licence_is_licence_only() -> None:
    psb = participant(
        "PRMSRUMM",
        status=ParticipantStatus.RECONNECTED_UNDER_LICENCE,
        disconnected_from=date(2022, 3, 12),
        licence_reference="VENEZUELA-EO13884-2022-001",
    )
    assert psb.access_at(datetime(2022, 4, 1, tzinfo=UTC)) == AccessState.LICENCE_ONLY


def test_token_is_compared_by_hash() -> None:
    assert participant("PRMSRUMM").token_matches("PRMSRUMM")
    assert not participant("PRMSRUMM").token_matches("EVRFRUMM")


def test_invalid_participants_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        participant("PRMSRUMM", public_key=b"short")
    with pytest.raises(ValueError, match="needs a date"):
        participant("PRMSRUMM", status=ParticipantStatus.DISCONNECTED)
