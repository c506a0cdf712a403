"""Reading database tables in chunks inside one read-only, repeatable-read snapshot.

A session opens one connection per source and one transaction for all of its tables, so every
table comes from the same snapshot (foreign keys agree) and nothing is locked beyond a plain
SELECT's share lock, and nothing is written:

* PostgreSQL: ``BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`` (psycopg's ``read_only``),
  rows through a named (server-side) cursor, ``FETCH FORWARD chunk_rows`` at a time;
* MariaDB/MySQL: ``START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`` at REPEATABLE READ,
  rows through an unbuffered cursor (``SSCursor``); ``net_write_timeout`` is raised for the
  session so a slow consumer of one chunk does not make the server drop the stream;
* SQLite: the file opened read-only (``mode=ro``) and one explicit ``BEGIN`` (a deferred read
  transaction: one snapshot in WAL mode); paths are relative to the module file's folder.

An extraction step names a `sourceTable` (``table`` or ``schema.table``, quoted by SQLAlchemy,
so ``Sales.CustomerOrders`` reads ``"Sales"."CustomerOrders"``) or a `query`, a SELECT whose
``:name`` placeholders are bound from the step's `parameters` (only the names the query uses;
a list value binds an ``IN :name`` list). Values come as the driver gives them (numeric as
Decimal, timestamps as datetime); the field rules coerce them. Errors are SourceUnreadable
naming the database and host, never the password.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from ..metadata.model import DataSource, SourceKind, Table
from .reading import SourceAccess, SourceUnreadable, check_chunk_rows

_DRIVERS = {SourceKind.POSTGRESQL: "postgresql+psycopg", SourceKind.MYSQL: "mysql+pymysql"}
_DEFAULT_PORTS = {SourceKind.POSTGRESQL: 5432, SourceKind.MYSQL: 3306}
_CONNECT_TIMEOUT = 10  # seconds
_PG_LOCK_TIMEOUT = "60s"  # waiting for DDL that holds a table: give up rather than hang
_MYSQL_LOCK_WAIT = 60  # seconds, metadata locks likewise
_MYSQL_NET_WRITE_TIMEOUT = 3600  # seconds the server waits for us to take the next rows
EXACT_COUNT_BELOW = 1_000_000  # estimate_rows: catalog estimates this small are counted exactly


def engine_url(source: DataSource, access: SourceAccess) -> sa.URL:
    """The SQLAlchemy URL of a source: our driver and the password from the secret."""
    try:
        url = make_url(source.endpoint_url or "")
    except (ArgumentError, ValueError):
        raise SourceUnreadable(
            f"source {source.identifier}: endpointURL is not a database URL"
        ) from None
    if source.kind in _DRIVERS:
        url = url.set(drivername=_DRIVERS[SourceKind(source.kind)])
    if access.password is not None:
        url = url.set(password=access.password)
    return url


def sqlite_path(source: DataSource, access: SourceAccess) -> Path:
    """The SQLite file of a source; a relative path starts at the module file's folder."""
    database = engine_url(source, access).database
    if not database or database == ":memory:":
        raise SourceUnreadable(f"source {source.identifier}: a sqlite URL must name a file")
    path = Path(database)
    return path if path.is_absolute() else access.base_dir / path


def where(source: DataSource) -> str:
    """`source db (PostgreSQL database 'shop' at 127.0.0.1:5432)`: no user, no password."""
    try:
        url = make_url(source.endpoint_url or "")
    except (ArgumentError, ValueError):
        return f"source {source.identifier}"
    if source.kind is SourceKind.SQLITE:
        return f"source {source.identifier} (SQLite file '{url.database}')"
    label = "PostgreSQL" if source.kind is SourceKind.POSTGRESQL else "MariaDB/MySQL"
    port = url.port or _DEFAULT_PORTS.get(SourceKind(source.kind), 0)
    name = url.database or "(default)"
    host = url.host or "localhost"
    return f"source {source.identifier} ({label} database '{name}' at {host}:{port})"


class SqlTableReader:
    """One table (or query) of a database source, read in the session's snapshot."""

    def __init__(self, session: SqlSession, table: Table) -> None:
        self.session = session
        self.connection = session.connection
        self.table = table
        self.statement = _statement(table)

    def estimate_rows(self) -> int | None:
        """The catalog's row estimate of a big table, an exact count of a small one; None for a
        query or a view."""
        step = self.table.extraction
        if step.query is not None:
            return None
        schema, name = split_name(step.source_table or self.table.table_name)
        try:
            estimate = _catalog_estimate(self.connection, schema, name)
            if estimate is None:
                return None
            if estimate >= EXACT_COUNT_BELOW:
                return estimate
            count = sa.select(sa.func.count()).select_from(sa.table(name, schema=schema))
            return int(self.connection.execute(count).scalar_one())
        except DBAPIError as exc:
            raise self.session.unreadable(exc, self.table) from None

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The rows, `chunk_rows` at a time, from a server-side cursor."""
        check_chunk_rows(chunk_rows)
        errors = self.connection.dialect.loaded_dbapi.Error
        sql, parameters = driver_sql(self.connection, self.statement)
        if self._bulk(sql, parameters):
            yield from self._copied(sql, chunk_rows)
            return
        cursor = self.session.open_cursor()
        try:
            try:
                cursor.execute(sql, parameters)
                columns = [str(d[0]) for d in cursor.description or ()]
            except errors as exc:
                raise self.session.unreadable(exc, self.table) from None
            while True:
                try:
                    rows = cursor.fetchmany(chunk_rows)
                except errors as exc:
                    raise self.session.unreadable(exc, self.table) from None
                if not rows:
                    return
                yield pd.DataFrame.from_records(rows, columns=columns, coerce_float=False)
        finally:
            if self.session.release(cursor):
                with suppress(errors):
                    cursor.close()

    def _bulk(self, sql: str, parameters: Any) -> bool:
        """Whether to COPY: a run's read of a PostgreSQL table (no bound values; no '%', which
        the driver would otherwise unescape)."""
        return (
            self.session.bulk
            and self.connection.dialect.name == "postgresql"
            and self.table.extraction.query is None
            and not parameters
            and "%" not in sql
        )

    def _copied(self, sql: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
        from .pg_copy import COPY_ERRORS, copy_chunks, numbers_as_text

        driver: Any = self.connection.connection.driver_connection
        chunks = copy_chunks(driver, sql, chunk_rows, numbers_as_text(self.table), in_worker=True)
        try:
            while True:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    return
                except COPY_ERRORS as exc:
                    raise self.session.unreadable(exc, self.table) from None
                yield chunk
        finally:
            chunks.close()  # an early close cancels the COPY before the session goes on


def driver_sql(connection: Connection, statement: Any) -> tuple[str, Any]:
    """The SQL text and parameters the driver itself takes for `statement` (values bound)."""
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    values = compiled.construct_params()
    if compiled.positional:
        return compiled.string, tuple(values[name] for name in compiled.positiontup or ())
    return compiled.string, values


def _streaming_cursor(connection: Connection) -> Any:
    """A cursor that fetches rows as they are asked for: a named (server-side) psycopg cursor,
    pymysql's unbuffered SSCursor, or a plain sqlite3 cursor (which steps row by row).

    Rows go straight from the driver's cursor into the frame: SQLAlchemy's Row objects would
    cost more than the fetch itself, and the statements select plain columns (no result
    processing to lose).
    """
    driver: Any = connection.connection.driver_connection
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return driver.cursor(name=f"etlx_extract_{uuid.uuid4().hex[:12]}")
    if dialect in ("mysql", "mariadb"):
        import pymysql.cursors  # type: ignore[import-untyped, unused-ignore]

        return driver.cursor(pymysql.cursors.SSCursor)
    return driver.cursor()


def split_name(name: str) -> tuple[str | None, str]:
    """`schema.table` -> (schema, table); `table` -> (None, table)."""
    schema, _, table = name.rpartition(".")
    return schema or None, table


def _statement(table: Table) -> Any:
    step = table.extraction
    if step.query is not None:
        return _query(table, step.query, dict(step.parameters or {}))
    schema, name = split_name(step.source_table or table.table_name)
    names = [c.name for c in table.table_schema.columns]
    columns: list[Any] = [sa.column(n) for n in names] or [sa.literal_column("*")]
    return sa.select(*columns).select_from(sa.table(name, schema=schema))


def _query(table: Table, query: str, parameters: dict[str, Any]) -> Any:
    """The query with its `:name` placeholders bound; other parameters (chunk_rows, ...) left
    out. A list value binds a list (`WHERE id IN :ids`)."""
    statement = sa.text(query)
    names = list(statement.compile().params)
    missing = [n for n in names if n not in parameters]
    if missing:
        raise SourceUnreadable(
            f"table {table.table_name}: the query needs parameter(s) {', '.join(missing)} "
            "in extraction.parameters"
        )
    binds: list[Any] = [
        sa.bindparam(n, value=parameters[n], expanding=isinstance(parameters[n], list | tuple))
        for n in names
    ]
    return statement.bindparams(*binds) if binds else statement


def _catalog_estimate(connection: Connection, schema: str | None, name: str) -> int | None:
    """The catalog's row count estimate of a table (-1 if never counted); None for a view or a
    relation the catalog does not know. SQLite has no estimate: -1 for every table."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        row = connection.execute(_PG_ESTIMATE, {"schema": schema, "name": name}).first()
        if row is None or row[0] not in ("r", "p", "m"):
            return None
        return max(int(row[1]), -1)
    if dialect in ("mysql", "mariadb"):
        row = connection.execute(_MYSQL_ESTIMATE, {"schema": schema, "name": name}).first()
        if row is None or row[0] != "BASE TABLE":
            return None
        return -1 if row[1] is None else int(row[1])
    return -1


_PG_ESTIMATE = sa.text(
    "SELECT c.relkind, c.reltuples FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relname = :name AND (n.nspname = :schema"
    "  OR (CAST(:schema AS text) IS NULL AND n.nspname = ANY (current_schemas(false))))"
    " ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1"
)
_MYSQL_ESTIMATE = sa.text(
    "SELECT TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :name"
)


class SqlSession:
    """All tables of one database source, read in one read-only snapshot."""

    def __init__(self, connection: Connection, source: DataSource, access: SourceAccess) -> None:
        self.connection = connection
        self.source = source
        self.bulk = access.bulk
        self._password = access.password
        self._cursors: list[Any] = []

    def reader(self, table: Table) -> SqlTableReader:
        """A reader of `table`'s sourceTable or query."""
        return SqlTableReader(self, table)

    def open_cursor(self) -> Any:
        """A new streaming cursor, tracked until `release`d."""
        cursor = _streaming_cursor(self.connection)
        self._cursors.append(cursor)
        return cursor

    def release(self, cursor: Any) -> bool:
        """Forget `cursor`; True if the caller should still close it (the session has not)."""
        if any(c is cursor for c in self._cursors):
            self._cursors = [c for c in self._cursors if c is not cursor]
            return True
        return False

    def end(self) -> None:
        """End the snapshot. A reader left mid-table (a preview's) has its cursor closed first;
        MariaDB's unbuffered cursor would read every row left to close, so that connection is
        dropped instead (pymysql is told the rows are gone, or it would try to read them)."""
        left, self._cursors = self._cursors, []
        errors = self.connection.dialect.loaded_dbapi.Error
        if left and self.connection.dialect.name in ("mysql", "mariadb"):
            for cursor in left:
                result = getattr(cursor, "_result", None)
                if result is not None:
                    result.unbuffered_active = False
            self.connection.invalidate()
            return
        for cursor in left:
            with suppress(errors):
                cursor.close()
        with suppress(DBAPIError):
            self.connection.rollback()  # read-only: there is nothing to keep

    def unreadable(self, exc: Exception, table: Table | None = None) -> SourceUnreadable:
        """A SourceUnreadable with the driver's first line of `exc`, without the password."""
        what = f"table {table.table_name} of " if table is not None else ""
        return SourceUnreadable(f"{what}{where(self.source)}: {reason(exc, self._password)}")


def reason(exc: Exception, password: str | None) -> str:
    """The first line of the driver's message, with the password (if any) hidden."""
    error = getattr(exc, "orig", None) or exc
    lines = str(error).strip().splitlines()
    text = lines[0].strip() if lines else type(error).__name__
    return text.replace(password, "***") if password else text


@contextmanager
def open_sql_session(source: DataSource, access: SourceAccess) -> Iterator[SqlSession]:
    """One read-only snapshot of a database source for all of its tables."""
    engine = source_engine(source, access)
    try:
        try:
            connection = engine.connect()
        except DBAPIError as exc:
            why = reason(exc, access.password)
            raise SourceUnreadable(f"cannot connect to {where(source)}: {why}") from None
        with connection:
            session = SqlSession(connection, source, access)
            try:
                _begin_snapshot(connection, source)
            except DBAPIError as exc:
                raise session.unreadable(exc) from None
            try:
                yield session
            finally:
                session.end()
    finally:
        engine.dispose()


def source_engine(source: DataSource, access: SourceAccess) -> Engine:
    """A private engine for one source (SQLite opened read-only, a connect timeout)."""
    if source.kind is SourceKind.SQLITE:
        path = sqlite_path(source, access)
        if not path.is_file():
            raise SourceUnreadable(f"{where(source)}: the file {path} does not exist")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sa.create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(
                uri, uri=True, check_same_thread=False, isolation_level=None
            ),
            poolclass=NullPool,
        )
    url = engine_url(source, access)
    timeout = {} if "connect_timeout" in url.query else {"connect_timeout": _CONNECT_TIMEOUT}
    return sa.create_engine(url, poolclass=NullPool, connect_args=timeout)


def _begin_snapshot(connection: Connection, source: DataSource) -> None:
    """Start the one snapshot every table of the source is read from; nothing can write."""
    if source.kind is SourceKind.POSTGRESQL:
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{_PG_LOCK_TIMEOUT}'")
    elif source.kind is SourceKind.MYSQL:
        connection.execution_options(isolation_level="REPEATABLE READ")
        connection.exec_driver_sql(f"SET SESSION lock_wait_timeout = {_MYSQL_LOCK_WAIT}")
        connection.exec_driver_sql(f"SET SESSION net_write_timeout = {_MYSQL_NET_WRITE_TIMEOUT}")
        connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
    else:
        connection.exec_driver_sql("BEGIN")
