"""Bulk reading of a PostgreSQL table: ``COPY (SELECT ...) TO STDOUT (FORMAT csv)``, parsed by
pyarrow, in the session's snapshot.

COPY runs at several times the rows per second of a server-side cursor, and pyarrow parses
the CSV without the GIL. The frames are the ones the cursor reader gives, value for value and
dtype for dtype: COPY writes each value with the type's output function, the same text the
cursor's text protocol carries, and each column is converted as psycopg's loader and
`DataFrame.from_records` would have done. Common types are converted in bulk; a type without
a bulk conversion, or a value the bulk conversion cannot parse, goes through psycopg's own
loader value by value, so nothing is ever read differently.

One exception, asked for by name (`numbers_as_text`): a `numeric` column that the rules will
turn into a float anyway arrives as its number text (a str column) instead of `Decimal`s, when
every value of the chunk is plain number text whose `Decimal` spells it back unchanged
(`number_text_safe`). Parsing that text gives the float `float(Decimal(text))` gives (both
round correctly), and the quarantine shows the same text, so the run's output is the same,
without making and unmaking a `Decimal` per value.

A COPY cannot stop half-way on its own: a reader closed early cancels the statement, which
leaves the transaction failed; so only a run's reads, which read whole tables and end the
session on failure, stream this way (`SourceAccess.bulk`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
from psycopg import sql as pg_sql

from ..copy_worker import row_blocks
from ..metadata.model import Datatype, Table
from .pg_copy_csv import parse_blocks
from .pg_copy_process import start_copy
from .reading import check_chunk_rows

# what reading can raise: the driver's errors, and pyarrow's when they reach it through the file
COPY_ERRORS = (psycopg.Error, pa.ArrowException, OSError)
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas infers for a str column
_INTEGERS = {20, 21, 23}  # int8, int2, int4
_FLOATS = {700, 701}
_TEXTS = {19, 25, 1042, 1043}  # name, text, bpchar, varchar
_BOOL, _NUMERIC, _DATE, _TIMESTAMP, _TIMESTAMPTZ = 16, 1700, 1082, 1114, 1184

Column = pd.Series | np.ndarray[Any, Any]
_FLOAT_TYPES = {Datatype.DECIMAL, Datatype.DOUBLE, Datatype.FLOAT}
# PostgreSQL's numeric output that Decimal spells back as it is: no leading zero, at most 20
# digits each side (so the float parse stays finite), not below 10^-6 (Decimal writes '1E-7')
_PLAIN_NUMBER = r"^-?(0|[1-9][0-9]{0,19})(\.[0-9]{1,20})?$"
_TINY_NUMBER = r"^-?0\.000000"


class _Unparsed(Exception):
    """A bulk conversion met a value it cannot read; psycopg's loader reads the column."""


def numbers_as_text(table: Table) -> frozenset[str]:
    """The columns a run may read as number text: declared decimal, double or float (the
    rules parse them to floats) and read by no transformation step before the rules (a
    normalizer or deduplication would see text instead of `Decimal`s)."""
    touched = set(table.table_schema.primary_key or [])
    for step in table.transformation:
        touched.update(step.applies_to or [])
    return frozenset(
        c.name
        for c in table.table_schema.columns
        if c.datatype in _FLOAT_TYPES and c.name not in touched
    )


def copy_chunks(
    conn: psycopg.Connection[Any],
    select: str,
    chunk_rows: int,
    numbers_as_text: Collection[str] = (),
    in_worker: bool = False,
) -> Generator[pd.DataFrame, None, None]:
    """The rows of `select` (a SELECT without parameters), `chunk_rows` at a time; `numeric`
    columns named in `numbers_as_text` as number text where that is exact (see above). With
    `in_worker` a child process runs the COPY in this session's snapshot where one can
    (`pg_copy_process.start_copy`), else this process does."""
    check_chunk_rows(chunk_rows)
    names, oids = _describe(conn, select)
    converters = [
        _Converter(conn, oid, name in numbers_as_text)
        for name, oid in zip(names, oids, strict=True)
    ]
    statement = pg_sql.SQL("COPY ({}) TO STDOUT (FORMAT csv)").format(pg_sql.SQL(select))
    child = start_copy(conn, statement.as_string(conn)) if in_worker else None
    if child is not None:
        try:
            for table in _rechunk(child.batches(len(names)), chunk_rows):
                yield _frame(table, names, converters)
        finally:
            child.close()
        return
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        finished = False
        try:
            batches = parse_blocks(_blocks(copy), len(names))
            for table in _rechunk(batches, chunk_rows):
                yield _frame(table, names, converters)
            finished = True
        finally:
            if not finished:
                _cancel(conn, copy)


def _describe(conn: psycopg.Connection[Any], select: str) -> tuple[list[str], list[int]]:
    with conn.cursor() as cursor:
        cursor.execute(pg_sql.SQL("SELECT * FROM ({}) AS q LIMIT 0").format(pg_sql.SQL(select)))
        described = cursor.description or []
    return [str(d.name) for d in described], [int(d.type_code) for d in described]


def _cancel(conn: psycopg.Connection[Any], copy: psycopg.Copy) -> None:
    """Stop the COPY still sending rows: cancel it and read to its (cancelled) end."""
    try:
        conn.cancel_safe()
        while copy.read():
            pass
    except psycopg.Error:
        pass  # the cancellation itself; the session rolls the transaction back


def _blocks(copy: psycopg.Copy) -> Iterator[bytes]:
    """COPY's rows in blocks of whole rows (`copy_worker.row_blocks`).

    Read here, on the thread that owns the COPY, never by a pyarrow reader thread: an early
    close must be able to cancel the COPY while nothing else waits on the connection."""
    return row_blocks(copy)


def _rechunk(batches: Iterator[pa.RecordBatch], chunk_rows: int) -> Iterator[pa.Table]:
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        pending.append(batch)
        held += batch.num_rows
        while held >= chunk_rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, chunk_rows)
            rest = table.slice(chunk_rows)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending)


def _frame(table: pa.Table, names: list[str], converters: list[_Converter]) -> pd.DataFrame:
    columns = {
        name: converter(table.column(i))
        for i, (name, converter) in enumerate(zip(names, converters, strict=True))
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows), copy=False)


class _Converter:
    """One column's text to what the cursor reader gives for its type."""

    def __init__(self, conn: psycopg.Connection[Any], oid: int, as_text: bool = False) -> None:
        loader = conn.adapters.get_loader(oid, psycopg.pq.Format.TEXT)
        self._load: Callable[[bytes], Any] = loader(oid, conn).load  # type: ignore[misc]
        self._bulk = _number_texts if as_text and oid == _NUMERIC else _bulk_converter(conn, oid)

    def __call__(self, text: pa.ChunkedArray) -> Column:
        if text.null_count == len(text):
            return np.full(len(text), None, dtype=object)  # from_records: all None stays object
        if self._bulk is not None:
            try:
                return self._bulk(text)
            except (_Unparsed, pa.ArrowInvalid):
                pass
        values = [None if v is None else self._load(v.encode()) for v in text.to_pylist()]
        return pd.DataFrame.from_records([(v,) for v in values], coerce_float=False)[0]


def _bulk_converter(
    conn: psycopg.Connection[Any], oid: int
) -> Callable[[pa.ChunkedArray], Column] | None:
    iso = (conn.info.parameter_status("DateStyle") or "").startswith("ISO")
    if oid in _INTEGERS:
        return _integers
    if oid in _FLOATS:
        return _floats
    if oid in _TEXTS:
        return _texts
    if oid == _BOOL:
        return _booleans
    if oid == _NUMERIC:
        return _decimals
    if oid == _DATE and iso:
        return _dates
    if oid == _TIMESTAMP and iso:
        return _timestamps
    if oid == _TIMESTAMPTZ and iso:
        from psycopg._tz import get_tzinfo  # the zone psycopg gives aware datetimes

        zone = get_tzinfo(conn.pgconn)
        return lambda text: _zoned(text, zone)
    return None


def _integers(text: pa.ChunkedArray) -> Column:
    numbers = pc.cast(text, pa.int64())
    if numbers.null_count:
        return np.asarray(numbers.to_numpy(), dtype=np.float64)  # ints with None: NaN
    return np.asarray(numbers.to_numpy())


def _floats(text: pa.ChunkedArray) -> Column:
    return np.asarray(pc.cast(text, pa.float64()).to_numpy())


def _texts(text: pa.ChunkedArray) -> Column:
    return pd.Series(pd.array(text, dtype=_STR))


def _booleans(text: pa.ChunkedArray) -> Column:
    flags = pc.equal(text, "t")
    if not pc.all(pc.or_(flags, pc.equal(text, "f"))).as_py():
        raise _Unparsed
    if flags.null_count:
        return np.asarray(flags.to_pylist(), dtype=object)
    return np.asarray(flags.to_numpy())


def _decimals(text: pa.ChunkedArray) -> Column:
    return np.asarray([None if v is None else Decimal(v) for v in text.to_pylist()], dtype=object)


def number_text_safe(text: pa.ChunkedArray | pa.Array) -> bool:
    """Whether every value is plain number text that `Decimal` spells back unchanged and that
    parses to a finite float (nulls aside)."""
    if not pc.all(pc.match_substring_regex(text, _PLAIN_NUMBER)).as_py():
        return False
    return not pc.any(pc.match_substring_regex(text, _TINY_NUMBER)).as_py()


def _number_texts(text: pa.ChunkedArray) -> Column:
    return _texts(text) if number_text_safe(text) else _decimals(text)


def _dates(text: pa.ChunkedArray) -> Column:
    dates = pc.cast(text, pa.date32())
    return np.asarray(dates.to_pandas(date_as_object=True), dtype=object)


def _timestamps(text: pa.ChunkedArray) -> Column:
    stamps = pc.cast(text, pa.timestamp("us"))
    return pd.Series(stamps.to_numpy())


def _zoned(text: pa.ChunkedArray, zone: Any) -> Column:
    stamps = pc.cast(text, pa.timestamp("us", "UTC"))
    series = pd.Series(stamps.to_numpy()).dt.tz_localize("UTC")
    return series.dt.tz_convert(zone)
