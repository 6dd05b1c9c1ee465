"""The ports and limits every flow receives, gathered so call sites stay short.

Flows take their dependencies as arguments (store, ledger, screener, clock) instead of
reaching for globals, so the demo, the API, the tests and the benchmark run the same code on
different back-ends and clocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bankwire.clock import Clock
from bankwire.ids import Bic
from bankwire.policy.regime_model import Regime
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import ScreeningQuery, ScreeningResult
from bankwire.store.base import LedgerPort, NetworkStore

__all__ = ["Limits", "ScreeningPort", "Services"]


class ScreeningPort(Protocol):
    """The screener as flows use it: one query in, one explained result out."""

    @property
    def list_versions(self) -> tuple[str, ...]:
        """Content hashes of the list versions the screener was built from."""
        ...

    @property
    def entries(self) -> Mapping[tuple[str, str], ListEntry]:
        """(list name, source id) -> entry, so policy can read designation dates and links."""
        ...

    def screen(self, query: ScreeningQuery) -> ScreeningResult: ...


@dataclass(frozen=True, slots=True)
class Limits:
    message_bytes_max: int = 10 * 1024 * 1024
    queue_length_max: int = 100_000
    redelivery_timeout: timedelta = timedelta(seconds=30)
    delivery_attempts_max: int = 10
    fetch_batch_max: int = 100


@dataclass(frozen=True, slots=True)
class Services:
    store: NetworkStore
    ledger: LedgerPort
    screener: ScreeningPort
    clock: Clock
    network_bic: Bic
    """The network's own BIC: sender of the pacs.002 status reports it issues."""
    regimes: tuple[Regime, ...]
    """Sanctions regimes in force (the bundled ones, or a replay's own versions)."""
    network_jurisdiction: str = "EU"
    """Where the network sits: its law applies to every message (SWIFT is in Belgium)."""
    limits: Limits = Limits()
