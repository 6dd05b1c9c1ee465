"""camt.029 mapping: resolution status and the resolved case."""

from __future__ import annotations

from bankwire.messages.api import parse_message

from ..mx_samples import CAMT029, CAMT029_FEDWIRE


def test_resolution() -> None:
    (cancellation,) = parse_message(CAMT029.read_bytes()).cancellations
    assert (cancellation.case_id, cancellation.resolution_status) == ("CSE-001", "CNCL")


def test_fedwire_resolution_uses_the_message_level_case() -> None:
    (cancellation,) = parse_message(CAMT029_FEDWIRE.read_bytes()).cancellations
    assert cancellation.case_id == "20250310011104238Sc01Step1MsgIdDUPL"
    assert cancellation.original_end_to_end_id == "Scenario01EtoEId001"
