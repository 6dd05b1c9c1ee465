"""CBPR+ usage rules the XSD cannot express, on the AppHdr and the typed message.

CBPR+ (SWIFT's cross-border usage of ISO 20022) narrows the base message: an AppHdr naming
sender and receiver by BIC and the Document's own message, one transaction per message, a
UETR on every payment (and OrgnlUETR on every answer), INDA/INGA settlement (COVE where the
cover method applies), no SLEV charges on customer transfers. Rules that look at elements
wherever they occur are in ``cbpr_tree``.

A bare Document (the Fedwire flavour) has no business header and follows its own market
practice, so these rules apply only when an AppHdr is present.
"""

from __future__ import annotations

from typing import Final

from bankwire.messages.detect import MxParts
from bankwire.messages.iso20022.common import (
    children,
    element_path,
    local_name,
)
from bankwire.messages.model import Message
from bankwire.messages.report import Layer, ValidationIssue

__all__ = ["CBPR_CODES", "check_header", "check_message"]

CBPR_CODES: Final[dict[str, str]] = {
    "CBPR_APPHDR_BIC": "AppHdr Fr/To must identify an institution by FIId/FinInstnId/BICFI",
    "CBPR_MSGDEFIDR_MISMATCH": "AppHdr MsgDefIdr must name the Document's message",
    "CBPR_SINGLE_TRANSACTION": "exactly one transaction per message, and NbOfTxs = 1",
    "CBPR_UETR_MISSING": "UETR (OrgnlUETR in answers) is mandatory",
    "CBPR_SETTLEMENT_METHOD": "SttlmMtd must be INDA/INGA (COVE: pacs.008, pacs.009 ADV)",
    "CBPR_CHARGE_BEARER": "ChrgBr of a customer transfer must be DEBT, CRED or SHAR",
}

_SETTLEMENT_METHODS: Final = frozenset({"INDA", "INGA"})
_CHARGE_BEARERS: Final = frozenset({"DEBT", "CRED", "SHAR"})
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


def check_header(parts: MxParts, bics: dict[str, str]) -> list[ValidationIssue]:
    """AppHdr rules that hold even when the Document cannot be mapped.

    ``bics`` are the header's ``Fr``/``To`` BICs found by ``cbpr_tree.header_bics``.
    """
    header = parts.header
    if header is None:
        return []
    issues = []
    for name, child in children(header):
        if name in ("Fr", "To") and name not in bics:
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


def _document_path(parts: MxParts) -> str:
    """``/Envelope/Document`` without walking siblings: the common layouts are known."""
    assert parts.document is not None
    if parts.document is parts.root:
        return "/Document"
    if parts.document.getparent() is parts.root:
        return f"/{local_name(str(parts.root.tag))}/Document"
    return element_path(parts.document)


def check_message(message: Message, parts: MxParts) -> list[ValidationIssue]:
    """Rules on the typed message: counts, UETR, settlement, charges, BIC consistency."""
    kind = message.message_type[:8]
    if kind not in _BODIES or parts.document is None:
        return []
    if kind == "pacs.008" and _conforms(message):
        return []  # The usual case, decided without spelling out locations.
    base = f"{_document_path(parts)}/{_BODIES[kind]}"
    transaction = f"{base}/{_TRANSACTIONS[kind]}"
    issues = _check_counts(message, base, transaction)
    issues.extend(_check_settlement(message, kind, base))
    for number, (uetr, bearer) in enumerate(_rows(message), start=1):
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
    return issues


def _conforms(message: Message) -> bool:
    """A pacs.008 that passes every rule of ``check_message`` (one transaction, NbOfTxs 1,
    INDA/INGA/COVE, a UETR and a CBPR+ charge bearer)."""
    group = message.group_header
    if group is None or group.number_of_transactions != 1 or len(message.transfers) != 1:
        return False
    if message.status_reports or message.returns or message.cancellations:
        return False
    method = group.settlement_method
    if method is not None and method not in _SETTLEMENT_METHODS and method != "COVE":
        return False
    transfer = message.transfers[0]
    return transfer.uetr is not None and transfer.charge_bearer in _CHARGE_BEARERS


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


def _rows(message: Message) -> list[tuple[str | None, str | None]]:
    """(UETR or original UETR, charge bearer) of each transaction."""
    rows = [(transfer.uetr, transfer.charge_bearer) for transfer in message.transfers]
    rows.extend((report.original_uetr, None) for report in message.status_reports)
    rows.extend((entry.original_uetr, None) for entry in message.returns)
    rows.extend((cancellation.original_uetr, None) for cancellation in message.cancellations)
    return rows
