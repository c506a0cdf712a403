"""The PostgreSQL store against the real server on 127.0.0.1:5432, one scratch database a test.

`postgres_database` (tests/conftest.py) creates ``etlx_t_<hex>``, drops it afterwards, and fails
the test with a clear message when the server is down.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any

import pandas as pd
import psycopg
import pytest

from etlx_desktop.core.metadata.model import Column, Datatype, TableSchema, Target, TargetKind
from etlx_desktop.core.storage import (
    PostgresStore,
    StorageError,
    VersionNotFound,
    open_module,
    open_store,
)
from etlx_desktop.core.storage.postgres import PostgresVersionWriter

from .test_storage_folder import (
    MODULE,
    TABLES,
    assert_tables,
    assert_version,
    input_frame,
    kill_mid_load,
    metadata_json,
    table_schema,
    write_version,
)

SCHEMA_PREFIX = MODULE.replace("-", "_")


def plain_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def query(url: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        return conn.execute(statement, params or None).fetchall()  # type: ignore[arg-type]


def schemas(url: str) -> list[str]:
    return [
        r[0]
        for r in query(
            url,
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
            " AND nspname <> 'information_schema' ORDER BY 1",
        )
    ]


def database_state(url: str) -> dict[str, Any]:
    """Schemas, tables with their columns, and the catalog rows of a database."""
    columns = query(
        url,
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3",
    )
    catalog: list[tuple[Any, ...]] = []
    if "etlx_catalog" in schemas(url):
        catalog = query(url, "SELECT * FROM etlx_catalog.module_versions ORDER BY module, version")
    return {"schemas": schemas(url), "columns": columns, "catalog": catalog}


def test_two_versions_are_readable_side_by_side(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    first = write_version(store, 1)
    second = write_version(store, 2)
    assert (first.version, second.version) == (1, 2)
    assert second.location.endswith(f"#{SCHEMA_PREFIX}_v2")
    assert "etlx_catalog" in schemas(postgres_database)
    assert {f"{SCHEMA_PREFIX}_v1", f"{SCHEMA_PREFIX}_v2"} <= set(schemas(postgres_database))
    assert [(v.version, v.run_id, v.row_counts) for v in store.versions(MODULE)] == [
        (1, "run-1", {"customers": 4, "orders": 3}),
        (2, "run-2", {"customers": 5, "orders": 4}),
    ]
    assert_version(store, 1)
    assert_version(store, 2)

    types = dict(
        query(
            postgres_database,
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = %s AND table_name = 'customers'",
            (f"{SCHEMA_PREFIX}_v2",),
        )
    )
    assert types == {
        "id": "bigint",
        "name": "text",
        "email": "text",
        "born": "date",
        "balance": "numeric",
        "active": "boolean",
        "created_at": "timestamp without time zone",
        "level": "smallint",
        "score": "real",
        "wake": "time without time zone",
        "session": "interval",
        "profile": "jsonb",
        "avatar": "bytea",
    }
    ordered_at = query(
        postgres_database,
        "SELECT data_type FROM information_schema.columns WHERE table_schema = %s"
        " AND table_name = 'orders' AND column_name = 'ordered_at'",
        (f"{SCHEMA_PREFIX}_v1",),
    )
    assert ordered_at == [("timestamp with time zone",)]
    keys = query(
        postgres_database,
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
        " JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)"
        " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = %s ORDER BY 1",
        (f"{SCHEMA_PREFIX}_v1",),
    )
    assert keys == [("customers", "id"), ("orders", "id")]
    # Empty text and NULL arrive as themselves through COPY.
    emails = query(
        postgres_database,
        f'SELECT id, email IS NULL, email FROM "{SCHEMA_PREFIX}_v1".customers ORDER BY id',
    )
    assert emails == [
        (1, False, "ivan@example.ru"),
        (2, True, None),
        (3, False, ""),
        (4, False, "x@y.z"),
    ]
    row = store.catalog_row(MODULE, 2)
    assert row["schema_name"] == f"{SCHEMA_PREFIX}_v2"
    assert row["row_counts"] == {"customers": 5, "orders": 4}
    assert set(row["checksums"]["tables"]) == {"customers", "orders"}
    assert row["checksums"]["quarantine"]["orders"]["rows"] == 2
    assert row["checksums"]["manifest"] == {"run": {"note": "тест"}}
    rejected = store.read_quarantine(MODULE, 1, "customers")
    assert rejected["id"].tolist() == ["x-1", ""]
    assert rejected["_row"].tolist() == [7, 9]
    assert store.tables(MODULE, 1) == sorted(TABLES)


def test_metadata_comes_back_as_the_same_document(postgres_database: str) -> None:
    import json

    store = PostgresStore(postgres_database)
    write_version(store, 1)
    assert json.loads(store.metadata(MODULE, 1)) == json.loads(metadata_json(1))


def test_abort_leaves_the_database_exactly_as_before(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    write_version(store, 1)
    before = database_state(postgres_database)
    writer = store.begin(MODULE, "run-aborted")
    for table in TABLES:
        writer.write(table, input_frame(table, 2), table_schema(table, 2))
        writer.write_quarantine(table, pd.DataFrame({"id": ["x"], "_reason": ["r"], "_row": [1]}))
        writer.end_table(table)
    with pytest.raises(ValueError, match="already ended"):
        writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    writer.abort()
    writer.abort()
    assert database_state(postgres_database) == before
    assert_version(store, 1)
    assert write_version(store, 2).version == 2


def test_nothing_is_visible_before_commit(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    write_version(store, 1)
    writer = store.begin(MODULE, "run-pending")
    assert writer.version == 2
    for table in TABLES:
        writer.write(table, input_frame(table, 2), table_schema(table, 2))
    # A second connection sees neither the new schema nor a catalog row.
    assert f"{SCHEMA_PREFIX}_v2" not in schemas(postgres_database)
    catalog = query(postgres_database, "SELECT version FROM etlx_catalog.module_versions")
    assert catalog == [(1,)]
    assert [v.version for v in store.versions(MODULE)] == [1]
    assert_tables(open_module(postgres_database, MODULE), 1)
    writer.publish(metadata_json(2), {})
    assert f"{SCHEMA_PREFIX}_v2" in schemas(postgres_database)
    assert sorted(query(postgres_database, "SELECT version FROM etlx_catalog.module_versions")) == [
        (1,),
        (2,),
    ]
    assert_tables(open_module(postgres_database, MODULE), 2)


def test_a_killed_run_leaves_the_previous_version_intact(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    write_version(store, 1)
    before = database_state(postgres_database)
    killed = kill_mid_load(plain_url(postgres_database), {})
    assert killed == 2
    # The server rolls the dead session back; wait until its backend has gone.
    deadline = time.monotonic() + 30
    while query(
        postgres_database,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND application_name = 'etlx' AND pid <> pg_backend_pid()",
    ) != [(0,)]:
        assert time.monotonic() < deadline, "the killed run's session did not end"
        time.sleep(0.1)
    assert database_state(postgres_database) == before
    assert_version(store, 1)
    assert write_version(store, 2).version == 2
    assert_version(store, 1)
    assert_version(store, 2)


def test_a_concurrent_run_waits_and_takes_the_next_number(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    first = store.begin(MODULE, "run-a")
    first.write("orders", input_frame("orders", 1), table_schema("orders", 1))
    started: list[PostgresVersionWriter] = []
    thread = threading.Thread(target=lambda: started.append(store.begin(MODULE, "run-b")))
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive(), "the second run must wait for the first one's lock"
    first.publish(metadata_json(1), {})
    thread.join(timeout=30)
    assert not thread.is_alive()
    second = started[0]
    assert second.version == 2
    second.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    second.publish(metadata_json(2), {})
    assert [v.run_id for v in store.versions(MODULE)] == ["run-a", "run-b"]


def test_open_module_reads_a_chosen_version_and_the_latest(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    write_version(store, 1)
    write_version(store, 2)
    assert_tables(open_module(postgres_database, MODULE, version=1), 1)
    assert_tables(open_module(postgres_database, MODULE, version="latest"), 2)
    with pytest.raises(VersionNotFound, match="no version 3; versions: 1, 2"):
        open_module(postgres_database, MODULE, version=3)
    with pytest.raises(VersionNotFound, match=f"no module 'x'; modules there: {MODULE}"):
        open_module(postgres_database, "x")
    with pytest.raises(VersionNotFound, match="has no table 'nope'; tables: customers, orders"):
        store.read_table(MODULE, 1, "nope")


def test_an_empty_database_has_no_versions(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    assert store.versions() == []
    with pytest.raises(VersionNotFound, match="no module 'shop'; modules there: none"):
        open_module(postgres_database, "shop")


def test_identifiers_are_quoted_not_pasted(postgres_database: str) -> None:
    store = PostgresStore(postgres_database, schema_prefix='Odd "Schema"; --')
    schema = TableSchema(
        columns=[
            Column(name='id"; DROP TABLE x; --', datatype=Datatype.INTEGER),
            Column(name="Имя с пробелом"),
        ],
        primary_key=['id"; DROP TABLE x; --'],
    )
    frame = pd.DataFrame(
        {
            'id"; DROP TABLE x; --': pd.array([1, 2], dtype="Int64"),
            "Имя с пробелом": pd.array(["a", None], dtype="string"),
        }
    )
    writer = store.begin(MODULE, "run-odd")
    writer.write("Table; DELETE", frame, schema)
    writer.publish("{}", {})
    assert 'Odd "Schema"; --_v1' in schemas(postgres_database)
    back = store.read_table(MODULE, 1, "Table; DELETE")
    pd.testing.assert_frame_equal(back, frame)


def test_two_hundred_thousand_rows_load_through_copy(
    postgres_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = PostgresStore(postgres_database)
    n, chunk = 200_000, 50_000
    schema = TableSchema(
        columns=[
            Column(name="id", datatype=Datatype.LONG),
            Column(name="name"),
            Column(name="amount", datatype=Datatype.DECIMAL),
            Column(name="paid", datatype=Datatype.BOOLEAN),
            Column(name="at", datatype=Datatype.DATETIME),
        ],
        primary_key=["id"],
    )
    ids = pd.array(range(n), dtype="Int64")
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": pd.array([f"Покупатель {i}" for i in range(n)], dtype="string"),
            "amount": pd.array([i / 100 for i in range(n)], dtype="Float64"),
            "paid": pd.array([i % 3 == 0 for i in range(n)], dtype="boolean"),
            "at": pd.Series(pd.date_range("2024-01-01", periods=n, freq="s").as_unit("us")),
        }
    )
    started = time.perf_counter()
    writer = store.begin("big", "run-big")
    for start in range(0, n, chunk):
        writer.write("rows", frame.iloc[start : start + chunk], schema)
    info = writer.publish("{}", {})
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n  PostgreSQL COPY load of {n} rows (5 columns, with PK): {seconds:.2f} s")
    assert info.row_counts == {"rows": n}
    assert query(postgres_database, "SELECT count(*), sum(id) FROM big_v1.rows") == [
        (n, n * (n - 1) // 2)
    ]
    assert seconds < 60, f"loading {n} rows took {seconds:.1f} s"
    back = store.read_table("big", 1, "rows")
    pd.testing.assert_frame_equal(back, frame)


def test_passwords_never_appear_in_errors(postgres_database: str, tmp_path: Any) -> None:
    password = "pw-very-secret-4711"

    def text_of(exc: BaseException) -> str:
        return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)

    missing = plain_url(postgres_database) + "_missing"
    store = PostgresStore(missing, password=password)
    assert password not in repr(store)
    with pytest.raises(StorageError, match="does not exist") as caught:
        store.begin(MODULE, "r")
    assert password not in text_of(caught.value)

    in_url = missing.replace("postgres@", f"postgres:{password}@")
    store = PostgresStore(in_url)
    assert password not in store.url and password not in repr(store)
    with pytest.raises(StorageError) as caught:
        store.versions()
    assert password not in text_of(caught.value)

    closed = PostgresStore("postgresql://postgres@127.0.0.1:1/x", password=password)
    with pytest.raises(StorageError, match="cannot connect") as caught:
        closed.versions()
    assert password not in text_of(caught.value)

    with pytest.raises(VersionNotFound) as not_found:
        open_module(in_url.replace("_missing", ""), "nope")
    assert password not in text_of(not_found.value)

    # Through a target: the secret named by secretRef is the password.
    (tmp_path / "pw").write_text(password, encoding="utf-8")
    target = Target(
        identifier="pg",
        kind=TargetKind.POSTGRESQL,
        access_url=missing,
        secret_ref="file:pw",
    )
    with pytest.raises(StorageError) as caught:
        open_store(target, tmp_path).versions()
    assert password not in text_of(caught.value)


def test_publish_failure_rolls_everything_back(postgres_database: str) -> None:
    store = PostgresStore(postgres_database)
    before = database_state(postgres_database)
    schema = TableSchema(columns=[Column(name="id", datatype=Datatype.INTEGER)], primary_key=["id"])
    writer = store.begin(MODULE, "run-dup")
    writer.write("t", pd.DataFrame({"id": pd.array([1, 1], dtype="Int64")}), schema)
    with pytest.raises(StorageError, match="could not create unique index"):
        writer.publish("{}", {})
    after = database_state(postgres_database)
    assert after["catalog"] == before["catalog"] == []
    assert f"{SCHEMA_PREFIX}_v1" not in after["schemas"]
    with pytest.raises(StorageError, match="already aborted"):
        writer.publish("{}", {})


def test_zoned_timestamps_load_as_the_same_instants_whatever_the_session_zone(
    postgres_database: str,
) -> None:
    # the writer spells zoned timestamps as UTC text ending in 'Z'; a database whose sessions
    # run in another zone must still store the same instants
    database = plain_url(postgres_database).rsplit("/", 1)[1]
    with psycopg.connect(plain_url(postgres_database), autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE \"{database}\" SET TimeZone = 'Asia/Kamchatka'")
    stamps = pd.Series(
        pd.to_datetime(
            [
                "2024-03-31 01:59:59.999999+03:00",
                None,
                "1899-12-31 23:00:00+00:00",
                "0001-01-01 00:00:00+00:00",
                "2038-01-19 03:14:08.5+05:00",
            ],
            utc=True,
            format="ISO8601",
        )
    ).astype("datetime64[us, UTC]")
    schema = TableSchema(
        columns=[
            Column(name="id", datatype=Datatype.INTEGER),
            Column(name="at", datatype=Datatype.DATETIME),
        ],
        primary_key=["id"],
    )
    store = PostgresStore(postgres_database)
    writer = store.begin("zones", "run-zones")
    writer.write(
        "events", pd.DataFrame({"id": pd.array(range(5), dtype="Int64"), "at": stamps}), schema
    )
    writer.end_table("events")
    writer.publish("{}", {})
    rows = query(
        postgres_database,
        "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        " FROM zones_v1.events ORDER BY id",
    )
    expected = [None if pd.isna(s) else s.strftime("%Y-%m-%d %H:%M:%S.%f") for s in stamps]
    assert [r[1] for r in rows] == [None if e is None else e.rjust(26, "0") for e in expected]


def test_a_key_is_sorted_with_more_memory_in_its_transaction_only(postgres_database: str) -> None:
    schema = TableSchema(columns=[Column(name="id", datatype=Datatype.INTEGER)], primary_key=["id"])
    frame = pd.DataFrame({"id": pd.array(range(1000), dtype="Int64")})
    store = PostgresStore(postgres_database)
    writer = store.begin("keys", "run-keys")
    writer.write("small", frame, schema)
    writer.write("big", frame, schema)
    conn = writer._connection()
    default = conn.execute("SHOW maintenance_work_mem").fetchone()
    writer.end_table("small")
    assert conn.execute("SHOW maintenance_work_mem").fetchone() == ("256MB",)
    conn.execute("SET LOCAL maintenance_work_mem = '1GB'")
    writer.end_table("big")  # never lowered
    assert conn.execute("SHOW maintenance_work_mem").fetchone() == ("1GB",)
    writer.publish("{}", {})
    assert query(postgres_database, "SHOW maintenance_work_mem") == [default]
    assert query(postgres_database, "SELECT count(*) FROM keys_v1.big") == [(1000,)]
