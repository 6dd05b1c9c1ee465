"""Raw statements write and read exactly what SQLAlchemy does, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, bindparam, insert, select

from bankwire.errors import StoreError
from bankwire.store.base import Event
from bankwire.store.network import SqlNetworkStore
from bankwire.store.network_raw import RawInStatement, RawStatement, in_list
from bankwire.store.network_tables import events, queue

AT = datetime(2022, 3, 1, 12, 0, 5, 123456, tzinfo=UTC)

_INSERT = RawStatement(
    insert(events).returning(events.c.id),
    ("at", "kind", "uetr", "message_pk", "participant", "detail"),
)
_INSERT_MANY = RawStatement(
    insert(events), ("at", "kind", "uetr", "message_pk", "participant", "detail")
)
_BY_KIND = RawStatement(
    select(events).where(events.c.kind == bindparam("kind")).order_by(events.c.id).limit(2)
)


def _line(kind: str) -> dict[str, object]:
    return {"at": AT, "kind": kind, "uetr": None, "message_pk": 7, "participant": "PRMSRUMM",
            "detail": "{}"}  # fmt: skip


def test_raw_insert_reads_back_through_sqlalchemy(any_engine: Engine) -> None:
    """A datetime written raw is stored as SQLAlchemy stores it, and read back the same."""
    store = SqlNetworkStore(any_engine)
    with any_engine.begin() as connection:
        row = _INSERT.first(connection, _line("raw"))
        assert row is not None and isinstance(row.id, int)
    with store.transaction() as tx:
        tx.append_events([Event(AT, "core", None, 7, "PRMSRUMM", {})])
    with any_engine.connect() as connection:
        found = connection.execute(select(events).order_by(events.c.id)).all()
    assert [(r.kind, r.at.replace(tzinfo=UTC), r.message_pk) for r in found] == [
        ("raw", AT, 7),
        ("core", AT, 7),
    ]
    assert found[0].at == found[1].at


def test_raw_select_applies_result_types_and_the_statement_limit(any_engine: Engine) -> None:
    with any_engine.begin() as connection:
        assert _INSERT_MANY.run_many(connection, [_line("k"), _line("k"), _line("k")]) == 3
        assert _INSERT_MANY.run_many(connection, []) == 0
        rows = _BY_KIND.rows(connection, {"kind": "k"})
        assert len(rows) == 2  # The LIMIT the statement carries applies without a parameter.
        assert rows[0].at.replace(tzinfo=UTC) == AT
        assert rows[0].message_pk == 7
        assert _BY_KIND.first(connection, {"kind": "none"}) is None
        with pytest.raises(AttributeError, match="no column 'missing'"):
            _ = rows[0].missing


def test_raw_update_counts_rows_and_booleans_round_trip(any_engine: Engine) -> None:
    enqueue = RawStatement(
        insert(queue).returning(queue.c.id),
        ("receiver", "sequence", "message_pk", "state", "attempts", "deadline",
         "possible_duplicate"),
    )  # fmt: skip
    values = {"receiver": "PRMSRUMM", "sequence": None, "message_pk": 1, "state": "queued",
              "attempts": 0, "deadline": None, "possible_duplicate": True}  # fmt: skip
    with any_engine.begin() as connection:
        enqueue.first(connection, values)
        count = RawStatement(select(queue.c.possible_duplicate))
        assert count.scalar(connection, {}) is True
        with pytest.raises(AssertionError, match="expected one row"):
            enqueue.scalar(connection, {**values, "message_pk": 2}) and count.scalar(connection, {})


def test_a_driver_error_from_a_raw_statement_is_a_store_error(any_engine: Engine) -> None:
    """A raw statement's failure (here a unique key) surfaces like any other store failure."""
    store = SqlNetworkStore(any_engine)
    values = {"receiver": "PRMSRUMM", "sequence": None, "message_pk": 1, "state": "queued",
              "attempts": 0, "deadline": None, "possible_duplicate": False}  # fmt: skip
    with pytest.raises(StoreError, match="network store"), store.transaction() as tx:
        tx.enqueue("PRMSRUMM", 1)
        RawStatement(insert(queue), tuple(values)).run(tx._c, values)
    with store.transaction() as tx:
        assert tx.queue_item_for(1) is None  # The whole transaction was rolled back.


def test_an_in_list_selects_what_an_expanding_in_selects(any_engine: Engine) -> None:
    """Padded to a power of two with its last value: no row more, none less, none twice."""
    by_pk = RawInStatement(
        lambda size: (
            select(events)
            .where(events.c.kind == bindparam("kind"), events.c.message_pk.in_(in_list(size)))
            .order_by(events.c.id)
        )
    )
    expanding = (
        select(events)
        .where(
            events.c.kind == bindparam("kind"),
            events.c.message_pk.in_(bindparam("pks", expanding=True)),
        )
        .order_by(events.c.id)
    )
    with any_engine.begin() as connection:
        _INSERT_MANY.run_many(
            connection,
            [{**_line(kind), "message_pk": pk} for pk in range(1, 12) for kind in ("a", "b")],
        )
        for pks in ([3], [1, 2, 3], [5, 3, 5], [11, 1, 2, 4, 9], list(range(0, 14)), [99]):
            found = by_pk.rows(connection, pks, {"kind": "a"})
            wanted = connection.execute(expanding, {"kind": "a", "pks": pks}).all()
            assert [(r.id, r.kind, r.message_pk) for r in found] == [
                (r.id, r.kind, r.message_pk) for r in wanted
            ]
        with pytest.raises(ValueError, match="at least one value"):
            by_pk.rows(connection, [], {"kind": "a"})
