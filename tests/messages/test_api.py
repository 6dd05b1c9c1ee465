"""parse_message / render_mx on real samples: golden files, round trips, rendered XSD validity.

Golden files live in tests/golden/<type>/<case>.json (the parsed model) and .xml (the
rendering); regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from bankwire.errors import ParseError, SchemaViolation, UnsupportedMessage
from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.iso20022.registry import handler_for
from bankwire.messages.jsonable import to_data
from bankwire.messages.model import Message, MessageFormat
from bankwire.messages.validate import validate_message

from .mx_samples import (
    ADMI007,
    CAMT052,
    GOLDEN,
    GOLDEN_CASES,
    MX,
    PACS008,
    PACS008_FEDWIRE_BAD_IBAN,
    PACS008_MIN,
    PACS008_V12,
    PACS009_BAD_BIC,
    PACS009_V11,
)

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
IDS = [f"{kind}/{case}" for kind, case, _ in GOLDEN_CASES]


def _check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual


@pytest.mark.parametrize(("kind", "case", "fixture"), GOLDEN_CASES, ids=IDS)
def test_parse_matches_golden_json(kind: str, case: str, fixture: Path) -> None:
    message = parse_message(fixture.read_bytes())
    actual = json.dumps(to_data(message), indent=2, ensure_ascii=False) + "\n"
    assert message.message_type.startswith(kind)
    _check_golden(GOLDEN / kind / f"{case}.json", actual)


@pytest.mark.parametrize(("kind", "case", "fixture"), GOLDEN_CASES, ids=IDS)
def test_render_matches_golden_xml(kind: str, case: str, fixture: Path) -> None:
    rendered = render_mx(parse_message(fixture.read_bytes()))
    _check_golden(GOLDEN / kind / f"{case}.xml", rendered.decode("utf-8"))


@pytest.mark.parametrize(("kind", "case", "fixture"), GOLDEN_CASES, ids=IDS)
def test_round_trip_is_identity(kind: str, case: str, fixture: Path) -> None:
    """parse(render(m)) == m for every modelled message type.

    A version other than the one rendered (Fedwire's pacs.004.001.10) comes back as the
    rendered version and is otherwise identical.
    """
    message = parse_message(fixture.read_bytes())
    handler = handler_for(message.message_type)
    assert handler is not None
    expected = dataclasses.replace(message, message_type=handler.rendered_version)
    assert parse_message(render_mx(message)) == expected


def _parseable_fixtures() -> list[Path]:
    paths = []
    for path in sorted(MX.rglob("*.xml")):
        try:
            parse_message(path.read_bytes())
        except (SchemaViolation, UnsupportedMessage):
            continue
        paths.append(path)
    return paths


@pytest.mark.parametrize("fixture", _parseable_fixtures(), ids=lambda path: path.name[:60])
def test_rendering_every_parseable_fixture_passes_the_xsd(fixture: Path) -> None:
    """Whatever was parsed renders to XML that the official schemas accept."""
    report = validate_message(render_mx(parse_message(fixture.read_bytes())))
    assert [issue for issue in report.issues if issue.code == "XSD"] == []


@pytest.mark.parametrize("fixture", [PACS008_V12, PACS009_V11], ids=["pacs.008.12", "pacs.009.11"])
def test_newer_versions_parse_and_render_as_the_cbpr_version(fixture: Path) -> None:
    """A newer version is read with the same mapping and rendered in the CBPR+ version."""
    message = parse_message(fixture.read_bytes())
    again = parse_message(render_mx(message))
    rendered_type = message.message_type[:8] + (".001.08")
    assert again.message_type == rendered_type
    assert message.header is not None
    assert again.header == dataclasses.replace(message.header, message_definition_id=rendered_type)
    assert again.transfers == message.transfers


def test_amounts_are_integer_minor_units() -> None:
    message = parse_message(PACS008.read_bytes())
    amount = message.transfers[0].interbank_settlement_amount
    assert (amount.minor_units, amount.currency.code) == (13650000, "USD")


def test_invalid_identifiers_are_refused_when_parsing() -> None:
    """A real Fedwire sample carries an IBAN with wrong check digits; a real Ballerina
    sample a BIC with the non-existent country AA. Parsing names element and fault."""
    with pytest.raises(SchemaViolation, match=r"DbtrAcct/Id/IBAN: IBAN: invalid .*checksum"):
        parse_message(PACS008_FEDWIRE_BAD_IBAN.read_bytes())
    with pytest.raises(SchemaViolation, match=r"InstgRmbrsmntAgt/FinInstnId/BICFI: BIC.*'AA'"):
        parse_message(PACS009_BAD_BIC.read_bytes())


def test_header_without_bic_is_refused() -> None:
    with pytest.raises(SchemaViolation, match=r"/Envelope/AppHdr/Fr: must identify"):
        parse_message(PACS008_MIN.read_bytes())


@pytest.mark.parametrize("fixture", [CAMT052, ADMI007], ids=["camt.052", "admi.007"])
def test_messages_outside_the_model_are_unsupported(fixture: Path) -> None:
    with pytest.raises(UnsupportedMessage, match="not modelled"):
        parse_message(fixture.read_bytes())


def test_malformed_xml_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not well-formed XML at line 1"):
        parse_message(b"<Document><unclosed></Document>")


def test_fin_messages_go_to_the_mt_parser() -> None:
    """FIN is detected by its basic header block and parsed by bankwire.messages.mt."""
    fin = next((MX.parents[0] / "mt" / "ballerina").glob("MT103__*.fin"), None)
    if fin is None:
        pytest.skip("MT fixtures are not present")
    message = parse_message(fin.read_bytes())
    assert message.format is MessageFormat.MT


def test_render_refuses_mt_messages() -> None:
    message = Message(message_type="MT103", format=MessageFormat.MT, header=None, group_header=None)
    with pytest.raises(UnsupportedMessage, match="translate it first"):
        render_mx(message)


def test_non_ascii_digits_in_a_count_are_a_schema_violation() -> None:
    """Found by the fuzz suite: "¹" passes str.isdigit but is no NbOfTxs."""
    data = PACS008.read_bytes().replace(b"<pacs:NbOfTxs>1<", "<pacs:NbOfTxs>¹<".encode(), 1)
    with pytest.raises(SchemaViolation, match="NbOfTxs: must be 1-15 digits"):
        parse_message(data)
