"""Paths of the real ISO 20022 samples copied under tests/fixtures/messages/mx (see SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

MX = Path(__file__).resolve().parents[1] / "fixtures" / "messages" / "mx"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"

PACS008 = MX / "cbpr" / "pacs.008.001.08__mt2mx__p_2_1_2__mt103_pacs_008_A_B.xml"
PACS008_COVER = MX / "cbpr" / "pacs.008.001.08__mt2mx__p_2_3_1_a__mt103_pacs_008_A_D.xml"
PACS008_FEDWIRE = MX / "fedwire" / "CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml"
PACS008_FEDWIRE_BAD_IBAN = MX / "fedwire" / "CustomerCreditTransfer_Scenario5_Step1_pacs.008.xml"
PACS008_MAX = MX / "cbpr_generated" / "examples__y2025__pacs.008.max.xml"
PACS008_MIN = MX / "cbpr_generated" / "examples__y2025__pacs.008.min.xml"
PACS008_V12 = (
    MX / "newer_versions" / "pacs.008.001.12__mx2mt__p_2_1_1__CBPR_p.2.1.1_pacs.008-AtoB.xml"
)
PACS009 = MX / "cbpr" / "pacs.009.001.08__mt2mx__p_2_2_1__mt202_pacs_009_B_C.xml"
PACS009_COV = MX / "cbpr" / "pacs.009.001.08__mt2mx__p_2_3_1_b__mt202_pacs_009COV_A_B.xml"
PACS009_COV_MAX = MX / "cbpr_generated" / "examples__y2025__pacs.009_cov.max.xml"
PACS009_BAD_BIC = MX / "cbpr" / "pacs.009.001.08__mt2mx__pc_09_1_1__mt202_pacs_009_A_B.xml"
PACS009_V11 = (
    MX / "newer_versions" / "pacs.009.001.11__mx2mt__p_2_2_1__CBPR_p.2.2.1_pacs.009-BtoC.xml"
)
PACS002 = MX / "cbpr" / "pacs.002.001.10__mx2mt__p_2_4_1__CBPR_p.2.4.1_pacs.002_BtoE.xml"
PACS002_FEDWIRE = MX / "fedwire" / "CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml"
PACS004 = MX / "cbpr" / "pacs.004.001.09__mx2mt__p_2_1_2__CBPR_p.2.1.2_pacs.004-CtoB.xml"
PACS004_FEDWIRE = MX / "fedwire" / "PaymentReturn_Scenario1_Step4_pacs.004.xml"
CAMT056 = MX / "cbpr" / "camt.056.001.08__mt2mx__c_29_2_2__mt192_camt_056_A_D.xml"
CAMT029 = MX / "cbpr" / "camt.029.001.09__mt2mx__c_29_2_2__mt_196_camt_029_D_A.xml"
CAMT029_FEDWIRE = MX / "fedwire" / "Paymentreturn_Scenario1_Step3_camt.029.xml"
CAMT052 = MX / "cbpr" / "camt.052.001.08__mt2mx__c_52_1_1__mt942_camt_052_A_B.xml"
ADMI007 = MX / "fedwire" / "FedwireFundsAcknowledgement_Scenario1_Step1a_admi.007.xml"
MINMAX = MX / "cbpr_misc" / "test_files__2025__CBPR2025.PACS008-MinMax-0023.xml"
INVALID = MX / "invalid"

# Golden cases: (message type directory, case name, fixture), one or more per message type.
GOLDEN_CASES = [
    ("pacs.008", "cbpr_p_2_1_2_a_b", PACS008),
    ("pacs.008", "fedwire_scenario1_step1", PACS008_FEDWIRE),
    ("pacs.008", "cbpr2025_max", PACS008_MAX),
    ("pacs.009", "cbpr_p_2_2_1_b_c", PACS009),
    ("pacs.009", "cov_p_2_3_1_b_a_b", PACS009_COV),
    ("pacs.009", "cov_cbpr2025_max", PACS009_COV_MAX),
    ("pacs.002", "cbpr_p_2_4_1_b_e", PACS002),
    ("pacs.002", "fedwire_scenario1_step2", PACS002_FEDWIRE),
    ("pacs.004", "cbpr_p_2_1_2_c_b", PACS004),
    ("pacs.004", "fedwire_scenario1_step4", PACS004_FEDWIRE),
    ("camt.056", "cbpr_c_29_2_2_a_d", CAMT056),
    ("camt.029", "cbpr_c_29_2_2_d_a", CAMT029),
    ("camt.029", "fedwire_scenario1_step3", CAMT029_FEDWIRE),
]
