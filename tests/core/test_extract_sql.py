"""Extraction from real PostgreSQL, MariaDB (127.0.0.1) and SQLite: chunks, one read-only
snapshot per source, server-side cursors, parameterised queries, quoting, bounded memory."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from etlx_desktop.core.metadata.model import Datatype, SourceKind
from etlx_desktop.core.rules.coerce import coerce
from etlx_desktop.core.sources.reading import SourceAccess, SourceUnreadable
from etlx_desktop.core.sources.sessions import open_source_session
from etlx_desktop.core.sources.sql_reader import SqlSession

from .extracting import assert_chunked, read_chunks, read_table, source, table

RunSql = Callable[[str, list[str]], None]
PASSWORD = "Sup3r-Secret-pw"
ROWS = 100
CHUNK = 7


def _items_sql(quote: str) -> list[str]:
    q = quote
    return [
        f"CREATE TABLE items (id integer PRIMARY KEY, {q}name{q} varchar(40), "
        "price numeric(10, 2), category varchar(10))",
        *[
            "INSERT INTO items VALUES "
            + ", ".join(
                f"({i}, 'item {i}', {i}.25, '{'odd' if i % 2 else 'even'}')"
                for i in range(start, min(start + 50, ROWS + 1))
            )
            for start in range(1, ROWS + 1, 50)
        ],
    ]


@pytest.fixture(params=["postgresql", "mariadb", "sqlite"])
def items_source(
    request: pytest.FixtureRequest, run_sql: RunSql, tmp_path: Path
) -> Iterator[tuple[SourceKind, str]]:
    """A database of each kind holding `items` (ROWS rows); (kind, URL)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_database")
        run_sql(url, _items_sql('"'))
        yield SourceKind.POSTGRESQL, url
    elif request.param == "mariadb":
        url = request.getfixturevalue("mariadb_database")
        run_sql(url, _items_sql("`"))
        yield SourceKind.MYSQL, url
    else:
        (tmp_path / "data").mkdir()
        with sqlite3.connect(tmp_path / "data" / "shop.sqlite") as connection:
            for statement in _items_sql('"'):
                connection.execute(statement)
        connection.close()
        yield SourceKind.SQLITE, "sqlite:///data/shop.sqlite"  # relative to base_dir


ITEMS = table("items", ["id", "name", "price", "category"], source_table="items")


def test_a_table_arrives_in_chunks_of_chunk_rows_all_rows_once_in_order(
    items_source: tuple[SourceKind, str], tmp_path: Path
) -> None:
    kind, url = items_source
    with open_source_session(source(kind, url), SourceAccess(tmp_path)) as session:
        reader = session.reader(ITEMS)
        assert reader.estimate_rows() == ROWS
        chunks = list(reader.chunks(CHUNK))
    rows = assert_chunked(chunks, ROWS, CHUNK)
    assert list(rows.columns) == ["id", "name", "price", "category"]
    assert rows["id"].tolist() == list(range(1, ROWS + 1))
    assert rows["name"].iloc[-1] == f"item {ROWS}"
    # numeric values come as Decimal (or float for SQLite) and coerce to numbers
    assert rows["price"].iloc[0] in (Decimal("1.25"), 1.25)
    values, failed = coerce(rows["price"], Datatype.DECIMAL)
    assert not failed.any()
    assert float(values.iloc[9]) == 10.25


def test_a_parameterised_query_binds_only_its_placeholders(
    items_source: tuple[SourceKind, str], tmp_path: Path
) -> None:
    kind, url = items_source
    query = table(
        "odd_items",
        query="SELECT id, price FROM items WHERE id > :low AND category = :cat "
        "AND id NOT IN :skip ORDER BY id",
        parameters={
            "low": 50,
            "cat": "odd",
            "skip": [51, 53],
            "chunk_rows": 5,
            "encoding": "not a bind parameter",
        },
    )
    with open_source_session(source(kind, url), SourceAccess(tmp_path)) as session:
        reader = session.reader(query)
        assert reader.estimate_rows() is None
        rows = assert_chunked(list(reader.chunks(4)), 23, 4)
    assert rows["id"].tolist() == list(range(55, ROWS + 1, 2))
    assert list(rows.columns) == ["id", "price"]


def test_a_query_missing_a_parameter_names_it(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "x.sqlite") as connection:
        connection.execute("CREATE TABLE t (a int)")
    connection.close()
    query = table("t", query="SELECT a FROM t WHERE a = :wanted", parameters={"other": 1})
    with (
        open_source_session(
            source(SourceKind.SQLITE, "sqlite:///x.sqlite"), SourceAccess(tmp_path)
        ) as session,
        pytest.raises(SourceUnreadable, match=r"needs parameter.*wanted"),
    ):
        session.reader(query)


def test_an_empty_table_gives_no_chunk_and_a_missing_one_is_named(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(postgres_database, ["CREATE TABLE empty (id int, label text)"])
    src = source(SourceKind.POSTGRESQL, postgres_database)
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        reader = session.reader(table("empty", ["id", "label"], source_table="empty"))
        assert reader.estimate_rows() == 0
        assert list(reader.chunks(10)) == []
    with pytest.raises(SourceUnreadable, match=r"table nowhere of source src .*nowhere"):
        read_table(src, table("nowhere", ["id"], source_table="nowhere"), base_dir=tmp_path)


# --- one snapshot for all tables of a source ------------------------------------------------


def _snapshot_tables(quote: str) -> list[str]:
    return [
        "CREATE TABLE customers (id integer PRIMARY KEY, name varchar(20))",
        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer "
        "REFERENCES customers (id))",
        "INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob')",
        "INSERT INTO orders VALUES (10, 1), (11, 2)",
    ]


_LATER = [
    "INSERT INTO customers VALUES (3, 'Cid')",
    "INSERT INTO orders VALUES (12, 3)",
]
CUSTOMERS = table("customers", ["id", "name"], source_table="customers")
ORDERS = table("orders", ["id", "customer_id"], source_table="orders")


@pytest.mark.parametrize("kind", [SourceKind.POSTGRESQL, SourceKind.MYSQL])
def test_all_tables_of_a_source_come_from_one_snapshot(
    kind: SourceKind, request: pytest.FixtureRequest, run_sql: RunSql, tmp_path: Path
) -> None:
    fixture = "postgres_database" if kind is SourceKind.POSTGRESQL else "mariadb_database"
    url = request.getfixturevalue(fixture)
    run_sql(url, _snapshot_tables('"'))
    src = source(kind, url)
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        customers = pd.concat(read_chunks(session, CUSTOMERS, 1))
        run_sql(url, _LATER)  # another connection commits rows into both tables
        orders = pd.concat(read_chunks(session, ORDERS, 1))
        again = pd.concat(read_chunks(session, CUSTOMERS, 1))
    assert customers["id"].tolist() == again["id"].tolist() == [1, 2]
    assert orders["id"].tolist() == [10, 11]  # order 12 (of the unseen customer 3) is not there
    assert set(orders["customer_id"]) <= set(customers["id"])
    # a new session sees the committed rows
    assert pd.concat(read_table(src, ORDERS, base_dir=tmp_path))["id"].tolist() == [10, 11, 12]


def test_a_sqlite_source_in_wal_mode_is_one_snapshot_too(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    for statement in _snapshot_tables('"'):
        writer.execute(statement)
    src = source(SourceKind.SQLITE, "sqlite:///shop.sqlite")
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        customers = pd.concat(read_chunks(session, CUSTOMERS, 1))
        for statement in _LATER:
            writer.execute(statement)
        orders = pd.concat(read_chunks(session, ORDERS, 1))
    writer.close()
    assert customers["id"].tolist() == [1, 2]
    assert orders["id"].tolist() == [10, 11]


def test_postgres_reads_in_a_repeatable_read_read_only_transaction_with_a_named_cursor(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(postgres_database, _items_sql('"'))
    with open_source_session(
        source(SourceKind.POSTGRESQL, postgres_database), SourceAccess(tmp_path)
    ) as session:
        connection = _sql_session(session).connection
        show = connection.exec_driver_sql
        assert show("SHOW transaction_isolation").scalar() == "repeatable read"
        assert show("SHOW transaction_read_only").scalar() == "on"
        chunks = session.reader(ITEMS).chunks(10)
        first = next(chunks)
        cursors = show("SELECT name, is_holdable FROM pg_cursors").all()
        assert len(first) == 10
        assert len(cursors) == 1 and cursors[0][0].startswith("etlx_extract_")
        assert cursors[0][1] is False  # lives in the snapshot's transaction
        assert sum(len(c) for c in chunks) == ROWS - 10
        assert show("SELECT count(*) FROM pg_cursors").scalar() == 0  # closed at the end


def test_mariadb_streams_rows_through_an_unbuffered_cursor(
    mariadb_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    rows = 300_000  # ~30 MB: more than socket buffers hold, so the server is still sending
    run_sql(
        mariadb_database,
        [
            "CREATE TABLE wide (id integer PRIMARY KEY, pad char(100))",
            f"INSERT INTO wide SELECT seq, REPEAT('x', 100) FROM seq_1_to_{rows}",
        ],
    )
    admin = sa.create_engine(mariadb_database, poolclass=NullPool)
    wide = table("wide", ["id", "pad"], source_table="wide")
    src = source(SourceKind.MYSQL, mariadb_database)
    try:
        with open_source_session(src, SourceAccess(tmp_path)) as session, admin.connect() as other:
            connection = _sql_session(session).connection
            assert connection.exec_driver_sql("SELECT @@tx_isolation").scalar() == (
                "REPEATABLE-READ"
            )
            ours = connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
            command = sa.text("SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = :i")
            chunks = session.reader(wide).chunks(1000)
            assert len(next(chunks)) == 1000
            # a buffered cursor would have taken every row: the server would be idle ('Sleep')
            assert other.execute(command, {"i": ours}).scalar() == "Query"
            assert sum(len(c) for c in chunks) == rows - 1000
            assert other.execute(command, {"i": ours}).scalar() == "Sleep"
        # a preview: one chunk, then the session ends without reading the rest
        with open_source_session(src, SourceAccess(tmp_path)) as session:
            connection = _sql_session(session).connection
            ours = connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
            kept = session.reader(wide).chunks(1000)
            assert len(next(kept)) == 1000
            started = time.monotonic()
        kept.close()
        assert time.monotonic() - started < 2  # the rest was not read to close the cursor
        with admin.connect() as other:
            for _ in range(50):  # the server notices the closed socket and ends the query
                if other.execute(command, {"i": ours}).scalar() is None:
                    break
                time.sleep(0.1)
            assert other.execute(command, {"i": ours}).scalar() is None
    finally:
        admin.dispose()


def _sql_session(session: object) -> SqlSession:
    inner = getattr(session, "inner", session)
    assert isinstance(inner, SqlSession)
    return inner


# --- nothing is written ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (SourceKind.POSTGRESQL, "read-only transaction"),
        (SourceKind.MYSQL, "READ ONLY transaction"),
        (SourceKind.SQLITE, "readonly database"),
    ],
)
def test_a_write_inside_the_session_fails(
    kind: SourceKind,
    message: str,
    request: pytest.FixtureRequest,
    run_sql: RunSql,
    tmp_path: Path,
) -> None:
    setup = ["CREATE TABLE t (id integer)", "INSERT INTO t VALUES (1)"]
    if kind is SourceKind.SQLITE:
        with sqlite3.connect(tmp_path / "db.sqlite") as connection:
            for statement in setup:
                connection.execute(statement)
        connection.close()
        url = "sqlite:///db.sqlite"
        before = (tmp_path / "db.sqlite").read_bytes()
    else:
        fixture = "postgres_database" if kind is SourceKind.POSTGRESQL else "mariadb_database"
        url = request.getfixturevalue(fixture)
        run_sql(url, [*setup, "CREATE SEQUENCE s"] if kind is SourceKind.POSTGRESQL else setup)
    src = source(kind, url)
    if kind is SourceKind.POSTGRESQL:
        # a named cursor takes only a SELECT; a SELECT with a side effect meets READ ONLY
        writes = [("SELECT nextval('s') AS n", message), ("DELETE FROM t", "syntax error")]
    else:
        writes = [("INSERT INTO t VALUES (2)", message), ("DELETE FROM t", message)]
    for query, expected in writes:
        with (
            open_source_session(src, SourceAccess(tmp_path)) as session,
            pytest.raises(SourceUnreadable, match=expected),
        ):
            list(session.reader(table("w", query=query)).chunks(10))
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        connection = _sql_session(session).connection
        with pytest.raises(sa.exc.DBAPIError, match=message):
            connection.exec_driver_sql("INSERT INTO t VALUES (3)")
    rows = pd.concat(read_table(src, table("t", ["id"], source_table="t"), base_dir=tmp_path))
    assert rows["id"].tolist() == [1]
    if kind is SourceKind.SQLITE:
        assert (tmp_path / "db.sqlite").read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite"]


# --- names, paths, errors -------------------------------------------------------------------


def test_mixed_case_schema_and_table_names_are_quoted(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(
        postgres_database,
        [
            'CREATE SCHEMA "Sales"',
            'CREATE TABLE "Sales"."CustomerOrders" ("OrderId" int, "Amount" numeric(8, 2), '
            "note text)",
            'CREATE TABLE "Sales".customerorders ("OrderId" int)',  # a decoy, lower-case
            'INSERT INTO "Sales"."CustomerOrders" VALUES (1, 9.50, \'a\'), (2, 0.25, NULL)',
        ],
    )
    orders = table(
        "customer_orders", ["OrderId", "Amount", "note"], source_table="Sales.CustomerOrders"
    )
    src = source(SourceKind.POSTGRESQL, postgres_database)
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        reader = session.reader(orders)
        assert reader.estimate_rows() == 2
        rows = pd.concat(list(reader.chunks(1)), ignore_index=True)
    assert list(rows.columns) == ["OrderId", "Amount", "note"]
    assert rows["OrderId"].tolist() == [1, 2]
    assert rows["Amount"].tolist() == [Decimal("9.50"), Decimal("0.25")]


def test_mixed_case_table_names_on_mariadb(
    mariadb_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    database = sa.make_url(mariadb_database).database
    run_sql(
        mariadb_database,
        [
            "CREATE TABLE `CustomerOrders` (`OrderId` int, `Order Note` varchar(20))",
            "INSERT INTO `CustomerOrders` VALUES (1, 'x'), (2, 'y'), (3, NULL)",
        ],
    )
    src = source(SourceKind.MYSQL, mariadb_database)
    for name in ("CustomerOrders", f"{database}.CustomerOrders"):
        orders = table("o", ["OrderId", "Order Note"], source_table=name)
        rows = assert_chunked(read_table(src, orders, 2, base_dir=tmp_path), 3, 2)
        assert rows["OrderId"].tolist() == [1, 2, 3]
        assert rows["Order Note"].tolist()[:2] == ["x", "y"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failed_connection_names_host_port_and_database_never_the_password(
    tmp_path: Path,
) -> None:
    port = _free_port()
    src = source(SourceKind.POSTGRESQL, f"postgresql://reader@127.0.0.1:{port}/shop")
    with pytest.raises(SourceUnreadable) as caught:
        read_table(src, ITEMS, base_dir=tmp_path, password=PASSWORD)
    text = str(caught.value)
    assert f"127.0.0.1:{port}" in text and "'shop'" in text
    assert PASSWORD not in text and PASSWORD not in repr(caught.value.__context__)


def test_a_wrong_password_is_reported_without_it(mariadb_database: str, tmp_path: Path) -> None:
    url = sa.make_url(mariadb_database).set(username="etlx_nobody")
    src = source(SourceKind.MYSQL, url.render_as_string(hide_password=False))
    with pytest.raises(SourceUnreadable) as caught:
        read_table(src, ITEMS, base_dir=tmp_path, password=PASSWORD)
    text = str(caught.value)
    assert "Access denied" in text and "127.0.0.1:3306" in text
    assert PASSWORD not in text


def test_a_missing_sqlite_file_is_named_and_never_created(tmp_path: Path) -> None:
    src = source(SourceKind.SQLITE, "sqlite:///data/none.sqlite")
    with pytest.raises(SourceUnreadable, match=r"none\.sqlite does not exist"):
        read_table(src, ITEMS, base_dir=tmp_path)
    assert not (tmp_path / "data").exists()


# --- memory: a table far bigger than a chunk ------------------------------------------------

BIG_ROWS = 2_000_000
BIG_CHUNK = 50_000
GROWTH_LIMIT_MB = 400

# Peak resident memory of the child: /proc's VmHWM, reset just before the read (clear_refs).
# Not ru_maxrss: Linux carries it over exec, so a child of a big pytest process would report
# the parent's peak (a child of an 800 MB parent starts at ru_maxrss 800 MB, VmHWM 10 MB).
_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from etlx_desktop.core.metadata.model import SourceKind
    from etlx_desktop.core.sources.reading import SourceAccess
    from etlx_desktop.core.sources.sessions import open_source_session
    sys.path.insert(0, sys.argv[2])
    from extracting import source, table

    def status_kib(key):
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            return None

    def reset_peak():
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")  # VmHWM := VmRSS
        except OSError:
            pass

    big = table("big", ["id", "code", "amount", "created"], source_table="big")
    src = source(SourceKind.POSTGRESQL, sys.argv[1])
    rows = chunks = total = largest = 0
    with open_source_session(src, SourceAccess(Path("."))) as session:
        reader = session.reader(big)
        reset_peak()
        before = status_kib("VmRSS")
        how = "VmHWM" if before is not None else "ru_maxrss"
        if before is None:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        for chunk in reader.chunks(int(sys.argv[3])):
            rows += len(chunk)
            chunks += 1
            largest = max(largest, len(chunk))
            total += int(chunk["id"].sum())
        seconds = time.perf_counter() - started
        after = status_kib("VmHWM") if how == "VmHWM" else None
        if after is None:
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "chunks": chunks, "largest": largest, "id_sum": total,
                      "seconds": seconds, "growth_mb": (after - before) / 1024,
                      "before_mb": before / 1024, "measure": how}))
    """
)


@pytest.mark.slow
def test_a_two_million_row_table_streams_in_bounded_memory(
    postgres_database: str, run_sql: RunSql, record_property: Callable[[str, object], None]
) -> None:
    run_sql(
        postgres_database,
        [
            "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS code, "
            "mod(g, 100000)::numeric(12, 2) / 100 AS amount, "
            "timestamptz '2020-01-01' + g * interval '1 second' AS created "
            f"FROM generate_series(1, {BIG_ROWS}) AS g",
        ],
    )
    # A child process, so the peak measures this read alone (see _MEASURE).
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURE,
            postgres_database,
            str(Path(__file__).parent),
            str(BIG_CHUNK),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    measured = json.loads(finished.stdout.strip().splitlines()[-1])
    record_property("extract_2m_rows", measured)
    print(f"2M-row PostgreSQL read: {measured}")
    assert measured["rows"] == BIG_ROWS
    assert measured["chunks"] == BIG_ROWS // BIG_CHUNK
    assert measured["largest"] == BIG_CHUNK
    assert measured["id_sum"] == BIG_ROWS * (BIG_ROWS + 1) // 2  # every row exactly once
    assert measured["growth_mb"] < GROWTH_LIMIT_MB


@pytest.mark.parametrize("kind", [SourceKind.POSTGRESQL, SourceKind.MYSQL])
def test_a_reader_left_after_its_first_chunk_still_lets_the_session_end(
    kind: SourceKind, request: pytest.FixtureRequest, run_sql: RunSql, tmp_path: Path
) -> None:
    """A preview takes one chunk and goes; the next table and the session's end still work."""
    fixture = "postgres_database" if kind is SourceKind.POSTGRESQL else "mariadb_database"
    url = request.getfixturevalue(fixture)
    run_sql(url, _items_sql('"' if kind is SourceKind.POSTGRESQL else "`"))
    src = source(kind, url)
    with open_source_session(src, SourceAccess(tmp_path)) as session:
        first = next(iter(session.reader(ITEMS).chunks(5)))
        assert len(first) == 5
        left = session.reader(ITEMS).chunks(5)
        assert len(next(left)) == 5
        left.close()  # what a dropped generator does
        assert sum(len(c) for c in session.reader(ITEMS).chunks(30)) == ROWS
        kept = session.reader(ITEMS).chunks(5)
        assert len(next(kept)) == 5  # still open when the session ends
    kept.close()
    assert len(first) == 5
