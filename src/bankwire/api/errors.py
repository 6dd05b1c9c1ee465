"""Errors as JSON with stable codes: the one place HTTP statuses are chosen (yente HANDLERS).

Domain errors carry no HTTP status; this table maps each type to a status and a code. The
most specific type wins (the table is searched along the exception's MRO).
"""

from __future__ import annotations

from typing import Final

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
}


def error_response(_request: Request, exc: Exception) -> JSONResponse:
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
