"""The FIN envelope: blocks 1 to 5 of a SWIFT MT message, split in one pass.

``{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:...}}{4:\\r\\n:20:...\\r\\n-}{5:...}``

Block 1 (basic header) and 2 (application header) are fixed-width; blocks 3 and 5 and the
system-message form of block 4 are ``{tag:value}`` lists; the user-message block 4 is the text
block, ``:tag:value`` fields on CRLF (or LF) lines, closed by ``-}``. Behaviours reproduced
from prowide-core's ``SwiftParser`` because real traffic (RJE files, test captures) shows them:
whitespace between blocks is skipped, block 4 may use LF instead of CRLF, and a ``-}`` that
directly follows the last value (``:32A:...,-}``) still closes the text block. The
``validate`` module reports these deviations; parsing does not silently repair anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bankwire.errors import ParseError
from bankwire.messages.model import fast_constructor
from bankwire.messages.mt.blocks import split_blocks, split_messages, tag_list

__all__ = [
    "TEXT_SIZE_MAX",
    "ApplicationHeader",
    "BasicHeader",
    "FinMessage",
    "assemble",
    "bic_of_address",
    "parse_application_header",
    "parse_basic_header",
    "parse_fin",
    "split_blocks",
    "split_messages",
]

TEXT_SIZE_MAX: Final[int] = 10_000
"""FIN limit on the text block of a user message (characters)."""


_BASIC = re.compile(r"([FAL])(01|21)([A-Z0-9]{12})([0-9]{4})([0-9]{6})")
_INPUT = re.compile(r"I([0-9]{3})([A-Z0-9]{12})([SUN])?([1-3])?([0-9]{3})?")
_OUTPUT = re.compile(
    r"O([0-9]{3})([0-9]{4})([0-9]{6}[A-Z0-9]{12}[0-9]{4}[0-9]{6})([0-9]{6})([0-9]{4})([SUN])?"
)
_KIND = re.compile(r"([IO])([0-9]{3})")
# Starts with a literal newline so the regex engine can skip ahead to candidates quickly.
_FIELD_SPLIT = re.compile(r"\n:([0-9]{2}[A-Z]?):")


@dataclass(frozen=True, slots=True)
class BasicHeader:
    """Block 1: who sent (input) or receives (output) the message, and its session slot."""

    application_id: str
    """``F`` for FIN, ``A``/``L`` for general purpose and login."""
    service_id: str
    """``01`` user-to-user message, ``21`` ACK/NAK service message."""
    logical_terminal: str
    """12 characters: BIC8, terminal code, branch (``BANKBEBBAXXX``)."""
    session_number: str
    sequence_number: str

    def render(self) -> str:
        return (
            f"{{1:{self.application_id}{self.service_id}{self.logical_terminal}"
            f"{self.session_number}{self.sequence_number}}}"
        )


@dataclass(frozen=True, slots=True)
class ApplicationHeader:
    """Block 2 in input (``I``, sent to SWIFT) or output (``O``, delivered by SWIFT) form."""

    direction: str
    message_type: str
    """Three digits: ``103``."""
    address: str
    """Input: the receiver's logical terminal. Output: the sender's, from the MIR."""
    priority: str | None = None
    delivery_monitoring: str | None = None
    obsolescence_period: str | None = None
    input_time: str | None = None
    """Output only: HHMM at which the sender input the message."""
    message_input_reference: str | None = None
    """Output only: date, sender LT, session and sequence (28 characters)."""
    output_date: str | None = None
    output_time: str | None = None

    def render(self) -> str:
        if self.direction == "I":
            optional = (self.priority, self.delivery_monitoring, self.obsolescence_period)
            tail = "".join(part for part in optional if part is not None)
            return f"{{2:I{self.message_type}{self.address}{tail}}}"
        return (
            f"{{2:O{self.message_type}{self.input_time}{self.message_input_reference}"
            f"{self.output_date}{self.output_time}{self.priority or ''}}}"
        )


@dataclass(frozen=True, slots=True)
class FinMessage:
    """A FIN message split into blocks; field values keep their text, with LF line ends."""

    basic_header: BasicHeader
    application_header: ApplicationHeader | None
    user_header: tuple[tuple[str, str], ...] = ()
    text: tuple[tuple[str, str], ...] = ()
    """Block 4 fields in order; tags repeat (``71F``) and sequences reuse tags (202 COV)."""
    trailer: tuple[tuple[str, str], ...] = ()
    system_text: bool = False
    """Block 4 in ``{tag:value}`` form (system and service messages) instead of fields."""
    has_text_block: bool = True
    extra_blocks: tuple[tuple[str, str], ...] = ()
    """Blocks other than 1-5 (prowide's user block ``S``), kept as raw text."""
    defects: tuple[str, ...] = ()
    """Envelope faults a lenient parse recovered from; ``validate`` reports each one."""

    def user_header_value(self, tag: str) -> str | None:
        for key, value in self.user_header:
            if key == tag:
                return value
        return None

    @property
    def message_type(self) -> str:
        if self.application_header is None:
            return "ACK/NAK" if self.basic_header.service_id == "21" else "unknown"
        return self.application_header.message_type

    @property
    def sender_bic(self) -> str:
        header = self.application_header
        if header is not None and header.direction == "O":
            return bic_of_address(header.address)
        return bic_of_address(self.basic_header.logical_terminal)

    @property
    def receiver_bic(self) -> str | None:
        header = self.application_header
        if header is None:
            return None
        if header.direction == "O":
            return bic_of_address(self.basic_header.logical_terminal)
        return bic_of_address(header.address)


def bic_of_address(address: str) -> str:
    """A logical terminal ``BANKBEBBAXXX`` is BIC8 + terminal letter + branch: drop the letter."""
    if len(address) == 12:
        return address[:8] + address[9:]
    return address


_new_basic_header: Final = fast_constructor(BasicHeader)
_new_application_header: Final = fast_constructor(ApplicationHeader)
_new_fin_message: Final = fast_constructor(FinMessage)


def parse_fin(data: bytes | str, *, lenient: bool = False) -> FinMessage:
    """Split one FIN message into its blocks; raises ``ParseError`` naming block and offset.

    ``lenient=True`` recovers from envelope faults seen in captured traffic (trailing bytes,
    a missing closing brace) and lists them in ``FinMessage.defects`` instead of raising.
    """
    defects: list[str] | None = [] if lenient else None
    blocks = split_blocks(data, defects)
    return assemble(blocks, defects)


def assemble(blocks: list[tuple[str, str]], defects: list[str] | None = None) -> FinMessage:
    """Build a ``FinMessage`` from the ``(block id, content)`` list of one message."""
    found = dict(blocks)
    if len(found) != len(blocks):
        ids = [block_id for block_id, _ in blocks]
        repeated = sorted({block_id for block_id in ids if ids.count(block_id) > 1})
        raise ParseError(f"FIN block {repeated[0]}: appears more than once in one message")
    if "1" not in found:
        raise ParseError("FIN block 1: missing basic header (expected {1:F01...})")
    basic = parse_basic_header(found["1"])
    application = _application_header(found["2"], defects) if "2" in found else None
    user_header = tag_list(found.get("3", ""), "3")
    trailer = tag_list(found.get("5", ""), "5")
    text_content = found.get("4")
    system_text = text_content is not None and text_content.lstrip(" ").startswith("{")
    if text_content is None:
        text: tuple[tuple[str, str], ...] = ()
    elif system_text:
        text = tag_list(text_content, "4")
    else:
        text = split_fields(text_content, defects)
    extra = tuple((key, value) for key, value in blocks if key not in {"1", "2", "3", "4", "5"})
    message: FinMessage = _new_fin_message(
        basic,
        application,
        user_header,
        text,
        trailer,
        system_text,
        text_content is not None,
        extra,
        tuple(defects or ()),
    )
    return message


def _application_header(content: str, defects: list[str] | None) -> ApplicationHeader:
    try:
        return parse_application_header(content)
    except ParseError as exc:
        kind = _KIND.match(content)
        if defects is None or kind is None:
            raise
        # Keep the direction and type so the message can still be classified and reported.
        defects.append(str(exc))
        return ApplicationHeader(kind.group(1), kind.group(2), content[4:])


def parse_basic_header(content: str) -> BasicHeader:
    match = _BASIC.fullmatch(content)
    if match is None:
        raise ParseError(
            "FIN block 1: must be F01/F21 + 12-character LT address + 4-digit session + "
            f"6-digit sequence (got {content!r})"
        )
    header: BasicHeader = _new_basic_header(*match.groups())
    return header


def parse_application_header(content: str) -> ApplicationHeader:
    if content.startswith("I"):
        match = _INPUT.fullmatch(content)
        if match is None:
            raise ParseError(
                "FIN block 2: input form must be I + 3-digit type + 12-character receiver "
                f"address + optional priority, monitoring, obsolescence (got {content!r})"
            )
        kind, address, priority, monitoring, obsolescence = match.groups()
        header: ApplicationHeader = _new_application_header(
            "I", kind, address, priority, monitoring, obsolescence
        )
        return header
    match = _OUTPUT.fullmatch(content)
    if match is None:
        raise ParseError(
            "FIN block 2: output form must be O + type + HHMM + 28-character MIR + YYMMDD + "
            f"HHMM + optional priority (got {content!r})"
        )
    kind, input_time, mir, output_date, output_time, priority = match.groups()
    header = _new_application_header(
        "O",
        kind,
        mir[6:18],
        priority=priority,
        input_time=input_time,
        message_input_reference=mir,
        output_date=output_date,
        output_time=output_time,
    )
    return header


def split_fields(content: str, defects: list[str] | None = None) -> tuple[tuple[str, str], ...]:
    """Split a text block (without ``{4:`` and ``-}``) into ``(tag, value)`` pairs."""
    # One C-level split does the work: [prefix, tag, value, tag, value, ...].
    text = content.replace("\r\n", "\n")
    parts = _FIELD_SPLIT.split(text if text.startswith("\n") else "\n" + text)
    prefix = parts[0]
    if len(parts) == 1:
        if content.strip():
            raise ParseError(f"FIN block 4: text must be :tag:value lines (got {content[:40]!r})")
        return ()
    if prefix:
        problem = f"FIN block 4: text before the first field (got {prefix[:40]!r})"
        if defects is None:
            raise ParseError(problem)
        defects.append(problem)
    values = parts[2::2]
    # Only the last value carries the line end before ``-}``; the split removed the others.
    values[-1] = values[-1].rstrip("\n")
    return tuple(zip(parts[1::2], values, strict=True))
