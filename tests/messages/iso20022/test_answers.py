"""pacs.002, pacs.004, camt.056 and camt.029: the references back to the original payment."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bankwire.messages.api import parse_message
from bankwire.messages.model import Agent
from bankwire.money import Amount

from ..mx_samples import CAMT029, CAMT029_FEDWIRE, CAMT056, PACS002, PACS004


def test_status_report() -> None:
    message = parse_message(PACS002.read_bytes())
    (report,) = message.status_reports
    assert (report.status, report.original_message_type) == ("ACSC", "pacs.010.001.03")
    assert report.original_uetr == "7a562c67-ca16-48ba-b074-65581be6f001"
    assert message.header is not None
    assert message.header.related is not None
    assert message.header.related_reference == "pcs010bizmsgidr1"


def test_payment_return() -> None:
    (payment_return,) = parse_message(PACS004.read_bytes()).returns
    assert payment_return.returned_amount == Amount.of(13648000, "USD")
    assert payment_return.reason_code == "AC04"
    assert payment_return.original_message_type == "MT205"
    assert payment_return.original_debtor is not None
    assert payment_return.original_debtor.bic == "ANBTUS44XXX"


def test_cancellation_request() -> None:
    message = parse_message(CAMT056.read_bytes())
    (cancellation,) = message.cancellations
    assert cancellation.case_id == "CSE-001"
    assert cancellation.assigner == Agent(bic="MYMBGB2LXXX")
    assert cancellation.reason_code == "AM09"
    assert cancellation.original_created == datetime(2022, 10, 20, tzinfo=timezone(timedelta(0)))


def test_resolution() -> None:
    (cancellation,) = parse_message(CAMT029.read_bytes()).cancellations
    assert (cancellation.case_id, cancellation.resolution_status) == ("CSE-001", "CNCL")


def test_fedwire_resolution_uses_the_message_level_case() -> None:
    (cancellation,) = parse_message(CAMT029_FEDWIRE.read_bytes()).cancellations
    assert cancellation.case_id == "20250310011104238Sc01Step1MsgIdDUPL"
    assert cancellation.original_end_to_end_id == "Scenario01EtoEId001"
