"""The pipeline's hot statements, compiled once per dialect and run on the DB-API cursor.

SQLAlchemy's execution path (parameter construction, execution context, result proxy) costs
about 50 µs per statement, five times SQLite's own execution of these small indexed
statements; a payment runs a dozen of them. ``RawStatement`` compiles a Core statement once
for the connection's dialect (so SQLite and PostgreSQL each get their own SQL and parameter
style) and keeps the type processors SQLAlchemy would apply (datetimes as SQLite stores them,
booleans, binaries), so rows written here read back through SQLAlchemy unchanged and the
other way round. It runs on the same DB-API connection inside the same transaction: the
commit or rollback of ``engine.begin()`` covers it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, bindparam
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql.expression import Executable

__all__ = [
    "RawInStatement",
    "RawRow",
    "RawStatement",
    "in_list",
    "integrity_errors",
    "store_errors",
]

_Processor = Callable[[Any], Any] | None


class RawRow:
    """A result row with attribute access, as the ``*_from_row`` mappers read it."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    @property
    def first(self) -> Any:
        """The first column's value."""
        return next(iter(self._values.values()))

    @property
    def values(self) -> tuple[Any, ...]:
        """Every column's value, in the statement's column order."""
        return tuple(self._values.values())

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(
                f"row has no column {name!r} (has {sorted(self._values)})"
            ) from None


class _Compiled:
    __slots__ = (
        "columns", "converted", "fixed", "names", "positional", "readers", "sql", "writers",
    )  # fmt: skip

    def __init__(self, statement: Any, dialect: Dialect, column_keys: Sequence[str] | None) -> None:
        compiled = statement.compile(
            dialect=dialect, column_keys=list(column_keys) if column_keys is not None else None
        )
        self.sql: str = compiled.string
        self.positional: bool = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        self.names: tuple[str, ...] = tuple(names)
        self.fixed: dict[str, Any] = {
            name: compiled.binds[name].effective_value
            for name in self.names
            if not compiled.binds[name].required
        }
        """Values the statement carries itself (a LIMIT): used when the call does not give one."""
        self.writers: tuple[_Processor, ...] = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.names
        )
        self.converted: tuple[tuple[int, Callable[[Any], Any]], ...] = tuple(
            (index, writer) for index, writer in enumerate(self.writers) if writer is not None
        )
        """(position, processor) of the parameters that need converting."""
        found: Any = getattr(statement, "selected_columns", None)
        if found is None:
            found = getattr(statement, "_returning", ())
        selected: list[Any] = list(found)
        self.columns: tuple[str, ...] = tuple(
            str(getattr(column, "key", None) or f"column_{index}")
            for index, column in enumerate(selected)
        )
        self.readers: tuple[_Processor, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in selected
        )

    def bind(self, params: Mapping[str, Any]) -> Any:
        """The DB-API parameters for ``params``; run for every row of every statement, so
        the plain parameters are copied without a per-parameter test."""
        if self.fixed:
            params = {**self.fixed, **params}
        if self.positional:
            values = [params[name] for name in self.names]
            for index, writer in self.converted:
                values[index] = writer(values[index])
            return tuple(values)
        found = {name: params[name] for name in self.names}
        for index, writer in self.converted:
            name = self.names[index]
            found[name] = writer(found[name])
        return found

    def row(self, values: Sequence[Any]) -> RawRow:
        return RawRow(
            {
                name: value if reader is None else reader(value)
                for name, value, reader in zip(self.columns, values, self.readers, strict=True)
            }
        )


class RawStatement:
    """A Core statement run on the DB-API cursor; compiled on first use per dialect.

    ``column_keys`` names the columns an INSERT sets (the parameters it takes); other
    statements take their ``bindparam`` names.
    """

    __slots__ = ("_column_keys", "_compiled", "_statement")

    def __init__(self, statement: Executable, column_keys: Sequence[str] | None = None) -> None:
        self._statement = statement
        self._column_keys = tuple(column_keys) if column_keys is not None else None
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        key = f"{dialect.name}+{dialect.driver}"
        found = self._compiled.get(key)
        if found is None:
            found = _Compiled(self._statement, dialect, self._column_keys)
            self._compiled[key] = found
        return found

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """Run once; returns the rows changed (an UPDATE's compare-and-set outcome)."""
        compiled = self._for(connection)
        cursor = connection.connection.cursor()
        cursor.execute(compiled.sql, compiled.bind(params))
        count = int(cursor.rowcount)
        cursor.close()
        return count

    def run_many(self, connection: Connection, batch: Sequence[Mapping[str, Any]]) -> int:
        """Run for every parameter set in one ``executemany``; returns the rows changed.

        Not for ``RETURNING`` statements: the DB-API drivers give no rows (nor a reliable
        count) for those under ``executemany``.
        """
        if not batch:
            return 0
        compiled = self._for(connection)
        cursor = connection.connection.cursor()
        cursor.executemany(compiled.sql, [compiled.bind(params) for params in batch])
        count = int(cursor.rowcount)
        cursor.close()
        return count

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[RawRow]:
        """Run a SELECT (or INSERT ... RETURNING); every row, processed as SQLAlchemy would."""
        compiled = self._for(connection)
        cursor = connection.connection.cursor()
        cursor.execute(compiled.sql, compiled.bind(params))
        found = [compiled.row(values) for values in cursor.fetchall()]
        cursor.close()
        return found

    def first(self, connection: Connection, params: Mapping[str, Any]) -> RawRow | None:
        found = self.rows(connection, params)
        return found[0] if found else None

    def scalar(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        """The first column of the single row the statement returns."""
        found = self.rows(connection, params)
        if len(found) != 1:
            raise AssertionError(f"expected one row from {self._statement}, got {len(found)}")
        return found[0].first


class RawInStatement:
    """A statement with one ``IN`` list, run as a ``RawStatement``.

    SQLAlchemy renders an expanding ``IN`` parameter on every execution; here ``build(n)``
    gives the statement for ``n`` values (bound as ``in_0`` ... ``in_{n-1}``), compiled once
    per size. Sizes are rounded up to a power of two, the list padded with its last value
    (a value twice in an ``IN`` list selects nothing more), so a handful of sizes are ever
    compiled.
    """

    __slots__ = ("_build", "_sized")

    def __init__(self, build: Callable[[int], Executable]) -> None:
        self._build = build
        self._sized: dict[int, RawStatement] = {}

    def rows(
        self, connection: Connection, values: Sequence[Any], params: Mapping[str, Any]
    ) -> list[RawRow]:
        """Every row for ``values`` in the ``IN`` list and the other ``params``."""
        if not values:
            raise ValueError("an IN list needs at least one value")
        size = 1 << (len(values) - 1).bit_length()
        statement = self._sized.get(size)
        if statement is None:
            statement = RawStatement(self._build(size))
            self._sized[size] = statement
        padded = [*values, *([values[-1]] * (size - len(values)))]
        return statement.rows(
            connection, {**params, **{f"in_{index}": v for index, v in enumerate(padded)}}
        )


def in_list(size: int) -> list[Any]:
    """The bound parameters of a ``RawInStatement`` of ``size`` values."""
    return [bindparam(f"in_{index}") for index in range(size)]


def _driver_error(dialect: Dialect, name: str) -> tuple[type[Exception], ...]:
    module = getattr(dialect, "loaded_dbapi", None)
    error = getattr(module, name, None)
    return (error,) if isinstance(error, type) and issubclass(error, Exception) else ()


def store_errors(dialect: Dialect) -> tuple[type[Exception], ...]:
    """What a store's statements raise: SQLAlchemy's errors, and the DB-API's own, which the
    raw statements raise unwrapped."""
    return (SQLAlchemyError, *_driver_error(dialect, "Error"))


def integrity_errors(dialect: Dialect) -> tuple[type[Exception], ...]:
    """A unique key violated: raised by SQLAlchemy, or by the driver under a raw statement."""
    return (IntegrityError, *_driver_error(dialect, "IntegrityError"))
