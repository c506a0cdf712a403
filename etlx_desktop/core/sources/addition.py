"""Drafting one more database table into an existing module (the schema browser's "Add table").

The table is drafted together with the tables the module already reads from the same database,
so foreign keys in both directions are found: the new table's keys to tables already there, and
their keys to it. Names and urls are made unique within the module; a database the module does
not read yet becomes a new data source (a SQLite file inside the module's folder is kept
relative, so the module stays portable).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import quote

from ..metadata import DataModule, DataSource, ForeignKey, SourceKind, Table, TableReference
from ..metadata.editing_tables import TableAddition, TableAlreadyInModule
from .database import reflect_tables
from .dburl import DatabaseURL, parse_database_url
from .errors import UnknownTable
from .naming import module_identifier, password_variable, unique_names

Place = tuple[str, ...]
_DATABASE_KINDS = (SourceKind.POSTGRESQL, SourceKind.MYSQL, SourceKind.SQLITE)


def draft_addition(
    module: DataModule,
    base_dir: Path,
    url: str,
    schema: str,
    table: str,
    *,
    password: str | None = None,
    secret_ref: str | None = None,
) -> TableAddition:
    """What adding `schema.table` of the database at `url` (no password in it) to `module`
    brings. Reads the database; raises SourceUnavailable, UnknownTable, or
    TableAlreadyInModule when the module already reads that table from that database."""
    parsed = parse_database_url(url)
    readable = parsed.with_password(password)
    source = _source_for(module, base_dir, parsed)
    source_id = source.identifier if source else _new_source_id(module, parsed)
    mine = _reading(module, source_id)
    wanted = f"{schema}.{table}" if schema else table
    existing = [t.extraction.source_table for t in mine if t.extraction.source_table]
    drafted = _reflect(readable, [*existing, wanted], source_id)
    new = _the_new_table(drafted, schema, table)
    if any(t.extraction.source_table == new.extraction.source_table for t in mine):
        raise TableAlreadyInModule(
            f"the module already reads {new.extraction.source_table} from source {source_id}."
        )
    ref = secret_ref or (password_variable(source_id) if password else None)
    return _addition(module, base_dir, parsed, source, source_id, drafted, new, ref)


def _addition(
    module: DataModule,
    base_dir: Path,
    parsed: DatabaseURL,
    source: DataSource | None,
    source_id: str,
    drafted: list[Table],
    new: Table,
    secret_ref: str | None,
) -> TableAddition:
    name = unique_names([*(t.table_name for t in module.tables), new.table_name])[-1]
    url = _unique_url(module, name)
    urls = _url_map(module, source_id, drafted) | {new.url: url}
    table = dataclasses.replace(new, table_name=name, url=url)
    table.table_schema.foreign_keys = _mapped(new.table_schema.foreign_keys, urls)
    new_source = None
    if source is None:
        new_source = _new_source(parsed, base_dir, source_id, secret_ref)
    return TableAddition(
        table, new_source, tuple(_keys_to(module, source_id, drafted, new.url, url))
    )


def _reflect(parsed: DatabaseURL, wanted: list[str], source_id: str) -> list[Table]:
    try:
        return reflect_tables(parsed, wanted, source_id)
    except UnknownTable:
        if len(wanted) == 1:
            raise
        # a table the module reads is gone from the database: draft the new one on its own
        return reflect_tables(parsed, wanted[-1:], source_id)


def _the_new_table(drafted: list[Table], schema: str, table: str) -> Table:
    names = {table, f"{schema}.{table}"}
    for candidate in reversed(drafted):
        if candidate.extraction.source_table in names:
            return candidate
    return drafted[-1]  # the draft keeps the order asked for: the new table comes last


def _place(parsed: DatabaseURL, base_dir: Path) -> Place:
    """Where a database is, whatever the URL's spelling: the file, or server and database."""
    if parsed.backend == "sqlite":
        path = Path(parsed.database or "")
        return ("sqlite", str((path if path.is_absolute() else base_dir / path).resolve()))
    family = "mysql" if parsed.backend in ("mysql", "mariadb") else parsed.backend
    host = parsed.url.host or "localhost"
    port = str(parsed.url.port or "")
    return (family, host, port, parsed.database or "", parsed.url.username or "")


def _source_for(module: DataModule, base_dir: Path, parsed: DatabaseURL) -> DataSource | None:
    wanted = _place(parsed, base_dir)
    for source in module.data_sources:
        if source.kind not in _DATABASE_KINDS or not source.endpoint_url:
            continue
        try:
            if _place(parse_database_url(source.endpoint_url), base_dir) == wanted:
                return source
        except ValueError:
            continue  # an unreadable URL: the validator says so elsewhere
    return None


def _new_source_id(module: DataModule, parsed: DatabaseURL) -> str:
    stem = Path(parsed.database or "").stem if parsed.backend == "sqlite" else parsed.database
    word = module_identifier(stem or parsed.backend)
    return unique_names([*(s.identifier for s in module.data_sources), word])[-1]


def _new_source(
    parsed: DatabaseURL, base_dir: Path, source_id: str, secret_ref: str | None
) -> DataSource:
    endpoint = parsed.endpoint
    if parsed.backend == "sqlite" and parsed.database:
        path = Path(parsed.database)
        if path.is_absolute() and path.resolve().is_relative_to(base_dir.resolve()):
            endpoint = f"sqlite:///{path.resolve().relative_to(base_dir.resolve()).as_posix()}"
    return DataSource(
        identifier=source_id,
        kind=parsed.kind,
        title=parsed.where(),
        endpoint_url=endpoint,
        secret_ref=secret_ref,
    )


def _unique_url(module: DataModule, name: str) -> str:
    taken = {t.url for t in module.tables}
    url, number = f"tables/{quote(name, safe='')}", 1
    while url in taken:
        number += 1
        url = f"tables/{quote(name, safe='')}_{number}"
    return url


def _url_map(module: DataModule, source_id: str, drafted: list[Table]) -> dict[str, str]:
    """Drafted url -> url in the module, for the drafted tables the module already reads."""
    here = {t.extraction.source_table: t.url for t in _reading(module, source_id)}
    return {
        t.url: here[t.extraction.source_table] for t in drafted if t.extraction.source_table in here
    }


def _mapped(keys: list[ForeignKey], urls: dict[str, str]) -> list[ForeignKey]:
    return [
        dataclasses.replace(
            key,
            reference=TableReference(
                resource=urls[key.reference.resource],
                column_reference=list(key.reference.column_reference),
            ),
        )
        for key in keys
        if key.reference.resource in urls
    ]


def _keys_to(
    module: DataModule, source_id: str, drafted: list[Table], drafted_url: str, url: str
) -> list[tuple[str, ForeignKey]]:
    """Keys that tables already in the module hold to the new table and do not have yet."""
    by_source_table = {t.extraction.source_table: t for t in _reading(module, source_id)}
    found: list[tuple[str, ForeignKey]] = []
    for other in drafted:
        owner = by_source_table.get(other.extraction.source_table)
        if owner is None or other.url == drafted_url:
            continue
        have = {tuple(k.column_reference) for k in owner.table_schema.foreign_keys}
        for key in other.table_schema.foreign_keys:
            if key.reference.resource == drafted_url and tuple(key.column_reference) not in have:
                found += [(owner.table_name, k) for k in _mapped([key], {drafted_url: url})]
    return found


def _reading(module: DataModule, source_id: str) -> list[Table]:
    """The module's tables that read a source table of `source_id`."""
    return [
        t
        for t in module.tables
        if t.extraction.from_source == source_id and t.extraction.source_table
    ]
