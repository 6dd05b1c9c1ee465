"""Time as a dependency.

Core code receives ``now`` as an argument and never reads the wall clock, so that replays
(``bankwire demo``) and tests are deterministic. Only the edges (CLI, API) build a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "FixedClock", "SystemClock"]


class Clock(Protocol):
    """Something that tells the current time, always timezone-aware UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock; used only at the edges of the program."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(slots=True)
class FixedClock:
    """A clock that stands still until moved; for tests and story replay."""

    current: datetime = field(default_factory=lambda: datetime(2000, 1, 1, tzinfo=UTC))

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError(f"FixedClock needs an aware datetime (got naive {self.current})")

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError(f"FixedClock needs an aware datetime (got naive {moment})")
        self.current = moment

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta
