"""Drafting a data module from a live database (PostgreSQL, MariaDB/MySQL, SQLite).

The database is only read: one read-only transaction (PostgreSQL, MariaDB/MySQL; SQLite files
are opened read-only) on a connection of a private engine that is disposed of at the end. No
lock stronger than a plain SELECT's is taken, and none is waited for long (see `pgcatalog`).
The password of the URL reaches the driver and nothing else: not the module, not exception
messages, not the log.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import NullPool

from ..metadata import DataModule, DataSource, Table
from . import mycatalog, pgcatalog
from .catalog import Catalog
from .dbmodule import DraftContext, build_tables
from .dburl import DatabaseURL, parse_database_url
from .errors import SourceUnavailable, UnsupportedSource
from .naming import check_source_id, module_identifier, password_variable
from .relations import SourceRelation
from .selection import choose_relations, choose_schemas, wanted_names

log = logging.getLogger(__name__)

DEFAULT_SOURCE_ID = "db"
_CONNECT_TIMEOUT = 10
_REASON_LENGTH = 300


def draft_from_database(
    url: str,
    *,
    schema: str | None = None,
    tables: Sequence[str] | None = None,
    name: str | None = None,
    source_id: str = DEFAULT_SOURCE_ID,
) -> DataModule:
    """A draft module with one table per table or view of the database at `url`.

    `schema` limits the draft to one schema (PostgreSQL drafts every user schema otherwise;
    MySQL the database of the URL). `tables` names the tables to draft (`name` or
    `schema.name`). Raises SourceUnavailable if the database cannot be reached, UnknownSchema
    or UnknownTable (both ValueErrors) for names that do not exist.
    """
    check_source_id(source_id)
    parsed = parse_database_url(url)
    log.debug("drafting a module from %s", parsed.endpoint)
    with open_catalog(parsed) as catalog:
        relations = _reflect(catalog, schema, wanted_names(tables))
        context = DraftContext(
            source_id, catalog.connection.dialect, catalog.default_schema, schema is not None
        )
        module_tables = build_tables(relations, context)
    return DataModule(
        identifier=module_identifier(name or _database_stem(parsed)),
        title=name or f"{_database_stem(parsed)} ({parsed.kind})",
        description=f"Drafted from the {parsed.where()}.",
        version=1,
        data_sources=[_data_source(parsed, source_id)],
        tables=module_tables,
    )


def reflect_tables(parsed: DatabaseURL, wanted: Sequence[str], source_id: str) -> list[Table]:
    """The module tables drafted for the relations named in `wanted` (`name` in the default
    schema, `schema.name` elsewhere), read from the source `source_id`; foreign keys point only
    at tables among them."""
    with open_catalog(parsed) as catalog:
        relations = _reflect(catalog, None, wanted_names(wanted))
        context = DraftContext(source_id, catalog.connection.dialect, catalog.default_schema, False)
        return build_tables(relations, context)


@contextmanager
def open_catalog(parsed: DatabaseURL) -> Iterator[Catalog]:
    """The catalog of the database, read in one read-only transaction on a private engine that
    is disposed of at the end. Raises SourceUnavailable if it cannot be reached."""
    engine = _engine(parsed)
    try:
        with _read_only(engine, parsed) as connection:
            yield Catalog(connection)
    finally:
        engine.dispose()


def _reflect(
    catalog: Catalog, schema: str | None, wanted: list[str] | None
) -> list[SourceRelation]:
    default = catalog.default_schema
    schemas = choose_schemas(catalog.schemas(), schema, default, all_schemas=catalog.is_postgresql)
    found = [relation for s in schemas for relation in catalog.relations(s)]
    chosen = choose_relations(found, wanted, schemas, default)
    reflected: list[SourceRelation] = []
    for current in schemas:
        in_schema = [r for r in chosen if r.schema == current]
        if in_schema:
            reflected += catalog.reflect(current, in_schema)
    order = {relation: index for index, relation in enumerate(chosen)}
    return sorted(reflected, key=lambda r: order[r.relation])


def _data_source(parsed: DatabaseURL, source_id: str) -> DataSource:
    return DataSource(
        identifier=source_id,
        kind=parsed.kind,
        title=parsed.where(),
        endpoint_url=parsed.endpoint,
        secret_ref=password_variable(source_id) if parsed.has_password else None,
    )


def _database_stem(parsed: DatabaseURL) -> str:
    database = parsed.database or "database"
    return PurePath(database).stem if parsed.backend == "sqlite" else database


def _engine(parsed: DatabaseURL) -> Engine:
    try:
        if parsed.backend == "sqlite":
            return _sqlite_engine(parsed)
        options = parsed.url.query
        connect_args = {} if "connect_timeout" in options else {"connect_timeout": _CONNECT_TIMEOUT}
        return create_engine(parsed.url, poolclass=NullPool, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        driver = parsed.url.drivername
        raise UnsupportedSource(f"driver '{driver}' is not available: {exc}.") from None


def _sqlite_engine(parsed: DatabaseURL) -> Engine:
    """An engine opening the SQLite file read-only; a missing file is never created."""
    database = parsed.database
    if not database or database == ":memory:":
        raise UnsupportedSource("a sqlite:/// URL must name a database file.")
    path = Path(database)
    if not path.is_file():
        raise SourceUnavailable(parsed.where(), "the file does not exist")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        poolclass=NullPool,
    )


@contextmanager
def _read_only(engine: Engine, parsed: DatabaseURL) -> Iterator[Connection]:
    """A connection inside a read-only transaction, rolled back at the end."""
    try:
        connection = engine.connect()
    except DBAPIError as exc:
        raise SourceUnavailable(parsed.where(), _reason(exc, parsed)) from None
    with connection:
        connection.begin()
        if parsed.backend == "postgresql":
            pgcatalog.start_read_only(connection)
        elif parsed.backend in ("mysql", "mariadb"):
            mycatalog.start_read_only(connection)
        try:
            yield connection
        except OperationalError as exc:
            if not _is_lock_timeout(exc):
                raise
            reason = "a table is locked by another session (a schema change?); try again later"
            raise SourceUnavailable(parsed.where(), reason) from None
        connection.rollback()


def _is_lock_timeout(exc: OperationalError) -> bool:
    original = exc.orig
    if getattr(original, "sqlstate", None) == pgcatalog.LOCK_NOT_AVAILABLE:
        return True
    args: tuple[object, ...] = tuple(getattr(original, "args", ()))
    return bool(args) and args[0] in mycatalog.LOCK_WAIT_ERRORS


def _reason(exc: DBAPIError, parsed: DatabaseURL) -> str:
    """The driver's own words for a failed connection, on one line, without any secret."""
    original = exc.orig if exc.orig is not None else exc
    text = re.sub(r"\s+", " ", str(original)).strip() or type(original).__name__
    text = parsed.scrub(text)
    return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 3] + "..."
