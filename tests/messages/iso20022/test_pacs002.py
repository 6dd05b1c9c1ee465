"""pacs.002 mapping: status, original references, the related AppHdr."""

from __future__ import annotations

from bankwire.messages.api import parse_message

from ..mx_samples import PACS002, PACS002_FEDWIRE


def test_status_report() -> None:
    message = parse_message(PACS002.read_bytes())
    (report,) = message.status_reports
    assert (report.status, report.original_message_type) == ("ACSC", "pacs.010.001.03")
    assert report.original_uetr == "7a562c67-ca16-48ba-b074-65581be6f001"
    assert message.header is not None
    assert message.header.related is not None
    assert message.header.related_reference == "pcs010bizmsgidr1"


def test_fedwire_status_counts_its_reports() -> None:
    message = parse_message(PACS002_FEDWIRE.read_bytes())
    assert message.group_header is not None
    assert message.group_header.number_of_transactions == len(message.status_reports) == 1
    assert message.status_reports[0].acceptance_time is not None
