"""Mutated real messages through parse and validate: only documented outcomes, no hang.

parse_message may only raise ``MessageError`` subclasses; validate_message never raises and
returns a report; whatever parses renders and parses back to the same model. The default run
is short; ``-m slow`` runs the long version.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from bankwire.errors import MessageError
from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.iso20022.registry import handler_for
from bankwire.messages.report import ValidationReport
from bankwire.messages.validate import validate_message
from tests.strategies_mx import mutated_messages

_SETTINGS = {
    "deadline": timedelta(seconds=2),  # One message takes well under a millisecond.
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}


def _check(data: bytes) -> None:
    report = validate_message(data)
    assert isinstance(report, ValidationReport)
    try:
        message = parse_message(data)
    except MessageError:
        return
    handler = handler_for(message.message_type)
    assert handler is not None
    again = parse_message(render_mx(message))
    assert again.transfers == message.transfers
    assert again.status_reports == message.status_reports
    assert again.returns == message.returns
    assert again.cancellations == message.cancellations


@settings(max_examples=150, **_SETTINGS)  # type: ignore[arg-type]
@given(mutated_messages())
def test_mutated_messages_short(data: bytes) -> None:
    _check(data)


@pytest.mark.slow
@settings(max_examples=5000, **_SETTINGS)  # type: ignore[arg-type]
@given(mutated_messages())
def test_mutated_messages_long(data: bytes) -> None:
    _check(data)
