"""List versions "as of" a date, derived from real designation dates.

The bundled lists are today's. To replay 2018-2022 the demo needs each list as it stood on
each date: an entry belongs to the as-of version when it was designated on or before that
date. The designation date is the list's own (UK OFSI and UN state one per entry); where the
list does not state it (the OFAC CSV set and the EU derived CSV do not), the table
``DESIGNATIONS`` gives the date from the authority's own announcement. Entries with no known
date are kept in every version; the output says so.

One screening index is built over all bundled entries and each screening drops the hits on
entries not yet designated, which equals screening against the as-of version (building an
index per date would take ten times as long). Policy reads the same dates (``listed_on``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from bankwire.flows.screening import ListScreener
from bankwire.sanctions.model import ListEntry
from bankwire.sanctions.result import ScreeningQuery, ScreeningResult

__all__ = ["DESIGNATIONS", "AsOfScreener", "AsOfVersion"]


@dataclass(frozen=True, slots=True)
class Designation:
    on: date
    source: str


DESIGNATIONS: Final[dict[tuple[str, str], Designation]] = {
    ("us_ofac_sdn", "22790"): Designation(
        date(2017, 7, 31), "OFAC, Treasury press release sm0137 (Maduro, EO 13692)"),
    ("us_ofac_sdn", "25077"): Designation(
        date(2018, 9, 25), "OFAC, Treasury press release sm495 (Delcy Rodriguez)"),
    ("us_ofac_sdn", "26367"): Designation(
        date(2019, 1, 28), "OFAC, Treasury press release sm594 (PDVSA, EO 13850)"),
    ("us_ofac_sdn", "26503"): Designation(
        date(2019, 3, 11), "OFAC, Treasury press release sm622 (Evrofinance, EO 13850)"),
    ("us_ofac_sdn", "34656"): Designation(
        date(2022, 2, 22), "OFAC, Treasury press release jy0610 (PSB, EO 14024)"),
    ("us_ofac_sdn", "34672"): Designation(
        date(2022, 2, 22), "OFAC, Treasury press release jy0610 (PSB's management company)"),
    ("eu_fsf", "135342"): Designation(
        date(2022, 2, 23), "Council Implementing Regulation (EU) 2022/260 (PSB)"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AsOfVersion:
    list_name: str
    as_of: date
    sha256: str
    """Hash of the bundled version's hash, the date, and the entries left out."""
    bundled_sha256: str
    entries: int
    excluded: tuple[str, ...]
    """Source ids designated after ``as_of``."""


def designated_on(entry: ListEntry) -> date | None:
    known = DESIGNATIONS.get((entry.list_name, entry.source_id))
    return known.on if known is not None else entry.listed_on


class AsOfScreener:
    """A ``ScreeningPort`` that screens against the as-of version of every list."""

    def __init__(self, entries: Iterable[ListEntry], bundled: Mapping[str, str]) -> None:
        dated = [self._dated(entry) for entry in entries]
        self._designated = {(e.list_name, e.source_id): e.listed_on for e in dated}
        self._bundled = dict(bundled)
        self._base = ListScreener(dated, bundled)
        self.as_of = date.max
        self._versions = self._compute_versions()

    def set_as_of(self, day: date) -> None:
        """Screen against the lists as they stood on ``day`` from now on."""
        self.as_of = day
        self._versions = self._compute_versions()

    @staticmethod
    def _dated(entry: ListEntry) -> ListEntry:
        on = designated_on(entry)
        return entry if on == entry.listed_on else dataclasses.replace(entry, listed_on=on)

    def build(self) -> None:
        self._base.build()

    def versions(self) -> list[AsOfVersion]:
        """The as-of version of every list on ``as_of``."""
        return list(self._versions)

    def _compute_versions(self) -> list[AsOfVersion]:
        found = []
        for list_name, bundled in sorted(self._bundled.items()):
            members = [key for key in self._designated if key[0] == list_name]
            excluded = tuple(
                sorted(source for name, source in members if self._later(name, source))
            )
            digest = hashlib.sha256(f"{bundled}\x1f{self.as_of}\x1f{','.join(excluded)}".encode())
            found.append(AsOfVersion(list_name, self.as_of, digest.hexdigest(), bundled,
                                     len(members) - len(excluded), excluded))  # fmt: skip
        return found

    def _later(self, list_name: str, source_id: str) -> bool:
        on = self._designated.get((list_name, source_id))
        return on is not None and on > self.as_of

    @property
    def list_versions(self) -> tuple[str, ...]:
        return tuple(version.sha256 for version in self.versions())

    @property
    def entries(self) -> Mapping[tuple[str, str], ListEntry]:
        return self._base.entries

    def screen(self, query: ScreeningQuery) -> ScreeningResult:
        result = self._base.screen(query)
        hashes = {version.list_name: version.sha256 for version in self.versions()}
        kept = tuple(
            dataclasses.replace(hit, list_version=hashes.get(hit.list_name))
            for hit in result.hits
            if not self._later(hit.list_name, hit.source_id)
        )
        return dataclasses.replace(result, hits=kept, list_versions=tuple(sorted(hashes.values())))
