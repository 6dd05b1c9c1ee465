"""The directory side of a network transaction: operators, participants, RMA, replay
memory, licences and what moved under them."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bankwire.money import Amount
from bankwire.network.participants import Participant
from bankwire.network.rma import RmaAuthorisation
from bankwire.store.base import LicenceRecord
from bankwire.store.network_raw import RawRow, RawStatement
from bankwire.store.network_tables import (
    directory_version,
    licence_usage,
    licences,
    operators,
    participant_from_row,
    participants,
    rma,
    signatures,
)

__all__ = ["DirectoryCache", "DirectoryOperations"]

_T = TypeVar("_T")

_BUILT: dict[tuple[Any, ...], Participant] = {}
"""Participants built from rows, by the row's values: see ``_participant``."""
_BUILT_MAX = 65_536


def _participant(row: RawRow) -> Participant:
    """The participant a row holds; the object built from the same values before, if any.

    Every batch reads the whole directory for its decisions (``flows/decide.py``) and gets
    back rows unchanged since the last batch: building them again cost more than reading
    them, and the batch's two snapshots compare equal at once when they hold the same
    objects. ``Participant`` is frozen, so sharing one is safe; a row that changed in any
    column is a new key and builds a new object.
    """
    key = row.values
    try:
        found = _BUILT.get(key)
    except TypeError:  # A driver that gives a column as an unhashable value.
        return participant_from_row(row)
    if found is None:
        if len(_BUILT) >= _BUILT_MAX:
            _BUILT.clear()
        found = _BUILT[key] = participant_from_row(row)
    return found


# Statements every submission runs, built once (see ``store/network.py``).
_PARTICIPANT = RawStatement(select(participants).where(participants.c.bic == bindparam("bic")))
_PARTICIPANT_BY_TOKEN = RawStatement(
    select(participants).where(participants.c.token_sha256 == bindparam("token_sha256"))
)
_RMA_PAIR = RawStatement(
    select(rma).where(rma.c.sender == bindparam("sender"), rma.c.receiver == bindparam("receiver"))
)
_SEEN_SIGNATURE = select(signatures.c.sender).where(
    signatures.c.sender == bindparam("sender"),
    signatures.c.digest == bindparam("digest"),
    signatures.c.nonce == bindparam("nonce"),
)
_INSERT_SIGNATURE = insert(signatures)
# Read once per batch by the decide step (its snapshot of the directory).
_ALL_PARTICIPANTS = RawStatement(select(participants).order_by(participants.c.bic))
_ALL_LICENCES = RawStatement(select(licences).order_by(licences.c.reference))
_ALL_LICENCE_USAGE = RawStatement(select(licence_usage))
_DIRECTORY_VERSION = RawStatement(
    select(directory_version.c.version).where(directory_version.c.id == 1)
)
_COUNT_UP = {
    name: insert_into(directory_version)
    .values(id=1, version=1)
    .on_conflict_do_update(
        index_elements=[directory_version.c.id], set_={"version": directory_version.c.version + 1}
    )
    for name, insert_into in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert))
}
_SIGNATURE_COLUMNS = ("sender", "digest", "nonce", "seen_at")
_REMEMBER_SIGNATURE = {
    # One statement instead of a lookup and an insert: the primary key decides, and the
    # row count says whether this (sender, digest, nonce) was new.
    "sqlite": RawStatement(sqlite.insert(signatures).on_conflict_do_nothing(), _SIGNATURE_COLUMNS),
    "postgresql": RawStatement(
        postgresql.insert(signatures).on_conflict_do_nothing(), _SIGNATURE_COLUMNS
    ),
}


class DirectoryCache:
    """The directory's tables as a store last read them, kept while their version stands.

    Every batch reads the whole directory for its decisions (``flows/decide.py``): all
    participants, all licences, and what moved under each licence, a table that grows with
    every licensed payment. The writes to those tables (``save_participant``,
    ``save_licence``, ``record_licence_usage``) count up one version row in their own
    transaction, so a read that finds the version it read last takes the tables from here:
    one row by its key instead of scans that grow with the network. A transaction that
    wrote to the directory neither takes from nor adds to the cache (what it reads may yet
    be rolled back). Shared by the threads of one store; each read gets its own copy.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: dict[str, tuple[int, object]] = {}

    def get(self, table: str, version: int) -> object | None:
        with self._lock:
            found = self._tables.get(table)
        return found[1] if found is not None and found[0] == version else None

    def put(self, table: str, version: int, value: object) -> None:
        with self._lock:
            self._tables[table] = (version, value)


class DirectoryOperations:
    """Mixed into ``SqlNetworkTransaction``; works on its open connection."""

    _c: Connection
    _directory: DirectoryCache
    _directory_version: int | None
    _directory_written: bool

    def _cached(self, table: str, read: Callable[[], _T]) -> _T:
        """``read()``, or what it gave before at this directory version (read once per
        transaction: a snapshot's three tables share it)."""
        if self._directory_written:
            return read()
        version = self._directory_version
        if version is None:
            found = _DIRECTORY_VERSION.first(self._c, {})
            version = self._directory_version = 0 if found is None else int(found.first)
        cached = self._directory.get(table, version)
        if cached is not None:
            return cast(_T, cached)
        value = read()
        self._directory.put(table, version, value)
        return value

    def _directory_changed(self) -> None:
        """Count the directory's version up (in this transaction)."""
        self._directory_written = True
        count_up = _COUNT_UP.get(self._c.dialect.name)
        if count_up is not None:
            self._c.execute(count_up)
            return
        counted = self._c.execute(
            update(directory_version)
            .where(directory_version.c.id == 1)
            .values(version=directory_version.c.version + 1)
        ).rowcount
        if counted == 0:
            self._c.execute(insert(directory_version).values(id=1, version=1))

    def add_operator(self, name: str, token_sha256: str) -> None:
        self._c.execute(insert(operators).values(name=name, token_sha256=token_sha256))

    def operator_by_token(self, token_sha256: str) -> str | None:
        row = self._c.execute(
            select(operators.c.name).where(operators.c.token_sha256 == token_sha256)
        ).first()
        return None if row is None else str(row.name)

    def participant(self, bic: str) -> Participant | None:
        row = _PARTICIPANT.first(self._c, {"bic": bic})
        return None if row is None else _participant(row)

    def participants(self) -> list[Participant]:
        def read() -> tuple[Participant, ...]:
            return tuple(_participant(row) for row in _ALL_PARTICIPANTS.rows(self._c, {}))

        return list(self._cached("participants", read))

    def participant_by_token(self, token_sha256: str) -> Participant | None:
        row = _PARTICIPANT_BY_TOKEN.first(self._c, {"token_sha256": token_sha256})
        return None if row is None else _participant(row)

    def save_participant(self, participant: Participant) -> None:
        values = {
            "name": participant.name,
            "country": participant.country,
            "currencies": ",".join(participant.currencies),
            "jurisdictions": ",".join(participant.jurisdictions),
            "public_key": participant.public_key,
            "token_sha256": participant.token_sha256,
            "status": participant.status.value,
            "disconnected_from": participant.disconnected_from,
            "licence_reference": participant.licence_reference,
        }
        changed = self._c.execute(
            update(participants).where(participants.c.bic == participant.bic).values(**values)
        ).rowcount
        if changed == 0:
            self._c.execute(insert(participants).values(bic=participant.bic, **values))
        self._directory_changed()

    def rma(self, sender: str | None = None, receiver: str | None = None) -> list[RmaAuthorisation]:
        """Every authorisation, or those between one sender and one receiver."""
        if sender is not None and receiver is not None:
            rows: Iterable[Any] = _RMA_PAIR.rows(self._c, {"sender": sender, "receiver": receiver})
        else:
            query = select(rma)
            if sender is not None:
                query = query.where(rma.c.sender == sender)
            if receiver is not None:
                query = query.where(rma.c.receiver == receiver)
            rows = self._c.execute(query)
        grouped: dict[tuple[str, str], set[str]] = {}
        for row in rows:
            grouped.setdefault((row.sender, row.receiver), set()).add(row.message_type)
        return [
            RmaAuthorisation(sender, receiver, frozenset(types))
            for (sender, receiver), types in sorted(grouped.items())
        ]

    def grant_rma(self, authorisation: RmaAuthorisation) -> None:
        existing = {
            row.message_type
            for row in self._c.execute(
                select(rma.c.message_type).where(
                    rma.c.sender == authorisation.sender, rma.c.receiver == authorisation.receiver
                )
            )
        }
        new = sorted(authorisation.message_types - existing)
        if new:
            self._c.execute(
                insert(rma),
                [
                    {
                        "sender": authorisation.sender,
                        "receiver": authorisation.receiver,
                        "message_type": message_type,
                    }
                    for message_type in new
                ],
            )

    def remember_signature(self, sender: str, digest: str, nonce: str, at: datetime) -> bool:
        """False when this (sender, digest, nonce) was seen before: a replay."""
        key = {"sender": sender, "digest": digest, "nonce": nonce}
        remember = _REMEMBER_SIGNATURE.get(self._c.dialect.name)
        if remember is not None:
            return remember.run(self._c, {**key, "seen_at": at}) == 1
        if self._c.execute(_SEEN_SIGNATURE, key).first() is not None:
            return False
        self._c.execute(_INSERT_SIGNATURE, {**key, "seen_at": at})
        return True

    def save_licence(self, licence: LicenceRecord) -> None:
        values = {
            "data": json.dumps(licence.data, sort_keys=True),
            "valid_from": licence.valid_from,
            "valid_to": licence.valid_to,
        }
        changed = self._c.execute(
            update(licences).where(licences.c.reference == licence.reference).values(**values)
        ).rowcount
        if changed == 0:
            self._c.execute(insert(licences).values(reference=licence.reference, **values))
        self._directory_changed()

    def record_licence_usage(self, licence_key: str, message_pk: int, amount: Amount) -> None:
        """What a payment moved under a licence, once per payment (a re-run adds nothing)."""
        seen = self._c.execute(
            select(licence_usage.c.message_pk).where(
                licence_usage.c.licence_key == licence_key,
                licence_usage.c.message_pk == message_pk,
            )
        ).first()
        if seen is None:
            self._c.execute(
                insert(licence_usage).values(
                    licence_key=licence_key,
                    message_pk=message_pk,
                    minor_units=amount.minor_units,
                    currency=amount.currency.code,
                )
            )
            self._directory_changed()

    def licence_usage(self) -> dict[str, tuple[str, str]]:
        """Licence key -> (decimal amount, currency) moved under it so far."""

        def read() -> tuple[tuple[str, tuple[str, str]], ...]:
            totals: dict[str, Amount] = {}
            for row in _ALL_LICENCE_USAGE.rows(self._c, {}):
                amount = Amount.of(row.minor_units, row.currency)
                previous = totals.get(row.licence_key)
                totals[row.licence_key] = amount if previous is None else previous + amount
            return tuple(
                (key, (value.to_decimal_string(), value.currency.code))
                for key, value in totals.items()
            )

        return dict(self._cached("licence_usage", read))

    def licences(self) -> list[LicenceRecord]:
        def read() -> tuple[tuple[str, str, Any, Any], ...]:
            rows = _ALL_LICENCES.rows(self._c, {})
            return tuple((row.reference, row.data, row.valid_from, row.valid_to) for row in rows)

        # Built afresh from the kept row values: a record's ``data`` is a dict, its reader's own.
        return [
            LicenceRecord(reference, json.loads(data), valid_from, valid_to)
            for reference, data, valid_from, valid_to in self._cached("licences", read)
        ]
