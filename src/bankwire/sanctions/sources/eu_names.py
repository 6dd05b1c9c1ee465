"""Name ordering shared by the EU readers (official XML and the derived CSV).

The EU lists a designation's names in regulation order, and for Russian designations the
first one is often the Cyrillic original (``ПАО “Промсвязьбанк”``). Screening and reviewers
need a Latin primary name, so the first Latin name is primary, non-Latin names are kept as
``NON_LATIN`` forms with their script, and the other Latin names are aliases.
"""

from __future__ import annotations

from collections.abc import Sequence

from bankwire.sanctions.model import Name, NameStrength, NameType
from bankwire.sanctions.sources.scripts import detect_script

__all__ = ["Parts", "ordered_names"]


Parts = tuple[tuple[str, str], ...]


def ordered_names(aliases: Sequence[tuple[str, bool, str | None, Parts]]) -> tuple[Name, ...]:
    """Names from (whole name, strong, language, parts) in the order the list gives them."""
    names: list[Name] = []
    primary_seen = False
    for whole, strong, language, parts in aliases:
        strength = NameStrength.STRONG if strong else NameStrength.WEAK
        script = detect_script(whole)
        if script not in (None, "Latin"):
            names.append(Name(whole, NameType.NON_LATIN, strength, parts, script, language))
        elif not primary_seen and strong:
            names.append(Name(whole, NameType.PRIMARY, strength, parts, None, language))
            primary_seen = True
        else:
            names.append(Name(whole, NameType.ALIAS, strength, parts, None, language))
    if names and not primary_seen:
        # Only non-Latin (or only weak) names: the first one stands as the primary name.
        first = names[0]
        names[0] = Name(
            first.full, NameType.PRIMARY, first.strength, (), first.script, first.language
        )
    return tuple(dict.fromkeys(names))
