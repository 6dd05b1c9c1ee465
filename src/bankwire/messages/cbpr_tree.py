"""CBPR+ usage rules checked on the tree, so they hold for every message type, modelled or not.

These look at elements wherever they occur (a camt.054's ``TxDtls/Refs/InstrId`` as much as
a pacs.008's ``PmtId/InstrId``) and still run when the typed mapping fails, which is when a
faulty message most needs a precise reason. Each rule checks one element; ``scan`` walks the
Document once and hands each element to the rule that names it:

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

from bankwire.messages.iso20022.common import (
    Element,
    children,
    element_path,
    institution_bic,
    tag_of,
)
from bankwire.messages.report import Layer, ValidationIssue

__all__ = [
    "AGENT_SIDES",
    "PARTIES",
    "REFERENCES",
    "TREE_CODES",
    "check_address",
    "check_agent",
    "check_original_name",
    "check_party",
    "check_reference",
    "check_remittance",
    "header_bics",
]

TREE_CODES: Final[dict[str, str]] = {
    "CBPR_REFERENCE_SLASH": "InstrId/EndToEndId must not start or end with '/' or hold '//'",
    "CBPR_ADDRESS_TOWN_COUNTRY": "a structured or hybrid address needs TwnNm and Ctry",
    "CBPR_ADDRESS_LINES": "at most 3 AdrLine unstructured, 2 in a hybrid address",
    "CBPR_PARTY_NAME": "a party needs Nm or AnyBIC",
    "CBPR_REMITTANCE_CHOICE": "RmtInf holds Ustrd or Strd, not both",
    "CBPR_ORIGINAL_MESSAGE_NAME": "OrgnlMsgNmId must name a payment message",
    "CBPR_BIC_MISMATCH": "AppHdr Fr/To must be the instructing/instructed agent (or assigner)",
}

REFERENCES: Final = frozenset({"InstrId", "EndToEndId", "OrgnlInstrId"})
PARTIES: Final = frozenset({"Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty", "Orgtr"})
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
AGENT_SIDES: Final = {"InstgAgt": "Fr", "Assgnr": "Fr", "InstdAgt": "To", "Assgne": "To"}


def _issue(code: str, element: Element, text: str) -> ValidationIssue:
    return ValidationIssue(Layer.USAGE, code, element_path(element), text)


def check_remittance(element: Element, issues: list[ValidationIssue]) -> None:
    names = {child_name for child_name, _ in children(element)}
    if {"Ustrd", "Strd"} <= names:
        issues.append(_issue("CBPR_REMITTANCE_CHOICE", element, "RmtInf: Ustrd or Strd, not both"))


def check_original_name(element: Element, issues: list[ValidationIssue]) -> None:
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


def check_reference(name: str, element: Element, issues: list[ValidationIssue]) -> None:
    text = element.text or ""
    if text.startswith("/") or text.endswith("/") or "//" in text:
        issues.append(
            _issue(
                "CBPR_REFERENCE_SLASH",
                element,
                f"{name}: must not start or end with '/' nor contain '//' (got {text!r})",
            )
        )


def check_party(name: str, element: Element, issues: list[ValidationIssue]) -> None:
    """A ``PartyIdentification``: agents (``FinInstnId``) and choices (``Pty``) are skipped."""
    names = [child_name for child_name, _ in children(element)]
    if not names or "FinInstnId" in names or "Agt" in names:
        return
    if "Pty" in names:
        for child_name, child in children(element):
            if child_name == "Pty":
                check_party(name, child, issues)
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


def check_address(element: Element, issues: list[ValidationIssue]) -> None:
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


def check_agent(
    role: str, agent: Element, bics: dict[str, str], bic_tag: str, issues: list[ValidationIssue]
) -> None:
    """An instructing/instructed agent (assigner/assignee) against the AppHdr Fr/To.

    ``bic_tag`` is ``BICFI`` in the agent's namespace; its first one is the agent's BIC.
    """
    side = AGENT_SIDES[role]
    expected = bics.get(side)
    if expected is None:
        return
    bic = _first_bic(agent, bic_tag)
    if bic is not None and bic.text and _bic11(bic.text) != _bic11(expected):
        issues.append(
            _issue(
                "CBPR_BIC_MISMATCH",
                bic,
                f"{role} {bic.text} must be the AppHdr {side} {expected}",
            )
        )


def _first_bic(agent: Element, bic_tag: str) -> Element | None:
    """The agent's first ``BICFI`` in document order.

    Usually ``FinInstnId/BICFI``, the first child of the first child, found by indexing;
    otherwise searched for.
    """
    if (
        len(agent)
        and len(institution := agent[0])
        and tag_of(institution) != bic_tag
        and tag_of(institution[0]) == bic_tag
    ):
        return institution[0]
    return next(agent.iter(bic_tag), None)


def _bic11(bic: str) -> str:
    return bic if len(bic) == 11 else f"{bic[:8]}XXX"
