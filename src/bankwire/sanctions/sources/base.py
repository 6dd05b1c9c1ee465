"""What every list reader takes: named bytes. Callers open files; readers never do."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SourceFile"]


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    """The file name as given (used in errors and to tell sdn.csv from alt.csv)."""
    data: bytes
