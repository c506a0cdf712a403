"""The writer of one PostgreSQL version: one transaction, COPY per chunk, publish or roll back."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import pandas as pd
import psycopg
import pyarrow as pa
from psycopg import sql
from psycopg.types.json import Jsonb

from ..metadata.model import TableSchema
from .arrow import ChunkEncoder, quarantine_to_arrow
from .base import VersionConflict, VersionInfo
from .common import WriterLifecycle, sha256_text
from .names import check_table_name
from .postgres_binary import binary_copy, binary_ready
from .postgres_sql import CATALOG, QUARANTINE_SUFFIX, check_identifier, csv_bytes, iso_text, pg_type

if TYPE_CHECKING:
    from .postgres import PostgresStore


# the key's index is sorted in memory up to maintenance_work_mem; the default 64MB holds about
# 2.5M bigint keys, and a sort that spills to disk takes a third longer; raised for this
# transaction only, never lowered
_ENOUGH_SORT_MEMORY = sql.SQL(
    "SELECT set_config('maintenance_work_mem', '256MB', true)"
    " WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < 256 * 1024 * 1024"
)


class PostgresVersionWriter(WriterLifecycle):
    """Loads one version inside one open transaction; `publish` commits it."""

    def __init__(
        self,
        store: PostgresStore,
        conn: psycopg.Connection[Any],
        module: str,
        run_id: str,
        version: int,
        schema: str,
    ) -> None:
        self.store = store
        self.module = module
        self.run_id = run_id
        self.version = version
        self.schema = schema
        self.location = f"{store.url}#{schema}"
        self._conn: psycopg.Connection[Any] | None = conn
        self._encoders: dict[str, ChunkEncoder] = {}
        self._quarantine: dict[str, pa.Schema] = {}
        self._rows: dict[str, int] = {}
        self._digests: dict[str, Any] = {}  # sha256 of each table's COPY input, as sent
        self._types: dict[str, list[str]] = {}  # PostgreSQL type of each column
        self._formats: dict[str, str] = {}  # the COPY format: binary, or csv
        self._ended: set[str] = set()
        self._keyed: set[str] = set()

    def _connection(self) -> psycopg.Connection[Any]:
        self._check_open()
        assert self._conn is not None
        return self._conn

    def _table(self, name: str) -> sql.Composed:
        return sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(name))

    def write(self, table: str, frame: pd.DataFrame, schema: TableSchema) -> None:
        """Create `table` on its first chunk, then COPY the chunk in."""
        conn = self._connection()
        check_table_name(table)
        self._check_not_ended(table)
        encoder = self._encoders.get(table)
        if encoder is None:
            check_identifier(table + QUARANTINE_SUFFIX, "table name (with its quarantine)")
            encoder = ChunkEncoder(schema)
        chunk = encoder.encode(frame)
        try:
            if table not in self._encoders:
                self._create(conn, table, [(f.name, pg_type(f)) for f in chunk.schema])
                self._encoders[table] = encoder
            self._copy(conn, table, chunk)
        except psycopg.Error as exc:
            raise self.store.error(f"load {table!r}", exc) from None

    def write_quarantine(self, table: str, frame: pd.DataFrame) -> None:
        """Append rejected rows to ``<table>__quarantine`` (text columns, ``_row`` bigint)."""
        conn = self._connection()
        check_table_name(table)
        self._check_not_ended(table)
        name = check_identifier(table + QUARANTINE_SUFFIX, "quarantine table name")
        chunk = quarantine_to_arrow(frame, self._quarantine.get(name))
        try:
            if name not in self._quarantine:
                columns = [(f.name, "bigint" if f.name == "_row" else "text") for f in chunk.schema]
                self._create(conn, name, columns)
                self._quarantine[name] = chunk.schema
            self._copy(conn, name, chunk)
        except psycopg.Error as exc:
            raise self.store.error(f"load the quarantine of {table!r}", exc) from None

    def end_table(self, table: str) -> None:
        """Refuse further chunks of `table` (its rows are already in the open transaction) and
        give it its primary key now: the index is built once over all the rows, while a run
        reads its next table, instead of at `publish`."""
        conn = self._connection()
        self._ended.add(table)
        self._add_primary_key(conn, table)

    def _add_primary_key(self, conn: psycopg.Connection[Any], table: str) -> None:
        encoder = self._encoders.get(table)
        keys = encoder.table_schema.primary_key if encoder is not None else []
        if not keys or table in self._keyed:
            return
        statement = sql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(
            self._table(table), sql.SQL(", ").join(sql.Identifier(k) for k in keys)
        )
        try:
            conn.execute(_ENOUGH_SORT_MEMORY)
            conn.execute(statement)
        except psycopg.Error as exc:
            raise self.store.error(
                f"add the primary key ({', '.join(keys)}) of {table!r}", exc
            ) from None
        self._keyed.add(table)

    def _check_not_ended(self, table: str) -> None:
        if table in self._ended:
            raise ValueError(f"table {table!r} was already ended; it cannot be written again")

    def _create(
        self, conn: psycopg.Connection[Any], table: str, columns: list[tuple[str, str]]
    ) -> None:
        definitions = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(type_)) for name, type_ in columns
        )
        conn.execute(sql.SQL("CREATE TABLE {} ({})").format(self._table(table), definitions))
        self._types[table] = [type_ for _, type_ in columns]
        self._rows[table] = 0
        self._digests[table] = hashlib.sha256()

    def _copy(self, conn: psycopg.Connection[Any], table: str, chunk: pa.Table) -> None:
        if chunk.num_rows == 0:
            return
        types = self._types[table]
        binary = binary_ready(chunk.schema, types)  # else a column only text can carry
        data = binary_copy(chunk, types) if binary else csv_bytes(chunk)
        self._formats[table] = "binary" if binary else "csv"
        self._digests[table].update(data)
        columns = sql.SQL(", ").join(sql.Identifier(n) for n in chunk.schema.names)
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT {})").format(
            self._table(table), columns, sql.SQL("binary" if binary else "csv")
        )
        with conn.cursor() as cur, cur.copy(statement) as copy:
            copy.write(data)
        self._rows[table] += chunk.num_rows

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        """Add the primary keys still missing, insert the catalog row and COMMIT; aborts if
        anything fails."""
        conn = self._connection()
        try:
            info = self._publish(conn, metadata_json, manifest)
        except psycopg.Error as exc:
            self.abort()
            raise self.store.error(
                f"publish version {self.version} of {self.module!r}", exc
            ) from None
        except BaseException:
            self.abort()
            raise
        return info

    def _publish(
        self, conn: psycopg.Connection[Any], metadata_json: str, extra: dict[str, Any]
    ) -> VersionInfo:
        for table in self._encoders:
            self._add_primary_key(conn, table)  # of a table nobody ended
        row_counts = {t: self._rows[t] for t in sorted(self._encoders)}
        checksums = {
            "tables": {t: self._digests[t].hexdigest() for t in sorted(self._encoders)},
            "quarantine": {
                q[: -len(QUARANTINE_SUFFIX)]: {
                    "rows": self._rows[q],
                    "sha256": self._digests[q].hexdigest(),
                }
                for q in sorted(self._quarantine)
            },
            "metadata": sha256_text(metadata_json),
            "format": "postgresql",
            "copy": dict(sorted(self._formats.items())),
            "manifest": extra,
        }
        try:
            row = conn.execute(
                sql.SQL(
                    "INSERT INTO {} (module, version, schema_name, created_at, run_id, row_counts,"
                    " checksums, metadata) VALUES (%s, %s, %s, clock_timestamp(), %s, %s, %s,"
                    " %s::jsonb) RETURNING created_at"
                ).format(CATALOG),
                (
                    self.module,
                    self.version,
                    self.schema,
                    self.run_id,
                    Jsonb(row_counts),
                    Jsonb(checksums),
                    metadata_json,
                ),
            ).fetchone()
        except psycopg.errors.UniqueViolation:
            raise VersionConflict(
                f"version {self.version} of {self.module!r} is already in the catalog of "
                f"{self.store.url}; this run was aborted"
            ) from None
        conn.commit()
        self._state = "published"
        self._close()
        return VersionInfo(
            module=self.module,
            version=self.version,
            created_at=iso_text(row[0]) if row else "",
            run_id=self.run_id,
            location=self.location,
            row_counts=row_counts,
        )

    def abort(self) -> None:
        """Roll the transaction back (the schema and its tables vanish); safe to repeat."""
        if self._state == "published":
            return
        self._state = "aborted"
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.rollback()
        except psycopg.Error:
            pass  # a broken connection: the server rolls back on its own
        finally:
            conn.close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
