"""FIN validation: every problem reported as a value, naming block and field."""

from __future__ import annotations

import pytest

from bankwire.messages import mt
from bankwire.messages.report import Layer

from .samples import fin_bytes

GOOD = "ballerina/MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs_008_A_B.fin"


def _issues(data: bytes) -> list[tuple[str, str, str]]:
    report = mt.validate(data)
    assert all(issue.layer is Layer.FIN for issue in report.issues)
    return [(issue.code, issue.location, issue.text) for issue in report.issues]


def test_real_message_is_valid() -> None:
    report = mt.validate(fin_bytes(GOOD))
    assert (report.message_type, report.valid) == ("MT103", True)


def test_variant_is_part_of_the_type() -> None:
    name = "ballerina/MT202__pacs.009.001.08__mt2mx__c_29_2_2__mt202_pacs_009COV_A_B.fin"
    assert mt.validate(fin_bytes(name)).message_type == "MT202COV"


def test_bad_date_names_block_and_field() -> None:
    data = fin_bytes(GOOD).replace(b":32A:210511", b":32A:2A0101")
    assert _issues(data) == [
        (
            "FIN_FIELD_FORMAT",
            "block 4 field 32A",
            "block 4 field 32A: date must be YYMMDD (got 2A0101)",
        )
    ]


def test_several_problems_are_all_reported() -> None:
    data = (
        fin_bytes(GOOD)
        .replace(b":23B:CRED\r\n", b"")
        .replace(b":71A:SHA", b":71A:SHARED")
        .replace(b"{121:174c245f", b"{121:XYZc245f")
    )
    codes = [(code, location) for code, location, _ in _issues(data)]
    assert codes == [
        ("FIN_HEADER_FORMAT", "block 3 field 121"),
        ("FIN_FIELD_FORMAT", "block 4 field 71A"),
        ("FIN_FIELD_MISSING", "block 4 field 23B"),
    ]


def test_wrong_terminator() -> None:
    data = fin_bytes(GOOD).replace(b":71A:SHA\r\n-}", b":71A:SHA-}")
    assert _issues(data) == [
        (
            "FIN_TERMINATOR",
            "block 4",
            "block 4: must end with CRLF '-}' on its own line (got '05\\r\\n:71A:SHA'-})",
        )
    ]


def test_missing_blocks() -> None:
    # One issue for a missing block 4, not one more per mandatory field it would hold.
    assert _issues(b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}") == [
        ("FIN_BLOCK_MISSING", "block 4", "block 4: missing")
    ]
    assert _issues(b"{2:I103BANKDEFFXXXXN}") == [
        ("FIN_ENVELOPE", "block 1", "FIN block 1: missing basic header (expected {1:F01...})")
    ]


def test_oversize_text_block() -> None:
    narrative = "\r\n".join(["X" * 50] * 35)
    fields = "".join(f"\r\n:79:{narrative}" for _ in range(6))
    data = f"{{1:F01BANKBEBBAXXX0000000000}}{{2:I199BANKDEFFXXXXN}}{{4:\r\n:20:R{fields}\r\n-}}"
    assert _issues(data.encode()) == [
        (
            "FIN_SIZE",
            "block 4",
            "block 4: text of 10953 characters exceeds the FIN limit of 10000",
        )
    ]


def test_content_error_after_formats_pass() -> None:
    data = fin_bytes(GOOD).replace(b"USD136500,\r\n:33B", b"XXX136500,\r\n:33B")
    assert _issues(data) == [
        (
            "FIN_FIELD_FORMAT",
            "block 4 field 32A",
            "block 4 field 32A: currency must be an ISO 4217 code (got XXX)",
        )
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("prowide/user/MT103__SwiftParserTest_L265.fin", "FIN_ENVELOPE"),
        ("prowide/user/MT103__MT103ParserTest_L399.fin", "FIN_FIELD_FORMAT"),
        ("prowide/user/MT199__MT199ParserTest_L29.fin", "FIN_FIELD_FORMAT"),
        ("ballerina/MT205__pacs.004.001.09__mx2mt__p_2_1_2__CBPR_p.2.1.2_pacs.004-CtoB.fin",
         "FIN_FIELD_MISSING"),
    ],
)  # fmt: skip
def test_faulty_corpus_samples_are_reported(name: str, code: str) -> None:
    report = mt.validate(fin_bytes(name))
    assert not report.valid
    assert report.issues[0].code == code


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("prowide/system/ack_nak__SwiftMessageUtilsTest_L232.fin", "ACK"),
        ("prowide/system/ack_nak__AbstractMTTest_L137.fin", "ACK"),
        ("prowide/system/ack_nak__DefaultMtMetadataStrategyTest_L67.fin", "NAK"),
    ],
)
def test_ack_nak_needs_no_block_2_and_may_carry_the_original(name: str, kind: str) -> None:
    report = mt.validate(fin_bytes(name))
    assert (report.message_type, report.issues) == (kind, ())


def test_ack_with_a_bad_status_flag_is_reported() -> None:
    data = fin_bytes("prowide/system/ack_nak__SwiftMessageUtilsTest_L232.fin")
    report = mt.validate(data.replace(b"{451:0}", b"{451:7}"))
    assert report.message_type == "ACK/NAK"
    assert [(issue.code, issue.location) for issue in report.issues] == [
        ("FIN_SERVICE", "block 4 field 451")
    ]


def test_ack_followed_by_two_messages_is_an_envelope_fault() -> None:
    data = fin_bytes("prowide/system/ack_nak__AbstractMTTest_L137.fin")
    original = data[data.index(b"{1:F01") :]
    codes = [(code, location) for code, location, _ in _issues(data + original)]
    assert codes == [("FIN_ENVELOPE", "FIN")]
