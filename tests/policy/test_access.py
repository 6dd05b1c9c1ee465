"""Network access: the 2022-03-12 disconnection of Russian banks and licence-scoped returns."""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.policy import AccessReason, ParticipantStatus, check_access
from tests.policy.factory import PSB_BIC, at, licence

PSB_CUT_OFF = ParticipantStatus(PSB_BIC, disconnected_from=date(2022, 3, 12))
ACCESS = licence(
    "VE-ACCESS-1",
    covered_entries=(),
    covered_bics=("PRMSRUMM",),
    message_types=("pacs.009",),
    valid_from=at(2022, 3, 20, 0),
    valid_until=at(2022, 4, 20, 0),
    grants_network_access=True,
)


@pytest.mark.parametrize(
    ("status", "when", "message_type", "licences", "allowed", "reason"),
    [
        (ParticipantStatus("ALPHDEFF"), at(2022, 3, 12), "pacs.008", (), True, "connected"),
        (PSB_CUT_OFF, at(2022, 3, 11, 23), "pacs.008", (), True, "not_yet_disconnected"),
        (PSB_CUT_OFF, at(2022, 3, 12, 0), "pacs.008", (), False, "disconnected"),
        (PSB_CUT_OFF, at(2023, 1, 1), "pacs.008", (), False, "disconnected"),
        (PSB_CUT_OFF, at(2022, 3, 25), "pacs.009.001.08", (ACCESS,), True,
         "reconnected_under_licence"),
        (PSB_CUT_OFF, at(2022, 3, 25), "pacs.008.001.08", (ACCESS,), False, "disconnected"),
        (PSB_CUT_OFF, at(2022, 3, 19), "pacs.009", (ACCESS,), False, "disconnected"),
        (PSB_CUT_OFF, at(2022, 4, 20, 0), "pacs.009", (ACCESS,), False, "disconnected"),
    ],
    ids=["connected", "eve", "on-the-day", "after", "licensed", "out-of-scope-type",
         "licence-not-yet-valid", "licence-expired"],
)  # fmt: skip
def test_check_access(
    status: ParticipantStatus,
    when: object,
    message_type: str,
    licences: tuple[object, ...],
    allowed: bool,
    reason: str,
) -> None:
    decision = check_access(status, message_type, when, licences)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (allowed, AccessReason(reason))
    assert (decision.reject_reason_code == "AG01") == (not allowed)


def test_licensed_access_cites_the_licence() -> None:
    decision = check_access(PSB_CUT_OFF, "pacs.009", at(2022, 3, 25), [ACCESS])
    assert decision.licence == "VE-ACCESS-1"
    assert "disconnected on 2022-03-12" in decision.detail


def test_licence_must_grant_access_and_cover_the_bic() -> None:
    no_grant = licence("VE-1", covered_entries=(), covered_bics=("PRMSRUMM",))
    other_bank = licence(
        "VE-2", covered_entries=(), covered_bics=("EVRFRUMM",), grants_network_access=True
    )
    any_type = licence(
        "VE-3", covered_entries=(), covered_bics=("PRMSRUMM",), grants_network_access=True
    )
    when = at(2022, 3, 25)
    assert not check_access(PSB_CUT_OFF, "pacs.008", when, [no_grant, other_bank]).allowed
    assert check_access(PSB_CUT_OFF, "MT103", when, [any_type]).licence == "VE-3"


def test_disconnection_date_is_read_in_utc() -> None:
    """23:30 on 11 March in New York is already 12 March in UTC: disconnected."""
    from datetime import datetime, timedelta, timezone

    new_york = timezone(timedelta(hours=-5))
    when = datetime(2022, 3, 11, 23, 30, tzinfo=new_york)
    assert not check_access(PSB_CUT_OFF, "pacs.008", when, []).allowed
