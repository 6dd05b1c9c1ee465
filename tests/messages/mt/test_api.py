"""The user-message entry point refuses service and system messages, saying why."""

from __future__ import annotations

import pytest

from bankwire.errors import UnsupportedMessage
from bankwire.messages import mt

from .samples import fin_bytes


def test_ack_is_refused_as_a_service_message() -> None:
    data = fin_bytes("prowide/system/ack_nak__SwiftMessageUtilsTest_L232.fin")
    with pytest.raises(UnsupportedMessage) as caught:
        mt.parse(data)
    assert str(caught.value) == (
        "FIN block 1: service 21 marks an ACK/NAK service message; "
        "expected a user message (service 01)"
    )


def test_system_message_is_refused_with_what_was_expected() -> None:
    with pytest.raises(UnsupportedMessage, match=r"^MT011: a system message \(MT0xx\); expected"):
        mt.parse(fin_bytes("prowide/system/MT011__MT011Test_L30.fin"))
