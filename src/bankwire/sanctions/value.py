"""Equality, hashing and ``repr`` from a class's fields, for the screening core's values.

``TokenPair``, ``NameComparison``, ``NormalizedName``, ``PreparedQuery`` and ``IndexedName``
are plain classes with ``Final`` attributes rather than frozen dataclasses: compiled, they
are native classes whose constructor runs in C and whose attributes have no setter. Each
lists its fields (``_fields``, in the order its constructor takes them, and ``_NAMES``);
this base derives what a frozen dataclass would: equality with an object of the same
class, the hash, and the ``repr``.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["FieldValue"]


class FieldValue:
    __slots__ = ()

    _NAMES: ClassVar[tuple[str, ...]] = ()
    """The fields' names, in the order of ``_fields``."""

    def _fields(self) -> tuple[object, ...]:
        raise NotImplementedError(f"{type(self).__name__} lists no fields")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, FieldValue):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        values = self._fields()
        assert len(values) == len(self._NAMES)
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._NAMES, values))  # noqa: B905 - lengths asserted (compiled, strict zip is a generic call).
        return f"{type(self).__name__}({shown})"
