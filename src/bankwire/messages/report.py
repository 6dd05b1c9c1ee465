"""Validation findings: where, which rule, and what was wrong, for both MX and MT.

Every layer of validation (well-formedness, XSD, CBPR+ usage rules, business checks, FIN
block and field formats) reports ``ValidationIssue`` values with a stable ``code`` that
clients can act on and a ``location`` they can find (an XPath-like path or ``4:32A``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Layer", "ValidationIssue", "ValidationReport"]


class Layer(StrEnum):
    WELL_FORMED = "well_formed"
    SECURITY = "security"
    SCHEMA = "schema"
    USAGE = "usage"  # CBPR+ usage guidelines the XSD cannot express.
    BUSINESS = "business"  # Check digits, currency decimals, directory lookups.
    FIN = "fin"  # MT block structure and field formats.


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    layer: Layer
    code: str
    """Stable, e.g. ``XSD``, ``CBPR_UETR_MISSING``, ``FIN_FIELD_FORMAT``."""
    location: str
    """``/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/PmtId/UETR`` or ``block 4 field 32A``."""
    text: str
    """What was wrong, what was expected, what was found."""


@dataclass(frozen=True, slots=True)
class ValidationReport:
    message_type: str | None
    """Detected type (``pacs.008.001.08``, ``MT103``), None when undetectable."""
    issues: tuple[ValidationIssue, ...]

    @property
    def valid(self) -> bool:
        return not self.issues
