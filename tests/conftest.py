# Which fixture to use when:
# - `engine` for a fresh SQLite database per test (always available);
# - `pg_engine` for the same schema on PostgreSQL: it skips unless
#   BANKWIRE_TEST_POSTGRES_URL is set (CI sets it), so run store tests on both with
#   the `any_engine` fixture, parametrised over sqlite and postgres.
# - `SHARED` is ../shared/data for tests that check trimmed fixtures against the originals;
#   product tests use tests/fixtures/ only.
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bankwire.store.db import create_schema, open_engine

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path / 'test.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    url = os.environ.get("BANKWIRE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("BANKWIRE_TEST_POSTGRES_URL is not set")
    # Each test gets its own schema so tests cannot see each other's rows.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = open_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    engine = open_engine(f"{url}{separator}options=-csearch_path%3D{schema}")
    create_schema(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_engine(request: pytest.FixtureRequest) -> Engine:
    name = "engine" if request.param == "sqlite" else "pg_engine"
    result: Engine = request.getfixturevalue(name)
    return result
