"""The screener behind the pipeline: one ``Screener`` built from the active list versions.

Building the index is expensive (all loaded lists), screening is cheap; so the index is built
once per set of list versions and swapped when a new version lands (``rescreen`` then
re-checks what has not been delivered yet).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import ScreeningQuery, ScreeningResult
from bankwire.sanctions.screening import Screener

__all__ = ["CACHE_MAX", "ListScreener"]

CACHE_MAX = 100_000
"""Remembered screening results per screener; a few hundred bytes each."""


class ListScreener:
    """A ``ScreeningPort`` over one ``Screener`` and the entries it is built from.

    The index is built on first use: operator commands that never screen (adding a
    participant) do not pay for it; the server calls ``build`` at start instead.
    """

    __slots__ = ("_cache", "_entries", "_screener", "_source", "_versions")

    def __init__(self, entries: Iterable[ListEntry], versions: Mapping[str, str]) -> None:
        self._source = entries
        self._entries: dict[tuple[str, str], ListEntry] | None = None
        self._versions = dict(versions)
        self._screener: Screener | None = None
        self._cache: dict[ScreeningQuery, ScreeningResult] = {}

    def build(self) -> Screener:
        if self._screener is None:
            kept = tuple(self._source)
            self._entries = {(entry.list_name, entry.source_id): entry for entry in kept}
            self._screener = Screener.build(kept, self._versions)
        return self._screener

    @property
    def list_versions(self) -> tuple[str, ...]:
        return tuple(sorted(set(self._versions.values())))

    @property
    def version_by_list(self) -> Mapping[str, str]:
        return dict(self._versions)

    @property
    def entries(self) -> Mapping[tuple[str, str], ListEntry]:
        self.build()
        assert self._entries is not None
        return self._entries

    def screen(self, query: ScreeningQuery) -> ScreeningResult:
        """Screen, remembering results: the same agents recur in every payment they touch.

        Results depend only on the query and the lists this screener was built from, so a
        remembered result is exactly the one a new screening would give. Bounded: past
        ``CACHE_MAX`` queries the memory starts over.
        """
        found = self._cache.get(query)
        if found is None:
            found = self.build().screen(query)
            if len(self._cache) >= CACHE_MAX:
                self._cache.clear()
            self._cache[query] = found
        return found
