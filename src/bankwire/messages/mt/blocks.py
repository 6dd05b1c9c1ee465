"""Splitting FIN bytes into blocks and ``{tag:value}`` lists, in one pass, with bounds.

``split_blocks`` returns the ``(block id, content)`` pairs of a byte string; a block 1 opens
each message (``split_messages``), so an ACK followed by the acknowledged message, or an RJE
capture, splits the same way. Nested braces (FINCopy MT096 carries a whole message inside
block 4) are matched; flat blocks take a single regular-expression match.
"""

from __future__ import annotations

import re
from typing import Final

from bankwire.errors import ParseError

__all__ = ["MESSAGE_SIZE_MAX", "split_blocks", "split_messages", "split_rje", "tag_list"]

MESSAGE_SIZE_MAX: Final[int] = 100_000
"""Bound on a whole input, so that a hostile input cannot make the splitter work forever."""
_FLAT_TAG_LIST = re.compile(r"(?:\{[A-Za-z0-9]{1,3}:[^{}]*\})*")
_FLAT_TAG = re.compile(r"\{([A-Za-z0-9]{1,3}):([^{}]*)\}")
_BRACE = re.compile(r"[{}]")
_FLAT_BLOCK = re.compile(r"(?:\{[^{}]*\}|[^{}])*\}")
_TAGGED = re.compile(r"\{([A-Za-z0-9]{1,3}):")
_COMMON_MESSAGE = re.compile(
    r"\{1:([^{}]*)\}\{2:([^{}]*)\}(?:\{3:((?:\{[^{}]*\})*)\})?"
    r"\{4:(\r?\n[^{}]*)-\}(?:\{5:((?:\{[^{}]*\})*)\})?\s*"
)


def _numbered(parts: tuple[str | None, ...]) -> list[tuple[int, str]]:
    """Blocks 1-5 of a ``_COMMON_MESSAGE`` match, leaving out the optional ones absent."""
    return [(index, part) for index, part in enumerate(parts, start=1) if part is not None]


def split_rje(data: bytes) -> list[bytes]:
    """The messages of an RJE (remote job entry) file, separated by ``$``.

    ``$`` is outside the FIN character sets, so it cannot occur inside a message; empty
    pieces (a trailing ``$``, line ends between messages) are left out.
    """
    return [piece.strip() for piece in data.split(b"$") if piece.strip()]


def split_messages(blocks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Group blocks into messages: each block 1 opens a new one (ACK + original, RJE)."""
    messages: list[list[tuple[str, str]]] = []
    for block in blocks:
        if block[0] == "1" or not messages:
            messages.append([])
        messages[-1].append(block)
    return messages


def tag_list(content: str, block_id: str) -> tuple[tuple[str, str], ...]:
    """Parse ``{tag:value}{tag:value}`` where a value may hold nested ``{...}`` (FINCopy)."""
    if _FLAT_TAG_LIST.fullmatch(content):
        return tuple(_FLAT_TAG.findall(content))
    items: list[tuple[str, str]] = []
    position = 0
    length = len(content)
    while position < length:
        if content[position] in " \r\n":
            position += 1
            continue
        match = _TAGGED.match(content, position)
        if match is None:
            raise ParseError(
                f"FIN block {block_id}: expected {{tag:value}} at offset {position} "
                f"(got {content[position : position + 20]!r})"
            )
        end = _closing_brace(content, match.end(), block_id)
        items.append((match.group(1), content[match.end() : end]))
        position = end + 1
    return tuple(items)


def _closing_brace(content: str, start: int, block_id: str) -> int:
    depth = 0
    for match in _BRACE.finditer(content, start):
        if match.group() == "{":
            depth += 1
        elif depth == 0:
            return match.start()
        else:
            depth -= 1
    raise ParseError(f"FIN block {block_id}: unbalanced braces from offset {start}")


def split_blocks(data: bytes | str, defects: list[str] | None = None) -> list[tuple[str, str]]:
    """The ``(block id, content)`` pairs of one message, in order of appearance.

    With a ``defects`` list the splitter is lenient: it records, instead of raising, bytes
    after the last block and a block left open at the end of the input.
    """
    text = _decode(data)
    common = _COMMON_MESSAGE.fullmatch(text)
    if common is not None:
        # The shape of nearly every user message: one regular expression, no loop.
        return [(str(index), part) for index, part in _numbered(common.groups())]
    blocks: list[tuple[str, str]] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char in " \r\n\t$":
            # ``$`` separates messages in RJE files; one may trail a single message.
            position += 1
            continue
        if char != "{":
            problem = (
                f"FIN: expected '{{' opening a block at offset {position} "
                f"(got {text[position : position + 20]!r})"
            )
            if defects is None or not blocks:
                raise ParseError(problem)
            defects.append(problem)
            break
        colon = text.find(":", position + 1, position + 8)
        if colon < 0:
            problem = f"FIN: block at offset {position} has no 'id:' prefix"
            if defects is None or not blocks:
                raise ParseError(problem)
            defects.append(problem)
            break
        block_id = text[position + 1 : colon].strip()
        content, position = _block_content(text, block_id, colon + 1, defects)
        blocks.append((block_id, content))
    if not blocks:
        raise ParseError("FIN: empty input (expected {1:...} blocks)")
    return blocks


def _block_content(
    text: str, block_id: str, start: int, defects: list[str] | None
) -> tuple[str, int]:
    """Content of one block and the offset just after its closing brace."""
    if block_id == "4" and not text.startswith("{", start):
        end = text.find("-}", start)
        if end < 0:
            raise ParseError("FIN block 4: text block not terminated by CRLF '-}'")
        return text[start:end], end + 2
    flat = _FLAT_BLOCK.match(text, start)
    if flat is not None:
        # Blocks 1, 2 and plain tag lists (3, 5): no nesting, one regex finds the end.
        return text[start : flat.end() - 1], flat.end()
    try:
        end = _closing_brace(text, start, block_id)
    except ParseError as exc:
        if defects is None:
            raise
        end = _recover_end(text, start)
        defects.append(f"{exc}; closed at offset {end}")
        return text[start:end], end
    return text[start:end], end + 1


def _recover_end(text: str, start: int) -> int:
    """Where an unclosed block most plausibly ends: before the next ``{N:`` block or at EOF."""
    candidates = [text.find(opening, start) for opening in ("{4:", "{5:")]
    return min((found for found in candidates if found >= 0), default=len(text))


def _decode(data: bytes | str) -> str:
    if len(data) > MESSAGE_SIZE_MAX:
        raise ParseError(
            f"FIN: input of {len(data)} characters exceeds the {MESSAGE_SIZE_MAX} bound"
        )
    if isinstance(data, str):
        return data
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        # FIN is ASCII; some captures carry Latin-1 or UTF-8 text the validator reports.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"FIN: bytes are neither ASCII nor UTF-8 at {exc.start}") from exc
