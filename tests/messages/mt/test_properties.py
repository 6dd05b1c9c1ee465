"""Mutated real FIN messages: parse and validate raise only MessageError subclasses or
return a value, never another exception; what parses strictly renders and parses back.

Lenient parses are only checked for their exceptions: they exist to report broken
envelopes, and a recovered header is not meant to be rendered again.
"""

from __future__ import annotations

import contextlib
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings

from bankwire.errors import MessageError
from bankwire.messages import mt
from bankwire.messages.report import ValidationReport
from tests.strategies_mt import mutated_fin

_SETTINGS = {"deadline": 1000, "suppress_health_check": [HealthCheck.too_slow]}


def _exercise(data: bytes) -> None:
    report = mt.validate(data)
    assert isinstance(report, ValidationReport)
    for parser in (mt.parse_system, mt.parse_fin, partial(mt.parse, lenient=True)):
        with contextlib.suppress(MessageError):
            parser(data)
    try:
        message = mt.parse(data)
    except MessageError:
        return
    # What parses strictly renders to FIN that parses back to the same model.
    assert mt.parse(mt.render(message)) == message


@settings(max_examples=300, **_SETTINGS)
@given(mutated_fin())
def test_mutated_messages_fail_only_with_message_errors(data: bytes) -> None:
    _exercise(data)


@pytest.mark.slow
@settings(max_examples=20_000, **_SETTINGS)
@given(mutated_fin())
def test_mutated_messages_long_run(data: bytes) -> None:
    _exercise(data)
