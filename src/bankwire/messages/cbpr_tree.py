"""CBPR+ usage rules checked on the tree, so they hold for every message type, modelled or not.

These look at elements wherever they occur (a camt.054's ``TxDtls/Refs/InstrId`` as much as
a pacs.008's ``PmtId/InstrId``) and still run when the typed mapping fails, which is when a
faulty message most needs a precise reason:

- references (``InstrId``, ``EndToEndId``, ``OrgnlInstrId``) travel on into MT field 20 and
  21, so they must not start or end with "/" nor contain "//";
- a postal address is structured (``TwnNm`` and ``Ctry`` required), unstructured (at most
  three ``AdrLine``) or hybrid (structured plus at most two lines);
- a party (``Dbtr``, ``Cdtr``, ultimate and initiating parties, reason originators) is named
  by ``Nm`` or identified by ``AnyBIC``; an anonymous party cannot be screened;
- remittance information is either unstructured or structured, not both;
- ``OrgnlMsgNmId`` names a payment message (``pacs.008``, ``pacs.008.001.08``, ``MT103``);
- every instructing/instructed agent (assigner/assignee in camt) is the AppHdr sender/receiver.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from bankwire.messages.iso20022.common import (
    Element,
    children,
    element_path,
    institution_bic,
    local_name,
    qualified,
)
from bankwire.messages.report import Layer, ValidationIssue

__all__ = ["TREE_CODES", "check_agents", "check_tree", "header_bics"]

TREE_CODES: Final[dict[str, str]] = {
    "CBPR_REFERENCE_SLASH": "InstrId/EndToEndId must not start or end with '/' or hold '//'",
    "CBPR_ADDRESS_TOWN_COUNTRY": "a structured or hybrid address needs TwnNm and Ctry",
    "CBPR_ADDRESS_LINES": "at most 3 AdrLine unstructured, 2 in a hybrid address",
    "CBPR_PARTY_NAME": "a party needs Nm or AnyBIC",
    "CBPR_REMITTANCE_CHOICE": "RmtInf holds Ustrd or Strd, not both",
    "CBPR_ORIGINAL_MESSAGE_NAME": "OrgnlMsgNmId must name a payment message",
    "CBPR_BIC_MISMATCH": "AppHdr Fr/To must be the instructing/instructed agent (or assigner)",
}

_REFERENCES: Final = frozenset({"InstrId", "EndToEndId", "OrgnlInstrId"})
_PARTIES: Final = frozenset({"Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty", "Orgtr"})
_ELEMENTS: Final = (*_REFERENCES, *_PARTIES, "PstlAdr", "Adr", "RmtInf", "OrgnlMsgNmId")
_UNSTRUCTURED_LINES_MAX: Final[int] = 3
_HYBRID_LINES_MAX: Final[int] = 2
_STRUCTURED_FIELDS: Final = frozenset(
    {
        "Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd",
        "TwnNm", "TwnLctnNm", "DstrctNm", "CtrySubDvsn", "Ctry",
    }
)  # fmt: skip
_PAYMENT_MESSAGE: Final = re.compile(
    r"^(pacs\.[0-9]{3}(\.[0-9]{3}\.[0-9]{2})?|MT[0-9]{3}(COV|STP)?)$"
)
_AGENT_SIDES: Final = {"InstgAgt": "Fr", "Assgnr": "Fr", "InstdAgt": "To", "Assgne": "To"}
_AGENT_NAMES: Final = tuple(_AGENT_SIDES)


def _issue(code: str, element: Element, text: str) -> ValidationIssue:
    return ValidationIssue(Layer.USAGE, code, element_path(element), text)


def check_tree(document: Element, message_type: str) -> list[ValidationIssue]:
    """Run the element rules over ``document`` in one C-filtered pass.

    Party names and the remittance choice are payment (pacs) rules: account reports
    (camt.052/053/054) and initiations relay what they received.
    """
    issues: list[ValidationIssue] = []
    payment = message_type.startswith("pacs.")
    for element in document.iter(*qualified(etree.QName(document).namespace, _ELEMENTS)):
        name = local_name(element.tag)
        if name in _REFERENCES:
            _check_reference(name, element, issues)
        elif name in _PARTIES:
            if payment:
                _check_party(name, element, issues)
        elif name == "RmtInf":
            if not payment:
                continue
            names = {child_name for child_name, _ in children(element)}
            if {"Ustrd", "Strd"} <= names:
                issues.append(
                    _issue("CBPR_REMITTANCE_CHOICE", element, "RmtInf: Ustrd or Strd, not both")
                )
        elif name == "OrgnlMsgNmId":
            text = element.text or ""
            if not _PAYMENT_MESSAGE.match(text):
                issues.append(
                    _issue(
                        "CBPR_ORIGINAL_MESSAGE_NAME",
                        element,
                        f"OrgnlMsgNmId must name a payment message like pacs.008.001.08 or "
                        f"MT103 (got {text!r})",
                    )
                )
        else:
            _check_address(element, issues)
    return issues


def _check_reference(name: str, element: Element, issues: list[ValidationIssue]) -> None:
    text = element.text or ""
    if text.startswith("/") or text.endswith("/") or "//" in text:
        issues.append(
            _issue(
                "CBPR_REFERENCE_SLASH",
                element,
                f"{name}: must not start or end with '/' nor contain '//' (got {text!r})",
            )
        )


def _check_party(name: str, element: Element, issues: list[ValidationIssue]) -> None:
    """A ``PartyIdentification``: agents (``FinInstnId``) and choices (``Pty``) are skipped."""
    names = [child_name for child_name, _ in children(element)]
    if not names or "FinInstnId" in names or "Agt" in names:
        return
    if "Pty" in names:
        for child_name, child in children(element):
            if child_name == "Pty":
                _check_party(name, child, issues)
        return
    if "Nm" in names:
        return
    for part, identification in children(element):
        if part == "Id" and any(
            kind == "AnyBIC"
            for _, organisation in children(identification)
            for kind, _ in children(organisation)
        ):
            return
    issues.append(
        _issue("CBPR_PARTY_NAME", element, f"{name}: a party needs Nm or AnyBIC (got neither)")
    )


def _check_address(element: Element, issues: list[ValidationIssue]) -> None:
    names = [name for name, _ in children(element)]
    if "Adr" in names:
        return  # NameAndAddress (remittance location): its address is the nested Adr.
    lines = names.count("AdrLine")
    structured = any(name in _STRUCTURED_FIELDS for name in names)
    if structured and not ("TwnNm" in names and "Ctry" in names):
        present = ", ".join(name for name in names if name != "AdrLine") or "neither"
        issues.append(
            _issue(
                "CBPR_ADDRESS_TOWN_COUNTRY",
                element,
                f"a structured or hybrid address needs TwnNm and Ctry (got {present})",
            )
        )
    limit = _HYBRID_LINES_MAX if structured else _UNSTRUCTURED_LINES_MAX
    if lines > limit:
        kind = "hybrid" if structured else "unstructured"
        issues.append(
            _issue(
                "CBPR_ADDRESS_LINES",
                element,
                f"an {kind} address allows at most {limit} AdrLine (got {lines})",
            )
        )


def header_bics(header: Element) -> dict[str, str]:
    """The AppHdr ``Fr``/``To`` BICs (``FIId/FinInstnId/BICFI``) by side; absent sides left out."""
    found: dict[str, str] = {}
    for side, party in children(header):
        if side in ("Fr", "To") and (bic := institution_bic(party)) is not None:
            found[side] = bic.text or ""
    return found


def check_agents(document: Element, bics: dict[str, str]) -> list[ValidationIssue]:
    """Every instructing/instructed agent (assigner/assignee) against the AppHdr Fr/To."""
    namespace = etree.QName(document).namespace
    bic_tag = qualified(namespace, ("BICFI",))[0]
    issues = []
    for agent in document.iter(*qualified(namespace, _AGENT_NAMES)):
        role = local_name(agent.tag)
        side = _AGENT_SIDES[role]
        expected = bics.get(side)
        if expected is None:
            continue
        for bic in agent.iter(bic_tag):
            if bic.text and _bic11(bic.text) != _bic11(expected):
                issues.append(
                    _issue(
                        "CBPR_BIC_MISMATCH",
                        bic,
                        f"{role} {bic.text} must be the AppHdr {side} {expected}",
                    )
                )
            break
    return issues


def _bic11(bic: str) -> str:
    return bic if len(bic) == 11 else f"{bic[:8]}XXX"
