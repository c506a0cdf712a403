"""The columns a table's source has now, read the cheapest way that tells the truth.

* A database table (`sourceTable`): its catalog, through the same reflection a draft uses, so
  each column has the datatype and sqlType a draft would give it now, even for an empty table.
* Anything else (a query, a file, an S3 object, an HTTP API, an extraction script): the first
  `SAMPLE_ROWS` rows, read through the run's own session and reader, so the columns are exactly
  the ones a run would get; datatypes are guessed from the sampled values.

Nothing is written and a database is only read (read-only transactions, as in drafting).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pandas as pd

from ..metadata.model import DataSource, Datatype, SourceKind, Table, TableSchema
from .catalog import Catalog
from .database import open_catalog
from .dburl import parse_database_url
from .infer import guess_texts, guess_values
from .reading import SessionOpener, SourceAccess, SourceSession
from .relations import SourceRelation
from .sql_reader import engine_url, split_name, sqlite_path
from .sqltypes import map_type

SAMPLE_ROWS = 1_000
DATABASE_KINDS = {SourceKind.POSTGRESQL, SourceKind.MYSQL, SourceKind.SQLITE}


@dataclass(frozen=True)
class LiveColumn:
    """A column of the source now; `sql_type` is set when the source declares its type."""

    name: str
    datatype: Datatype
    sql_type: str | None = None


@dataclass
class LiveTable:
    """What a table's source holds now: where (`db: table crm.customers`), its columns (None
    when they cannot be known) and, for sampled sources, the sampled rows (for checking values
    against the declared types)."""

    where: str
    columns: list[LiveColumn] | None
    sample: pd.DataFrame | None = None
    error: str | None = None
    note: str | None = None


class SourceProbe:
    """Reads the live columns of `tables`, all of one source (a database's catalog once per
    schema); a context manager that ends every connection and session it opened."""

    def __init__(
        self, source: DataSource, access: SourceAccess, opener: SessionOpener, tables: list[Table]
    ) -> None:
        self.source, self.access, self.opener, self.tables = source, access, opener, tables
        self._stack = ExitStack()
        self._catalog: Catalog | None = None
        self._reflected: dict[tuple[str, str], SourceRelation] | None = None
        self._session: SourceSession | None = None
        self._held: list[Iterator[pd.DataFrame]] = []

    def __enter__(self) -> SourceProbe:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        # Dropped only now: a MariaDB stream closed early would be read to its end (see
        # SqlSession.end), while a session that has ended drops the connection instead.
        self._held.clear()

    def live(self, table: Table) -> LiveTable:
        if self._in_catalog(table):
            return self._from_catalog(table)
        return self._from_sample(table)

    def _in_catalog(self, table: Table) -> bool:
        step = table.extraction
        return self.source.kind in DATABASE_KINDS and step.query is None and step.script is None

    def _from_catalog(self, table: Table) -> LiveTable:
        source_table = table.extraction.source_table or table.table_name
        where = f"{self.source.identifier}: table {source_table}"
        relation = self._reflect_all().get(self._key(table))
        if relation is None:
            return LiveTable(where, None, error="the source table does not exist")
        dialect = self._open_catalog().connection.dialect
        columns = []
        for column in relation.columns:
            mapped = map_type(column.type, dialect)
            columns.append(LiveColumn(column.name, mapped.datatype, mapped.sql_type))
        return LiveTable(where, columns)

    def _key(self, table: Table) -> tuple[str, str]:
        schema, name = split_name(table.extraction.source_table or table.table_name)
        return schema or self._open_catalog().default_schema or "", name

    def _reflect_all(self) -> dict[tuple[str, str], SourceRelation]:
        """Every catalog table of the probe that exists, reflected once per schema."""
        if self._reflected is None:
            catalog = self._open_catalog()
            wanted: dict[str, set[str]] = {}
            for schema, name in (self._key(t) for t in self.tables if self._in_catalog(t)):
                wanted.setdefault(schema, set()).add(name)
            known = set(catalog.schemas())
            self._reflected = {}
            for schema, names in wanted.items():
                if schema not in known:
                    continue
                found = [r for r in catalog.relations(schema) if r.name in names]
                if not found:
                    continue
                for relation in catalog.reflect(schema, found):
                    self._reflected[(schema, relation.relation.name)] = relation
        return self._reflected

    def _open_catalog(self) -> Catalog:
        if self._catalog is None:
            if self.source.kind is SourceKind.SQLITE:
                text = f"sqlite:///{sqlite_path(self.source, self.access)}"
            else:
                url = engine_url(self.source, self.access)
                text = url.render_as_string(hide_password=False)
            self._catalog = self._stack.enter_context(open_catalog(parse_database_url(text)))
        return self._catalog

    def _from_sample(self, table: Table) -> LiveTable:
        where = f"{self.source.identifier}: {_what(table)}"
        if self._session is None:
            self._session = self._stack.enter_context(self.opener(self.source, self.access))
        # No declared columns: a reader must not add the module's columns to what it found.
        bare = dataclasses.replace(table, table_schema=TableSchema(columns=[]))
        chunks = self._session.reader(bare).chunks(SAMPLE_ROWS)
        self._held.append(chunks)
        sample = next(chunks, None)
        if sample is None:
            return LiveTable(where, None, note="not checked: the source returned no rows")
        columns = [LiveColumn(str(n), guessed_datatype(sample[n])) for n in sample.columns]
        return LiveTable(where, columns, sample)


def guessed_datatype(values: pd.Series) -> Datatype:
    """The datatype the sampled values look like: text as in a CSV cell, typed values by type
    (string when every value is null)."""
    present = values[values.notna()].tolist()
    if all(isinstance(v, str) for v in present):
        return guess_texts(present).datatype
    return guess_values(present).datatype


def _what(table: Table) -> str:
    step = table.extraction
    if step.script is not None:
        return f"script {step.script.path}"
    if step.query is not None:
        return "query"
    if step.file is not None:
        return f"file {step.file}"
    path = (step.parameters or {}).get("path")
    return f"path {path}" if path else f"table {table.table_name}"
