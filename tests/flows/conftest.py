# Which fixture to use when:
# - `network` runs flows on a fresh SQLite store, the in-memory ledger, the screener over the
#   fixture lists (five OFAC SDN rows, the trimmed EU CSV) and a FixedClock; it registers
#   banks (see BANKS) with RMA for pacs.008 both ways. Move time with `network.clock.set`.
# - `durable_network` is the same with the SQL ledger on the same database, as the server runs.
# - `network.payment(...)` builds a signed submission; `network.submit(...)` runs the pipeline.
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bankwire.flows.screening import ListScreener
from tests.flows.harness import Network, fixture_screener, make_network


@pytest.fixture(scope="session")
def screener() -> ListScreener:
    return fixture_screener()


@pytest.fixture
def network(engine: Engine, screener: ListScreener) -> Iterator[Network]:
    yield make_network(engine, screener)


@pytest.fixture
def durable_network(engine: Engine, screener: ListScreener) -> Iterator[Network]:
    yield make_network(engine, screener, durable=True)
