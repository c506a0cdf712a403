"""Arrow types of a table schema, pandas chunks cast to them, and stored tables back to pandas.

Mapping from the column's CSVW datatype:

========  ==========================  ========================================================
datatype  arrow type                  pandas dtype when read back
========  ==========================  ========================================================
string    string                      string
integer   int64                       Int64
long      int64                       Int64
short     int16                       Int16
decimal   float64                     Float64
double    float64                     Float64
float     float32                     Float32
boolean   bool                        boolean
date      date32                      datetime64[us] (midnight)
datetime  timestamp[us] (see below)   datetime64[us] or datetime64[us, UTC]
time      string 'HH:MM:SS'           string
duration  duration[us]                timedelta64[us]
json      string (JSON text)          string
binary    binary                      object (bytes)
========  ==========================  ========================================================

Datetime rule: a datetime column is stored as ``timestamp[us, tz=UTC]`` when its ``sqlType``
names a zoned type (``timestamptz``, ``timestamp with time zone``) or when the values of the
table's *first* chunk are tz-aware; otherwise as a naive ``timestamp[us]``. The first chunk
fixes the type for the whole table (`ChunkEncoder`): zoned values written into a naive column
are converted to UTC and lose their zone, naive values written into a UTC column are taken to
be UTC. Sub-microsecond parts of timestamps and durations are truncated.

Time values (``datetime.time``) become 'HH:MM:SS' text (fractions of a second are dropped);
strings in a time column are kept as they are. In a json column, ``str`` values are taken to
be JSON text already and other values are serialised with ``json.dumps``. Every field is
nullable; pd.NA, NaT, None and NaN become nulls.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..metadata.model import Column, Datatype, TableSchema

UTC = "UTC"
#: Field-metadata key holding the column's CSVW datatype (kept in Parquet files).
DATATYPE_KEY = b"etlx:datatype"

_FIXED_TYPES: dict[Datatype, pa.DataType] = {
    Datatype.STRING: pa.string(),
    Datatype.INTEGER: pa.int64(),
    Datatype.LONG: pa.int64(),
    Datatype.SHORT: pa.int16(),
    Datatype.DECIMAL: pa.float64(),
    Datatype.DOUBLE: pa.float64(),
    Datatype.FLOAT: pa.float32(),
    Datatype.BOOLEAN: pa.bool_(),
    Datatype.DATE: pa.date32(),
    Datatype.DATETIME: pa.timestamp("us"),
    Datatype.TIME: pa.string(),
    Datatype.DURATION: pa.duration("us"),
    Datatype.JSON: pa.string(),
    Datatype.BINARY: pa.binary(),
}

#: Every arrow type a stored column can have, by its text form (as kept in manifests).
STORED_TYPES: dict[str, pa.DataType] = {
    str(t): t for t in [*_FIXED_TYPES.values(), pa.timestamp("us", tz=UTC)]
}

_ZONED_SQL_TYPES = ("timestamptz", "timestamp with time zone")

_PANDAS_TYPES: dict[pa.DataType, Any] = {
    pa.int64(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.float32(): pd.Float32Dtype(),
    pa.bool_(): pd.BooleanDtype(),
    pa.string(): pd.StringDtype(na_value=pd.NA),
    pa.large_string(): pd.StringDtype(na_value=pd.NA),
}


def arrow_type(column: Column, *, utc: bool = False) -> pa.DataType:
    """The arrow type a column is stored as; `utc` applies to datetime columns only."""
    if column.datatype == Datatype.DATETIME and (utc or _zoned_sql_type(column)):
        return pa.timestamp("us", tz=UTC)
    return _FIXED_TYPES[Datatype(column.datatype)]


def arrow_schema(schema: TableSchema, *, utc: Collection[str] = ()) -> pa.Schema:
    """The arrow schema of a table; datetime columns named in `utc` are stored as UTC."""
    return pa.schema(
        [
            pa.field(
                c.name,
                arrow_type(c, utc=c.name in utc),
                nullable=True,
                metadata={DATATYPE_KEY: str(c.datatype).encode()},
            )
            for c in schema.columns
        ]
    )


def field_datatype(fld: pa.Field) -> Datatype | None:
    """The CSVW datatype recorded on a field made by `arrow_schema` (None if not recorded)."""
    raw = (fld.metadata or {}).get(DATATYPE_KEY)
    try:
        return Datatype(raw.decode()) if raw else None
    except ValueError:
        return None


def zoned_columns(frame: pd.DataFrame, schema: TableSchema) -> set[str]:
    """The datetime columns of `schema` whose values in `frame` carry a time zone."""
    return {
        c.name
        for c in schema.columns
        if c.datatype == Datatype.DATETIME and c.name in frame and _is_zoned(frame[c.name])
    }


def to_arrow(frame: pd.DataFrame, schema: TableSchema | pa.Schema) -> pa.Table:
    """Cast a pandas chunk to exactly `schema`, in the schema's column order.

    Given a `TableSchema`, the arrow schema is `arrow_schema(schema, utc=zoned_columns(...))`;
    pass the `pa.Schema` of the first chunk (or use `ChunkEncoder`) to keep later chunks equal.
    Columns of `frame` that the schema does not name are left out; a missing one is an error.
    """
    if isinstance(schema, TableSchema):
        target = arrow_schema(schema, utc=zoned_columns(frame, schema))
    else:
        target = schema
    missing = [name for name in target.names if name not in frame.columns]
    if missing:
        raise ValueError(f"the chunk has no column {', '.join(map(repr, missing))}")
    arrays = []
    for fld in target:
        try:
            arrays.append(_to_array(frame[fld.name], fld.type, field_datatype(fld)))
        except (TypeError, ValueError, NotImplementedError) as exc:  # arrow's errors too
            raise ValueError(f"column {fld.name!r} cannot be stored as {fld.type}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=target)


class ChunkEncoder:
    """Casts every chunk of one table to the arrow schema fixed by the table's first chunk."""

    def __init__(self, schema: TableSchema) -> None:
        self.table_schema = schema
        self.schema: pa.Schema | None = None

    def encode(self, frame: pd.DataFrame) -> pa.Table:
        """The chunk as an arrow table with the table's one schema."""
        if self.schema is None:
            self.schema = arrow_schema(
                self.table_schema, utc=zoned_columns(frame, self.table_schema)
            )
        return to_arrow(frame, self.schema)


def quarantine_to_arrow(frame: pd.DataFrame, schema: pa.Schema | None = None) -> pa.Table:
    """Rejected rows as arrow: every column as text, `_row` as int64.

    With `schema` (of an earlier chunk), the chunk is brought to those columns: missing ones
    are null, and a column that the schema does not have is an error.
    """
    if schema is None:
        schema = pa.schema(
            [
                pa.field(str(name), pa.int64() if name == "_row" else pa.string())
                for name in frame.columns
            ]
        )
    extra = [str(c) for c in frame.columns if str(c) not in schema.names]
    if extra:
        raise ValueError(f"quarantine chunk has columns {extra} that its first chunk did not have")
    arrays = []
    for fld in schema:
        if fld.name not in frame.columns:
            arrays.append(pa.nulls(len(frame), fld.type))
        elif fld.type == pa.int64():
            arrays.append(_to_array(frame[fld.name], pa.int64(), None))
        else:
            arrays.append(_text_array(frame[fld.name]))
    return pa.Table.from_arrays(arrays, schema=schema)


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """A stored table as pandas with nullable dtypes (see the module's mapping table)."""
    columns = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_date32(fld.type):
            column = column.cast(pa.timestamp("us"))
        elif pa.types.is_null(fld.type):
            column = column.cast(pa.string())
        columns.append(column)
    table = pa.Table.from_arrays(columns, names=table.schema.names)
    frame: pd.DataFrame = table.to_pandas(
        types_mapper=_PANDAS_TYPES.get, coerce_temporal_nanoseconds=False
    )
    return frame


def _zoned_sql_type(column: Column) -> bool:
    sql_type = (column.sql_type or "").strip().lower()
    return sql_type.startswith(_ZONED_SQL_TYPES)


def _is_zoned(series: pd.Series) -> bool:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return True
    if series.dtype == object:
        first = series.dropna()
        if len(first):
            value = first.iloc[0]
            return isinstance(value, dt.datetime) and value.tzinfo is not None
    return False


def _to_array(series: pd.Series, target: pa.DataType, datatype: Datatype | None) -> pa.Array:
    if datatype is Datatype.TIME:
        return _time_array(series)
    if datatype is Datatype.JSON:
        return _json_array(series)
    if target == pa.string():
        return _text_array(series)
    if target == pa.binary():
        return _binary_array(series)
    array = pa.array(series, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.type == target:
        return array
    if pa.types.is_date32(target) and pa.types.is_timestamp(array.type) and array.type.tz:
        array = array.cast(pa.timestamp(array.type.unit))  # the date of the UTC time
    temporal = pa.types.is_temporal(target) and not pa.types.is_date(target)
    return array.cast(target, safe=not temporal)


def _text_array(series: pd.Series) -> pa.Array:
    try:
        return pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(series.astype("string"), type=pa.string(), from_pandas=True)


def _time_array(series: pd.Series) -> pa.Array:
    array = pa.array(series, from_pandas=True)
    if pa.types.is_null(array.type) or pa.types.is_string(array.type):
        return array.cast(pa.string())
    if pa.types.is_time(array.type):
        text = array.cast(pa.string())
        return pc.utf8_slice_codeunits(text, 0, 8)
    raise ValueError(f"time values must be datetime.time or text, not {array.type}")


def _json_array(series: pd.Series) -> pa.Array:
    values = [
        None if _is_null(v) else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        for v in series.tolist()
    ]
    return pa.array(values, type=pa.string())


def _binary_array(series: pd.Series) -> pa.Array:
    try:
        return pa.array(series, type=pa.binary(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        values = [None if _is_null(v) else bytes(v) for v in series.tolist()]
        return pa.array(values, type=pa.binary())


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value
