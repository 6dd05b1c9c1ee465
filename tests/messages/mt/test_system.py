"""Service and system messages: ACK/NAK with the acknowledged message, MT010/011/015/019."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bankwire.errors import ParseError
from bankwire.messages.mt import SystemKind, build_ack, build_nak, parse_fin, parse_system

from .samples import fin_bytes, system_samples


def test_every_system_sample_parses() -> None:
    kinds = {parse_system(path.read_bytes()).kind for path in system_samples()}
    assert kinds == set(SystemKind)


def test_ack_with_original_message() -> None:
    ack = parse_system(fin_bytes("prowide/system/ack_nak__AbstractMTTest_L137.fin"))
    assert ack.kind is SystemKind.ACK
    assert ack.accepted is True
    assert ack.time == datetime(2015, 11, 4, 16, 14, tzinfo=UTC)
    assert (ack.logical_terminal, ack.session_number, ack.sequence_number) == (
        "OMFNCIABAXXX", "6368", "087500",
    )  # fmt: skip
    assert ack.original is not None
    assert ack.original.message_type == "103"
    assert ack.original.text[0] == ("20", "1234567890")


def test_nak_carries_user_reference() -> None:
    nak = parse_system(fin_bytes("prowide/system/ack_nak__DefaultMtMetadataStrategyTest_L67.fin"))
    assert (nak.kind, nak.accepted, nak.user_reference) == (SystemKind.NAK, False, "MYMUR123458")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("MT010__MT010Test_L26.fin", SystemKind.NON_DELIVERY_WARNING, ("07", "PRIORITY")),
        ("MT011__MT011Test_L30.fin", SystemKind.DELIVERY_NOTIFICATION, (None, "TEST 1")),
        ("MT019__MT019Test_L27.fin", SystemKind.ABORT_NOTIFICATION, ("12", None)),
    ],
)
def test_system_messages(name: str, kind: SystemKind, expected: tuple[str | None, ...]) -> None:
    message = parse_system(fin_bytes(f"prowide/system/{name}"))
    assert message.kind is kind
    assert (message.status_code, message.user_reference) == expected
    assert message.input_reference is not None


def test_delivery_notification_time_and_references() -> None:
    message = parse_system(fin_bytes("prowide/system/MT011__SwiftMessageTest_L334.fin"))
    assert message.time == datetime(2017, 2, 4, 9, 14, tzinfo=UTC)
    assert message.output_reference == "170204MGTCBEBBXXXX0000000007"
    assert message.value("175") == "0914"


def test_delayed_nak_error_code() -> None:
    message = parse_system(fin_bytes("prowide/system/MT015__MT015Test_L27.fin"))
    assert (message.kind, message.error_code) == (SystemKind.DELAYED_NAK, "V22")


def test_user_message_is_not_a_system_message() -> None:
    with pytest.raises(ParseError, match="not a service or system message"):
        parse_system(fin_bytes("prowide/user/MT103__MT103ParserTest_L36.fin"))


def test_build_ack_and_nak_parse_back() -> None:
    data = fin_bytes("prowide/user/MT103__MT103ParserTest_L36.fin")
    message = parse_fin(data)
    at = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
    ack = parse_system(build_ack(message, at, original=data))
    assert (ack.kind, ack.time, ack.user_reference) == (SystemKind.ACK, at, "0510280086100057")
    assert ack.original == message
    nak = parse_system(build_nak(message, at, "T13"))
    assert (nak.kind, nak.error_code, nak.original) == (SystemKind.NAK, "T13", None)
    assert build_nak(message, at, "T13").startswith(
        b"{1:F21FOOBARYYAXXX1234123456}{4:{177:2611251230}{451:1}{405:T13}"
    )


def test_nak_code_is_checked() -> None:
    message = parse_fin(fin_bytes("prowide/user/MT103__MT103ParserTest_L36.fin"))
    with pytest.raises(ValueError, match="NAK error code"):
        build_nak(message, datetime(2026, 1, 1, tzinfo=UTC), "bad code")
