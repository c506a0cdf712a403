"""Reading database tables in chunks inside one read-only, repeatable-read snapshot.

A session opens one connection per source and one transaction for all of its tables, so every
table comes from the same snapshot (foreign keys agree) and nothing is locked or written. Rows
stream through a server-side cursor; memory holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from ..metadata.model import DataSource, SourceKind, Table
from .reading import SourceAccess, SourceUnreadable

_DRIVERS = {SourceKind.POSTGRESQL: "postgresql+psycopg", SourceKind.MYSQL: "mysql+pymysql"}


def engine_url(source: DataSource, access: SourceAccess) -> sa.URL:
    """The SQLAlchemy URL of a source: our driver, the password from the secret, sqlite paths
    relative to the module folder."""
    url = make_url(source.endpoint_url or "")
    if source.kind in _DRIVERS:
        url = url.set(drivername=_DRIVERS[SourceKind(source.kind)])
    if access.password is not None:
        url = url.set(password=access.password)
    if source.kind is SourceKind.SQLITE and url.database and url.database != ":memory:":
        path = access.base_dir / url.database
        url = url.set(database=str(path if not url.database.startswith("/") else url.database))
    return url


def _where(source: DataSource) -> str:
    url = make_url(source.endpoint_url or "")
    return (
        f"{source.identifier} ({url.host or ''}{':' + str(url.port) if url.port else ''}"
        f"/{url.database or ''})"
    )


class SqlTableReader:
    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        self.statement = _statement(table)

    def estimate_rows(self) -> int | None:
        step = self.table.extraction
        if step.source_table is None:
            return None
        count = sa.select(sa.func.count()).select_from(_table_clause(step.source_table))
        return int(self.connection.execute(count).scalar_one())

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        result = self.connection.execution_options(
            stream_results=True, yield_per=chunk_rows
        ).execute(self.statement, dict(self.table.extraction.parameters or {}))
        columns = list(result.keys())
        for partition in result.partitions(chunk_rows):
            yield pd.DataFrame.from_records(partition, columns=columns, coerce_float=False)


def _table_clause(name: str) -> sa.TableClause:
    schema, _, table = name.rpartition(".")
    return sa.table(table, schema=schema or None)


def _statement(table: Table) -> Any:
    step = table.extraction
    if step.query is not None:
        return sa.text(step.query)
    names = [c.name for c in table.table_schema.columns]
    source = _table_clause(step.source_table or table.table_name)
    return sa.select(*[sa.column(n) for n in names]).select_from(source)


class SqlSession:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def reader(self, table: Table) -> SqlTableReader:
        return SqlTableReader(self.connection, table)


@contextmanager
def open_sql_session(source: DataSource, access: SourceAccess) -> Iterator[SqlSession]:
    """One read-only snapshot of a database source for all of its tables."""
    engine = sa.create_engine(
        engine_url(source, access), pool_pre_ping=False, connect_args=_connect_args(source)
    )
    try:
        try:
            connection = engine.connect().execution_options(isolation_level=_isolation(source))
        except sa.exc.OperationalError as exc:
            raise SourceUnreadable(
                f"cannot connect to {_where(source)}: {_first_line(exc.orig)}"
            ) from None
        with connection:
            _begin_snapshot(connection, source)
            try:
                yield SqlSession(connection)
            finally:
                connection.rollback()  # read-only: there is nothing to keep
    finally:
        engine.dispose()


def _connect_args(source: DataSource) -> dict[str, Any]:
    if source.kind is SourceKind.POSTGRESQL:
        return {"connect_timeout": 10}
    if source.kind is SourceKind.MYSQL:
        return {"connect_timeout": 10}
    return {}


def _isolation(source: DataSource) -> str:
    return "SERIALIZABLE" if source.kind is SourceKind.SQLITE else "REPEATABLE READ"


def _begin_snapshot(connection: Connection, source: DataSource) -> None:
    """Start the one snapshot every table of the source is read from; never writes."""
    if source.kind is SourceKind.POSTGRESQL:
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    elif source.kind is SourceKind.MYSQL:
        connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
