"""Turning reflected tables and views into the tables of a draft module."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.engine import Dialect

from ..metadata import (
    Column,
    ExtractStep,
    ForeignKey,
    KeyHandling,
    NullStrategy,
    Table,
    TableReference,
    TableSchema,
)
from .naming import title_of, unique_names
from .relations import RelationKind, SourceColumn, SourceForeignKey, SourceRelation, UniqueKey
from .sqltypes import map_type

_LISTED_PARTITIONS = 10
Key = tuple[str, str]


@dataclass(frozen=True)
class DraftContext:
    """What every table of one database draft shares."""

    source_id: str
    dialect: Dialect
    default_schema: str | None
    schema_given: bool


def build_tables(relations: list[SourceRelation], context: DraftContext) -> list[Table]:
    """One module table per relation, foreign keys pointing at the drafted tables' urls."""
    keys = [(r.relation.schema, r.relation.name) for r in relations]
    names = dict(zip(keys, _table_names(keys), strict=True))
    urls = {key: f"tables/{quote(name, safe='')}" for key, name in names.items()}
    by_key = dict(zip(keys, relations, strict=True))
    return [
        _table(relation, names[key], urls, by_key, context)
        for key, relation in zip(keys, relations, strict=True)
    ]


def _table_names(keys: list[Key]) -> list[str]:
    """The table name; prefixed `<schema>_` where two drafted schemas hold the same name."""
    counts = Counter(name for _, name in keys)
    wanted = [name if counts[name] == 1 else f"{schema}_{name}" for schema, name in keys]
    return unique_names(wanted)


def _table(
    relation: SourceRelation,
    name: str,
    urls: dict[Key, str],
    by_key: dict[Key, SourceRelation],
    context: DraftContext,
) -> Table:
    source = relation.relation
    qualify = context.schema_given or source.schema != context.default_schema
    foreign_keys, notes = _foreign_keys(relation.foreign_keys, urls, by_key)
    unique = unique_columns(relation.unique_keys, relation.primary_key)
    notes += _unique_notes(relation.unique_keys, relation.primary_key)
    return Table(
        url=urls[(source.schema, source.name)],
        table_name=name,
        title=title_of(source.name),
        description=_description(relation, notes),
        extraction=ExtractStep(
            from_source=context.source_id,
            source_table=source.qualified if qualify else source.name,
        ),
        table_schema=TableSchema(
            columns=[_column(c, context.dialect, c.name in unique) for c in relation.columns],
            primary_key=list(relation.primary_key),
            foreign_keys=foreign_keys,
        ),
    )


def _column(column: SourceColumn, dialect: Dialect, unique: bool) -> Column:
    mapped = map_type(column.type, dialect)
    return Column(
        name=column.name,
        datatype=mapped.datatype,
        sql_type=mapped.sql_type,
        required=None if column.nullable else True,
        unique=True if unique else None,
        null_strategy=NullStrategy.KEEP if column.nullable else NullStrategy.REJECT,
        allowed_values=list(mapped.allowed_values),
    )


def unique_columns(keys: list[UniqueKey], primary_key: list[str]) -> set[str]:
    """Columns unique on their own: a single-column unique key over every row. A single-column
    primary key is left out: keys are unique by definition."""
    single = {k.columns[0] for k in keys if len(k.columns) == 1 and k.where is None}
    return single - {primary_key[0]} if len(primary_key) == 1 else single


def _unique_notes(keys: list[UniqueKey], primary_key: list[str]) -> list[str]:
    """A note for each unique key the columns' `unique` cannot say: composite or partial (the
    primary key's own index left out)."""
    notes: list[str] = []
    for key in keys:
        if key.where is None and set(key.columns) == set(primary_key):
            continue
        name = f" {key.name}" if key.name else ""
        columns = ", ".join(key.columns)
        if key.where is not None:
            notes.append(f"Unique index{name} ({columns}) holds only where {key.where}.")
        elif len(key.columns) > 1:
            notes.append(f"Unique key{name}: ({columns}) unique together.")
    return notes


def _foreign_keys(
    keys: list[SourceForeignKey], urls: dict[Key, str], by_key: dict[Key, SourceRelation]
) -> tuple[list[ForeignKey], list[str]]:
    """Keys to drafted tables, and a note for each key to a table left out of the draft."""
    kept: list[ForeignKey] = []
    notes: list[str] = []
    for key in keys:
        target = (key.ref_schema, key.ref_table)
        columns = ", ".join(key.columns)
        if target not in urls:
            where = f"{key.ref_schema}.{key.ref_table} ({', '.join(key.ref_columns)})"
            notes.append(f"Foreign key ({columns}) to {where} is left out: not drafted.")
            continue
        referenced = list(key.ref_columns) or list(by_key[target].primary_key)
        kept.append(
            ForeignKey(
                column_reference=list(key.columns),
                reference=TableReference(resource=urls[target], column_reference=referenced),
                key_handling=KeyHandling.INHERIT,
            )
        )
    return kept, notes


def _description(relation: SourceRelation, notes: list[str]) -> str | None:
    parts = [relation.comment.strip()] if relation.comment and relation.comment.strip() else []
    kind = relation.relation.kind
    if kind in (RelationKind.VIEW, RelationKind.MATERIALIZED_VIEW):
        parts.append(f"A {kind}: it has no primary key.")
    if kind is RelationKind.PARTITIONED:
        shown = ", ".join(relation.partitions[:_LISTED_PARTITIONS]) or "none yet"
        more = len(relation.partitions) - _LISTED_PARTITIONS
        shown += f" and {more} more" if more > 0 else ""
        parts.append(f"A partitioned table, read as a whole; its partitions ({shown}) are not.")
    parts += notes
    return " ".join(parts) or None
