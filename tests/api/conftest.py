# Which fixture to use when:
# - `api` gives a started app (TestClient, lifespan run) on a fresh SQLite database with the
#   fixture lists, three banks (tests/api/harness.py BANKS), RMA both ways and an operator;
#   `api.client(bic)` is that bank's NetworkClient over the in-process transport; `api.http`
#   is a plain httpx client into the same app (for raw requests and operator routes).
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bankwire.api.app import create_app
from bankwire.transports.http import HttpNetworkClient
from bankwire.transports.memory import InProcessApp, memory_client
from tests.api.harness import Prepared, prepare


@dataclass
class Api:
    transport: InProcessApp
    http: httpx.Client
    prepared: Prepared

    def client(self, bic: str) -> HttpNetworkClient:
        return memory_client(self.transport, self.prepared.credentials[bic])

    @property
    def operator(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.prepared.operator_token}"}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}")
    transport = InProcessApp(create_app(prepared.settings))
    with transport.client() as http:
        yield Api(transport, http, prepared)
    transport.shutdown()
