"""Reading a published PostgreSQL table back into pandas, with the stored types."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import sql

from .arrow import from_arrow


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
