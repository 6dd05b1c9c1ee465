"""Errors as JSON with stable codes: the one place HTTP statuses are chosen (yente HANDLERS).

Domain errors carry no HTTP status; this table maps each type to a status and a code. The
most specific type wins (the table is searched along the exception's MRO). Starlette's own
``HTTPException`` (no such route, method not allowed ...) keeps its status and headers; its
code is named after the status (``not_found``, ``method_not_allowed``).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Final

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from bankwire.errors import (
    AuthenticationError,
    BankwireError,
    ConfigError,
    DirectoryConflict,
    DirectoryError,
    LedgerError,
    MessageError,
    PolicyError,
    RoutingError,
    StoreError,
)

__all__ = ["HANDLERS", "ApiError", "Forbidden", "InvalidUetr", "NotFound", "error_response"]


class ApiError(BankwireError):
    """An API-level refusal (not found, forbidden) with its own code."""

    code = "bad_request"


class NotFound(ApiError):
    code = "not_found"


class Forbidden(ApiError):
    code = "forbidden"


class InvalidUetr(ApiError):
    """A path names a UETR that is not one (a UUIDv4), so nothing could ever match it."""

    code = "invalid_uetr"


HANDLERS: Final[dict[type[Exception], tuple[int, str]]] = {
    NotFound: (404, "not_found"),
    Forbidden: (403, "forbidden"),
    InvalidUetr: (422, "invalid_uetr"),
    ApiError: (400, "bad_request"),
    AuthenticationError: (401, "unauthenticated"),
    MessageError: (422, "invalid_message"),
    PolicyError: (422, "invalid_policy_data"),
    RoutingError: (422, "routing"),
    DirectoryConflict: (409, "conflict"),
    DirectoryError: (422, "invalid_directory_entry"),
    StoreError: (503, "store_unavailable"),
    LedgerError: (500, "ledger_invariant"),
    ConfigError: (500, "configuration"),
    BankwireError: (400, "error"),
    RequestValidationError: (422, "invalid_request"),
    HTTPException: (500, "http_error"),  # Status and code come from the exception itself.
}

_CODE_FOR_STATUS: Final[dict[int, str]] = {401: "unauthenticated"}
"""Where the status's own name would differ from the code the table above gives it."""


def error_response(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http_exception_response(request, exc)
    for kind in type(exc).__mro__:
        if kind in HANDLERS:
            status, code = HANDLERS[kind]
            break
    else:  # Not in the table: a programming error, let the server log it as one.
        raise exc
    if isinstance(exc, RequestValidationError):
        message = "; ".join(
            f"{'/'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
    else:
        message = str(exc)
    return JSONResponse(status_code=status, content={"code": code, "message": message})


def _http_exception_response(request: Request, exc: HTTPException) -> Response:
    """Starlette's refusal as ``{"code", "message"}``, with its status and headers (``Allow``)."""
    status = exc.status_code
    if status in {204, 304} or status < 200:  # These statuses carry no body.
        return Response(status_code=status, headers=exc.headers)
    try:
        known: HTTPStatus | None = HTTPStatus(status)
    except ValueError:
        known = None
    code = _CODE_FOR_STATUS.get(status) or (known.name.lower() if known else "http_error")
    detail = str(exc.detail)
    where = f"{request.method} {request.url.path}"
    if not detail or (known is not None and detail == known.phrase):
        # Starlette's default detail names only the status: say what was asked as well.
        message = f"{detail or f'HTTP {status}'}: {where}"
        if status == 405 and exc.headers and (allow := exc.headers.get("Allow")):
            message += f" (allowed: {allow})"
        elif status == 404:
            message += " (no such route)"
    else:
        message = detail
    return JSONResponse(
        status_code=status, content={"code": code, "message": message}, headers=exc.headers
    )
