"""Every refusal is ``{"code", "message"}``, routing's own (no such route, wrong method) too."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI, Request
from fastapi import HTTPException as FastApiHTTPException
from starlette.exceptions import HTTPException

from bankwire.api.errors import HANDLERS, error_response
from bankwire.transports.memory import InProcessApp
from tests.api.conftest import Api


def test_unknown_route_is_a_json_not_found(api: Api) -> None:
    response = api.http.get("/no/such/route", headers=api.operator)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "code": "not_found",
        "message": "Not Found: GET /no/such/route (no such route)",
    }


def test_unsupported_method_is_a_json_method_not_allowed_with_allow(api: Api) -> None:
    response = api.http.delete("/ledger/balances", headers=api.operator)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "Method Not Allowed: DELETE /ledger/balances (allowed: GET)",
    }


def test_domain_not_found_keeps_its_own_message(api: Api) -> None:
    response = api.http.get("/payments/8a562c67-ca16-48ba-b074-65581be6f011")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Not Found:" not in response.json()["message"]


def _request(method: str, path: str) -> Request:
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": []}
    return Request(scope)


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (HTTPException(401, headers={"WWW-Authenticate": "Bearer"}), 401,
         {"code": "unauthenticated", "message": "Unauthorized: GET /x"}),
        (HTTPException(409, "already there"), 409,
         {"code": "conflict", "message": "already there"}),
        (HTTPException(599), 599, {"code": "http_error", "message": "HTTP 599: GET /x"}),
    ],
    ids=["default-detail", "own-detail", "unknown-status"],
)  # fmt: skip
def test_http_exceptions_keep_status_and_headers(
    exc: HTTPException, status: int, body: dict[str, str]
) -> None:
    response = error_response(_request("GET", "/x"), exc)
    assert response.status_code == status
    assert json.loads(bytes(response.body)) == body
    for name, value in (exc.headers or {}).items():
        assert response.headers[name] == value


def test_statuses_without_a_body_get_none() -> None:
    response = error_response(_request("GET", "/x"), HTTPException(304))
    assert (response.status_code, response.body) == (304, b"")


def test_the_application_maps_fastapi_http_exceptions_too() -> None:
    """fastapi's HTTPException is a starlette one: the app's handlers answer it the same way."""
    app = FastAPI()
    for kind in HANDLERS:
        app.add_exception_handler(kind, error_response)

    @app.get("/gone")
    def gone() -> None:
        raise FastApiHTTPException(410, "moved away")

    transport = InProcessApp(app)
    try:
        with transport.client() as client:
            response = client.get("/gone")
    finally:
        transport.shutdown()
    assert response.status_code == 410
    assert response.json() == {"code": "gone", "message": "moved away"}
