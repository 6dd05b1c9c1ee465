"""The FIN envelope: blocks 1-5, input and output headers, text block, lenient recovery."""

from __future__ import annotations

import pytest

from bankwire.errors import ParseError
from bankwire.messages.mt import split_rje
from bankwire.messages.mt.fin import (
    ApplicationHeader,
    BasicHeader,
    assemble,
    parse_fin,
    split_blocks,
    split_messages,
)

from .samples import FIXTURES_MT, fin_bytes

MT103_A_B = "ballerina/MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs_008_A_B.fin"


def test_every_sample_parses_at_block_level() -> None:
    """Every .fin of the corpus splits into messages (leniently where prowide is lenient)."""
    files = sorted(FIXTURES_MT.rglob("*.fin"))
    assert len(files) == 189
    for path in files:
        defects: list[str] = []
        for blocks in split_messages(split_blocks(path.read_bytes(), defects)):
            assert assemble(blocks, defects).basic_header.application_id in {"F", "A"}


def test_rje_files_split_on_dollar() -> None:
    """RJE: messages separated by ``$``; the bulk file pairs each MT103 with its ACK."""
    out = (FIXTURES_MT / "prowide/rje/MT103-out-ack.rje").read_bytes()
    parts = split_rje(out)
    assert len(parts) == 13
    assert {parse_fin(part, lenient=True).message_type for part in parts} == {"103"}
    # One capture ends in a stray '{': recorded, not fatal, when lenient.
    assert parse_fin(parts[10], lenient=True).defects == (
        "FIN: block at offset 445 has no 'id:' prefix",
    )
    bulk = (FIXTURES_MT / "prowide/rje/MT103-bulk-with-ack.rje").read_bytes()
    screened = []
    for part in split_rje(bulk):
        ack, message = split_messages(split_blocks(part))
        assert assemble(ack).basic_header.service_id == "21"
        screened.append(assemble(message).user_header_value("433"))
    assert screened[:2] == ["/AOK/NO HIT DETECTED", "/AOK/NON BLOCKING HIT"]


def test_output_headers_name_sender_and_receiver() -> None:
    fin = parse_fin(fin_bytes(MT103_A_B))
    assert fin.basic_header == BasicHeader("F", "01", "CHASUS33XXXX", "0000", "000000")
    assert fin.application_header == ApplicationHeader(
        "O",
        "103",
        "CHASGB2LXXXX",
        priority="N",
        input_time="1013",
        message_input_reference="210511CHASGB2LXXXX0000000000",
        output_date="210511",
        output_time="1013",
    )
    assert (fin.sender_bic, fin.receiver_bic) == ("CHASGB2LXXX", "CHASUS33XXX")
    assert fin.user_header == (("121", "174c245f-2682-4291-ad67-2a41e530cd27"),)
    assert fin.text[0] == ("20", "A2B0506272708")
    assert fin.text[4] == ("50F", "/96325874\n1/GB Engineering \n2/Industrial Park\n3/GB/Cambridge")


def test_input_header_and_trailer() -> None:
    fin = parse_fin(fin_bytes("prowide/user/MT103__MT103ParserTest_L36.fin"))
    assert fin.user_header_value("119") == "STP"
    assert fin.trailer == (("MAC", "D9D8FA56"), ("CHK", "46E46A6460F2"))
    data = b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXU3003}{4:\r\n:20:X\r\n-}"
    fin = parse_fin(data)
    assert fin.application_header == ApplicationHeader("I", "103", "BANKDEFFXXXX", "U", "3", "003")
    assert (fin.sender_bic, fin.receiver_bic) == ("BANKBEBBXXX", "BANKDEFFXXX")


def test_render_of_headers_is_the_parsed_text() -> None:
    fin = parse_fin(fin_bytes(MT103_A_B))
    assert fin.basic_header.render() == "{1:F01CHASUS33XXXX0000000000}"
    assert fin.application_header is not None
    assert fin.application_header.render() == (
        "{2:O1031013210511CHASGB2LXXXX00000000002105111013N}"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "FIN: empty input"),
        (b"{2:I103BANKDEFFXXXXN}{4:\r\n:20:X\r\n-}", "FIN block 1: missing basic header"),
        (b"{1:F01BANK}{4:\r\n:20:X\r\n-}", "FIN block 1: must be F01/F21"),
        (
            b"{1:F01BANKBEBBAXXX0000000000}{4:\r\n:20:X\r\n",
            "FIN block 4: text block not terminated",
        ),
        (b"{1:F01BANKBEBBAXXX0000000000}{4:\r\nJUNK\r\n-}", "FIN block 4: text must be :tag:value"),
        (b"{1:F01BANKBEBBAXXX0000000000}{3:{108:A}", "FIN block 3: unbalanced braces"),
        (b"{1:F01BANKBEBBAXXX0000000000}{1:F01BANKBEBBAXXX0000000000}x", "FIN: expected '{'"),
        (b"{1:F01BANKBEBBAXXX0000000000}{2:I1}", "FIN block 2: input form"),
        (b"{1:F01BANKBEBBAXXX0000000000}{2:O103}", "FIN block 2: output form"),
    ],
)
def test_envelope_errors_name_the_block(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace("{", r"\{")):
        parse_fin(data)


def test_lenient_parse_records_defects() -> None:
    data = fin_bytes("prowide/user/MT103__SwiftParserTest_L265.fin")
    with pytest.raises(ParseError, match="offset 457"):
        parse_fin(data)
    fin = parse_fin(data, lenient=True)
    assert fin.defects == ("FIN: expected '{' opening a block at offset 457 (got 'foo')",)
    assert fin.text[0] == ("20", "12345677890")


def test_lenient_parse_closes_unclosed_block() -> None:
    fin = parse_fin(fin_bytes("prowide/user/MT103__AbstractMTTest_L272.fin"), lenient=True)
    assert fin.user_header == (("108", "210323165210"),)
    assert [tag for tag, _ in fin.text] == ["20", "23B", "23E"]
    assert fin.defects[0].startswith("FIN block 3: unbalanced braces")


def test_oversized_input_is_refused() -> None:
    with pytest.raises(ParseError, match="exceeds the 100000 bound"):
        parse_fin(b"{" * 100_001)
