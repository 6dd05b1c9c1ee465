"""A small interpreter for SWIFT field-format notation: ``16x``, ``6!n3!a15d``, ``4*35x``.

The notation is the one the SWIFT User Handbook (and prowide-core's ``Field*`` classes) use:

- ``n`` digits, ``a`` upper-case letters, ``c`` upper-case letters and digits, ``h`` hex,
  ``x`` the SWIFT X character set, ``z`` the extended Z set, ``d`` a decimal with a comma,
  ``e`` a space;
- ``16x`` at most 16 characters, ``6!n`` exactly 6, ``4*35x`` up to 4 lines of at most 35;
- ``[...]`` optional, ``$`` a line break (CRLF on the wire), other characters literal.

Each component becomes one capturing group of a compiled regular expression, so matching a
value both checks its format and splits it into components in one C-level pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bankwire.errors import ConfigError

__all__ = ["FieldFormat", "compile_format"]

_CHARSETS: dict[str, str] = {
    "n": "0-9",
    "a": "A-Z",
    "c": "A-Z0-9",
    "h": "0-9A-F",
    "x": r"A-Za-z0-9/\-?:().,'+ ",
    "y": r"A-Z0-9.,\-()/='+:?!\"%&*<>; ",
    "z": r"A-Za-z0-9/\-?:().,'+ =!\"%&*<>;{@#_",
    "e": " ",
}
_COMPONENT = re.compile(r"([0-9]+)(?:\*([0-9]+))?(!)?([nachxyzed])")


@dataclass(frozen=True, slots=True)
class FieldFormat:
    """A compiled field format: ``match`` returns the components or ``None``."""

    spec: str
    pattern: re.Pattern[str]
    components: int

    def match(self, value: str) -> tuple[str | None, ...] | None:
        found = self.pattern.fullmatch(value)
        return None if found is None else found.groups()


@lru_cache(maxsize=256)
def compile_format(spec: str) -> FieldFormat:
    """Compile a notation string once; a malformed spec is a programming error in our tables."""
    regex, position, groups = _sequence(spec, 0)
    if position != len(spec):
        raise ConfigError(f"field format {spec!r}: unexpected {spec[position]!r} at {position}")
    return FieldFormat(spec, re.compile(regex), groups)


def _sequence(spec: str, position: int) -> tuple[str, int, int]:
    parts: list[str] = []
    groups = 0
    while position < len(spec):
        char = spec[position]
        if char == "]":
            break
        if char == "[":
            inner, position, inner_groups = _sequence(spec, position + 1)
            if position >= len(spec) or spec[position] != "]":
                raise ConfigError(f"field format {spec!r}: '[' without ']'")
            parts.append(f"(?:{inner})?")
            groups += inner_groups
            position += 1
            continue
        if char == "$":
            parts.append("\n")
            position += 1
            continue
        component = _COMPONENT.match(spec, position)
        if component is None:
            parts.append(re.escape(char))
            position += 1
            continue
        parts.append(_component_regex(*component.groups()))
        groups += 1
        position = component.end()
    return "".join(parts), position, groups


def _component_regex(count: str, line_length: str | None, exact: str | None, kind: str) -> str:
    if kind == "d":
        # Digits, one mandatory comma, optional decimals; the length bound counts the comma.
        return f"((?=[0-9,]{{1,{count}}}(?![0-9,]))[0-9]+,[0-9]*)"
    charset = f"[{_CHARSETS[kind]}]"
    if line_length is not None:
        line = f"{charset}{{1,{line_length}}}"
        return f"({line}(?:\n{line}){{0,{int(count) - 1}}})"
    size = f"{{{count}}}" if exact else f"{{1,{count}}}"
    return f"({charset}{size})"
