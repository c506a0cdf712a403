"""PostgreSQL catalog queries SQLAlchemy's inspector does not answer (well enough).

* partitions: the inspector lists them beside their parent; `relispartition` tells them apart;
* foreign keys: the inspector leaves the referenced schema unset (or wrong) for a table in a
  schema on the search path, and repeats a key once per partition of a partitioned parent;
  `pg_constraint` with `conparentid = 0` names every key exactly once, fully qualified;
* domains: the inspector drops the base type's length and precision (`varchar(255)`).

Locks: the draft writes nothing (a READ ONLY transaction). Reading column defaults
(`pg_get_expr`, called by SQLAlchemy's column reflection) takes the ACCESS SHARE lock of a plain
SELECT on the table until the transaction ends, which blocks no reader or writer, only DDL; if
DDL holds a table, the draft gives up after `LOCK_TIMEOUT` instead of waiting.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects import postgresql

from .relations import SourceForeignKey

_PARTITIONED = text(
    """
    SELECT pn.nspname, p.relname, cn.nspname, c.relname
    FROM pg_catalog.pg_class p
    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
    LEFT JOIN pg_catalog.pg_inherits i ON i.inhparent = p.oid
    LEFT JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid AND c.relispartition
    LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
    WHERE p.relkind = 'p'
    ORDER BY pn.nspname, p.relname, cn.nspname, c.relname
    """
)
_KEY_COLUMNS = """
    ARRAY(SELECT a.attname::text
          FROM unnest(c.{keys}) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.{rel} AND a.attnum = k.attnum
          ORDER BY k.ord)
"""
_FOREIGN_KEYS = text(
    f"""
    SELECT cl.relname, rn.nspname, rc.relname,
           {_KEY_COLUMNS.format(keys="conkey", rel="conrelid")},
           {_KEY_COLUMNS.format(keys="confkey", rel="confrelid")}
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_class cl ON cl.oid = c.conrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
    JOIN pg_catalog.pg_class rc ON rc.oid = c.confrelid
    JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE c.contype = 'f' AND c.conparentid = 0 AND n.nspname = :schema
    ORDER BY cl.relname, c.conname
    """
)
_DOMAINS = text(
    """
    SELECT n.nspname, t.typname, pg_catalog.pg_type_is_visible(t.oid),
           pg_catalog.format_type(t.typbasetype, t.typtypmod)
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd'
    """
)

LOCK_TIMEOUT = "5s"
LOCK_NOT_AVAILABLE = "55P03"
Partitions = dict[tuple[str, str], list[tuple[str, str]]]
DomainBases = dict[tuple[str | None, str], str]


def start_read_only(connection: Connection) -> None:
    """Make the connection's transaction read-only and unwilling to wait long for locks."""
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def partitions(connection: Connection) -> Partitions:
    """Every partitioned table with its partitions: (schema, parent) -> [(schema, child)]."""
    found: Partitions = {}
    for parent_schema, parent, child_schema, child in connection.execute(_PARTITIONED):
        children = found.setdefault((parent_schema, parent), [])
        if child is not None:
            children.append((child_schema, child))
    return found


def partition_names(found: Partitions) -> set[tuple[str, str]]:
    """The (schema, name) of every partition listed in `found`."""
    return {child for children in found.values() for child in children}


def foreign_keys(connection: Connection, schema: str) -> dict[str, list[SourceForeignKey]]:
    """The foreign keys of the tables of `schema`, by table name, each referencing schema.table."""
    keys: dict[str, list[SourceForeignKey]] = {}
    for table, ref_schema, ref_table, columns, ref_columns in connection.execute(
        _FOREIGN_KEYS, {"schema": schema}
    ):
        keys.setdefault(table, []).append(
            SourceForeignKey(tuple(columns), ref_schema, ref_table, tuple(ref_columns))
        )
    return keys


def domain_bases(connection: Connection) -> DomainBases:
    """Each domain's base type with its modifiers, keyed as SQLAlchemy names the domain."""
    return {
        (None if visible else schema, name): base
        for schema, name, visible, base in connection.execute(_DOMAINS)
    }


def resolve_domain(type_: sqltypes.TypeEngine[Any], bases: DomainBases) -> Any:
    """The base type of a domain (with its length or precision restored); other types as is."""
    while isinstance(type_, postgresql.DOMAIN):
        base_text = bases.get((type_.schema, type_.name or ""), "")
        type_ = _with_modifiers(type_.data_type, base_text)
    return type_


def _with_modifiers(type_: sqltypes.TypeEngine[Any], base_text: str) -> Any:
    found = re.search(r"\((\d+)(?:,\s*(\d+))?\)", base_text)
    result = copy.copy(type_)
    if isinstance(result, sqltypes.String):
        if result.collation == "default":
            result.collation = None
        if found and result.length is None:
            result.length = int(found.group(1))
    elif (
        isinstance(result, sqltypes.Numeric)
        and not isinstance(result, sqltypes.Float)
        and found
        and result.precision is None
    ):
        result.precision = int(found.group(1))
        result.scale = int(found.group(2)) if found.group(2) else 0
    return result
