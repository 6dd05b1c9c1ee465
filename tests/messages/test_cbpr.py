"""CBPR+ rules on the AppHdr and the typed message, each broken once in a real pacs.008."""

from __future__ import annotations

import pytest

from bankwire.messages.validate import validate_message

from .mx_samples import PACS008, PACS009_COV

SOURCE = PACS008.read_bytes()


def codes_after(old: bytes, new: bytes, source: bytes = SOURCE) -> list[str]:
    assert source.count(old) >= 1, old
    return [issue.code for issue in validate_message(source.replace(old, new, 1)).issues]


def test_the_unmodified_sample_is_valid() -> None:
    assert codes_after(b"", b"") == []


def test_uetr_is_mandatory() -> None:
    uetr = b"<pacs:UETR>174c245f-2682-4291-ad67-2a41e530cd27</pacs:UETR>"
    assert codes_after(uetr, b"") == ["CBPR_UETR_MISSING"]


def test_one_transaction_only() -> None:
    assert codes_after(b"<pacs:NbOfTxs>1<", b"<pacs:NbOfTxs>2<") == ["CBPR_SINGLE_TRANSACTION"]


@pytest.mark.parametrize(
    ("method", "codes"), [(b"INGA", []), (b"CLRG", ["CBPR_SETTLEMENT_METHOD"])]
)
def test_settlement_method(method: bytes, codes: list[str]) -> None:
    assert codes_after(b"<pacs:SttlmMtd>INDA<", b"<pacs:SttlmMtd>" + method + b"<") == codes


def test_cove_is_refused_for_a_cov_but_not_for_a_customer_transfer() -> None:
    """COVE settles a pacs.008 by cover; the cover (pacs.009 COV) itself cannot use it."""
    assert codes_after(b">INDA<", b">COVE<") == []
    assert codes_after(b">INDA<", b">COVE<", PACS009_COV.read_bytes()) == ["CBPR_SETTLEMENT_METHOD"]


def test_slev_charges_are_refused_on_a_customer_transfer() -> None:
    assert codes_after(b"<pacs:ChrgBr>SHAR<", b"<pacs:ChrgBr>SLEV<") == ["CBPR_CHARGE_BEARER"]


def test_header_must_name_the_documents_message() -> None:
    assert codes_after(
        b"<head:MsgDefIdr>pacs.008.001.08<", b"<head:MsgDefIdr>pacs.008.001.09<"
    ) == ["CBPR_MSGDEFIDR_MISMATCH"]


def test_header_sender_must_be_the_instructing_agent() -> None:
    codes = codes_after(b"<head:BICFI>CHASGB2LXXX<", b"<head:BICFI>BARCGB22XXX<")
    assert codes == ["CBPR_BIC_MISMATCH"]


def test_an_8_character_bic_matches_its_xxx_branch() -> None:
    assert codes_after(b"<head:BICFI>CHASGB2LXXX<", b"<head:BICFI>CHASGB2L<") == []


def test_header_parties_must_be_institutions_by_bic() -> None:
    sender = (
        b"<head:Fr>\n            <head:FIId>\n                <head:FinInstnId>\n"
        b"                    <head:BICFI>CHASGB2LXXX</head:BICFI>\n"
        b"                </head:FinInstnId>\n            </head:FIId>\n        </head:Fr>"
    )
    codes = codes_after(sender, b"<head:Fr><head:OrgId><head:Nm>X</head:Nm></head:OrgId></head:Fr>")
    assert codes == ["CBPR_APPHDR_BIC"]


def test_fedwire_documents_without_header_skip_cbpr_rules() -> None:
    """The bare Document is the Fedwire flavour: SLEV and CLRG are its normal values."""
    start = SOURCE.index(b"<pacs:Document")
    end = SOURCE.index(b"</pacs:Document>") + len(b"</pacs:Document>")
    document = SOURCE[start:end].replace(b"<pacs:ChrgBr>SHAR<", b"<pacs:ChrgBr>SLEV<")
    assert validate_message(document).issues == ()
