"""Names a list implies but does not print: the brand a designated group trades under.

Lists name subsidiaries after their parent's brand ("PSB LIZING OOO", "PSB-FOREKS OOO", "PSB
BIZNES OOO", each "Linked To: PROMSVYAZBANK PUBLIC JOINT STOCK COMPANY") while the parent's own
record never spells the brand ("PSB"). Payments use the brand. ``derive_group_aliases`` adds it
to the parent as a *weak* alias, so a hit on it alone never blocks (it holds for review), and
records why in the entry's properties so the explanation can say where the name came from.

The rule, kept deliberately narrow so it adds no noise:

- a parent is an organisation, the target of ``LINKED_TO`` links from at least
  ``CHILDREN_MIN`` organisations of the same list (people's surnames and vessel or aircraft
  names lead many names too, but they are not brands);
- a brand is the first word of a child's name that is not a legal form, 2-5 letters long;
- it leads the names of at least ``CHILDREN_MIN`` children and ``CHILDREN_SHARE_MIN`` of them;
- it is distinctive: no more than ``OUTSIDE_MAX`` entries outside the group use that word;
- the parent's own names do not already contain it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from bankwire.sanctions.model import (
    EntryKind,
    LinkRelation,
    ListEntry,
    Name,
    NameStrength,
    NameType,
)

__all__ = ["DERIVED_ALIAS_PROPERTY", "derive_group_aliases"]

CHILDREN_MIN: Final[int] = 3
CHILDREN_SHARE_MIN: Final[float] = 0.25
OUTSIDE_MAX: Final[int] = 2
DERIVED_ALIAS_PROPERTY: Final[str] = "Derived alias"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Legal forms and filler that lead many names without being a brand.
_NOT_A_BRAND_TEXT: Final[str] = (
    "OOO OAO ZAO PAO AO TOO LLC LTD LLP JSC PJSC OJSC CJSC INC CO CORP PLC GMBH AG SA SAS SRL "
    "BV NV SPA THE AND OF FOR BANK GROUP FUND TRADE TRADING COMPANY LIMITED PUBLIC JOINT STOCK "
    "OBSHCHESTVO AKTSIONERNOE PUBLICHNOE ZAKRYTOE OTKRYTOE ORGANIZATION FIRM"
)
_NOT_A_BRAND: Final[frozenset[str]] = frozenset(_NOT_A_BRAND_TEXT.split(" "))


def _brand(full_name: str) -> str | None:
    for word in _WORD.findall(full_name.upper()):
        if word in _NOT_A_BRAND:
            continue
        return word if 2 <= len(word) <= 5 else None
    return None


def _brands(entry: ListEntry) -> frozenset[str]:
    return frozenset(brand for name in entry.names if (brand := _brand(name.full)) is not None)


def _words(entry: ListEntry) -> set[str]:
    return {word for name in entry.names for word in _WORD.findall(name.full.upper())}


def derive_group_aliases(entries: Sequence[ListEntry]) -> list[ListEntry]:
    """The same entries, parents of a branded group given the brand as a weak alias."""
    by_key = {(entry.list_name, entry.source_id): entry for entry in entries}
    children: dict[tuple[str, str], list[ListEntry]] = defaultdict(list)
    for entry in entries:
        if entry.kind != EntryKind.ORGANIZATION:
            continue
        for link in entry.links:
            if link.relation == LinkRelation.LINKED_TO and link.target_source_id:
                children[(entry.list_name, link.target_source_id)].append(entry)
    derived: dict[tuple[str, str], tuple[str, list[ListEntry]]] = {}
    word_use: Counter[str] | None = None
    for key, group in children.items():
        parent = by_key.get(key)
        if parent is None or parent.kind != EntryKind.ORGANIZATION or len(group) < CHILDREN_MIN:
            continue
        # Each child's brands once: counted here, filtered on below.
        child_brands = [(child, _brands(child)) for child in group]
        brands = Counter(brand for _, found in child_brands for brand in found)
        if not brands:
            continue
        brand, count = brands.most_common(1)[0]
        if count < CHILDREN_MIN or count < CHILDREN_SHARE_MIN * len(group):
            continue
        if brand in _words(parent):
            continue
        if word_use is None:
            word_use = Counter(word for entry in entries for word in _words(entry))
        if word_use[brand] - count > OUTSIDE_MAX:
            continue
        derived[key] = (brand, [child for child, found in child_brands if brand in found])
    return [
        _with_alias(entry, derived.get((entry.list_name, entry.source_id))) for entry in entries
    ]


def _with_alias(entry: ListEntry, found: tuple[str, Iterable[ListEntry]] | None) -> ListEntry:
    if found is None:
        return entry
    brand, group = found
    members = sorted(group, key=lambda child: child.source_id)
    shown = ", ".join(f"{child.primary_name} ({child.source_id})" for child in members[:4])
    reason = (
        f"{brand}: the brand leading the names of {len(members)} entries linked to this one "
        f"({shown}{', ...' if len(members) > 4 else ''})"
    )
    alias = Name(brand, NameType.ALIAS, NameStrength.WEAK)
    return dataclasses.replace(
        entry,
        names=(*entry.names, alias),
        properties=(*entry.properties, (DERIVED_ALIAS_PROPERTY, reason)),
    )
