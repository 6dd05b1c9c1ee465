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

__all__ = [
    "Caller",
    "RuntimeDep",
    "batcher",
    "caller",
    "operator",
    "participant",
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
    """Notified whenever something was queued, for long-polling fetches."""
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


def _token(authorization: str | None) -> str:
    if not authorization or not authorization.startswith("Bearer "):
        raise AuthenticationError("expected an 'Authorization: Bearer <token>' header")
    return authorization.removeprefix("Bearer ").strip()


def caller(rt: RuntimeDep, authorization: Annotated[str | None, Header()] = None) -> Caller:
    hashed = hash_token(_token(authorization))
    with rt.store.transaction() as tx:
        found = tx.participant_by_token(hashed)
        operator_name = None if found is not None else tx.operator_by_token(hashed)
    if found is None and operator_name is None:
        raise AuthenticationError("no participant or operator holds this bearer token")
    return Caller(found, operator_name)


def participant(who: Annotated[Caller, Depends(caller)]) -> Participant:
    if who.participant is None:
        raise Forbidden("this route is for participants; use a participant's token")
    return who.participant


def operator(who: Annotated[Caller, Depends(caller)]) -> str:
    if who.operator is None:
        raise Forbidden("this route is for operators; use the operator token from 'init'")
    return who.operator
