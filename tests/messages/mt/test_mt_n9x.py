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


def test_free_format_text_is_kept_for_screening() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT199__pacs.002.001.10__mt2mx__p_3_1_2__mt199_pacs_002_B_A.fin")
    )
    assert message.free_text
    assert all(item.startswith(":79:") for item in message.free_text)


def test_prowide_placeholder_fields_are_refused() -> None:
    with pytest.raises(SchemaViolation, match=r"block 4 field 11S: must match 3!n\$6!n"):
        mt.parse(fin_bytes("prowide/user/MT192__MTn9nParserTest_L29.fin"))
