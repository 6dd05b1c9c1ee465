"""camt.056 mapping: case, assigner, cancellation reason, original references."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bankwire.messages.api import parse_message
from bankwire.messages.model import Agent

from ..mx_samples import CAMT056


def test_cancellation_request() -> None:
    message = parse_message(CAMT056.read_bytes())
    (cancellation,) = message.cancellations
    assert cancellation.case_id == "CSE-001"
    assert cancellation.assigner == Agent(bic="MYMBGB2LXXX")
    assert cancellation.reason_code == "AM09"
    assert cancellation.original_created == datetime(2022, 10, 20, tzinfo=timezone(timedelta(0)))
