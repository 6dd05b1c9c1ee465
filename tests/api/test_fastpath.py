"""``POST /payments`` answered by the ASGI fast path: same answers, statuses and errors."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from bankwire.api.app import create_app
from bankwire.api.batcher import Batcher
from bankwire.api.fastpath import SubmitFastPath
from bankwire.errors import StoreError
from bankwire.flows.submit_payment import Submission, SubmitResult
from bankwire.transports.http import SIGNATURE_HEADER, signature_header
from bankwire.transports.memory import InProcessApp
from tests.api.conftest import Api
from tests.api.harness import payment, prepare


def _signed(api: Api, sender: str, body: bytes) -> dict[str, str]:
    credentials = api.prepared.credentials[sender]
    return {"Authorization": f"Bearer {credentials.token}",
            SIGNATURE_HEADER: signature_header(credentials, body)}  # fmt: skip


def test_an_accepted_payment_is_answered_with_its_decision(api: Api) -> None:
    body = payment("DEUTDEFF", "BOFAUS3N")
    answer = api.http.post("/payments", content=body, headers=_signed(api, "DEUTDEFF", body))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    found = answer.json()
    assert (found["status"], found["code"], found["decision"]) == ("ack", None, "pass")
    assert set(found) == {"uetr", "status", "code", "text", "decision"}


def test_a_nak_is_422_with_its_code(api: Api) -> None:
    body = payment("DEUTDEFF", "BOFAUS3N")
    answer = api.http.post("/payments", content=body, headers={"Authorization": "Bearer x"})
    assert answer.status_code == 422
    assert (answer.json()["status"], answer.json()["code"]) == ("nak", "S07")


def test_other_routes_still_reach_the_application(api: Api) -> None:
    assert api.http.get("/openapi.json").json()["paths"]["/payments"]["post"]
    assert api.http.get("/payments").status_code == 405


def test_a_body_above_the_bound_is_a_t04_nak_with_an_audit_line(tmp_path: Path) -> None:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", message_bytes_max=1000)
    token = prepared.credentials["DEUTDEFF"].token
    with InProcessApp(create_app(prepared.settings)).client() as http:
        # Within twice the bound the pipeline reads it all and NAKs it.
        over = http.post("/payments", content=b"x" * 1500, headers={"Authorization": "Bearer x"})
        assert (over.status_code, over.json()["code"]) == (422, "T04")
        # Far above, reading stops at twice the bound, and the start read NAKs the same way.
        far = http.post("/payments", content=b"x" * 50_000,
                        headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert (far.status_code, far.json()["status"], far.json()["code"]) == (422, "nak", "T04")
        assert "more than " in far.json()["text"]
        operator = {"Authorization": f"Bearer {prepared.operator_token}"}
        audit = http.get("/admin/audit", headers=operator, params={"limit": 50}).json()
        naks = [line for line in audit if line["kind"] == "nak"]
        # The audit line names the sender its token identified, an unknown token none.
        assert [(line["detail"]["code"], line["participant"]) for line in naks] == [
            ("T04", None), ("T04", "DEUTDEFF"),
        ]  # fmt: skip
        assert naks[1]["detail"]["bytes"] <= 2 * 1000 + 65_536  # Only the start was kept.


class _Failing:
    """A batcher whose batch failed: every waiting request gets the failure."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def submit(self, submission: Submission) -> Future[SubmitResult]:
        future: Future[SubmitResult] = Future()
        future.set_exception(self.error)
        return future


def _call(middleware: SubmitFastPath, body: bytes) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body[:3], "more_body": True},
              {"type": "http.request", "body": body[3:], "more_body": False}]  # fmt: skip

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": "POST", "path": "/payments", "headers": []}
    asyncio.run(middleware(scope, receive, send))
    return sent


async def _unreachable(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("the fast path passed a submission on")


def _failing(error: Exception) -> SubmitFastPath:
    batcher: Any = _Failing(error)
    return SubmitFastPath(_unreachable, lambda: batcher, body_max=100)


def test_a_failed_batch_is_answered_with_the_error_table_s_code() -> None:
    start, body = _call(_failing(StoreError("disk full")), b"<Document/>")
    assert start["status"] == 503
    assert body["body"] == b'{"code":"store_unavailable","message":"disk full"}'


def test_an_unknown_failure_is_left_to_the_server_to_log() -> None:
    with pytest.raises(ZeroDivisionError):
        _call(_failing(ZeroDivisionError("bug")), b"<Document/>")


def test_the_batcher_is_only_looked_up_per_request() -> None:
    """The app's batcher exists only once the lifespan started: looked up per request."""
    calls: list[int] = []

    def later() -> Batcher:
        calls.append(1)
        raise StoreError("not started")

    assert _call(SubmitFastPath(_unreachable, later, 100), b"<Document/>")[0]["status"] == 503
    assert calls == [1]
