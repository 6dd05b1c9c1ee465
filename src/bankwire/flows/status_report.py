"""pacs.002 status reports the network sends back to a payment's sender.

gpi confirms every payment's fate to its originator; here the network issues a pacs.002 when
a payment is rejected (RJCT), blocked (RJCT with the regulatory reason), held (PDNG) and when
the receiver acknowledged it (ACCC). The report is an ordinary queued message from the
network's BIC to the sender, fetched like any other, so its delivery is just as durable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bankwire.ids import make_key
from bankwire.messages.api import render_mx
from bankwire.messages.iso20022 import status_template
from bankwire.messages.model import (
    Agent,
    BusinessHeader,
    GroupHeader,
    Message,
    MessageFormat,
    StatusReport,
    TransactionStatus,
)
from bankwire.network.auth import digest
from bankwire.store.base import Event, MessageState, NetworkTransaction, StoredMessage

__all__ = ["Reported", "issue_status_report", "issue_status_reports"]


class Reported(Protocol):
    """What a report reads of the message it is about: a stored message, or its head."""

    @property
    def id(self) -> int: ...
    @property
    def sender(self) -> str: ...
    @property
    def uetr(self) -> str | None: ...
    @property
    def message_id(self) -> str: ...
    @property
    def message_type(self) -> str: ...
    @property
    def digest(self) -> str: ...


STATUS_MESSAGE_TYPE = status_template.MESSAGE_TYPE


def issue_status_report(
    tx: NetworkTransaction,
    network_bic: str,
    original: Reported,
    status: TransactionStatus,
    now: datetime,
    reason_code: str | None = None,
    information: tuple[str, ...] = (),
) -> int:
    """Queue a pacs.002 about ``original`` to its sender; returns its queue position."""
    [position] = issue_status_reports(
        tx, network_bic, [original], status, now, reason_code, information
    )
    return position


def issue_status_reports(
    tx: NetworkTransaction,
    network_bic: str,
    originals: Sequence[Reported],
    status: TransactionStatus,
    now: datetime,
    reason_code: str | None = None,
    information: tuple[str, ...] = (),
) -> list[int]:
    """Queue a pacs.002 about each of ``originals`` to its sender, in order; their queue
    positions. The reports are queued and audited together (a receiver's batch of acks)."""
    stored: list[tuple[Reported, int]] = []
    for original in originals:
        message_id = "BW" + make_key(original.id, original.digest, status.value)[:30]
        body = _render(network_bic, original, status, now, message_id, reason_code, information)
        pk = tx.insert_message(
            StoredMessage(
                id=0,
                sender=network_bic,
                receiver=original.sender,
                uetr=original.uetr,
                message_id=message_id,
                message_type=STATUS_MESSAGE_TYPE,
                digest=digest(body),
                body=body,
                state=MessageState.QUEUED,
                received_at=now,
                origin="network",
            )
        )
        stored.append((original, pk))
    positions = tx.enqueue_many([(original.sender, pk) for original, pk in stored])
    tx.append_events(
        [
            Event(now, "status_sent", original.uetr, original.id, original.sender,
                  {"status": status.value, "reason_code": reason_code,
                   "position": positions[pk]})
            for original, pk in stored
        ]
    )  # fmt: skip
    return [positions[pk] for _, pk in stored]


def _render(
    network_bic: str,
    original: Reported,
    status: TransactionStatus,
    now: datetime,
    message_id: str,
    reason_code: str | None,
    information: tuple[str, ...],
) -> bytes:
    """The report's XML: from the template when its values are plain text (nearly always),
    else through the message model, which the template's output is identical to."""
    lines = tuple(text[:105] for text in information[:3])
    body = status_template.render_status_report(
        network_bic=network_bic,
        sender=original.sender,
        message_id=message_id,
        created=now,
        original_message_id=original.message_id,
        original_message_type=original.message_type,
        original_uetr=original.uetr,
        status=status.value,
        reason_code=reason_code,
        information=lines,
    )
    if body is not None:
        return body
    return render_mx(_report(network_bic, original, status, now, message_id, reason_code, lines))


def _report(
    network_bic: str,
    original: Reported,
    status: TransactionStatus,
    now: datetime,
    message_id: str,
    reason_code: str | None,
    information: tuple[str, ...],
) -> Message:
    return Message(
        message_type=STATUS_MESSAGE_TYPE,
        format=MessageFormat.MX,
        header=BusinessHeader(
            from_bic=network_bic,
            to_bic=original.sender,
            business_message_id=message_id,
            message_definition_id=STATUS_MESSAGE_TYPE,
            created=now,
        ),
        group_header=GroupHeader(message_id=message_id, created=now, number_of_transactions=1),
        status_reports=(
            StatusReport(
                original_message_id=original.message_id,
                original_message_type=original.message_type,
                status=status.value,
                original_uetr=original.uetr,
                reason_code=reason_code,
                additional_information=information,
                instructing_agent=Agent(bic=network_bic),
                instructed_agent=Agent(bic=original.sender),
            ),
        ),
    )
