"""What changed between two versions of a list: entries added, removed and changed.

Later stages re-screen on a diff (a newly listed creditor must stop payments still queued),
so a change names the fields that changed, not just the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["EntryChange", "ListDiff", "diff_entries"]

_IGNORED_FIELDS = frozenset({"source_record"})


@dataclass(frozen=True, slots=True)
class EntryChange:
    source_id: str
    name: str
    fields: tuple[str, ...]
    """Top-level ``ListEntry`` fields whose value differs (``names``, ``programs`` ...)."""


@dataclass(frozen=True, slots=True)
class ListDiff:
    added: tuple[tuple[str, str], ...]
    """(source_id, primary name) of entries only in the new version."""
    removed: tuple[tuple[str, str], ...]
    changed: tuple[EntryChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _primary(raw: Mapping[str, Any]) -> str:
    for name in raw["names"]:
        if name["name_type"] == "primary":
            return str(name["full"])
    return str(raw["names"][0]["full"]) if raw["names"] else ""


def diff_entries(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> ListDiff:
    """Compare two versions given as ``source_id -> entry dict`` (``entry_to_dict`` form)."""
    added = tuple(sorted((key, _primary(new[key])) for key in new.keys() - old.keys()))
    removed = tuple(sorted((key, _primary(old[key])) for key in old.keys() - new.keys()))
    changed: list[EntryChange] = []
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        fields = tuple(
            field
            for field in after
            if field not in _IGNORED_FIELDS and before.get(field) != after.get(field)
        )
        if fields:
            changed.append(EntryChange(key, _primary(after), fields))
    return ListDiff(added=added, removed=removed, changed=tuple(changed))
