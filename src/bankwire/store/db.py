"""Database engines: SQLite (embedded default) and PostgreSQL, one schema for both.

Every table of every area is declared on ``metadata`` (in ``store/<area>.py``) so that
``create_schema`` builds the whole database at once. SQLite runs in WAL mode with
``synchronous=FULL``: nothing is acknowledged before it is on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bankwire.errors import StoreError

__all__ = ["create_schema", "metadata", "open_engine"]

metadata = MetaData()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(url: str) -> Engine:
    """Open a database by URL (``sqlite:///path.db``, ``postgresql+psycopg://...``).

    A plain ``postgresql://`` URL is taken to mean the psycopg 3 driver. The parent folder of
    a SQLite file is created. Raises ``StoreError`` for a URL that names no usable database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not a valid URL: {exc}") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername.startswith("postgresql"):
        return create_engine(parsed, pool_pre_ping=True)
    raise StoreError(
        f"database URL {url!r}: expected sqlite:/// or postgresql:// (got {parsed.drivername})"
    )


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet; safe to run on every start."""
    # Importing the area modules registers their tables on ``metadata``.
    from bankwire.store import tables  # noqa: F401

    try:
        metadata.create_all(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot create the schema on {engine.url!r}: {exc}") from exc
