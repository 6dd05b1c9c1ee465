"""MT192/196/199 (and their 2xx twins): cancellation request, answer, free format."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bankwire.errors import SchemaViolation
from bankwire.messages import mt
from bankwire.money import Amount

from .samples import fin_bytes


def test_request_for_cancellation() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT192__camt.056.001.08__mt2mx__c_29_2_2__mt192_camt_056_A_D.fin")
    )
    cancellation = message.cancellations[0]
    assert cancellation.case_id == "CSE-001"
    assert cancellation.original_message_id == "pcs008bzmsgidr-1"
    assert cancellation.original_message_type == "pacs.008"
    assert cancellation.original_created == datetime(2022, 10, 20, tzinfo=UTC)
    assert cancellation.reason_code == "AM09"
    assert cancellation.original_uetr == "174c245f-2682-4291-ad67-2a41e530cd27"
    assert cancellation.original_amount == Amount.parse("26546464", "RON")
    assert cancellation.original_settlement_date == date(2022, 10, 20)


def test_answer_joins_continued_uetr() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT196__camt.029.001.09__mt2mx__c_29_2_2__mt_196_camt_029_D_A.fin")
    )
    cancellation = message.cancellations[0]
    assert (cancellation.case_id, cancellation.resolution_status) == ("CSE-001", "CNCL")
    assert cancellation.original_uetr == "174c245f-2682-4291-ad67-2a41e530cd27"


_LONG_TEXTS = {
    # The case the long property run found: a 77A line and its "//" continuation, joined
    # on parsing into one 41-character text (not a /UETR/ line: no leading slash).
    "196": (
        "ballerina/MT196__camt.029.001.09__mt2mx__c_29_2_2__mt_196_camt_029_D_A.fin",
        b":77A:/UETR/174c245f-2682-4291-ad67-2a41e\r\n//530cd27\r\n",
        b":77A:UETR/174c245f-2682-4291-ad67-2a41e\r\n//530cd27\r\n",
        "UETR/174c245f-2682-4291-ad67-2a41e530cd27",
    ),
    # The same in a 79 of 50-character lines.
    "192": (
        "ballerina/MT192__camt.056.001.08__mt2mx__c_29_2_2__mt192_camt_056_A_D.fin",
        b":79:/AM09/\r\n",
        b":79:/AM09/\r\nDUPLICATE OF THE PAYMENT SENT ON 20 OCTOBER 2022 U\r\n//NDER REF X\r\n",
        "DUPLICATE OF THE PAYMENT SENT ON 20 OCTOBER 2022 UNDER REF X",
    ),
}


@pytest.mark.parametrize("kind", sorted(_LONG_TEXTS))
def test_a_text_longer_than_a_line_survives_render_and_parse(kind: str) -> None:
    # Rendered, the rest of such a text goes on "//" lines again, which parsing joins
    # back on, instead of coming back as a second text.
    sample, old, new, text = _LONG_TEXTS[kind]
    source = fin_bytes(sample)
    assert old in source
    message = mt.parse(source.replace(old, new, 1))
    assert text in message.cancellations[0].additional_information
    rendered = mt.render(message)
    assert b"\r\n//" in rendered
    assert mt.parse(rendered) == message


def test_free_format_text_is_kept_for_screening() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT199__pacs.002.001.10__mt2mx__p_3_1_2__mt199_pacs_002_B_A.fin")
    )
    assert message.free_text
    assert all(item.startswith(":79:") for item in message.free_text)


def test_prowide_placeholder_fields_are_refused() -> None:
    with pytest.raises(SchemaViolation, match=r"block 4 field 11S: must match 3!n\$6!n"):
        mt.parse(fin_bytes("prowide/user/MT192__MTn9nParserTest_L29.fin"))


@pytest.mark.parametrize(
    "answers",
    [
        "CNCL/",  # Free text where a /CODE/ line usually stands (found by the long fuzz run).
        "FIRST ANSWER LINE\nSECOND ANSWER LINE",
        "/CNCL/ACCEPTED AS ASKED",
    ],
)
def test_an_answer_renders_back_to_what_was_read(answers: str) -> None:
    """Field 76 is mandatory: free text read from it is written back there, not left empty."""
    block4 = (
        f":20:CNCL-ID001\r\n:21:CSE-001\r\n:76:{answers.replace(chr(10), chr(13) + chr(10))}\r\n"
        ":77A:/UETR/174c245f-2682-4291-ad67-2a41e\r\n//530cd27\r\n:11R:103\r\n221020\r\n-"
    )
    data = (
        "{1:F01MYMBGB2LXXXX0000000000}{2:O1961355221020GEBABEBBXXXX00000000002210201355N}"
        "{3:{121:174c245f-2682-4291-ad67-2a41e530cd27}}{4:\r\n" + block4 + "}"
    ).encode()
    message = mt.parse(data)
    assert mt.parse(mt.render(message)) == message


def test_an_answer_without_11r_renders_without_it() -> None:
    """11R is optional in an MT196: an answer that does not name the original renders
    back without it (the long property run found this one, a ``::11R:103`` line inside
    77A being text, not a field)."""
    data = (
        fin_bytes("ballerina/MT196__camt.029.001.09__mt2mx__c_29_2_2__mt_196_camt_029_D_A.fin")
        .replace(b":11R:103\r\n221020\r\n", b"")
        .replace(b"//530cd27\r\n", b"//530cd27\r\n::11R:103\r\n")
    )
    message = mt.parse(data)
    cancellation = message.cancellations[0]
    assert cancellation.original_created is None
    assert cancellation.additional_information == ("::11R:103",)
    rendered = mt.render(message)
    assert b"\r\n:11R:" not in rendered
    assert mt.parse(rendered) == message


def test_a_request_without_11s_is_refused() -> None:
    """11S stays mandatory in an MT192."""
    data = fin_bytes("ballerina/MT192__camt.056.001.08__mt2mx__c_29_2_2__mt192_camt_056_A_D.fin")
    start = data.index(b":11S:")
    end = data.index(b"\r\n:", start + 1)
    with pytest.raises(SchemaViolation, match="11S"):
        mt.parse(data[:start] + data[end + 2 :])
