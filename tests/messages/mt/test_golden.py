"""Golden files per MT type: parse -> JSON, render -> FIN, and parse(render(m)) == m.

Regenerate with ``UPDATE_GOLDEN=1 pytest tests/messages/mt/test_golden.py`` and review the
diff: a changed golden file is a changed mapping.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bankwire.messages import mt
from bankwire.messages.jsonable import to_data

from .samples import GOLDEN, fin_bytes

CASES = [
    (
        "MT103",
        "cbpr_p_2_1_2_A_B",
        "ballerina/MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs_008_A_B.fin",
    ),
    (
        "MT103",
        "cbpr_p_2_3_1_a_cover",
        "ballerina/MT103__pacs.008.001.08__mt2mx__p_2_3_1_a__mt103_pacs_008_A_D.fin",
    ),
    (
        "MT103",
        "cbpr_p_2_1_2_charges",
        "ballerina/MT103__pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs008_B_C.fin",
    ),
    (
        "MT103",
        "return_codes_in_72",
        "ballerina/MT103__pacs.004.001.09__mt2mx__p_2_1_2__mt103_pacs_004_B_A.fin",
    ),
    ("MT103STP", "prowide_stp_trailer", "prowide/user/MT103__MT103ParserTest_L36.fin"),
    ("MT103STP", "prowide_50k_52a_account", "prowide/user/MT103__MT103ParserTest_L104.fin"),
    (
        "MT202",
        "cbpr_p_2_2_1_bnf",
        "ballerina/MT202__pacs.009.001.08__mt2mx__p_2_2_1__mt202_pacs_009_B_C.fin",
    ),
    (
        "MT202",
        "cbpr_c_29_4_1_advice",
        "ballerina/MT202__pacs.009.001.08__mt2mx__c_29_4_1__mt202_pacs_009ADV_B_E.fin",
    ),
    ("MT202", "prowide_53a_58a_accounts", "prowide/user/MT202__MT202ParserTest_L236.fin"),
    (
        "MT202COV",
        "cbpr_c_29_2_2",
        "ballerina/MT202__pacs.009.001.08__mt2mx__c_29_2_2__mt202_pacs_009COV_A_B.fin",
    ),
    (
        "MT205COV",
        "cbpr_p_4_3_2",
        "ballerina/MT205__pacs.009.001.08__mt2mx__P_4_3_2__mt_205_COV_pacs_009_A_B.fin",
    ),
    (
        "MT192",
        "cbpr_c_29_2_2",
        "ballerina/MT192__camt.056.001.08__mt2mx__c_29_2_2__mt192_camt_056_A_D.fin",
    ),
    (
        "MT196",
        "cbpr_c_29_2_2",
        "ballerina/MT196__camt.029.001.09__mt2mx__c_29_2_2__mt_196_camt_029_D_A.fin",
    ),
    (
        "MT199",
        "cbpr_p_2_5_2",
        "ballerina/MT199__pacs.002.001.10__mt2mx__p_2_5_2__mt199_pacs_002_B_A.fin",
    ),
    (
        "MT299",
        "cbpr_p_2_2_1",
        "ballerina/MT299__pacs.002.001.10__mt2mx__p_2_2_1__mt299_pacs_002_D_C.fin",
    ),
    (
        "MT900",
        "cbpr_c_54_1_1",
        "ballerina/MT900__camt.054.001.08__mt2mx__c_54_1_1__mt900_camt_054_A_B.fin",
    ),
    (
        "MT910",
        "cbpr_c_54_1_1",
        "ballerina/MT910__camt.054.001.08__mt2mx__c_54_1_1__mt910_camt_054_C_D.fin",
    ),
]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual


@pytest.mark.parametrize(("kind", "case", "sample"), CASES)
def test_golden(kind: str, case: str, sample: str) -> None:
    message = mt.parse(fin_bytes(sample))
    assert message.message_type == kind
    data = json.dumps(to_data(message), indent=2, ensure_ascii=False) + "\n"
    _check(GOLDEN / kind / f"{case}.json", data)
    rendered = mt.render(message)
    _check(GOLDEN / kind / f"{case}.fin", rendered.decode("ascii"))
    assert mt.parse(rendered) == message
    assert mt.validate(rendered).valid
