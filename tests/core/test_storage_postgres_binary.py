"""Binary COPY input against the CSV it replaces, on the real server at 127.0.0.1:5432.

Each test loads the same Arrow chunk into two tables, one through `csv_bytes` and one through
`binary_copy`, and compares what the server stored, value by value and as text (so a
`numeric`'s display scale counts too).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import numpy as np
import psycopg
import pyarrow as pa
import pytest

from etlx_desktop.core.storage import postgres_binary
from etlx_desktop.core.storage.postgres_binary import binary_copy, binary_ready
from etlx_desktop.core.storage.postgres_sql import csv_bytes


@pytest.fixture(params=["c", "numpy"])
def numeric_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """numeric fields cut by the C module, and by numpy where it was not built."""
    if request.param == "numpy":
        monkeypatch.setattr(postgres_binary, "_pg_numeric", None)
    return str(request.param)


def test_the_c_module_is_built() -> None:
    """`make` builds it (setup.py); without it numpy cuts the digits, more slowly."""
    assert postgres_binary._pg_numeric is not None


@pytest.fixture
def conn(postgres_database: str) -> Iterator[psycopg.Connection[object]]:
    with psycopg.connect(postgres_database.replace("postgresql+psycopg", "postgresql")) as c:
        yield c


def _load_both(
    conn: psycopg.Connection[object], table: pa.Table, types: list[str]
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(rows stored from CSV, rows stored from binary), each as values and as text."""
    assert binary_ready(table.schema, types)
    columns = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
    names = ", ".join(f"c{i}" for i in range(len(types)))
    stored = []
    for name, data, fmt in [
        ("from_csv", csv_bytes(table), "csv"),
        ("from_binary", binary_copy(table, types), "binary"),
    ]:
        conn.execute(f"CREATE TABLE {name} (n serial, {columns})")
        statement = f"COPY {name} ({names}) FROM STDIN (FORMAT {fmt})"
        with conn.cursor() as cur, cur.copy(statement) as copy:
            copy.write(data)
        texts = ", ".join(f"c{i}::text" for i in range(len(types)))
        stored.append(conn.execute(f"SELECT {names}, {texts} FROM {name} ORDER BY n").fetchall())
    return stored[0], stored[1]


def _same(a: object, b: object) -> bool:
    if a != a:  # NaN, as a float or as a Decimal
        return type(a) is type(b) and b != b
    return a == b


def assert_same(conn: psycopg.Connection[object], table: pa.Table, types: list[str]) -> None:
    from_csv, from_binary = _load_both(conn, table, types)
    assert len(from_csv) == len(from_binary) == table.num_rows
    for row, (a, b) in enumerate(zip(from_csv, from_binary, strict=True)):
        assert all(map(_same, a, b)), f"row {row}: CSV stored {a}, binary stored {b}"


def _float_cases() -> list[float | None]:
    rng = np.random.default_rng(7)
    magnitudes = 10.0 ** rng.integers(-30, 30, 3000)
    noisy = (rng.standard_normal(3000) * magnitudes).tolist()
    money = (rng.integers(-(10**9), 10**9, 2000) / 100).tolist()
    small = (rng.random(500) * 1e-5).tolist()  # printed as 0.0000… and as …e-6, …e-7
    edges = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.5,
        9999.0,
        10000.0,
        10001.0,
        123.45,
        -0.001,
        1e-7,
        1e-5,
        1e-6,
        1.5e20,
        1e21,
        1e16,
        2.0**53,
        2.0**63,
        123456789012345680.0,
        12345678901234567.0,
        5e-324,
        2.2250738585072014e-308,
        1.7976931348623157e308,
        0.3,
        1 / 3,
        2 / 3,
        99999999.99999999,
        0.00009999,
        1234.5678,
        1.0000000000000002,
        None,
    ]
    return [*edges, *noisy, *money, *small]


def test_numeric_from_floats_is_stored_as_the_csv_text_would_be(
    conn: psycopg.Connection[object], numeric_way: str
) -> None:
    values = _float_cases()
    assert_same(conn, pa.table({"x": pa.array(values, pa.float64())}), ["numeric"])


def test_numeric_infinities_and_nan(conn: psycopg.Connection[object], numeric_way: str) -> None:
    values = [math.inf, -math.inf, math.nan, 1.0, None]
    assert_same(conn, pa.table({"x": pa.array(values, pa.float64())}), ["numeric"])


def test_every_type_the_writer_stores(conn: psycopg.Connection[object], numeric_way: str) -> None:
    utc = UTC
    stamps = [
        datetime(2000, 1, 1), datetime(1970, 1, 1, 0, 0, 0, 1), None,
        datetime(2024, 2, 29, 23, 59, 59, 999999), datetime(1, 1, 1),
    ]  # fmt: skip
    zoned = [
        datetime(2000, 1, 1, tzinfo=utc), datetime(1969, 12, 31, 23, 59, tzinfo=utc), None,
        datetime(2038, 1, 19, 3, 14, 8, tzinfo=utc), datetime(1, 1, 1, tzinfo=utc),
    ]  # fmt: skip
    spans = [
        timedelta(0), timedelta(days=-3, microseconds=5), None, timedelta(days=40000),
        timedelta(microseconds=1),
    ]  # fmt: skip
    table = pa.table(
        {
            "i": pa.array([1, -(2**63), 2**63 - 1, None, 0], pa.int64()),
            "s": pa.array([1, -32768, 32767, None, 0], pa.int16()),
            "d": pa.array([1.5, -0.0, math.nan, None, 1e308], pa.float64()),
            "r": pa.array([1.5, -0.25, 3.4e38, None, 1e-38], pa.float32()),
            "b": pa.array([True, False, None, True, False], pa.bool_()),
            "t": pa.array(["plain", "", None, 'quo"te,\nline\\', "ФИО ёлка 🙂"], pa.string()),
            "day": pa.array(
                [date(2000, 1, 1), date(1899, 12, 31), None, date(9999, 12, 31), date(1, 1, 1)]
            ),
            "at": pa.array(stamps, pa.timestamp("us")),
            "zoned": pa.array(zoned, pa.timestamp("us", tz="UTC")),
            "span": pa.array(spans, pa.duration("us")),
            "raw": pa.array([b"\x00\xff", b"", None, b"\\x", bytes(range(256))], pa.binary()),
            "doc": pa.array(['{"a": [1, 2]}', "null", None, '"ё"', "{}"], pa.string()),
            "money": pa.array([12.5, None, -0.01, 1e-9, 7.0], pa.float64()),
        }
    )
    types = [
        "bigint", "smallint", "double precision", "real", "boolean", "text", "date",
        "timestamp", "timestamptz", "interval", "bytea", "jsonb", "numeric",
    ]  # fmt: skip
    conn.execute("SET TimeZone = 'Asia/Vladivostok'")  # a zoned value is the same instant anyway
    assert_same(conn, table, types)


def test_a_chunk_of_nulls_and_an_empty_chunk(
    conn: psycopg.Connection[object], numeric_way: str
) -> None:
    types = ["bigint", "text", "numeric", "timestamptz"]
    nulls = pa.table(
        {
            "a": pa.nulls(3, pa.int64()),
            "b": pa.nulls(3, pa.string()),
            "c": pa.nulls(3, pa.float64()),
            "d": pa.nulls(3, pa.timestamp("us", tz="UTC")),
        }
    )
    assert_same(conn, nulls, types)
    assert binary_copy(nulls.slice(0, 0), types) == b"PGCOPY\n\xff\r\n\x00" + bytes(8) + b"\xff\xff"


def test_sliced_and_chunked_columns(conn: psycopg.Connection[object]) -> None:
    texts = [f"v{i}" if i % 7 else None for i in range(100)]
    whole = pa.table({"n": pa.array(range(100), pa.int64()), "t": texts})
    pieces = pa.concat_tables([whole.slice(3, 40), whole.slice(50, 30)])  # two chunks, offsets
    assert pieces.column("t").num_chunks == 2
    assert_same(conn, pieces, ["bigint", "text"])


def test_columns_without_a_binary_encoding_fall_back() -> None:
    schema = pa.schema([("t", pa.string()), ("x", pa.int64())])
    assert not binary_ready(schema, ["time", "bigint"])  # a time of day travels as text
    assert not binary_ready(pa.schema([("x", pa.timestamp("ns"))]), ["timestamp"])
    assert not binary_ready(pa.schema([("x", pa.int64())]), ["numeric"])
    assert binary_ready(schema, ["text", "bigint"])


def test_the_row_layout() -> None:
    """One row of a bigint and a null text: field count, then length word and value each."""
    data = binary_copy(pa.table({"a": [7], "b": pa.nulls(1, pa.string())}), ["bigint", "text"])
    body = data[19:-2]
    assert body == struct.pack(">hiqi", 2, 8, 7, -1)


@pytest.mark.parametrize(
    "text",
    ["1e-7", "1.5e+20", "-2.5E-3", "+7", "0e5", "-0", "0.000", "1e1000", "-inf", "Infinity",
     "NaN", "123456789012345678901234567890.5", "00012.3400"],
)  # fmt: skip
def test_c_numeric_reads_texts_as_the_server_does(
    conn: psycopg.Connection[object], text: str
) -> None:
    module = postgres_binary._pg_numeric
    assert module is not None
    data = text.encode()
    fields, _ = module.numeric_fields(data, struct.pack("<qq", 0, len(data)), b"\x01")
    conn.execute("CREATE TABLE x (v numeric)")
    with conn.cursor() as cur, cur.copy("COPY x (v) FROM STDIN (FORMAT binary)") as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + bytes(8) + struct.pack(">h", 1) + fields + b"\xff\xff")
    stored = conn.execute("SELECT v::text, v = %s::numeric FROM x", (text,)).fetchone()
    expected = conn.execute("SELECT %s::numeric::text", (text,)).fetchone()
    assert stored is not None and expected is not None
    assert (stored[0], stored[1] or stored[0] == "NaN") == (expected[0], True)


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1e", "1e+", "-nan", "1e1001", "--1", "1 "])
def test_c_numeric_refuses_what_is_not_a_decimal(text: str) -> None:
    module = postgres_binary._pg_numeric
    assert module is not None
    data = text.encode()
    with pytest.raises(ValueError, match="not a decimal"):
        module.numeric_fields(data, struct.pack("<qq", 0, len(data)), b"\x01")
