"""Browsing a database's catalog one level at a time: schemas, then tables, then columns.

The schema browser calls these from a worker thread, one short read-only connection per call,
through the same catalog as the drafts (`open_catalog`). The password is given apart from the
URL; it reaches the driver and nothing else, and every error message is scrubbed of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine

from .catalog import Catalog
from .database import open_catalog
from .dburl import parse_database_url
from .relations import RelationKind, RelationName, SourceForeignKey

# SQLite has no row estimate; counting is cheap only in a small file
SQLITE_COUNT_LIMIT = 64 * 1024 * 1024
_PG_ESTIMATES = text(
    """
    SELECT c.relname, c.reltuples::bigint
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm')
    """
)
_MY_ESTIMATES = text(
    """
    SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = :schema AND TABLE_TYPE = 'BASE TABLE'
    """
)


class BrowseFailed(Exception):
    """The catalog could not be read; the message is one line and names no secret."""


@dataclass(frozen=True)
class BrowsedTable:
    schema: str
    name: str
    kind: RelationKind
    row_estimate: int | None  # None: unknown, or not cheap to find out


@dataclass(frozen=True)
class BrowsedColumn:
    name: str
    sql_type: str  # as the database spells it (`VARCHAR(255)`)
    nullable: bool
    primary_key: bool
    references: str | None  # `schema.table.column` (`table.column` in the same schema)
    unique: bool = False  # alone in a unique constraint or index (partial ones left out)


def browse_schemas(url: str, password: str | None = None) -> list[str]:
    """The schemas holding user tables (SQLite: `main`; MySQL: the databases one can see)."""
    with _catalog(url, password) as catalog:
        return catalog.schemas()


def browse_tables(url: str, password: str | None, schema: str) -> list[BrowsedTable]:
    """The tables and views of `schema`, sorted by name, each with a row estimate when cheap."""
    with _catalog(url, password) as catalog:
        estimates = _row_estimates(catalog, schema)
        return [
            BrowsedTable(schema, r.name, r.kind, estimates.get(r.name))
            for r in catalog.relations(schema)
        ]


def browse_columns(url: str, password: str | None, schema: str, table: str) -> list[BrowsedColumn]:
    """The columns of one table or view, in order, with their keys."""
    with _catalog(url, password) as catalog:
        name = RelationName(schema, table, RelationKind.TABLE)  # the kind is not looked at
        reflected = catalog.reflect(schema, [name])[0]
        references = _references(schema, reflected.foreign_keys)
        unique = {
            k.columns[0] for k in reflected.unique_keys if len(k.columns) == 1 and k.where is None
        }
        dialect = catalog.connection.dialect
        return [
            BrowsedColumn(
                c.name,
                _type_name(c.type, dialect),
                c.nullable,
                c.name in reflected.primary_key,
                references.get(c.name),
                c.name in unique and reflected.primary_key != [c.name],
            )
            for c in reflected.columns
        ]


@contextmanager
def _catalog(url: str, password: str | None) -> Iterator[Catalog]:
    parsed = parse_database_url(url).with_password(password)
    try:
        with open_catalog(parsed) as catalog:
            yield catalog
    except SQLAlchemyError as exc:
        original = getattr(exc, "orig", None) or exc
        message = re.sub(r"\s+", " ", str(original)).strip() or type(original).__name__
        raise BrowseFailed(parsed.scrub(message)) from None


def _row_estimates(catalog: Catalog, schema: str) -> dict[str, int | None]:
    connection = catalog.connection
    if catalog.is_postgresql:
        rows = connection.execute(_PG_ESTIMATES, {"schema": schema})
        # reltuples is -1 until the table is first vacuumed or analyzed
        return {name: (int(n) if n >= 0 else None) for name, n in rows}
    if catalog.dialect in ("mysql", "mariadb"):
        rows = connection.execute(_MY_ESTIMATES, {"schema": schema})
        return {name: (int(n) if n is not None else None) for name, n in rows}
    if catalog.dialect == "sqlite" and _small_sqlite_file(connection, schema):
        return _sqlite_counts(connection, schema)
    return {}


def _small_sqlite_file(connection: Connection, schema: str) -> bool:
    for _, name, file in connection.exec_driver_sql("PRAGMA database_list"):
        if name == schema:
            return bool(file) and Path(file).stat().st_size <= SQLITE_COUNT_LIMIT
    return False


def _sqlite_counts(connection: Connection, schema: str) -> dict[str, int | None]:
    quote = connection.dialect.identifier_preparer.quote
    names = connection.exec_driver_sql(
        f"SELECT name FROM {quote(schema)}.sqlite_master WHERE type = 'table'"
    ).scalars()
    counts: dict[str, int | None] = {}
    for name in list(names):
        query = f"SELECT count(*) FROM {quote(schema)}.{quote(name)}"
        counts[name] = int(connection.exec_driver_sql(query).scalar_one())
    return counts


def _references(schema: str, keys: list[SourceForeignKey]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in keys:
        table = key.ref_table if key.ref_schema == schema else f"{key.ref_schema}.{key.ref_table}"
        for column, ref in zip(key.columns, key.ref_columns, strict=False):
            found.setdefault(column, f"{table}.{ref}")
    return found


def _type_name(type_: TypeEngine[Any], dialect: Any) -> str:
    try:
        return str(type_.compile(dialect=dialect))
    except Exception:  # NullType (an untyped SQLite column) and a few others do not compile
        return "" if type(type_).__name__ == "NullType" else type(type_).__name__
