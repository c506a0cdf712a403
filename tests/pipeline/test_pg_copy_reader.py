"""A run's bulk read of a PostgreSQL table (COPY parsed by pyarrow) gives exactly the frames of
the cursor reader, chunk by chunk, on tricky types and values; an early stop cancels cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.metadata.model import (
    Column,
    DataSource,
    Datatype,
    ExtractStep,
    SourceKind,
    Table,
    TransformStep,
)
from etlx_desktop.core.metadata.model import TableSchema as Schema
from etlx_desktop.core.rules.coerce import coerce
from etlx_desktop.core.sources.pg_copy import numbers_as_text
from etlx_desktop.core.sources.reading import SourceAccess
from etlx_desktop.core.sources.sql_reader import open_sql_session

from .pg import execute

TRICKY = [
    "CREATE TABLE tricky (i2 int2, i4 int4, i8 int8, n numeric, n2 numeric(12,2), f4 float4,"
    " f8 float8, b bool, t text, v varchar(20), c char(3), d date, ts timestamp,"
    " tz timestamptz, ai int[], at text[], j json, jb jsonb, by bytea, u uuid, iv interval,"
    " nothing text, nonum numeric)",
    "INSERT INTO tricky VALUES"
    " (1, 2, 9007199254740993, 1.5, 79.07, 1.1, 0.1, true, 'plain', 'v', 'ab', '2020-02-29',"
    "  '2020-01-01 10:00:00.5', '2020-01-01 10:00+03', '{1,2}', '{a,\"b c\"}', '{\"a\": 1}',"
    "  '{\"b\": [1, 2]}', '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 2 hours',"
    "  NULL, NULL),"
    " (NULL, -2147483648, -9223372036854775808, 'NaN', -10.00, 'NaN', 'Infinity', NULL,"
    "  '', NULL, NULL, '0001-01-01', '1900-01-01 00:00:00', '1850-06-01 12:00+00', NULL,"
    "  '{NULL}', 'null', '[]', '', NULL, '-1 mon', NULL, NULL),"
    " (32767, NULL, NULL, 0.0000001, 0, '-Infinity', -0.0, false,"
    "  E'line\\nbreak, \"quoted\" \\\\ back', 'Ёлка 中文', 'é', NULL, NULL, NULL,"
    "  '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (0, 0, 0, 'Infinity', NULL, 3.4e38, 1e-300, true, 'NULL', '\\.', ' x ', '2262-04-12',"
    "  '9999-12-31 23:59:59.999999', '2100-01-01 00:00:00.000001+05:30', '{3}', NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, 12345678901234567890.000000000001)",
]
TEXT_ONLY = ["t", "v", "c"]


def _source(url: str, zone: str | None) -> DataSource:
    if zone is not None:
        url += f"?options=-c%20TimeZone%3D{zone}"
    return DataSource(identifier="db", kind=SourceKind.POSTGRESQL, endpoint_url=url)


def _table(columns: list[Column] | None = None) -> Table:
    return Table(
        url="tables/tricky",
        table_name="tricky",
        extraction=ExtractStep(from_source="db", source_table="tricky"),
        table_schema=Schema(columns=columns or []),
    )


def _read(
    source: DataSource, bulk: bool, chunk_rows: int, table: Table | None = None
) -> list[pd.DataFrame]:
    with open_sql_session(source, SourceAccess(Path("."), bulk=bulk)) as session:
        return list(session.reader(table or _table()).chunks(chunk_rows))


@pytest.fixture
def tricky(postgres_database: str) -> Iterator[str]:
    execute(postgres_database, *TRICKY)
    execute(postgres_database, "INSERT INTO tricky SELECT * FROM tricky ORDER BY i4 NULLS FIRST")
    yield postgres_database


@pytest.mark.parametrize("zone", [None, "Asia/Kolkata", "America/New_York"])
@pytest.mark.parametrize("chunk_rows", [1, 3, 1000])
def test_bulk_frames_equal_the_cursor_frames(
    tricky: str, zone: str | None, chunk_rows: int
) -> None:
    source = _source(tricky, zone)
    cursor = _read(source, False, chunk_rows)
    bulk = _read(source, True, chunk_rows)
    assert len(bulk) == len(cursor) == -(-8 // chunk_rows)
    for got, expected in zip(bulk, cursor, strict=True):
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        for name in expected.columns:  # the same Python types, not only equal values
            assert [type(v) for v in got[name]] == [type(v) for v in expected[name]], name


def test_an_early_stop_cancels_the_copy_and_the_session_ends(tricky: str) -> None:
    execute(tricky, "INSERT INTO tricky SELECT t.* FROM tricky t, generate_series(1, 30000)")
    source = _source(tricky, None)
    with open_sql_session(source, SourceAccess(Path("."), bulk=True)) as session:
        chunks = session.reader(_table()).chunks(100)
        first = next(chunks)
        chunks.close()
    assert len(first) == 100
    assert sum(len(c) for c in _read(source, True, 100_000)) == 8 + 8 * 30000


NUMBERS = ["n", "n2", "nonum"]


@pytest.mark.parametrize("chunk_rows", [1, 2, 1000])
def test_numbers_read_as_text_coerce_and_quarantine_as_the_decimals_do(
    tricky: str, chunk_rows: int
) -> None:
    # declared as floats, the numeric columns may arrive as number text: the rules must see
    # the same floats (and failures), the quarantine the same text, as from the Decimals
    table = _table([Column(name=n, datatype=Datatype.DECIMAL) for n in NUMBERS])
    source = _source(tricky, None)
    cursor = _read(source, False, chunk_rows, table)
    bulk = _read(source, True, chunk_rows, table)
    as_text = 0
    for got, expected in zip(bulk, cursor, strict=True):
        for name in NUMBERS:
            values, failed = coerce(got[name], Datatype.DECIMAL)
            want_values, want_failed = coerce(expected[name], Datatype.DECIMAL)
            pd.testing.assert_series_equal(values, want_values, check_exact=True)
            pd.testing.assert_series_equal(failed, want_failed)
            pd.testing.assert_series_equal(
                got[name].astype("string"), expected[name].astype("string")
            )
            as_text += isinstance(got[name].dtype, pd.StringDtype)
            if isinstance(got[name].dtype, pd.StringDtype):  # NaN, 1E-7 stay Decimals
                assert not got[name].isin(["NaN", "Infinity", "0.0000001"]).any()
    assert as_text > 0


def test_numbers_as_text_leaves_columns_a_step_reads_and_other_types() -> None:
    columns = [
        Column(name="amount", datatype=Datatype.DECIMAL),
        Column(name="rate", datatype=Datatype.DOUBLE),
        Column(name="cleaned", datatype=Datatype.FLOAT),
        Column(name="key", datatype=Datatype.DECIMAL),
        Column(name="label", datatype=Datatype.STRING),
        Column(name="count", datatype=Datatype.INTEGER),
    ]
    table = _table(columns)
    table.table_schema.primary_key = ["key"]
    table.transformation = [TransformStep(normalizer="trim", applies_to=["cleaned"])]
    assert numbers_as_text(table) == {"amount", "rate"}
