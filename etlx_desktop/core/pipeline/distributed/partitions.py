"""Key-range partitions of a table, and reading one partition in its own session.

A partition is `key >= low AND key < high` on the table's one-column primary key, read in key
order. The boundaries are every `rows_per_partition`-th key (a multiple of the chunk size), so
a partition's chunks are the chunks a key-ordered read of the whole table would make, and its
row count and first row number are known before any worker starts: quarantine row numbers and
rule-failure messages are those of the table read in key order. Rows with a null key form one
last partition. A table without such a key (a composite key, a query, a file) is one partition
read exactly as the local engine reads it.

PostgreSQL: the coordinator holds one REPEATABLE READ transaction open for the whole run and
exports its snapshot (`pg_export_snapshot`); every partition imports it (`SET TRANSACTION
SNAPSHOT`), so all partitions of all tables see the one snapshot a local run sees. MariaDB and
SQLite cannot share a snapshot: each partition reads its own, so the source must not change
during the run (docs/scale-out.md).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ...metadata.model import DataSource, SourceKind, Table
from ...sources.reading import SourceAccess, SourceUnreadable
from ...sources.sql_reader import source_engine, split_name, where

SQL_KINDS = {SourceKind.POSTGRESQL, SourceKind.MYSQL, SourceKind.SQLITE}
# key types whose SQL literal reads back as the very value (text with any quotes, uuid, dates)
_LITERAL_BOUNDS = (int, str, uuid.UUID, datetime.date)


@dataclass(frozen=True)
class Partition:
    """One key range of a table (or the whole table when `key` is None)."""

    table: str
    index: int
    first_row: int  # row number (from 1) of its first row in the table's key order
    rows: int  # rows in the range when planned (0 for a whole table: not counted)
    key: str | None = None
    low: Any = None  # inclusive; None: no lower bound
    high: Any = None  # exclusive; None: no upper bound
    nulls: bool = False  # the rows whose key is null


def readable_by_name(table: Table, source: DataSource) -> bool:
    """A database table read by name (not a query or a script): `read_partition` can read it,
    whole or by key range, in the coordinator's snapshot."""
    step = table.extraction
    return source.kind in SQL_KINDS and step.query is None and step.script is None


def partition_key(table: Table, source: DataSource) -> str | None:
    """The column a table is split on: its one-column primary key, in a database table."""
    if not readable_by_name(table, source):
        return None
    key = table.table_schema.primary_key
    return key[0] if len(key) == 1 else None


def count_rows(connection: Connection, table: Table) -> int:
    """The rows of a table read by name."""
    count = sa.select(sa.func.count()).select_from(_source_table(table))
    return int(connection.execute(count).scalar_one())


def plan_partitions(
    connection: Connection, table: Table, key: str, rows_per_partition: int
) -> list[Partition]:
    """The partitions of `table` split on `key`, in key order, counted in the coordinator's
    snapshot (every `rows_per_partition`-th key starts one)."""
    name = table.table_name
    source = _source_table(table)
    column: Any = sa.column(key)
    number = sa.func.row_number().over(order_by=column)
    ranked = sa.select(column.label("k"), number.label("n")).select_from(source)
    inner = ranked.where(column.is_not(None)).subquery()
    lows = connection.execute(
        sa.select(inner.c.k).where((inner.c.n - 1) % rows_per_partition == 0).order_by(inner.c.k)
    ).scalars()
    bounds = list(lows)
    partitions: list[Partition] = []
    first_row = 1
    for index, low in enumerate(bounds):
        high = bounds[index + 1] if index + 1 < len(bounds) else None
        part = Partition(name, index, first_row, 0, key, low, high)
        rows = _count(connection, source, part)
        partitions.append(Partition(name, index, first_row, rows, key, low, high))
        first_row += rows
    nulls = Partition(name, len(bounds), first_row, 0, key, nulls=True)
    rows = _count(connection, source, nulls)
    if rows:
        partitions.append(Partition(name, len(bounds), first_row, rows, key, nulls=True))
    return partitions or [Partition(name, 0, 1, 0, key)]


def _count(connection: Connection, source: Any, part: Partition) -> int:
    count = sa.select(sa.func.count()).select_from(source).where(*_conditions(part))
    return int(connection.execute(count).scalar_one())


def _conditions(part: Partition) -> list[Any]:
    if part.key is None:
        return []
    column: Any = sa.column(part.key)
    if part.nulls:
        return [column.is_(None)]
    found = [] if part.low is None else [column >= part.low]
    return found if part.high is None else [*found, column < part.high]


def _source_table(table: Table) -> Any:
    schema, name = split_name(table.extraction.source_table or table.table_name)
    return sa.table(name, schema=schema)


def partition_statement(table: Table, part: Partition) -> Any:
    """The SELECT of a partition: the declared columns, its key range, in key order (a whole
    table as the local reader selects it: no order)."""
    names = [c.name for c in table.table_schema.columns]
    columns: list[Any] = [sa.column(n) for n in names] or [sa.literal_column("*")]
    statement = sa.select(*columns).select_from(_source_table(table)).where(*_conditions(part))
    return statement if part.key is None else statement.order_by(sa.column(part.key))


def read_partition(
    source: DataSource,
    access: SourceAccess,
    table: Table,
    part: Partition,
    chunk_rows: int,
    snapshot: str | None,
) -> Iterator[pd.DataFrame]:
    """The rows of one partition, `chunk_rows` at a time, streamed in its own session (on
    PostgreSQL through COPY, as a local run reads, when the key range can be written out)."""
    with snapshot_connection(source, access, snapshot) as connection:
        statement = partition_statement(table, part)
        postgres = source.kind is SourceKind.POSTGRESQL
        copied = _copy_sql(connection, part, statement) if postgres else None
        if copied is not None:
            from ...sources.pg_copy import copy_chunks, numbers_as_text

            driver: Any = connection.connection.driver_connection
            yield from copy_chunks(driver, copied, chunk_rows, numbers_as_text(table))
            return
        result = connection.execution_options(stream_results=True).execute(statement)
        columns = list(result.keys())
        for rows in result.partitions(chunk_rows):
            yield pd.DataFrame.from_records(
                [tuple(r) for r in rows], columns=columns, coerce_float=False
            )


def _copy_sql(connection: Connection, part: Partition, statement: Any) -> str | None:
    """The partition's SELECT with its key bounds written in, for COPY; None when a bound is
    not of a type whose literal PostgreSQL reads back as the same value (a float or numeric
    NaN or infinity, bytes), has no literal form, or the text holds a '%' (the cursor path
    binds those instead)."""
    bounds = [b for b in (part.low, part.high) if b is not None]
    if not all(isinstance(b, _LITERAL_BOUNDS) and not isinstance(b, bool) for b in bounds):
        return None
    try:
        sql = str(
            statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        )
    except (sa.exc.CompileError, NotImplementedError):
        return None
    return None if "%" in sql else sql


@contextmanager
def snapshot_connection(
    source: DataSource, access: SourceAccess, snapshot: str | None = None
) -> Iterator[Connection]:
    """A read-only connection in a repeatable-read transaction; on PostgreSQL in `snapshot`
    (exported by the coordinator) when given."""
    engine = source_engine(source, access)
    try:
        try:
            connection = engine.connect()
        except sa.exc.DBAPIError:
            raise SourceUnreadable(f"cannot connect to {where(source)}") from None
        with connection:
            _begin(connection, source, snapshot)
            try:
                yield connection
            finally:
                connection.rollback()  # read-only: there is nothing to keep
    finally:
        engine.dispose()


def export_snapshot(connection: Connection, source: DataSource) -> str | None:
    """The id of the connection's snapshot for the partitions to share (PostgreSQL only)."""
    if source.kind is not SourceKind.POSTGRESQL:
        return None
    return str(connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one())


def _begin(connection: Connection, source: DataSource, snapshot: str | None) -> None:
    if source.kind is SourceKind.POSTGRESQL:
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        if snapshot is not None:
            # must be the transaction's first statement; the id is the server's, not user text
            connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    elif source.kind is SourceKind.MYSQL:
        connection.execution_options(isolation_level="REPEATABLE READ")
        connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
    else:
        connection.exec_driver_sql("BEGIN")
