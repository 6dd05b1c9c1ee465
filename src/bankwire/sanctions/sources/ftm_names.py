"""Names of an FtM entity mapped to typed names.

FtM has no "primary" flag: ``name`` holds every current name and ``caption`` the one chosen
for display. The caption (or the first ``name``) is primary; other ``name`` values and
``alias`` are strong aliases, ``weakAlias`` and ``abbreviation`` weak ones, ``previousName``
former names. Any name not in Latin script is kept as a non-Latin form with its script.
"""

from __future__ import annotations

from typing import Final

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import Name, NameStrength, NameType
from bankwire.sanctions.sources.scripts import detect_script

__all__ = ["entity_names"]

_NAME_PROPERTIES: Final = (
    ("name", NameType.ALIAS, NameStrength.STRONG),
    ("alias", NameType.ALIAS, NameStrength.STRONG),
    ("weakAlias", NameType.ALIAS, NameStrength.WEAK),
    ("abbreviation", NameType.ALIAS, NameStrength.WEAK),
    ("previousName", NameType.FORMERLY_KNOWN_AS, NameStrength.STRONG),
)


def entity_names(caption: str | None, properties: dict[str, tuple[str, ...]]) -> tuple[Name, ...]:
    """Typed names of an entity; raises ListLoadError when it has none at all."""
    current = properties.get("name", ())
    primary = caption if caption and caption in current else (current[0] if current else None)
    if primary is None:
        primary = next((v for prop, *_ in _NAME_PROPERTIES for v in properties.get(prop, ())), None)
    if primary is None:
        raise ListLoadError(f"FtM entity named {caption!r}: it has no name property")
    names = [Name(primary)]
    seen = {primary}
    for prop, name_type, strength in _NAME_PROPERTIES:
        for value in properties.get(prop, ()):
            if value in seen:
                continue
            seen.add(value)
            script = detect_script(value)
            if script not in (None, "Latin"):
                names.append(Name(value, NameType.NON_LATIN, strength, (), script))
            else:
                names.append(Name(value, name_type, strength))
    return tuple(names)
