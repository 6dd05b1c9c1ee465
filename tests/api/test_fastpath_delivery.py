"""Fetch and acks answered by the ASGI fast path: the same statuses and JSON as the routes.

Each case is sent twice into one running application: once as served (the fast path in
front) and once through the same middleware stack without the fast path, where the FastAPI
routes answer. Cases that change the queue are arranged so that both requests meet the same
state (a duplicate ack, an unknown sequence, a redelivered message).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bankwire.api.app import create_app
from bankwire.api.fastpath_delivery import DeliveryFastPath, Served
from bankwire.errors import StoreError
from bankwire.transports.http import SIGNATURE_HEADER, signature_header
from bankwire.transports.memory import InProcessApp
from tests.api.harness import Prepared, payment, prepare


@dataclass
class Both:
    app: FastAPI
    http: httpx.Client
    prepared: Prepared

    def token(self, bic: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.prepared.credentials[bic].token}"}

    def submit(self, sender: str, receiver: str) -> str:
        body = payment(sender, receiver)
        credentials = self.prepared.credentials[sender]
        headers = {**self.token(sender), SIGNATURE_HEADER: signature_header(credentials, body)}
        answer = self.http.post("/payments", content=body, headers=headers)
        assert answer.status_code == 200
        uetr: str = answer.json()["uetr"]
        return uetr

    @contextmanager
    def routes(self) -> Iterator[None]:
        """Requests meanwhile reach the FastAPI routes: the stack without the fast path."""
        served = self.app.middleware_stack or self.app.build_middleware_stack()
        kept = self.app.user_middleware
        self.app.user_middleware = [m for m in kept if m.cls is not DeliveryFastPath]
        try:
            self.app.middleware_stack = self.app.build_middleware_stack()
        finally:
            self.app.user_middleware = kept
        try:
            yield
        finally:
            self.app.middleware_stack = served

    def compare(self, method: str, url: str, **request: Any) -> tuple[int, Any]:
        """The route's answer and the fast path's, which must be the same; that answer."""
        with self.routes():
            routed = self.http.request(method, url, **request)
        fast = self.http.request(method, url, **request)
        assert (fast.status_code, fast.json()) == (routed.status_code, routed.json())
        assert fast.content == routed.content
        assert fast.headers["content-type"] == routed.headers["content-type"]
        return fast.status_code, fast.json()


def _both(tmp_path: Path, **settings: object) -> Iterator[Both]:
    prepared = prepare(f"sqlite:///{tmp_path / 'api.db'}", **settings)
    app = create_app(prepared.settings)
    transport = InProcessApp(app)
    with transport.client() as http:
        yield Both(app, http, prepared)
    transport.shutdown()


@pytest.fixture
def both(tmp_path: Path) -> Iterator[Both]:
    yield from _both(tmp_path)


@pytest.fixture
def redelivering(tmp_path: Path) -> Iterator[Both]:
    """Every fetch hands out again what is in flight: two fetches see the same message."""
    yield from _both(tmp_path, redelivery_timeout_s=0)


BAD_QUERIES = ["limit=0", "limit=1001", "limit=abc", "limit=", "limit=1e1",
               "wait=-1", "wait=31", "wait=nan", "wait=abc", "limit=5&limit=0"]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_bad_query_is_answered_as_the_application_answers_it(both: Both, query: str) -> None:
    status, found = both.compare("GET", f"/queue?{query}", headers=both.token("BOFAUS3N"))
    assert (status, found["code"]) == (422, "invalid_request")


def test_odd_but_valid_queries_are_answered_alike(both: Both) -> None:
    for query in ["limit=1000&wait=0", "wait=0.25", "limit=%31", "limit=3&other=x", "limit=010"]:
        assert both.compare("GET", f"/queue?{query}", headers=both.token("BOFAUS3N")) == (
            200,
            {"messages": []},
        )


AUTHORIZATIONS = [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer wrong"}]


@pytest.mark.parametrize("headers", AUTHORIZATIONS)
def test_no_token_or_a_wrong_one_is_401_on_every_route(both: Both, headers: dict[str, str]) -> None:
    body = {"sequences": [1]}
    assert both.compare("GET", "/queue?wait=0", headers=headers)[0] == 401
    assert both.compare("POST", "/queue/1/ack", headers=headers)[0] == 401
    assert both.compare("POST", "/queue/ack", json=body, headers=headers)[0] == 401


def test_an_operator_token_is_403_on_every_route(both: Both) -> None:
    headers = {"Authorization": f"Bearer {both.prepared.operator_token}"}
    for method, url, body in [("GET", "/queue", None), ("POST", "/queue/1/ack", None),
                              ("POST", "/queue/ack", {"sequences": [1]})]:  # fmt: skip
        status, found = both.compare(method, url, json=body, headers=headers)
        assert (status, found["code"]) == (403, "forbidden")


BAD_BODIES: list[tuple[bytes, str | None]] = [
    (b"not json", "application/json"),
    (b"", "application/json"),
    (b"{}", "application/json"),
    (b'{"sequences": []}', "application/json"),
    (b'{"sequences": [1], "more": 1}', "application/json"),
    (b'{"sequences": ["a"]}', "application/json"),
    (b'{"sequences": [1.5]}', "application/json"),
    (b'{"sequences": 1}', "application/json"),
    (b"[1, 2]", "application/json"),
    (json.dumps({"sequences": list(range(1001))}).encode(), "application/json"),
    (b'{"sequences": [1]}', None),
    (b'{"sequences": [1]}', "text/plain"),
]


@pytest.mark.parametrize(("body", "content_type"), BAD_BODIES)
def test_a_bad_ack_body_is_answered_as_the_application_answers_it(
    both: Both, body: bytes, content_type: str | None
) -> None:
    headers = both.token("BOFAUS3N")
    if content_type is not None:
        headers["Content-Type"] = content_type
    status, found = both.compare("POST", "/queue/ack", content=body, headers=headers)
    assert (status, found["code"]) == (422, "invalid_request")


def test_lenient_bodies_the_application_accepts_are_accepted_alike(both: Both) -> None:
    """Strings of digits and JSON with a charset: pydantic's lax mode, left to the route."""
    headers = {**both.token("BOFAUS3N"), "Content-Type": "application/json; charset=utf-8"}
    for body in [b'{"sequences": ["7"]}', b'{"sequences": [7, 7]}', b'{"sequences":[-1]}']:
        status, found = both.compare("POST", "/queue/ack", content=body, headers=headers)
        assert status == 200
        assert {answer["result"] for answer in found["results"]} == {"not_delivered"}


def test_unknown_and_malformed_sequences_are_answered_alike(both: Both) -> None:
    headers = both.token("BOFAUS3N")
    unknown = {"sequence": 99, "result": "not_delivered"}
    assert both.compare("POST", "/queue/99/ack", headers=headers) == (200, unknown)
    # Left to the route: a sequence that is no integer is refused; -1 and 007 are integers.
    for path, status in [("/queue/abc/ack", 422), ("/queue/1.5/ack", 422),
                         ("/queue/-1/ack", 200), ("/queue/007/ack", 200)]:  # fmt: skip
        assert both.compare("POST", path, headers=headers)[0] == status


def test_fetch_and_acks_of_real_messages_are_answered_alike(redelivering: Both) -> None:
    both = redelivering
    uetrs = [both.submit("DEUTDEFF", "BOFAUS3N") for _ in range(3)]
    headers = both.token("BOFAUS3N")
    # The first fetch hands them out; with no redelivery delay, both later fetches hand the
    # same three out again as possible duplicates.
    first = both.http.get("/queue?limit=10", headers=headers).json()["messages"]
    assert [item["uetr"] for item in first] == uetrs
    status, again = both.compare("GET", "/queue?limit=10", headers=headers)
    assert status == 200
    assert [(item["sequence"], item["possible_duplicate"]) for item in again["messages"]] == [
        (1, True),
        (2, True),
        (3, True),
    ]
    with both.routes():
        routed_one = both.http.post("/queue/1/ack", headers=headers)
    fast_one = both.http.post("/queue/2/ack", headers=headers)
    assert routed_one.json() == {"sequence": 1, "result": "acknowledged"}
    assert fast_one.json() == {"sequence": 2, "result": "acknowledged"}
    assert both.compare("POST", "/queue/2/ack", headers=headers) == (
        200,
        {"sequence": 2, "result": "already_acknowledged"},
    )
    fast_batch = both.http.post("/queue/ack", json={"sequences": [3, 3, 1, 42]}, headers=headers)
    assert fast_batch.json() == {
        "results": [
            {"sequence": 3, "result": "acknowledged"},
            {"sequence": 3, "result": "already_acknowledged"},
            {"sequence": 1, "result": "already_acknowledged"},
            {"sequence": 42, "result": "not_delivered"},
        ]
    }
    duplicate = both.compare("POST", "/queue/ack", json={"sequences": [3, 1]}, headers=headers)
    assert [answer["result"] for answer in duplicate[1]["results"]] == ["already_acknowledged"] * 2
    # Each ack queued a pacs.002 to the sender, fetched through the fast path like any message.
    reports = both.http.get("/queue", headers=both.token("DEUTDEFF")).json()["messages"]
    assert [(item["uetr"], item["message_type"]) for item in reports] == [
        (uetr, "pacs.002.001.10") for uetr in uetrs
    ]


async def _unreachable(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("the fast path passed a request on")


def _call(
    middleware: DeliveryFastPath, method: str, path: str, headers: list[tuple[bytes, bytes]],
    query: bytes = b"", body: bytes = b"",
) -> tuple[int, Any]:  # fmt: skip
    """One request straight into ``middleware``, on an event loop of its own."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": method, "path": path, "query_string": query,
             "headers": headers}  # fmt: skip
    asyncio.run(middleware(scope, receive, send))
    return sent[0]["status"], json.loads(sent[1]["body"])


def _fast_only(both: Both) -> DeliveryFastPath:
    """The fast path over the running app's state, with nothing behind it."""
    state = both.app.state
    served = Served(state.runtime, state.batcher, state.queue_signal)
    return DeliveryFastPath(_unreachable, lambda: served)


def _bearer(both: Both, bic: str) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", both.token(bic)["Authorization"].encode())]


def test_the_plain_forms_are_answered_by_the_fast_path_itself(both: Both) -> None:
    fast = _fast_only(both)
    headers = _bearer(both, "BOFAUS3N")
    assert _call(fast, "GET", "/queue", headers, b"limit=5&wait=0") == (200, {"messages": []})
    assert _call(fast, "POST", "/queue/4/ack", headers) == (
        200,
        {"sequence": 4, "result": "not_delivered"},
    )
    json_headers = [*headers, (b"content-type", b"application/json")]
    assert _call(fast, "POST", "/queue/ack", json_headers, body=b'{"sequences": [4]}') == (
        200,
        {"results": [{"sequence": 4, "result": "not_delivered"}]},
    )
    assert _call(fast, "GET", "/queue", []) == (
        401,
        {
            "code": "unauthenticated",
            "message": "expected an 'Authorization: Bearer <token>' header",
        },
    )


def test_a_failure_is_answered_with_the_error_table_s_code(both: Both) -> None:
    def broken() -> Served:
        raise StoreError("not started")

    fast = DeliveryFastPath(_unreachable, broken)
    status, found = _call(fast, "GET", "/queue", _bearer(both, "BOFAUS3N"))
    assert (status, found) == (503, {"code": "store_unavailable", "message": "not started"})


def test_a_long_poll_wakes_when_a_message_is_queued(both: Both) -> None:
    fast = _fast_only(both)

    async def poll_then_submit() -> tuple[int, Any]:
        poll = asyncio.create_task(
            asyncio.to_thread(_call, fast, "GET", "/queue", _bearer(both, "BOFAUS3N"), b"wait=20")
        )
        await asyncio.sleep(0.2)  # The poll is waiting: its queue is empty.
        assert not poll.done()
        uetr = await asyncio.to_thread(both.submit, "DEUTDEFF", "BOFAUS3N")
        status, found = await poll
        return status, ([item["uetr"] for item in found["messages"]], uetr)

    status, (fetched, uetr) = asyncio.run(poll_then_submit())
    assert (status, fetched) == (200, [uetr])


def test_a_long_poll_returns_empty_after_its_wait(both: Both) -> None:
    fast = _fast_only(both)
    headers = _bearer(both, "BOFAUS3N")
    assert _call(fast, "GET", "/queue", headers, b"wait=0.3") == (200, {"messages": []})
    assert both.app.state.queue_signal.waiting == 0
