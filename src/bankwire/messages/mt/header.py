"""FIN headers (blocks 1, 2, 3, 5) <-> ``BusinessHeader``: sender, receiver, time, UETR.

The creation time comes from block 2 of an output message (input date in the MIR plus the
input time), which is what the CBPR+ translation rules and the Ballerina translator put into
``AppHdr/CreDt``. An input message carries no time at all: the caller's ``received`` time is
used, else midnight UTC of the message's business date, else the POSIX epoch, so that the
header is never invented from the wall clock (core code does not read it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Final

from bankwire.errors import ParseError
from bankwire.messages.model import BusinessHeader, fast_constructor
from bankwire.messages.mt.fields import century_year
from bankwire.messages.mt.fin import FinMessage, bic_of_address

__all__ = ["BLOCK3_SERVICE", "header_from_fin", "logical_terminal", "render_envelope"]

BLOCK3_SERVICE: Final[dict[str, str]] = {"STP": "STP", "COV": "COV", "REMIT": "REMIT"}
"""Block 3 field 119 values that name a variant: MT103 STP/REMIT, MT202/205 COV."""
_new_business_header: Final = fast_constructor(BusinessHeader)
_EPOCH: Final[datetime] = datetime(1970, 1, 1, tzinfo=UTC)


def header_from_fin(
    fin: FinMessage,
    message_type: str,
    business_message_id: str,
    *,
    received: datetime | None = None,
    business_date: date | None = None,
    related_reference: str | None = None,
) -> BusinessHeader:
    application = fin.application_header
    created = _created(fin, received, business_date)
    duplicate = any(tag in {"PDE", "PDM"} for tag, _ in fin.trailer) if fin.trailer else False
    terminal = bic_of_address(fin.basic_header.logical_terminal)
    if application is None:
        sender, receiver = terminal, ""
    elif application.direction == "O":
        sender, receiver = bic_of_address(application.address), terminal
    else:
        sender, receiver = terminal, bic_of_address(application.address)
    header: BusinessHeader = _new_business_header(
        from_bic=sender,
        to_bic=receiver,
        business_message_id=business_message_id,
        message_definition_id=message_type,
        created=created,
        possible_duplicate=duplicate,
        priority=application.priority if application else None,
        related_reference=related_reference,
    )
    return header


def _created(fin: FinMessage, received: datetime | None, business_date: date | None) -> datetime:
    application = fin.application_header
    if application is not None and application.direction == "O":
        mir = application.message_input_reference or ""
        return _input_time(f"{mir[:6]}{application.input_time}")
    if received is not None:
        return received
    if business_date is not None:
        return datetime.combine(business_date, time(), tzinfo=UTC)
    return _EPOCH


@lru_cache(maxsize=4096)
def _input_time(stamp: str) -> datetime:
    """YYMMDDHHMM; cached because traffic arrives many messages to the minute."""
    try:
        # Not strptime: it costs more than the rest of the header together.
        year = int(stamp[:2])
        return datetime(
            century_year(year),
            int(stamp[2:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[8:10]),
            tzinfo=UTC,
        )  # fmt: skip
    except ValueError as exc:
        raise ParseError(
            f"FIN block 2: input date and time must be YYMMDD HHMM (got {stamp!r})"
        ) from exc


def logical_terminal(bic: str) -> str:
    """The 12-character LT address of a BIC: BIC8, terminal ``X``, branch (``XXX`` default)."""
    branch = bic[8:11] if len(bic) >= 11 else "XXX"
    return f"{bic[:8]}X{branch}"


def render_envelope(
    header: BusinessHeader,
    message_type: str,
    user_header: list[tuple[str, str]],
    *,
    direction: str = "O",
) -> str:
    """Blocks 1, 2 and 3 for a message from ``header.from_bic`` to ``header.to_bic``.

    Output form (``O``, as the network delivers it) keeps the creation time; input form
    (``I``, as a bank submits it) has no place for it.
    """
    priority = header.priority or ""
    if direction == "I":
        block1 = f"{{1:F01{logical_terminal(header.from_bic)}0000000000}}"
        block2 = f"{{2:I{message_type}{logical_terminal(header.to_bic)}{priority}}}"
    else:
        created = header.created.astimezone(UTC)
        stamp_date = f"{created:%y%m%d}"
        stamp_time = f"{created:%H%M}"
        mir = f"{stamp_date}{logical_terminal(header.from_bic)}0000000000"
        block1 = f"{{1:F01{logical_terminal(header.to_bic)}0000000000}}"
        block2 = f"{{2:O{message_type}{stamp_time}{mir}{stamp_date}{stamp_time}{priority}}}"
    block3 = ""
    if user_header:
        block3 = "{3:" + "".join(f"{{{tag}:{value}}}" for tag, value in user_header) + "}"
    return block1 + block2 + block3
