"""Field-by-field differences between two models of one message, as readable paths.

Translation uses this to prove that nothing was dropped silently: whatever differs between
the message before and after a trip through the other format is listed as a loss.
"""

from __future__ import annotations

import dataclasses
from typing import Final

__all__ = ["differences"]

_SHOWN_MAX: Final[int] = 80


def differences(before: object, after: object, path: str = "") -> list[str]:
    """``['transfers[0].debtor.name: 'A' became 'B'', ...]``; empty when equal."""
    if before == after:
        return []
    if (
        dataclasses.is_dataclass(before)
        and not isinstance(before, type)
        and type(before) is type(after)
    ):
        found: list[str] = []
        for field in dataclasses.fields(before):
            found.extend(
                differences(
                    getattr(before, field.name),
                    getattr(after, field.name),
                    f"{path}.{field.name}" if path else field.name,
                )
            )
        return found
    if isinstance(before, tuple) and isinstance(after, tuple) and len(before) == len(after):
        found = []
        for index, (left, right) in enumerate(zip(before, after, strict=True)):
            found.extend(differences(left, right, f"{path}[{index}]"))
        return found
    return [f"{path or 'message'}: {_shown(before)} became {_shown(after)}"]


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."
