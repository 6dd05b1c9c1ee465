"""Request dependencies: the runtime, and who is calling (participant or operator).

Every endpoint needs a bearer token. Participant tokens identify one bank; operator tokens
(created by ``bankwire init``) open the directory, holds, licences, lists and ledger routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from bankwire.api.batcher import Batcher, QueueSignal
from bankwire.api.errors import Forbidden
from bankwire.api.runtime import Runtime
from bankwire.api.workers import ServeLock
from bankwire.errors import AuthenticationError
from bankwire.network.participants import Participant, hash_token
from bankwire.store.base import NetworkTransaction

__all__ = [
    "Caller",
    "RuntimeDep",
    "batcher",
    "bearer_token",
    "caller",
    "identify",
    "operator",
    "participant",
    "participant_of",
    "queue_signal",
    "runtime",
    "write_lock",
]


# The dependencies that only read the app's state are ``async``: FastAPI runs a plain ``def``
# dependency in its thread pool, a thread hop per request for a dictionary lookup.


async def runtime(request: Request) -> Runtime:
    found: Runtime = request.app.state.runtime
    return found


async def write_lock(request: Request) -> ServeLock:
    """One writer at a time: the ledger's memory and SQLite both want a single writer."""
    lock: ServeLock = request.app.state.write_lock
    return lock


async def batcher(request: Request) -> Batcher:
    found: Batcher = request.app.state.batcher
    return found


async def queue_signal(request: Request) -> QueueSignal:
    """Notified of the receivers messages were queued for, for long-polling fetches."""
    signal: QueueSignal = request.app.state.queue_signal
    return signal


RuntimeDep = Annotated[Runtime, Depends(runtime)]


@dataclass(frozen=True, slots=True)
class Caller:
    participant: Participant | None
    operator: str | None

    def may_see(self, *bics: str) -> bool:
        if self.operator is not None:
            return True
        return self.participant is not None and self.participant.bic[:8] in {b[:8] for b in bics}


_NOBODY = "no participant or operator holds this bearer token"


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, or AuthenticationError."""
    if not authorization or not authorization.startswith("Bearer "):
        raise AuthenticationError("expected an 'Authorization: Bearer <token>' header")
    return authorization.removeprefix("Bearer ").strip()


def identify(tx: NetworkTransaction, token_sha256: str) -> Caller | None:
    """Who holds the token, read in ``tx``; None if nobody does.

    A value rather than an error, so the delivery fast path can read it inside a shared
    transaction of the batcher (an exception there would roll back the others' work).
    """
    found = tx.participant_by_token(token_sha256)
    operator_name = None if found is not None else tx.operator_by_token(token_sha256)
    if found is None and operator_name is None:
        return None
    return Caller(found, operator_name)


def participant_of(who: Caller | None) -> Participant:
    """The participant calling, or the error a participant's route answers with."""
    if who is None:
        raise AuthenticationError(_NOBODY)
    if who.participant is None:
        raise Forbidden("this route is for participants; use a participant's token")
    return who.participant


def caller(rt: RuntimeDep, authorization: Annotated[str | None, Header()] = None) -> Caller:
    hashed = hash_token(bearer_token(authorization))
    with rt.store.transaction() as tx:
        found = identify(tx, hashed)
    if found is None:
        raise AuthenticationError(_NOBODY)
    return found


async def participant(who: Annotated[Caller, Depends(caller)]) -> Participant:
    return participant_of(who)


def operator(who: Annotated[Caller, Depends(caller)]) -> str:
    if who.operator is None:
        raise Forbidden("this route is for operators; use the operator token from 'init'")
    return who.operator
