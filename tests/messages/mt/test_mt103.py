"""MT103 mapping, field by field, and what parse refuses (with block and field named)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bankwire.errors import ParseError, SchemaViolation, UnsupportedMessage
from bankwire.messages import mt
from bankwire.messages.model import Agent, MessageFormat
from bankwire.money import Amount

from .samples import FIXTURES_MT, fin_bytes, user_samples

RJE_BULK = FIXTURES_MT / "prowide/rje/MT103-bulk-with-ack.rje"
HEAD = b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n"
REQUIRED = b":20:REF1\r\n:23B:CRED\r\n:32A:260101EUR100,\r\n:50K:JOHN DOE\r\n:59:JANE ROE\r\n"


def _mt103(extra: bytes = b"", required: bytes = REQUIRED) -> bytes:
    return HEAD + required + b":71A:SHA\r\n" + extra + b"-}"


def test_cbpr_sample_maps_field_by_field() -> None:
    message = mt.parse(
        fin_bytes("ballerina/MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs008_B_C.fin")
    )
    assert message.format is MessageFormat.MT
    transfer = message.transfers[0]
    assert transfer.instruction_id == "B2C0506272708"
    assert transfer.end_to_end_id == "E2E04044506271305"
    assert transfer.uetr == "174c245f-2682-4291-ad67-2a41e530cd27"
    assert transfer.interbank_settlement_amount == Amount.parse("136490", "USD")
    assert transfer.instructed_amount == Amount.parse("136500", "USD")
    assert transfer.settlement_date == date(2021, 5, 11)
    assert transfer.charge_bearer == "SHAR"
    assert transfer.charges == ((Amount.parse("10", "USD"), None),)
    assert transfer.debtor_agent == Agent(bic="CHASGB2LXXX")
    assert transfer.creditor_agent == Agent(bic="HNBAUS51XXX")
    assert transfer.remittance_information == ("/ROC/E2E04044506271305",)
    assert message.header is not None
    assert message.header.created == datetime(2021, 5, 11, 5, 23, tzinfo=UTC)


def test_rje_mt103_narrative_and_previous_agent() -> None:
    part = RJE_BULK.read_text().split("$")[0]
    message = mt.parse(part[part.index("{1:F01") :])
    transfer = message.transfers[0]
    assert transfer.debtor is not None
    assert transfer.debtor.name == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    assert transfer.previous_instructing_agents == (
        Agent(name="DEUTSCHE BANK TRUST CO.AMERICAS NEW YORK, NY 10015"),
    )
    assert transfer.remittance_information == ("/RFB/042517477151REFERENCE:1500009007TRANSFER",)
    assert message.group_header is not None
    assert message.group_header.settlement_account is not None


def test_instruction_codes_and_unmapped_fields() -> None:
    extra = b":23E:PHOB/+44 20 7946\r\n:23E:TELI\r\n:72:/ACC/PAY ON ARRIVAL\r\n/REJT/99\r\n"
    message = mt.parse(_mt103(extra), received=datetime(2026, 1, 1, 9, tzinfo=UTC))
    transfer = message.transfers[0]
    assert transfer.instructions_for_creditor_agent == ("/PHOB/+44 20 7946", "PAY ON ARRIVAL")
    assert transfer.instructions_for_next_agent == ("/TELA/",)
    assert message.free_text == (":72:/REJT/99",)
    assert message.header is not None
    assert message.header.created == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert mt.parse(mt.render(message)) == message


def test_input_message_without_received_time_uses_value_date() -> None:
    message = mt.parse(_mt103())
    assert message.header is not None
    assert message.header.created == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "error", "text"),
    [
        (_mt103(required=REQUIRED.replace(b":23B:CRED\r\n", b"")), SchemaViolation,
         "block 4 field 23B: mandatory in MT103 but absent"),
        (_mt103(b":99Z:X\r\n"), SchemaViolation, "block 4 field 99Z: not allowed in MT103"),
        (_mt103(required=REQUIRED.replace(b"260101", b"2A0101")), SchemaViolation,
         "block 4 field 32A: must match 6!n3!a15d (got '2A0101EUR100,')"),
        (_mt103(required=REQUIRED.replace(b"260101", b"261301")), SchemaViolation,
         "block 4 field 32A: date must be a calendar date YYMMDD (got 261301)"),
        (_mt103().replace(b":71A:SHA", b":71A:ALL"), SchemaViolation,
         "block 4 field 71A: must be OUR, BEN or SHA (got ALL)"),
        (_mt103().replace(b"{4:", b"{4:{177:2601011200}}{5:"), ParseError, "FIN block"),
        (_mt103().replace(b"I103", b"I940"), UnsupportedMessage, "MT940: not supported"),
    ],
)  # fmt: skip
def test_refusals_name_block_and_field(data: bytes, error: type[Exception], text: str) -> None:
    with pytest.raises(error) as caught:
        mt.parse(data)
    assert text in str(caught.value)


def test_every_parseable_user_sample_round_trips() -> None:
    """parse(render(m)) == m for every user message of the corpus that parses strictly."""
    parsed = 0
    for path in user_samples():
        try:
            message = mt.parse(path.read_bytes())
        except (SchemaViolation, UnsupportedMessage, ParseError):
            continue
        assert mt.parse(mt.render(message)) == message, path.name
        assert mt.parse(mt.render(message, direction="I"), received=message.header.created
                        if message.header else None) == message, path.name  # fmt: skip
        parsed += 1
    assert parsed == 63
