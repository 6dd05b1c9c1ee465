"""Hypothesis strategies for FIN messages: real samples, mutated byte by byte.

Starting from real messages (tests/fixtures/messages/mt) keeps the fuzzing close to the
structures that matter: most mutants are almost valid, which is where parsers break.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

FIXTURES_MT = Path(__file__).parent / "fixtures" / "messages" / "mt"
SAMPLES: list[bytes] = [path.read_bytes() for path in sorted(FIXTURES_MT.rglob("*.fin"))]
# Bytes that change FIN structure: braces, colons, line ends, the terminator, the RJE mark.
_STRUCTURAL = b"{}:-\r\n$/ 0123456789ABCDEFZ,"


@st.composite
def mutated_fin(draw: st.DrawFn) -> bytes:
    """A real FIN message with a few insertions, deletions, replacements or splices."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "splice", "truncate"]))
        byte = draw(st.sampled_from(list(_STRUCTURAL)) | st.integers(min_value=0, max_value=255))
        if action == "insert":
            data.insert(position, byte)
        elif action == "delete" and data:
            del data[position]
        elif action == "replace" and data:
            data[position] = byte
        elif action == "splice":
            other = draw(st.sampled_from(SAMPLES))
            start = draw(st.integers(min_value=0, max_value=len(other)))
            data[position:position] = other[start : start + draw(st.integers(0, 200))]
        else:
            del data[position:]
    return bytes(data)
