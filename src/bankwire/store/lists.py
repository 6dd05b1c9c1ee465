"""Versioned sanctions lists in SQL: each load is one version, activated atomically.

A load parses first (outside any transaction), then writes the version row, all its entries
and the new active pointer in ONE transaction: a failed or interrupted load leaves the
previous version active and nothing partial visible. Loading the same bytes again is a no-op
that says so. Versions keep the sha256 of their source bytes, the publication date the file
states, the load time and counts, so every decision can cite exactly what it screened.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from bankwire.errors import ListLoadError, StoreError
from bankwire.sanctions.diff import ListDiff, diff_entries
from bankwire.sanctions.model import ListEntry, ParsedList
from bankwire.sanctions.serialize import entry_from_dict, entry_hash, entry_to_dict
from bankwire.sanctions.sources.base import SourceFile
from bankwire.store.db import metadata

__all__ = ["ListStore", "ListVersion", "LoadOutcome", "LoadResult", "source_sha256"]

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list_name", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("format_name", String(32), nullable=False),
    Column("published", Date, nullable=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("files", Text, nullable=False),
    Column("warnings", Text, nullable=False),
    UniqueConstraint("list_name", "sha256", name="uq_list_versions_list_sha"),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("version_id", Integer, ForeignKey("list_versions.id"), primary_key=True),
    Column("source_id", String(128), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("primary_name", Text, nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Column("data", Text, nullable=False),
)

list_active = Table(
    "list_active",
    metadata,
    Column("list_name", String(64), primary_key=True),
    Column("version_id", Integer, ForeignKey("list_versions.id"), nullable=False),
)

_INSERT_BATCH = 2_000  # Rows per executemany: bounded memory, few round trips.


class LoadOutcome(StrEnum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"  # The same bytes are already the active version.
    REACTIVATED = "reactivated"  # The same bytes were loaded before; made active again.


@dataclass(frozen=True, slots=True)
class ListVersion:
    id: int
    list_name: str
    sha256: str
    format_name: str
    published: date | None
    loaded_at: datetime
    entry_count: int
    files: tuple[str, ...]
    warnings: tuple[str, ...]
    active: bool


@dataclass(frozen=True, slots=True)
class LoadResult:
    outcome: LoadOutcome
    version: ListVersion


def source_sha256(files: Sequence[SourceFile]) -> str:
    """Hash of the source bytes, independent of file order and path."""
    digests = sorted(hashlib.sha256(file.data).hexdigest() for file in files)
    return hashlib.sha256("".join(digests).encode("ascii")).hexdigest()


class ListStore:
    """Versions and entries of every loaded list, on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(
        self,
        parsed: ParsedList,
        sha256: str,
        file_names: Sequence[str],
        loaded_at: datetime,
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadResult:
        """Store ``parsed`` as a new active version in one transaction, or say it exists."""
        assert loaded_at.tzinfo is not None
        try:
            with self._engine.begin() as connection:
                existing = connection.execute(
                    select(list_versions.c.id).where(
                        list_versions.c.list_name == parsed.list_name,
                        list_versions.c.sha256 == sha256,
                    )
                ).scalar_one_or_none()
                if existing is not None:
                    active = self._active_id(connection, parsed.list_name)
                    self._activate(connection, parsed.list_name, existing)
                    outcome = (
                        LoadOutcome.UNCHANGED if active == existing else LoadOutcome.REACTIVATED
                    )
                    return LoadResult(outcome, self._version(connection, existing))
                version_id = self._insert(connection, parsed, sha256, file_names, loaded_at)
                self._insert_entries(connection, version_id, parsed.entries, progress)
                self._activate(connection, parsed.list_name, version_id)
                version = self._version(connection, version_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"saving list {parsed.list_name}: {exc}") from exc
        # Pair assertion: what was written is what was parsed.
        assert version.entry_count == len(parsed.entries)
        return LoadResult(LoadOutcome.LOADED, version)

    def load(
        self,
        files: Sequence[SourceFile],
        *,
        loaded_at: datetime,
        source: str | None = None,
        file_bytes_max: int = 256 * 1024 * 1024,
        progress: Callable[[int, int], None] | None = None,
        published_fallback: date | None = None,
    ) -> LoadResult:
        """Parse ``files`` (one list's file set) and store them as the new active version.

        ``published_fallback`` dates a publication whose files state no date (OFAC's legacy
        CSV carries none), from what the caller knows of its origin (the bundled manifest).
        Raises ``ListLoadError`` for unreadable input; the active version is then unchanged.
        """
        # Imported here: the readers are heavy and only loads need them.
        from bankwire.sanctions.sources import FORMATS, read_list

        if source is not None and source not in FORMATS:
            # Checked before the sha256 look-up, so a typo is named as one even for bytes
            # that are already loaded.
            raise ListLoadError(
                f"unknown list source {source!r}: expected one of {', '.join(FORMATS)}"
            )
        for file in files:
            if len(file.data) > file_bytes_max:
                raise ListLoadError(
                    f"{file.name}: {len(file.data)} bytes exceeds the list file limit of "
                    f"{file_bytes_max} bytes (BANKWIRE_LIST_FILE_BYTES_MAX)"
                )
        sha256 = source_sha256(files)
        known = self._find_by_sha(sha256)
        if known is not None and source is not None and known.format_name != source:
            raise ListLoadError(
                f"{', '.join(file.name for file in files)}: --source {source} given, but these "
                f"bytes were loaded before as {known.format_name} (version {known.id})"
            )
        if known is not None and known.active:
            return LoadResult(LoadOutcome.UNCHANGED, known)
        parsed = read_list(files, source)
        if parsed.published is None and published_fallback is not None:
            parsed = dataclasses.replace(parsed, published=published_fallback)
        return self.save(parsed, sha256, [file.name for file in files], loaded_at, progress)

    def _find_by_sha(self, sha256: str) -> ListVersion | None:
        with self._engine.connect() as connection:
            version_id = connection.execute(
                select(list_versions.c.id).where(list_versions.c.sha256 == sha256)
            ).scalar()
            return None if version_id is None else self._version(connection, int(version_id))

    def _insert(
        self,
        connection: Any,
        parsed: ParsedList,
        sha256: str,
        file_names: Sequence[str],
        loaded_at: datetime,
    ) -> int:
        result = connection.execute(
            insert(list_versions).values(
                list_name=parsed.list_name,
                sha256=sha256,
                format_name=parsed.format_name,
                published=parsed.published,
                loaded_at=loaded_at,
                entry_count=len(parsed.entries),
                files=json.dumps(list(file_names)),
                warnings=json.dumps(list(parsed.warnings)),
            )
        )
        version_id = result.inserted_primary_key[0]
        assert isinstance(version_id, int)
        return version_id

    def _insert_entries(
        self,
        connection: Any,
        version_id: int,
        entries: Sequence[ListEntry],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        seen: set[str] = set()
        batch: list[dict[str, Any]] = []
        for done, entry in enumerate(entries, start=1):
            if entry.source_id in seen:
                raise StoreError(
                    f"list {entry.list_name}: source id {entry.source_id!r} occurs twice; "
                    "a version must have one entry per source id"
                )
            seen.add(entry.source_id)
            data = entry_to_dict(entry)
            batch.append(
                {
                    "version_id": version_id,
                    "source_id": entry.source_id,
                    "kind": entry.kind.value,
                    "primary_name": entry.primary_name,
                    "entry_hash": entry_hash(entry),
                    "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                }
            )
            if len(batch) >= _INSERT_BATCH:
                connection.execute(insert(list_entries), batch)
                batch = []
                if progress is not None:
                    progress(done, len(entries))
        if batch:
            connection.execute(insert(list_entries), batch)
        if progress is not None:
            progress(len(entries), len(entries))

    @staticmethod
    def _active_id(connection: Any, list_name: str) -> int | None:
        value = connection.execute(
            select(list_active.c.version_id).where(list_active.c.list_name == list_name)
        ).scalar_one_or_none()
        return None if value is None else int(value)

    def _activate(self, connection: Any, list_name: str, version_id: int) -> None:
        if self._active_id(connection, list_name) is None:
            connection.execute(
                insert(list_active).values(list_name=list_name, version_id=version_id)
            )
        else:
            connection.execute(
                update(list_active)
                .where(list_active.c.list_name == list_name)
                .values(version_id=version_id)
            )

    def _version(self, connection: Any, version_id: int) -> ListVersion:
        row = connection.execute(
            select(list_versions).where(list_versions.c.id == version_id)
        ).one_or_none()
        if row is None:
            raise StoreError(f"list version {version_id} does not exist")
        active = self._active_id(connection, row.list_name) == version_id
        return _to_version(row, active)

    def versions(self, list_name: str | None = None) -> list[ListVersion]:
        """Every version, newest first; ``active`` marks the one screening uses."""
        with self._engine.connect() as connection:
            query = select(list_versions).order_by(list_versions.c.id.desc())
            if list_name is not None:
                query = query.where(list_versions.c.list_name == list_name)
            active_ids = set(connection.execute(select(list_active.c.version_id)).scalars())
            return [_to_version(row, row.id in active_ids) for row in connection.execute(query)]

    def version(self, version_id: int) -> ListVersion:
        with self._engine.connect() as connection:
            return self._version(connection, version_id)

    def active_versions(self) -> list[ListVersion]:
        return [version for version in self.versions() if version.active]

    def entries(self, version_id: int) -> list[ListEntry]:
        return [entry_from_dict(raw) for raw in self._entry_dicts(version_id).values()]

    def active_entries(self, list_names: Iterable[str] | None = None) -> list[ListEntry]:
        """Every entry of every active version (or of the named lists only)."""
        wanted = None if list_names is None else set(list_names)
        found: list[ListEntry] = []
        for version in self.active_versions():
            if wanted is None or version.list_name in wanted:
                found.extend(self.entries(version.id))
        return found

    def entry(self, source_id: str, list_name: str | None = None) -> list[ListEntry]:
        """The active entries with this source id (one per list that has it)."""
        with self._engine.connect() as connection:
            query = (
                select(list_entries.c.data)
                .join(list_active, list_active.c.version_id == list_entries.c.version_id)
                .where(list_entries.c.source_id == source_id)
            )
            if list_name is not None:
                query = query.where(list_active.c.list_name == list_name)
            return [
                entry_from_dict(json.loads(data)) for data in connection.execute(query).scalars()
            ]

    def diff(self, old_version_id: int, new_version_id: int) -> ListDiff:
        old, new = self.version(old_version_id), self.version(new_version_id)
        if old.list_name != new.list_name:
            raise StoreError(
                f"versions {old.id} ({old.list_name}) and {new.id} ({new.list_name}) belong to "
                "different lists; a diff compares two versions of one list"
            )
        return diff_entries(self._entry_dicts(old.id), self._entry_dicts(new.id))

    def _entry_dicts(self, version_id: int) -> dict[str, dict[str, Any]]:
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(list_entries.c.source_id, list_entries.c.data).where(
                    list_entries.c.version_id == version_id
                )
            )
            return {row.source_id: json.loads(row.data) for row in rows}

    def entry_count(self) -> int:
        with self._engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(list_entries)).scalar_one()
            )


def _to_version(row: Any, active: bool) -> ListVersion:
    loaded_at = row.loaded_at
    if loaded_at.tzinfo is None:  # SQLite keeps no zone; everything stored is UTC.
        loaded_at = loaded_at.replace(tzinfo=UTC)
    return ListVersion(
        id=row.id,
        list_name=row.list_name,
        sha256=row.sha256,
        format_name=row.format_name,
        published=row.published,
        loaded_at=loaded_at,
        entry_count=row.entry_count,
        files=tuple(json.loads(row.files)),
        warnings=tuple(json.loads(row.warnings)),
        active=active,
    )
