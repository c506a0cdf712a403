"""Versions of data modules in PostgreSQL: one schema per version, one catalog of versions.

A version of module ``shop`` is the schema ``shop_v<N>`` (prefix configurable) holding one
table per module table and ``<table>__quarantine`` for rejected rows. The catalog table
``etlx_catalog.module_versions`` lists the published versions.

`begin` opens a connection and ONE transaction that takes ``pg_advisory_xact_lock`` on the
module (a concurrent run of the same module waits), picks N = max(version) + 1, creates the
schema, and then creates and loads each table with ``COPY ... FROM STDIN`` fed by CSV that
pyarrow writes from the arrow chunk (no per-row Python, no INSERT). `publish` adds the primary
keys, inserts the catalog row and commits: the version appears in one transaction. `abort`
rolls back; a killed process leaves nothing, because the server rolls back its transaction.

Column types: integer/long bigint, short smallint, decimal numeric, double double precision,
float real, boolean, date, datetime timestamp (timestamptz when stored as UTC, see
`arrow.py`), time, duration interval, json jsonb, binary bytea, string text. Quarantine
columns are text, ``_row`` bigint. Identifiers are always quoted by ``psycopg.sql``.
The catalog keeps the metadata as jsonb, so `metadata` returns the same document with its
object keys in jsonb's order.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from psycopg import sql
from psycopg.types.json import Jsonb

from ..metadata.model import Datatype, TableSchema
from .arrow import ChunkEncoder, field_datatype, from_arrow, quarantine_to_arrow
from .base import StorageError, VersionConflict, VersionInfo
from .common import WriterLifecycle, sha256_text, table_not_found, version_not_found
from .names import check_module_name, check_table_name

CATALOG_SCHEMA = "etlx_catalog"
CATALOG_TABLE = "module_versions"
QUARANTINE_SUFFIX = "__quarantine"
_CATALOG_LOCK = 0x65746C78  # 'etlx': serialises creating the catalog
_MAX_IDENTIFIER = 63

_PG_TYPES: dict[Datatype, str] = {
    Datatype.STRING: "text",
    Datatype.INTEGER: "bigint",
    Datatype.LONG: "bigint",
    Datatype.SHORT: "smallint",
    Datatype.DECIMAL: "numeric",
    Datatype.DOUBLE: "double precision",
    Datatype.FLOAT: "real",
    Datatype.BOOLEAN: "boolean",
    Datatype.DATE: "date",
    Datatype.DATETIME: "timestamp",
    Datatype.TIME: "time",
    Datatype.DURATION: "interval",
    Datatype.JSON: "jsonb",
    Datatype.BINARY: "bytea",
}

_CATALOG_DDL = sql.SQL(
    """CREATE TABLE IF NOT EXISTS {}.{} (
    module text NOT NULL,
    version int NOT NULL,
    schema_name text NOT NULL,
    created_at timestamptz NOT NULL,
    run_id text NOT NULL,
    row_counts jsonb NOT NULL,
    checksums jsonb NOT NULL,
    metadata jsonb NOT NULL,
    PRIMARY KEY (module, version)
)"""
).format(sql.Identifier(CATALOG_SCHEMA), sql.Identifier(CATALOG_TABLE))
_CATALOG = sql.SQL("{}.{}").format(sql.Identifier(CATALOG_SCHEMA), sql.Identifier(CATALOG_TABLE))


def pg_type(fld: pa.Field) -> str:
    """The PostgreSQL type of a column stored with arrow field `fld` (made by `arrow_schema`)."""
    datatype = field_datatype(fld) or Datatype.STRING
    if datatype is Datatype.DATETIME and fld.type.tz is not None:
        return "timestamptz"
    return _PG_TYPES[datatype]


def pg_text_table(table: pa.Table) -> pa.Table:
    """A chunk with durations as 'N microseconds' and binary values as '\\x…' (COPY input)."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_duration(fld.type):
            micros = column.cast(pa.int64()).cast(pa.string())
            column = pc.binary_join_element_wise(micros, pa.scalar(" microseconds"), "")
        elif pa.types.is_binary(fld.type):
            column = pa.array(
                [None if v is None else "\\x" + v.hex() for v in column.to_pylist()],
                type=pa.string(),
            )
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.schema.names)


def csv_bytes(table: pa.Table) -> bytes:
    """CSV for ``COPY ... (FORMAT csv)``: no header, nulls unquoted-empty, text always quoted."""
    buffer = io.BytesIO()
    pa_csv.write_csv(pg_text_table(table), buffer, pa_csv.WriteOptions(include_header=False))
    return buffer.getvalue()


def _check_identifier(name: str, what: str) -> str:
    if len(name.encode("utf-8")) > _MAX_IDENTIFIER:
        raise ValueError(f"{what} {name!r} is longer than PostgreSQL's 63-byte identifiers")
    return name


class PostgresStore:
    """Versions of data modules in a PostgreSQL database (schema per version + catalog)."""

    def __init__(
        self,
        url: str,
        *,
        schema_prefix: str | None = None,
        password: str | None = None,
        connect_timeout: int = 10,
    ) -> None:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0].lower()
        if scheme not in ("postgresql", "postgres"):
            raise ValueError("a PostgreSQL store needs a postgresql:// URL")
        self._conninfo = urlunsplit(("postgresql", *parts[1:]))
        self._password = password if password is not None else parts.password
        self._hidden = tuple(s for s in (self._password,) if s)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        self.url = urlunsplit(("postgresql", f"{user}{host}{port}", parts.path, "", ""))
        self.schema_prefix = schema_prefix
        self.connect_timeout = connect_timeout

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"

    # -- connections and errors -------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        for secret in self._hidden:
            text = text.replace(secret, "***")
        return text

    def error(self, what: str, exc: BaseException) -> StorageError:
        """A StorageError for a failed database action, with any password removed."""
        diag = getattr(exc, "diag", None)
        detail = getattr(diag, "message_primary", None) or str(exc).strip() or type(exc).__name__
        return StorageError(self._scrub(f"cannot {what} in {self.url}: {detail}"))

    def connect(self, *, autocommit: bool = False) -> psycopg.Connection[Any]:
        """A new connection with UTF-8, ISO dates and exact float output."""
        kwargs: dict[str, Any] = {
            "autocommit": autocommit,
            "connect_timeout": self.connect_timeout,
            "client_encoding": "UTF8",
            "application_name": "etlx",
        }
        if self._password is not None:
            kwargs["password"] = self._password
        try:
            conn = psycopg.connect(self._conninfo, **kwargs)
        except psycopg.Error as exc:
            raise self.error("connect", exc) from None
        try:
            conn.execute("SET DateStyle TO 'ISO, YMD'")
            conn.execute("SET TimeZone TO 'UTC'")
            conn.execute("SET extra_float_digits TO 1")
            if not autocommit:
                conn.commit()
        except psycopg.Error as exc:
            conn.close()
            raise self.error("set up the session", exc) from None
        return conn

    @contextmanager
    def _reading(self, what: str) -> Iterator[psycopg.Connection[Any]]:
        conn = self.connect(autocommit=True)
        try:
            yield conn
        except psycopg.Error as exc:
            raise self.error(what, exc) from None
        finally:
            conn.close()

    def ensure_catalog(self, conn: psycopg.Connection[Any]) -> None:
        """Create the catalog schema and table if missing, in their own short transaction."""
        row = conn.execute(
            "SELECT to_regclass(%s)", (f'"{CATALOG_SCHEMA}"."{CATALOG_TABLE}"',)
        ).fetchone()
        if row is not None and row[0] is not None:
            conn.commit()
            return
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_CATALOG_LOCK,))
        conn.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(CATALOG_SCHEMA))
        )
        conn.execute(_CATALOG_DDL)
        conn.commit()

    # -- the VersionStore API ---------------------------------------------------------------

    def schema_name(self, module: str, version: int) -> str:
        """Name of the schema holding `version` of `module`."""
        prefix = self.schema_prefix or module.replace("-", "_")
        return _check_identifier(f"{prefix}_v{version}", "schema name")

    def begin(self, module: str, run_id: str) -> PostgresVersionWriter:
        """Open the transaction that will load and publish the next version of `module`."""
        check_module_name(module)
        conn = self.connect()
        try:
            self.ensure_catalog(conn)
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"etlx:{module}",)
            )
            row = conn.execute(
                sql.SQL("SELECT COALESCE(max(version), 0) + 1 FROM {} WHERE module = %s").format(
                    _CATALOG
                ),
                (module,),
            ).fetchone()
            version = int(row[0]) if row else 1
            schema = self.schema_name(module, version)
            try:
                conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            except psycopg.errors.DuplicateSchema:
                raise StorageError(
                    f"schema {schema!r} already exists in {self.url} but the catalog has no "
                    f"version {version} of {module!r}; drop that schema or set another dbSchema"
                ) from None
        except StorageError:
            conn.close()
            raise
        except psycopg.Error as exc:
            conn.close()
            raise self.error(f"begin a version of {module!r}", exc) from None
        except BaseException:
            conn.close()
            raise
        return PostgresVersionWriter(self, conn, module, run_id, version, schema)

    def _catalog_exists(self, conn: psycopg.Connection[Any]) -> bool:
        row = conn.execute(
            "SELECT to_regclass(%s)", (f'"{CATALOG_SCHEMA}"."{CATALOG_TABLE}"',)
        ).fetchone()
        return row is not None and row[0] is not None

    def versions(self, module: str | None = None) -> list[VersionInfo]:
        """Published versions from the catalog, oldest first."""
        with self._reading("list versions") as conn:
            if not self._catalog_exists(conn):
                return []
            query = sql.SQL(
                "SELECT module, version, schema_name, created_at, run_id, row_counts FROM {}"
                " WHERE %s::text IS NULL OR module = %s ORDER BY module, version"
            ).format(_CATALOG)
            rows = conn.execute(query, (module, module)).fetchall()
        return [
            VersionInfo(
                module=r[0],
                version=int(r[1]),
                created_at=_iso(r[3]),
                run_id=r[4],
                location=f"{self.url}#{r[2]}",
                row_counts={str(k): int(v) for k, v in dict(r[5]).items()},
            )
            for r in rows
        ]

    def _version_schema(self, conn: psycopg.Connection[Any], module: str, version: int) -> str:
        row = None
        if self._catalog_exists(conn):
            row = conn.execute(
                sql.SQL("SELECT schema_name FROM {} WHERE module = %s AND version = %s").format(
                    _CATALOG
                ),
                (module, version),
            ).fetchone()
        if row is None:
            have = [v.version for v in self.versions(module)]
            modules = {v.module for v in self.versions()}
            raise version_not_found(self.url, module, version, have, modules)
        return str(row[0])

    def _table_names(self, conn: psycopg.Connection[Any], schema: str) -> list[str]:
        rows = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
            (schema,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def tables(self, module: str, version: int) -> list[str]:
        """Names of the tables of a published version (quarantine tables left out), sorted."""
        with self._reading("list tables") as conn:
            schema = self._version_schema(conn, module, version)
            names = self._table_names(conn, schema)
        return [n for n in names if not n.endswith(QUARANTINE_SUFFIX)]

    def read_table(self, module: str, version: int, table: str) -> pd.DataFrame:
        """One table of a published version (in primary-key order when it has one)."""
        with self._reading(f"read {table!r}") as conn:
            schema = self._version_schema(conn, module, version)
            frame = read_pg_table(conn, schema, table)
            if frame is None:
                names = [
                    n for n in self._table_names(conn, schema) if not n.endswith(QUARANTINE_SUFFIX)
                ]
                raise table_not_found(self.url, module, version, table, names)
        return frame

    def read_quarantine(self, module: str, version: int, table: str) -> pd.DataFrame:
        """The rejected rows of one table of a published version (empty if there were none)."""
        with self._reading(f"read the quarantine of {table!r}") as conn:
            schema = self._version_schema(conn, module, version)
            frame = read_pg_table(conn, schema, table + QUARANTINE_SUFFIX)
            if frame is None:
                names = self._table_names(conn, schema)
                if table not in names:
                    raise table_not_found(self.url, module, version, table, names)
                return pd.DataFrame()
        return frame

    def metadata(self, module: str, version: int) -> str:
        """The JSON-LD metadata document of a published version (keys in jsonb order)."""
        with self._reading("read metadata") as conn:
            self._version_schema(conn, module, version)
            row = conn.execute(
                sql.SQL("SELECT metadata::text FROM {} WHERE module = %s AND version = %s").format(
                    _CATALOG
                ),
                (module, version),
            ).fetchone()
        assert row is not None
        return json.dumps(json.loads(row[0]), indent=2, ensure_ascii=False) + "\n"

    def catalog_row(self, module: str, version: int) -> dict[str, Any]:
        """The catalog row of a published version (row counts, checksums, schema, run)."""
        with self._reading("read the catalog") as conn:
            self._version_schema(conn, module, version)
            cur = conn.execute(
                sql.SQL(
                    "SELECT module, version, schema_name, created_at, run_id, row_counts,"
                    " checksums FROM {} WHERE module = %s AND version = %s"
                ).format(_CATALOG),
                (module, version),
            )
            row = cur.fetchone()
            names = [d.name for d in cur.description or []]
        assert row is not None
        data = dict(zip(names, row, strict=True))
        data["created_at"] = _iso(data["created_at"])
        return data


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
        self._digests: dict[str, Any] = {}
        self._ended: set[str] = set()

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
            _check_identifier(table + QUARANTINE_SUFFIX, "table name (with its quarantine)")
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
        name = _check_identifier(table + QUARANTINE_SUFFIX, "quarantine table name")
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
        """Refuse further chunks of `table`; its rows are already in the open transaction."""
        self._check_open()
        self._ended.add(table)

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
        self._rows[table] = 0
        self._digests[table] = hashlib.sha256()

    def _copy(self, conn: psycopg.Connection[Any], table: str, chunk: pa.Table) -> None:
        if chunk.num_rows == 0:
            return
        data = csv_bytes(chunk)
        self._digests[table].update(data)
        columns = sql.SQL(", ").join(sql.Identifier(n) for n in chunk.schema.names)
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
            self._table(table), columns
        )
        with conn.cursor() as cur, cur.copy(statement) as copy:
            copy.write(data)
        self._rows[table] += chunk.num_rows

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        """Add primary keys, insert the catalog row and COMMIT; aborts if anything fails."""
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
        for table, encoder in self._encoders.items():
            keys = encoder.table_schema.primary_key
            if keys:
                statement = sql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(
                    self._table(table), sql.SQL(", ").join(sql.Identifier(k) for k in keys)
                )
                try:
                    conn.execute(statement)
                except psycopg.Error as exc:
                    raise self.store.error(
                        f"add the primary key ({', '.join(keys)}) of {table!r}", exc
                    ) from None
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
            "manifest": extra,
        }
        try:
            row = conn.execute(
                sql.SQL(
                    "INSERT INTO {} (module, version, schema_name, created_at, run_id, row_counts,"
                    " checksums, metadata) VALUES (%s, %s, %s, clock_timestamp(), %s, %s, %s,"
                    " %s::jsonb) RETURNING created_at"
                ).format(_CATALOG),
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
            created_at=_iso(row[0]) if row else "",
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


def read_pg_table(conn: psycopg.Connection[Any], schema: str, table: str) -> pd.DataFrame | None:
    """A whole table read with ``COPY (SELECT ...) TO STDOUT``; None if it does not exist."""
    columns = conn.execute(
        "SELECT a.attname, t.typname FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " JOIN pg_type t ON t.oid = a.atttypid"
        " WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p')"
        " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        (schema, table),
    ).fetchall()
    if not columns:
        exists = conn.execute(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s",
            (schema, table),
        ).fetchone()
        return pd.DataFrame() if exists else None
    keys = conn.execute(
        "SELECT a.attname FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " WHERE i.indrelid = %s::regclass AND i.indisprimary"
        " ORDER BY array_position(i.indkey::int2[], a.attnum)",
        (sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table)).as_string(conn),),
    ).fetchall()
    plan = [_read_plan(str(name), str(typname)) for name, typname in columns]
    select = sql.SQL(", ").join(p[0] for p in plan)
    order: sql.Composable = sql.SQL("")
    if keys:
        order = sql.SQL(" ORDER BY {}").format(
            sql.SQL(", ").join(sql.Identifier(str(k[0])) for k in keys)
        )
    statement = sql.SQL("COPY (SELECT {} FROM {}.{}{}) TO STDOUT (FORMAT csv)").format(
        select, sql.Identifier(schema), sql.Identifier(table), order
    )
    buffer = io.BytesIO()
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for data in copy:
            buffer.write(data)
    names = [str(c[0]) for c in columns]
    read_types = [p[1] for p in plan]
    if buffer.tell() == 0:
        raw = pa.schema(list(zip(names, read_types, strict=True))).empty_table()
    else:
        raw = pa_csv.read_csv(
            io.BytesIO(buffer.getvalue()),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict(zip(names, read_types, strict=True)),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
                true_values=["t"],
                false_values=["f"],
            ),
        )
    final = []
    for (_, _, target), column in zip(plan, raw.columns, strict=True):
        if pa.types.is_binary(target):
            column = pa.array(
                [None if v is None else bytes.fromhex(v) for v in column.to_pylist()],
                type=pa.binary(),
            )
        elif column.type != target:
            column = column.cast(target)
        final.append(column)
    return from_arrow(pa.Table.from_arrays(final, names=names))


def _read_plan(name: str, typname: str) -> tuple[sql.Composable, pa.DataType, pa.DataType]:
    """How to select a column as CSV text: the expression, the parse type, the final type."""
    col = sql.Identifier(name)

    def alias(expression: str) -> sql.Composable:
        return sql.SQL(expression + " AS {}").format(col, col)

    match typname:
        case "int8" | "int4":
            return col, pa.int64(), pa.int64()
        case "int2":
            return col, pa.int16(), pa.int16()
        case "numeric" | "float8":
            return alias("{}::float8"), pa.float64(), pa.float64()
        case "float4":
            return col, pa.float32(), pa.float32()
        case "bool":
            return col, pa.bool_(), pa.bool_()
        case "date":
            return col, pa.date32(), pa.date32()
        case "timestamp":
            return col, pa.timestamp("us"), pa.timestamp("us")
        case "timestamptz":
            return alias("({} AT TIME ZONE 'UTC')"), pa.timestamp("us"), pa.timestamp("us", "UTC")
        case "interval":
            return (
                alias("(extract(epoch FROM {}) * 1000000)::int8"),
                pa.int64(),
                pa.duration("us"),
            )
        case "bytea":
            return alias("encode({}, 'hex')"), pa.string(), pa.binary()
        case _:
            return alias("{}::text"), pa.string(), pa.string()


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    return str(value)
