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

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import psycopg
from psycopg import sql

from .base import StorageError, VersionInfo
from .common import table_not_found, version_not_found
from .names import check_module_name
from .postgres_read import read_pg_table
from .postgres_sql import (
    CATALOG,
    CATALOG_DDL,
    CATALOG_LOCK,
    CATALOG_SCHEMA,
    CATALOG_TABLE,
    QUARANTINE_SUFFIX,
    check_identifier,
    iso_text,
)
from .postgres_writer import PostgresVersionWriter


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
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (CATALOG_LOCK,))
        conn.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(CATALOG_SCHEMA))
        )
        conn.execute(CATALOG_DDL)
        conn.commit()

    # -- the VersionStore API ---------------------------------------------------------------

    def schema_name(self, module: str, version: int) -> str:
        """Name of the schema holding `version` of `module`."""
        prefix = self.schema_prefix or module.replace("-", "_")
        return check_identifier(f"{prefix}_v{version}", "schema name")

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
                    CATALOG
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
            ).format(CATALOG)
            rows = conn.execute(query, (module, module)).fetchall()
        return [
            VersionInfo(
                module=r[0],
                version=int(r[1]),
                created_at=iso_text(r[3]),
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
                    CATALOG
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
                    CATALOG
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
                ).format(CATALOG),
                (module, version),
            )
            row = cur.fetchone()
            names = [d.name for d in cur.description or []]
        assert row is not None
        data = dict(zip(names, row, strict=True))
        data["created_at"] = iso_text(data["created_at"])
        return data
