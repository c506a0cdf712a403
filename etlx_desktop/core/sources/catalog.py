"""Listing and reflecting the tables and views of a database through SQLAlchemy's inspector."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.engine.reflection import Inspector, ObjectKind
from sqlalchemy.types import TypeEngine

from . import mycatalog, pgcatalog
from .relations import (
    RelationKind,
    RelationName,
    SourceColumn,
    SourceForeignKey,
    SourceRelation,
    UniqueKey,
)

_SYSTEM_SCHEMAS = {"information_schema", "mysql", "performance_schema", "sys"}


class Catalog:
    """The catalog of one open (read-only) connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.inspector: Inspector = inspect(connection)
        self.dialect = connection.dialect.name
        self.is_postgresql = self.dialect == "postgresql"
        self.is_mariadb = bool(getattr(connection.dialect, "is_mariadb", False))
        self.partitions = pgcatalog.partitions(connection) if self.is_postgresql else {}
        self._domains: pgcatalog.DomainBases | None = None

    @property
    def default_schema(self) -> str | None:
        """PostgreSQL's current schema, the MySQL database of the URL or SQLite's `main`."""
        return self.inspector.default_schema_name

    def schemas(self) -> list[str]:
        """The schemas holding user tables (system schemas left out)."""
        names = self.inspector.get_schema_names()
        return sorted(n for n in names if n not in _SYSTEM_SCHEMAS and not n.startswith("pg_"))

    def relations(self, schema: str) -> list[RelationName]:
        """The tables (partitions left out) and views of `schema`, sorted by name."""
        children = pgcatalog.partition_names(self.partitions)
        found = [
            RelationName(schema, name, self._table_kind(schema, name))
            for name in self.inspector.get_table_names(schema=schema)
            if (schema, name) not in children
        ]
        found += [
            RelationName(schema, n, RelationKind.VIEW)
            for n in self.inspector.get_view_names(schema=schema)
        ]
        if self.is_postgresql:
            found += [
                RelationName(schema, n, RelationKind.MATERIALIZED_VIEW)
                for n in self.inspector.get_materialized_view_names(schema=schema)
            ]
        return sorted(found, key=lambda r: r.name)

    def _table_kind(self, schema: str, name: str) -> RelationKind:
        partitioned = (schema, name) in self.partitions
        return RelationKind.PARTITIONED if partitioned else RelationKind.TABLE

    def reflect(self, schema: str, names: list[RelationName]) -> list[SourceRelation]:
        """Columns, primary, foreign and unique keys and comment of each relation of `schema`."""
        wanted = [r.name for r in names]
        options: dict[str, Any] = {
            "schema": schema,
            "filter_names": wanted,
            "kind": ObjectKind.ANY,
        }
        columns = self.inspector.get_multi_columns(**options)
        keys = self.inspector.get_multi_pk_constraint(**options)
        comments: dict[Any, Any] = {}
        if self.connection.dialect.supports_comments:
            comments = dict(self.inspector.get_multi_table_comment(**options))
        foreign = self._foreign_keys(schema, options)
        unique = self._unique_keys(options)
        json_columns = mycatalog.json_columns(self.connection, schema) if self.is_mariadb else set()
        result = []
        for relation in names:
            key = (schema, relation.name)
            reflected = SourceRelation(
                relation=relation,
                columns=[
                    self._column(relation.name, c, json_columns) for c in columns.get(key, [])
                ],
                primary_key=_primary_key(keys.get(key)),
                foreign_keys=foreign.get(relation.name, []),
                comment=_comment_text(comments.get(key)),
                partitions=[f"{s}.{n}" for s, n in self.partitions.get(key, [])],
                unique_keys=unique.get(key, []),
            )
            result.append(reflected)
        return result

    def _column(self, table: str, column: Any, json_columns: set[tuple[str, str]]) -> SourceColumn:
        type_: TypeEngine[Any] = column["type"]
        if self.is_postgresql:
            type_ = pgcatalog.resolve_domain(type_, self._domain_bases())
        if (table, column["name"]) in json_columns:
            type_ = mysql.JSON()
        return SourceColumn(column["name"], type_, bool(column["nullable"]))

    def _domain_bases(self) -> pgcatalog.DomainBases:
        if self._domains is None:
            self._domains = pgcatalog.domain_bases(self.connection)
        return self._domains

    def _unique_keys(self, options: dict[str, Any]) -> dict[Any, list[UniqueKey]]:
        """Unique constraints and unique indexes over plain columns (expression indexes left
        out), each column set once; the primary key's own index may be among them."""
        found: dict[Any, list[UniqueKey]] = {}
        for key, constraints in self.inspector.get_multi_unique_constraints(**options).items():
            for item in constraints:
                _add_unique(found, key, UniqueKey(tuple(item["column_names"]), item.get("name")))
        # SQLite's own indexes back UNIQUE columns its DDL parser in SQLAlchemy can miss
        automatic: dict[str, Any] = {"include_auto_indexes": self.dialect == "sqlite"}
        for key, indexes in self.inspector.get_multi_indexes(**options, **automatic).items():
            for index in indexes:
                columns = index.get("column_names") or []
                if not index.get("unique") or not columns or None in columns:
                    continue
                where = _index_predicate(index.get("dialect_options") or {})
                named = tuple(str(c) for c in columns)
                _add_unique(found, key, UniqueKey(named, index.get("name"), where))
        return found

    def _foreign_keys(
        self, schema: str, options: dict[str, Any]
    ) -> dict[str, list[SourceForeignKey]]:
        if self.is_postgresql:
            return pgcatalog.foreign_keys(self.connection, schema)
        found: dict[str, list[SourceForeignKey]] = {}
        for (_, table), items in self.inspector.get_multi_foreign_keys(**options).items():
            found[table] = [
                SourceForeignKey(
                    tuple(fk["constrained_columns"]),
                    fk["referred_schema"] or schema,
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                )
                for fk in items
            ]
        return found


def _add_unique(found: dict[Any, list[UniqueKey]], key: Any, unique: UniqueKey) -> None:
    keys = found.setdefault(key, [])
    if not any((k.columns, k.where) == (unique.columns, unique.where) for k in keys):
        keys.append(unique)


def _index_predicate(options: dict[str, Any]) -> str | None:
    """The WHERE of a partial index (`postgresql_where`, `sqlite_where`), as text."""
    for name, value in options.items():
        if name.endswith("_where") and value is not None:
            return str(value)
    return None


def _comment_text(comment: Any) -> str | None:
    text = comment.get("text") if isinstance(comment, dict) else None
    return text if isinstance(text, str) else None


def _primary_key(constraint: Any) -> list[str]:
    columns = constraint.get("constrained_columns") if isinstance(constraint, dict) else None
    return [str(c) for c in columns or []]
