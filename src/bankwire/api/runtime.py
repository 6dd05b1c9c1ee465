"""The running network: database, ledger, screener and the flows' ``Services``, assembled once.

The API server, the CLI's operator commands and the demo all build the same ``Runtime`` from
settings, so they exercise the same store, ledger and screener. The screener is rebuilt only
when the set of active list versions changes (``refresh_screener``); building it is the
expensive part, screening is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import Engine

from bankwire.api.workers import RescreenClaim
from bankwire.clock import Clock, SystemClock
from bankwire.flows.rescreen import RescreenSummary, rescreen
from bankwire.flows.review_hold import resume_reviews
from bankwire.flows.screening import ListScreener
from bankwire.flows.services import Limits, Services
from bankwire.flows.steps import resume
from bankwire.ids import Bic
from bankwire.policy.regimes import bundled_regimes
from bankwire.sanctions.model import ListEntry
from bankwire.settings import Settings
from bankwire.store.db import create_schema, open_engine
from bankwire.store.ledger import DurableLedger
from bankwire.store.lists import ListStore
from bankwire.store.network import SqlNetworkStore

__all__ = ["NETWORK_BIC", "Runtime"]

NETWORK_BIC = Bic("BWNWBEBB")
"""The network's own (fictional, well-formed) BIC: Belgium, where SWIFT sits."""


@dataclass(slots=True)
class Runtime:
    engine: Engine
    store: SqlNetworkStore
    ledger: DurableLedger
    lists: ListStore
    services: Services
    versions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(
        cls, settings: Settings, clock: Clock | None = None, *, create: bool = True
    ) -> Runtime:
        """Open the database named by ``settings``; ``create`` builds missing tables."""
        engine = open_engine(settings.database_url)
        if create:
            create_schema(engine)
        chosen = clock or SystemClock()
        store = SqlNetworkStore(engine)
        ledger = DurableLedger.open(engine, chosen)
        lists = ListStore(engine)
        limits = Limits(
            message_bytes_max=settings.message_bytes_max,
            queue_length_max=settings.queue_length_max,
            redelivery_timeout=timedelta(seconds=settings.redelivery_timeout_s),
        )
        versions = _versions(lists)
        services = Services(
            store=store,
            ledger=ledger,
            screener=ListScreener(_LazyEntries(lists), versions),
            clock=chosen,
            network_bic=NETWORK_BIC,
            regimes=bundled_regimes(),
            limits=limits,
        )
        return cls(engine, store, ledger, lists, services, versions)

    def refresh_screener(
        self,
        lock: AbstractContextManager[object] | None = None,
        claim: Callable[[Mapping[str, str]], bool] | None = None,
    ) -> RescreenSummary | None:
        """Rebuild the screener if the active list versions changed, then re-screen.

        The index is built outside ``lock`` (it takes seconds; payments keep flowing on the
        old one); swapping it in and re-screening happen under ``lock``, so no payment is
        decided between the swap and the re-screen. Returns what the re-screen did, or None
        when nothing changed. ``claim`` (several server processes): re-screen only if it
        says no other process has for these versions yet; otherwise only swap.
        """
        current = _versions(self.lists)
        if current == self.versions:
            return None
        screener = ListScreener(self.lists.active_entries(), current)
        screener.build()
        with lock if lock is not None else nullcontext():
            if current == self.versions:
                return None  # Swapped meanwhile, when the lock was taken (``sync_screener``).
            self.services = replace(self.services, screener=screener)
            self.versions = current
            if claim is not None and not claim(current):
                return RescreenSummary(0, ())
            return rescreen(self.services)

    def sync_screener(self, claim: RescreenClaim) -> None:
        """With the lock held: switch to the group's newest lists if another worker has.

        Several server processes: another one may have picked up a new list version; this
        one must not decide a payment on older lists than that. The check reads one small
        file; building the new index takes seconds, under the lock, once per list version.
        """
        if claim.current() == claim.key(self.versions):
            return
        self.refresh_screener(None, claim)
        if claim.current() != claim.key(self.versions):
            claim.record(self.versions)  # The database's active versions are the truth.

    def warm(self) -> None:
        """Build the screening index now rather than on the first payment."""
        screener = self.services.screener
        if isinstance(screener, ListScreener):
            screener.build()

    def recover(self) -> int:
        """Finish what a crash interrupted: pipeline steps and agreed reviews."""
        return resume(self.services) + resume_reviews(self.services)

    def close(self) -> None:
        self.engine.dispose()


def _versions(lists: ListStore) -> dict[str, str]:
    return {version.list_name: version.sha256 for version in lists.active_versions()}


class _LazyEntries:
    """Reads the active entries only when the screener is first built."""

    def __init__(self, lists: ListStore) -> None:
        self._lists = lists

    def __iter__(self) -> Iterator[ListEntry]:
        return iter(self._lists.active_entries())
