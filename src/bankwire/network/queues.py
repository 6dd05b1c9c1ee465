"""Per-receiver queues: bounded, with gap-free sequence numbers.

The durable queue lives in the store; this module holds its rules, so the SQL and any other
back-end apply the same ones. A receiver's sequence numbers start at 1 and grow by one per
queued message, never reused and never skipped, so a receiver can tell from a gap that it
missed something (FIN's input/output sequence numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Admission", "QueueBound", "next_sequence"]


class Admission(StrEnum):
    ADMITTED = "admitted"
    QUEUE_FULL = "queue_full"


@dataclass(frozen=True, slots=True)
class QueueBound:
    length_max: int

    def __post_init__(self) -> None:
        if self.length_max < 1:
            raise ValueError(f"queue bound must be at least 1 (got {self.length_max})")

    def admit(self, undelivered: int) -> Admission:
        """Admit one more message to a queue that holds ``undelivered`` unacknowledged ones."""
        assert undelivered >= 0
        return Admission.ADMITTED if undelivered < self.length_max else Admission.QUEUE_FULL


def next_sequence(last: int) -> int:
    """The sequence number after ``last`` (0 for an empty queue): always ``last + 1``."""
    assert last >= 0
    return last + 1
