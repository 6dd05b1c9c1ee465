"""One walk over a message part that runs every element rule: tree rules, agents, identifiers.

The CBPR+ tree rules (``cbpr_tree``), the AppHdr/agent consistency check and the business
checks (``business``) each look at a handful of element names wherever they occur. Run
separately they cost a C-filtered ``iter(*tags)`` each, and building lxml's tag matcher for
some forty names costs more than walking the whole part. So the part is walked once; each
element's Clark-notation tag is looked up in a table built once per namespace and message
(which rule, which local name), and only the elements a rule names reach Python code.

Findings are kept in three lists, each in document order, because that is the order the
separate passes reported them in and reports (and golden files) depend on it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from lxml import etree

from bankwire.messages.business import IDENTIFIERS, check_amount, check_identifier
from bankwire.messages.cbpr_tree import (
    AGENT_SIDES,
    PARTIES,
    REFERENCES,
    check_address,
    check_agent,
    check_original_name,
    check_party,
    check_reference,
    check_remittance,
)
from bankwire.messages.iso20022.common import Element, element_path
from bankwire.messages.report import Layer, ValidationIssue
from bankwire.messages.schemas import amount_elements

__all__ = ["Findings", "scan_part"]

# What a tag is checked for; small ints make the dispatch a few comparisons.
_VALUE: Final = 0  # An identifier or an amount (business checks).
_REFERENCE: Final = 1
_PARTY: Final = 2
_ADDRESS: Final = 3
_REMITTANCE: Final = 4
_ORIGINAL_NAME: Final = 5
_AGENT: Final = 6
_TABLE_CACHE_SIZE: Final[int] = 256  # Namespaces x message versions actually met.


class Findings:
    """A part's findings by the pass that used to report them, each in document order."""

    __slots__ = ("agents", "tree", "values")

    def __init__(self) -> None:
        self.agents: list[ValidationIssue] = []
        """``CBPR_BIC_MISMATCH``: instructing/instructed agents against the AppHdr."""
        self.tree: list[ValidationIssue] = []
        """References, party names, addresses, remittance, original message names."""
        self.values: list[ValidationIssue] = []
        """Identifiers and amounts (business layer, plus ``AMOUNT_DECIMALS``)."""


@lru_cache(maxsize=_TABLE_CACHE_SIZE)
def _table(namespace: str | None, part_type: str | None, rules: bool) -> dict[str, tuple[int, str]]:
    """Clark tag -> (what to check, local name) for one namespace and message version."""
    prefix = f"{{{namespace}}}" if namespace else ""
    kinds: dict[str, int] = dict.fromkeys(IDENTIFIERS, _VALUE)
    amounts = amount_elements(part_type) if part_type else None
    kinds.update(dict.fromkeys(amounts or (), _VALUE))
    if rules:
        payment = part_type is not None and part_type.startswith("pacs.")
        rule_kinds = {
            **dict.fromkeys(REFERENCES, _REFERENCE),
            **dict.fromkeys(("PstlAdr", "Adr"), _ADDRESS),
            "OrgnlMsgNmId": _ORIGINAL_NAME,
            **dict.fromkeys(AGENT_SIDES, _AGENT),
        }
        if payment:  # Party names and the remittance choice are payment rules.
            rule_kinds.update(dict.fromkeys(PARTIES, _PARTY))
            rule_kinds["RmtInf"] = _REMITTANCE
        # An amount or identifier is never also a rule element; the dispatch relies on it.
        assert not set(rule_kinds) & set(kinds), set(rule_kinds) & set(kinds)
        kinds.update(rule_kinds)
    return {f"{prefix}{name}": (kind, name) for name, kind in kinds.items()}


@lru_cache(maxsize=_TABLE_CACHE_SIZE)
def _plan(
    part_tag: str, part_type: str | None, rules: bool
) -> tuple[dict[str, tuple[int, str]], str, bool]:
    """For a part's tag and type: the tag table, the Clark tag of ``BICFI``, and whether
    every element must be walked for amounts (no shipped XSD names them)."""
    # Read from the Clark tag itself: lxml's stubs type QName.namespace as str, so a compiled
    # build would refuse the None of a part without a namespace.
    namespace = part_tag[1 : part_tag.index("}")] if part_tag.startswith("{") else None
    bic_tag = f"{{{namespace}}}BICFI" if namespace else "BICFI"
    every_element = part_type is None or amount_elements(part_type) is None
    return _table(namespace, part_type, rules), bic_tag, every_element


def scan_part(part: Element, part_type: str | None, bics: dict[str, str] | None = None) -> Findings:
    """Check every element of ``part`` (AppHdr or Document) in one walk.

    ``bics`` (the AppHdr ``Fr``/``To`` BICs) switches the CBPR+ tree and agent rules on; a
    part without them gets the business checks only. Without a shipped XSD the amount
    elements are unknown, so every element with a ``Ccy`` attribute is checked as one.
    """
    findings = Findings()
    table, bic_tag, every_element = _plan(part.tag, part_type, bics is not None)
    if every_element:
        _scan_every_element(part, table, bics or {}, bic_tag, findings)
        return findings
    find = table.get
    values = findings.values
    sides = bics or {}
    # The hot loop: most elements miss the table. Elements only: a comment's or PI's tag
    # is no string, and none of them is checked.
    for element in part.iter(etree.Element):
        entry = find(element.tag)
        if entry is None:
            continue
        if entry[0] != _VALUE:
            _check_rule(entry, element, sides, bic_tag, findings)
        elif (currency := element.get("Ccy")) is not None:
            check_amount(element, currency, values)
        elif (identifier := IDENTIFIERS.get(entry[1])) is not None:
            # check_identifier, inlined: identifiers are most of the elements found here.
            try:
                identifier[1](element.text or "")
            except ValueError as exc:
                values.append(
                    ValidationIssue(Layer.BUSINESS, identifier[0], element_path(element), f"{exc}")
                )
    return findings


def _scan_every_element(
    part: Element,
    table: dict[str, tuple[int, str]],
    bics: dict[str, str],
    bic_tag: str,
    findings: Findings,
) -> None:
    """The walk for a version without a shipped XSD: any element may carry an amount."""
    for element in part.iter(etree.Element):
        entry = table.get(element.tag)
        if (currency := element.get("Ccy")) is not None:
            check_amount(element, currency, findings.values)
            if entry is None or entry[0] == _VALUE:
                continue
        if entry is None:
            continue
        if entry[0] != _VALUE:
            _check_rule(entry, element, bics, bic_tag, findings)
        elif entry[1] in IDENTIFIERS:
            check_identifier(entry[1], element, findings.values)


def _check_rule(
    entry: tuple[int, str], element: Element, bics: dict[str, str], bic_tag: str, found: Findings
) -> None:
    kind, name = entry
    if kind == _REFERENCE:
        check_reference(name, element, found.tree)
    elif kind == _ADDRESS:
        check_address(element, found.tree)
    elif kind == _PARTY:
        check_party(name, element, found.tree)
    elif kind == _AGENT:
        check_agent(name, element, bics, bic_tag, found.agents)
    elif kind == _REMITTANCE:
        check_remittance(element, found.tree)
    else:
        check_original_name(element, found.tree)
