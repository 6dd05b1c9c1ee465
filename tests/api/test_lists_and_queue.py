"""A list version loaded while payments wait is applied before delivery; long polls wake."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from bankwire.api.app import create_app
from bankwire.money import Amount
from bankwire.transports.memory import InProcessApp, memory_client
from tests.api.harness import load_list, payment, prepare


def test_new_list_version_blocks_a_queued_payment_before_delivery(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'net.db'}"
    prepared = prepare(url, lists=("eu_fsf_trimmed.csv",))
    transport = InProcessApp(create_app(prepared.settings))
    operator = {"Authorization": f"Bearer {prepared.operator_token}"}
    try:
        sender = memory_client(transport, prepared.credentials["BOFAUS3N"])
        receiver = memory_client(transport, prepared.credentials["DEUTDEFF"])
        body = payment("BOFAUS3N", "DEUTDEFF", amount=Amount.parse("900.00", "USD"),
                       creditor="Evrofinance Mosnarbank", creditor_country="RU")  # fmt: skip
        answer = sender.submit(body)
        assert answer["decision"] == "pass"
        load_list(url, "sdn.csv")  # As another process running `bankwire lists load` would.
        with transport.client() as http:
            refreshed = http.post("/lists/refresh", headers=operator).json()
            assert refreshed == {"screened": 1, "changed": [[answer["uetr"], "queued", "blocked"]]}
            listed = {v["list_name"] for v in http.get("/lists", headers=operator).json()}
            assert listed == {"eu_fsf", "us_ofac_sdn"}
        assert receiver.fetch() == []
        assert sender.track(answer["uetr"])["state"] == "blocked"
    finally:
        transport.shutdown()


def test_long_poll_returns_as_soon_as_a_message_is_queued(tmp_path: Path) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'net.db'}")
    transport = InProcessApp(create_app(prepared.settings))
    try:
        receiver = memory_client(transport, prepared.credentials["BOFAUS3N"])
        fetched: list[dict[str, Any]] = []
        poll = threading.Thread(target=lambda: fetched.extend(receiver.fetch(10, wait=20)))
        poll.start()
        answer = memory_client(transport, prepared.credentials["DEUTDEFF"]).submit(
            payment("DEUTDEFF", "BOFAUS3N")
        )
        poll.join()
        assert [item["uetr"] for item in fetched] == [answer["uetr"]]
    finally:
        transport.shutdown()
