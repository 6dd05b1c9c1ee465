"""CBPR+ usage rules the XSD cannot express, for messages sent with a business header.

CBPR+ (SWIFT's cross-border usage of ISO 20022) narrows the base message: one transaction per
message, a UETR on every payment, the AppHdr sender and receiver equal to the instructing
and instructed agents, INDA/INGA settlement, no SLEV charges on customer transfers,
references without "/" at either end or "//" inside (they travel on into MT field 20),
and postal addresses that are structured (town and country required), unstructured (at most
three lines) or hybrid (structured plus at most two lines).

A bare Document (the Fedwire flavour) has no business header and follows its own market
practice, so these rules apply only when an AppHdr is present.
"""

from __future__ import annotations

from typing import Final, cast

from lxml import etree

from bankwire.messages.detect import MxParts
from bankwire.messages.iso20022.common import Element, children, element_path, local_name
from bankwire.messages.model import Agent, Message, PaymentReturn, StatusReport
from bankwire.messages.report import Layer, ValidationIssue

__all__ = ["CBPR_CODES", "check_header", "check_message", "check_tree"]

CBPR_CODES: Final[dict[str, str]] = {
    "CBPR_APPHDR_BIC": "AppHdr Fr/To must identify an institution by FIId/FinInstnId/BICFI",
    "CBPR_MSGDEFIDR_MISMATCH": "AppHdr MsgDefIdr must name the Document's message",
    "CBPR_BIC_MISMATCH": "AppHdr Fr/To must be the instructing/instructed agent (or assigner)",
    "CBPR_SINGLE_TRANSACTION": "exactly one transaction per message, and NbOfTxs = 1",
    "CBPR_UETR_MISSING": "UETR (OrgnlUETR in answers) is mandatory",
    "CBPR_SETTLEMENT_METHOD": "SttlmMtd must be INDA/INGA (COVE: pacs.008, pacs.009 ADV)",
    "CBPR_CHARGE_BEARER": "ChrgBr of a customer transfer must be DEBT, CRED or SHAR",
    "CBPR_REFERENCE_SLASH": "InstrId/EndToEndId must not start or end with '/' or hold '//'",
    "CBPR_ADDRESS_TOWN_COUNTRY": "a structured or hybrid address needs TwnNm and Ctry",
    "CBPR_ADDRESS_LINES": "at most 3 AdrLine unstructured, 2 in a hybrid address",
}

_SETTLEMENT_METHODS: Final = frozenset({"INDA", "INGA"})
_CHARGE_BEARERS: Final = frozenset({"DEBT", "CRED", "SHAR"})
_UNSTRUCTURED_LINES_MAX: Final[int] = 3
_HYBRID_LINES_MAX: Final[int] = 2
_STRUCTURED_FIELDS: Final = frozenset(
    {
        "Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd",
        "TwnNm", "TwnLctnNm", "DstrctNm", "CtrySubDvsn", "Ctry",
    }
)  # fmt: skip
_CANDIDATES: Final = etree.XPath(
    "descendant::*[local-name()='InstrId' or local-name()='EndToEndId' "
    "or local-name()='PstlAdr' or local-name()='Adr']"
)
_BODIES: Final[dict[str, str]] = {
    "pacs.008": "FIToFICstmrCdtTrf",
    "pacs.009": "FICdtTrf",
    "pacs.002": "FIToFIPmtStsRpt",
    "pacs.004": "PmtRtr",
    "camt.056": "FIToFIPmtCxlReq",
    "camt.029": "RsltnOfInvstgtn",
}
_TRANSACTIONS: Final[dict[str, str]] = {
    "pacs.008": "CdtTrfTxInf",
    "pacs.009": "CdtTrfTxInf",
    "pacs.002": "TxInfAndSts",
    "pacs.004": "TxInf",
    "camt.056": "Undrlyg/TxInf",
    "camt.029": "CxlDtls/TxInfAndSts",
}


def _issue(code: str, location: str, text: str) -> ValidationIssue:
    return ValidationIssue(Layer.USAGE, code, location, text)


def check_header(parts: MxParts) -> list[ValidationIssue]:
    """AppHdr rules that hold even when the Document cannot be mapped."""
    header = parts.header
    if header is None:
        return []
    issues = []
    for name, child in children(header):
        if name in ("Fr", "To") and not child.xpath(
            "*[local-name()='FIId']/*/*[local-name()='BICFI']"
        ):
            issues.append(
                _issue(
                    "CBPR_APPHDR_BIC",
                    element_path(child),
                    f"{name}: {CBPR_CODES['CBPR_APPHDR_BIC']}",
                )
            )
        elif name == "MsgDefIdr" and parts.message_type and child.text != parts.message_type:
            issues.append(
                _issue(
                    "CBPR_MSGDEFIDR_MISMATCH",
                    element_path(child),
                    f"MsgDefIdr must be the Document's {parts.message_type} (got {child.text!r})",
                )
            )
    return issues


def check_tree(document: Element) -> list[ValidationIssue]:
    """References and postal addresses anywhere in the Document, modelled or not."""
    issues: list[ValidationIssue] = []
    candidates = cast(list[Element], _CANDIDATES(document))
    for element in candidates:
        name = local_name(element.tag)
        if name in ("PstlAdr", "Adr"):
            _check_address(element, issues)
            continue
        text = element.text or ""
        if text.startswith("/") or text.endswith("/") or "//" in text:
            issues.append(
                _issue(
                    "CBPR_REFERENCE_SLASH",
                    element_path(element),
                    f"{name}: must not start or end with '/' nor contain '//' (got {text!r})",
                )
            )
    return issues


def _check_address(element: Element, issues: list[ValidationIssue]) -> None:
    names = [name for name, _ in children(element)]
    if "Adr" in names:
        return  # NameAndAddress (remittance location): its address is the nested Adr.
    lines = names.count("AdrLine")
    structured = any(name in _STRUCTURED_FIELDS for name in names)
    location = element_path(element)
    if structured and not ("TwnNm" in names and "Ctry" in names):
        issues.append(
            _issue(
                "CBPR_ADDRESS_TOWN_COUNTRY",
                location,
                "a structured or hybrid address needs TwnNm and Ctry "
                f"(got {', '.join(name for name in names if name != 'AdrLine') or 'neither'})",
            )
        )
    limit = _HYBRID_LINES_MAX if structured else _UNSTRUCTURED_LINES_MAX
    if lines > limit:
        kind = "hybrid" if structured else "unstructured"
        issues.append(
            _issue(
                "CBPR_ADDRESS_LINES",
                location,
                f"an {kind} address allows at most {limit} AdrLine (got {lines})",
            )
        )


def check_message(message: Message, parts: MxParts) -> list[ValidationIssue]:
    """Rules on the typed message: counts, UETR, settlement, charges, BIC consistency."""
    kind = message.message_type[:8]
    if kind not in _BODIES or parts.document is None:
        return []
    base = f"{element_path(parts.document)}/{_BODIES[kind]}"
    transaction = f"{base}/{_TRANSACTIONS[kind]}"
    issues = _check_counts(message, base, transaction)
    issues.extend(_check_settlement(message, kind, base))
    for number, (uetr, bearer, instructing, instructed) in enumerate(_rows(message), start=1):
        where = f"{transaction}[{number}]"
        if uetr is None:
            issues.append(_issue("CBPR_UETR_MISSING", where, "UETR is mandatory in CBPR+"))
        if kind == "pacs.008" and bearer not in _CHARGE_BEARERS:
            issues.append(
                _issue(
                    "CBPR_CHARGE_BEARER",
                    f"{where}/ChrgBr",
                    f"ChrgBr must be DEBT, CRED or SHAR (got {bearer!r})",
                )
            )
        issues.extend(_check_bics(message, where, instructing, instructed))
    return issues


def _check_settlement(message: Message, kind: str, base: str) -> list[ValidationIssue]:
    """INDA/INGA; COVE also for a pacs.008 paid by cover and for a pacs.009 advice (ADV)."""
    group = message.group_header
    method = group.settlement_method if group is not None else None
    if method is None or kind == "pacs.002" or method in _SETTLEMENT_METHODS:
        return []
    service = message.header.business_service if message.header else None
    advice = kind == "pacs.009" and service is not None and ".adv." in service
    if method == "COVE" and (kind == "pacs.008" or advice):
        return []
    return [
        _issue(
            "CBPR_SETTLEMENT_METHOD",
            f"{base}/GrpHdr/SttlmInf/SttlmMtd",
            f"SttlmMtd must be INDA or INGA, or COVE for a pacs.008 or a pacs.009 advice "
            f"(got {method!r})",
        )
    ]


def _check_counts(message: Message, base: str, transaction: str) -> list[ValidationIssue]:
    count = len(
        message.transfers or message.status_reports or message.returns or message.cancellations
    )
    declared = message.group_header.number_of_transactions if message.group_header else count
    if count == 1 and declared == 1:
        return []
    return [
        _issue(
            "CBPR_SINGLE_TRANSACTION",
            transaction if count != 1 else f"{base}/GrpHdr/NbOfTxs",
            f"CBPR+ allows exactly one transaction (got {count}, NbOfTxs {declared})",
        )
    ]


_Row = tuple[str | None, str | None, Agent | None, Agent | None]


def _rows(message: Message) -> list[_Row]:
    group = message.group_header
    default_instructing = group.instructing_agent if group else None
    default_instructed = group.instructed_agent if group else None
    rows: list[_Row] = []
    for transfer in message.transfers:
        rows.append(
            (
                transfer.uetr,
                transfer.charge_bearer,
                transfer.instructing_agent or default_instructing,
                transfer.instructed_agent or default_instructed,
            )
        )
    entries: tuple[StatusReport | PaymentReturn, ...] = (*message.status_reports, *message.returns)
    for entry in entries:
        rows.append(
            (
                entry.original_uetr,
                None,
                entry.instructing_agent or default_instructing,
                entry.instructed_agent or default_instructed,
            )
        )
    for cancellation in message.cancellations:
        rows.append(
            (cancellation.original_uetr, None, cancellation.assigner, cancellation.assignee)
        )
    return rows


def _bic11(bic: str) -> str:
    return bic if len(bic) == 11 else f"{bic[:8]}XXX"


def _check_bics(
    message: Message, where: str, instructing: Agent | None, instructed: Agent | None
) -> list[ValidationIssue]:
    header = message.header
    if header is None:
        return []
    issues = []
    cancellation = message.message_type.startswith("camt.")
    for side, element, agent, header_bic in (
        ("Fr", "Assgnr" if cancellation else "InstgAgt", instructing, header.from_bic),
        ("To", "Assgne" if cancellation else "InstdAgt", instructed, header.to_bic),
    ):
        if agent is None or agent.bic is None:
            continue
        if _bic11(agent.bic) != _bic11(header_bic):
            role = "instructing" if side == "Fr" else "instructed"
            issues.append(
                _issue(
                    "CBPR_BIC_MISMATCH",
                    f"{where}/{element}",
                    f"AppHdr {side} {header_bic} must be the {role} agent's BIC (got {agent.bic})",
                )
            )
    return issues
