"""Hypothesis strategies for ISO 20022 messages: real samples, mutated.

Mutations work on bytes (truncate, delete, duplicate, insert, flip) and on element text
(replace a leaf's text with arbitrary unicode), which between them reach every layer:
well-formedness, the XSD, the usage rules and the typed mapping.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

MX = Path(__file__).resolve().parent / "fixtures" / "messages" / "mx"
SAMPLES: list[bytes] = [path.read_bytes() for path in sorted(MX.rglob("*.xml"))]
_LEAF = re.compile(rb">([^<>]{1,80})</")


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["truncate", "delete", "duplicate", "insert", "flip"]))
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 200)))
    if kind == "truncate":
        return data[:start]
    if kind == "delete":
        return data[:start] + data[end:]
    if kind == "duplicate":
        return data[:end] + data[start:end] + data[end:]
    if kind == "insert":
        return data[:start] + draw(st.binary(max_size=40)) + data[start:]
    if start == len(data):
        return data
    return data[:start] + bytes([data[start] ^ draw(st.integers(1, 255))]) + data[start + 1 :]


@st.composite
def text_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    leaves = list(_LEAF.finditer(data))
    if not leaves:
        return data
    leaf = draw(st.sampled_from(leaves))
    text = draw(st.text(max_size=60)).encode("utf-8", "surrogatepass")
    escaped = text.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    return data[: leaf.start(1)] + escaped + data[leaf.end(1) :]


@st.composite
def mutated_messages(draw: st.DrawFn) -> bytes:
    """A real sample with one to three mutations applied."""
    data = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from([byte_mutation, text_mutation]))
        data = draw(mutation(data))
    return data
