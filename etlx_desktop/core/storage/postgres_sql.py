"""PostgreSQL pieces shared by the store, its writer and its reader: the catalog, column
types and the CSV that feeds COPY."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from psycopg import sql

from ..metadata.model import Datatype
from .arrow import field_datatype

CATALOG_SCHEMA = "etlx_catalog"
CATALOG_TABLE = "module_versions"
QUARANTINE_SUFFIX = "__quarantine"
CATALOG_LOCK = 0x65746C78  # 'etlx': serialises creating the catalog
MAX_IDENTIFIER = 63

PG_TYPES: dict[Datatype, str] = {
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

CATALOG_DDL = sql.SQL(
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
CATALOG = sql.SQL("{}.{}").format(sql.Identifier(CATALOG_SCHEMA), sql.Identifier(CATALOG_TABLE))


def pg_type(fld: pa.Field) -> str:
    """The PostgreSQL type of a column stored with arrow field `fld` (made by `arrow_schema`)."""
    datatype = field_datatype(fld) or Datatype.STRING
    if datatype is Datatype.DATETIME and fld.type.tz is not None:
        return "timestamptz"
    return PG_TYPES[datatype]


def pg_text_table(table: pa.Table) -> pa.Table:
    """A chunk with durations as 'N microseconds', binary values as '\\x…' and zoned
    timestamps as UTC text ending in 'Z' (COPY input).

    Arrow's CSV writer formats a zoned timestamp through the time-zone database, about 1.5 µs
    a value, the load's largest cost; the UTC wall-clock text of the naive cast plus 'Z' is the
    same instant for a `timestamptz` column whatever the session's TimeZone, at a twentieth
    of the cost."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_timestamp(fld.type) and fld.type.tz is not None:
            naive = column.cast(pa.timestamp(fld.type.unit))
            column = pc.binary_join_element_wise(naive.cast(pa.string()), pa.scalar("Z"), "")
        elif pa.types.is_duration(fld.type):
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


def check_identifier(name: str, what: str) -> str:
    if len(name.encode("utf-8")) > MAX_IDENTIFIER:
        raise ValueError(f"{what} {name!r} is longer than PostgreSQL's 63-byte identifiers")
    return name


def iso_text(value: Any) -> str:
    """A timestamp as ISO 8601 text (UTC as Z)."""
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    return str(value)
