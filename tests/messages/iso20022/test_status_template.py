"""The network's pacs.002 from the template: byte for byte what the model renders, and valid.

The template (``status_template.py``) stands in for ``render_mx`` on the pacs.002 the
network issues on every acknowledgement; any difference would change the reports' bytes,
their digests and what senders receive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.iso20022.status_template import MESSAGE_TYPE, render_status_report
from bankwire.messages.model import (
    Agent,
    BusinessHeader,
    GroupHeader,
    Message,
    MessageFormat,
    StatusReport,
)
from bankwire.messages.schemas import schema_for
from bankwire.messages.validate import validate_message

NOW = datetime(2026, 12, 7, 1, 2, 3, 456789, tzinfo=UTC)


def _values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "network_bic": "BWNWBEBB",
        "sender": "DEUTDEFFXXX",
        "message_id": "BW0123456789abcdef0123456789abcd",
        "created": NOW,
        "original_message_id": "MSG-2026-0001",
        "original_message_type": "pacs.008.001.08",
        "original_uetr": "3f1c2a3e-1111-4222-8333-444455556666",
        "status": "ACCC",
        "reason_code": None,
        "information": (),
    }
    values.update(changes)
    return values


def _model(values: dict[str, Any]) -> bytes:
    """The same report through the message model, as ``flows/status_report.py`` built it."""
    return render_mx(
        Message(
            message_type=MESSAGE_TYPE,
            format=MessageFormat.MX,
            header=BusinessHeader(
                from_bic=values["network_bic"],
                to_bic=values["sender"],
                business_message_id=values["message_id"],
                message_definition_id=MESSAGE_TYPE,
                created=values["created"],
            ),
            group_header=GroupHeader(
                message_id=values["message_id"], created=values["created"], number_of_transactions=1
            ),
            status_reports=(
                StatusReport(
                    original_message_id=values["original_message_id"],
                    original_message_type=values["original_message_type"],
                    status=values["status"],
                    original_uetr=values["original_uetr"],
                    reason_code=values["reason_code"],
                    additional_information=values["information"],
                    instructing_agent=Agent(bic=values["network_bic"]),
                    instructed_agent=Agent(bic=values["sender"]),
                ),
            ),
        )
    )


CASES = [
    _values(),
    _values(original_uetr=None),
    _values(status="RJCT", reason_code="RR04", information=("Blocked: a listed party",)),
    _values(status="PDNG", reason_code="NARR", information=("held", "for review", "3rd")),
    _values(status="RJCT", reason_code="LONGCODE"),
    _values(status="RJCT", information=("no code, a line only",)),
    _values(original_message_id="A&B<1>\"'", information=("x > y & z",)),
    _values(created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))),
    _values(original_message_id=""),
]


def test_the_template_writes_the_model_s_bytes() -> None:
    for values in CASES:
        assert render_status_report(**values) == _model(values)


def test_the_reports_validate_and_read_back() -> None:
    schema = schema_for(MESSAGE_TYPE)
    assert schema is not None
    for values in CASES[:4]:
        body = render_status_report(**values)
        assert body is not None
        schema.assertValid(etree.fromstring(body)[1])  # The Document against pacs.002's XSD.
        # Every layer (CBPR+ usage included), which wants the UETR that case 1 leaves out.
        assert validate_message(body).valid == (values["original_uetr"] is not None)
        (report,) = parse_message(body).status_reports
        assert (report.status, report.original_uetr) == (values["status"], values["original_uetr"])


def test_text_that_is_not_printable_ascii_is_left_to_the_model() -> None:
    for changes in [{"original_message_id": "Zürich-1"}, {"information": ("a\tb",)},
                    {"reason_code": "\x7f"}, {"original_uetr": "é"}]:  # fmt: skip
        assert render_status_report(**_values(**changes)) is None


PLAIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@given(
    message_id=PLAIN,
    original_message_id=PLAIN,
    reason_code=st.none() | PLAIN,
    information=st.lists(PLAIN, max_size=3).map(tuple),
    microseconds=st.integers(0, 999_999),
)
def test_any_plain_text_is_written_as_the_model_writes_it(
    message_id: str,
    original_message_id: str,
    reason_code: str | None,
    information: tuple[str, ...],
    microseconds: int,
) -> None:
    values = _values(
        message_id=message_id,
        original_message_id=original_message_id,
        reason_code=reason_code,
        information=information,
        created=NOW.replace(microsecond=microseconds),
    )
    assert render_status_report(**values) == _model(values)
