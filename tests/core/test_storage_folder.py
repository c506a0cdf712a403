"""The folder store on the real disk, the arrow mapping, open_module and diff_versions.

The sample module below (two tables with nulls, Cyrillic text, dates, decimals, booleans and
every other datatype) is shared by the S3 and PostgreSQL store tests, which import it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etlx_desktop.core.metadata import dumps_module
from etlx_desktop.core.metadata.model import (
    Column,
    DataModule,
    DataSource,
    Datatype,
    ExtractStep,
    FileFormat,
    SourceKind,
    Table,
    TableSchema,
    Target,
    TargetKind,
)
from etlx_desktop.core.storage import (
    FolderStore,
    StorageError,
    VersionConflict,
    VersionInfo,
    VersionNotFound,
    VersionStore,
    arrow_schema,
    diff_versions,
    open_module,
    open_store,
    to_arrow,
)
from etlx_desktop.core.storage.arrow import ChunkEncoder

# --- The sample module --------------------------------------------------------------------------

MODULE = "shop-sample"
D = Datatype

_CREATED = ["2024-01-02 03:04:05.123456", "2023-12-31 23:59:59", None, "2000-01-01 00:00:00"]

# name -> (datatype, values in version 1, values in version 2)
CUSTOMERS: dict[str, tuple[Datatype, list[Any], list[Any]]] = {
    "id": (D.INTEGER, [1, 2, 3, 4], [1, 2, 3, 4, 5]),
    "name": (
        D.STRING,
        ["Иван Петров", "Ольга", None, ""],
        ["Иван Петрович", "Ольга", None, "", "Юлия «Ёж»"],
    ),
    "email": (D.STRING, ["ivan@example.ru", None, "", "x@y.z"], [None, None, "", "x@y.z", "a@b"]),
    "born": (
        D.DATE,
        ["1985-02-03", None, "2000-02-29", "1970-01-01"],
        ["1985-02-03", None, "2000-02-29", "1970-01-01", "2024-12-31"],
    ),
    "balance": (D.DECIMAL, [1234.56, None, 0.1, -99999.99], [1234.57, None, 0.1, 1 / 3, 0.0]),
    "active": (D.BOOLEAN, [True, False, None, True], [False, False, None, True, True]),
    "created_at": (
        D.DATETIME,
        [*_CREATED],
        [*_CREATED, "2025-06-07 08:09:10.000001"],
    ),
    "level": (D.SHORT, [1, None, -32768, 32767], [2, None, -32768, 32767, 0]),
    "score": (D.FLOAT, [1.5, None, 0.25, -2.0], [1.5, None, 0.25, -2.0, 1024.0]),
    "wake": (
        D.TIME,
        [dt.time(7, 30), None, dt.time(23, 59, 59), dt.time(0, 0)],
        [dt.time(7, 31), None, dt.time(23, 59, 59), dt.time(0, 0), dt.time(12, 0, 1)],
    ),
    "session": (
        D.DURATION,
        ["1h30m", None, "0s", "1 day 00:00:00.000001"],
        ["1h30m", None, "0s", "1 day 00:00:00.000001", "45s"],
    ),
    "profile": (
        D.JSON,
        [{"a": 1, "bb": ["x", "й"]}, None, [], {"k": None}],
        [{"a": 2, "bb": ["x", "й"]}, None, [], {"k": None}, {"z": True}],
    ),
    "avatar": (
        D.BINARY,
        [b"\x00\xff", None, b"", b"PNG\r\n"],
        [b"\x00\xfe", None, b"", b"PNG\r\n", b"\x01"],
    ),
}

ORDERS: dict[str, tuple[Datatype, list[Any], list[Any]]] = {
    "id": (D.LONG, [10, 11, 12], [10, 11, 12, 13]),
    "customer_id": (D.INTEGER, [1, 1, 4], [1, 1, 4, 5]),
    "amount": (D.DOUBLE, [10.5, None, 1 / 3], [10.5, None, 1 / 3, 99.99]),
    "paid": (D.BOOLEAN, [True, None, False], [True, True, False, None]),
    "ordered_at": (
        D.DATETIME,
        ["2024-05-01 10:00:00+03:00", None, "2024-05-02 00:00:00+00:00"],
        ["2024-05-01 10:00:00+03:00", None, "2024-05-02 00:00:00+00:00", "2024-06-01 12:00:00Z"],
    ),
    "note": (
        D.STRING,
        ["Доставка до двери", None, 'кавычки "и" запятые, новые\nстроки'],
        ["Доставка до двери", "", 'кавычки "и" запятые, новые\nстроки', None],
    ),
    "status": (D.STRING, [], ["new", "paid", "sent", None]),  # added in version 2
}

TABLES = {"customers": CUSTOMERS, "orders": ORDERS}


def columns_of(table: str, version: int) -> list[str]:
    spec = TABLES[table]
    return [name for name, (_, v1, _) in spec.items() if version == 2 or v1]


def table_schema(table: str, version: int) -> TableSchema:
    spec = TABLES[table]
    return TableSchema(
        columns=[Column(name=name, datatype=spec[name][0]) for name in columns_of(table, version)],
        primary_key=["id"],
    )


def _values(table: str, column: str, version: int) -> list[Any]:
    _, v1, v2 = TABLES[table][column]
    return v1 if version == 1 else v2


def _series(datatype: Datatype, values: list[Any], *, expected: bool) -> pd.Series:
    """A column as the pipeline hands it over, or (expected) as a store reads it back."""
    if datatype in (D.INTEGER, D.LONG):
        return pd.Series(pd.array(values, dtype="Int64"))
    if datatype is D.SHORT:
        return pd.Series(pd.array(values, dtype="Int16" if expected else "Int64"))
    if datatype in (D.DECIMAL, D.DOUBLE):
        return pd.Series(pd.array(values, dtype="Float64"))
    if datatype is D.FLOAT:
        return pd.Series(pd.array(values, dtype="Float32" if expected else "Float64"))
    if datatype is D.BOOLEAN:
        return pd.Series(pd.array(values, dtype="boolean"))
    if datatype is D.STRING:
        return pd.Series(pd.array(values, dtype="string"))
    if datatype is D.DATE:
        return pd.Series(pd.to_datetime(values).as_unit("us"))
    if datatype is D.DATETIME:
        zoned = any(isinstance(v, str) and (v.endswith("Z") or "+" in v) for v in values)
        return pd.Series(pd.to_datetime(values, utc=zoned, format="ISO8601").as_unit("us"))
    if datatype is D.TIME:
        if expected:
            text = [None if v is None else v.strftime("%H:%M:%S") for v in values]
            return pd.Series(pd.array(text, dtype="string"))
        return pd.Series(values, dtype=object)
    if datatype is D.DURATION:
        return pd.Series(pd.to_timedelta(values).as_unit("us"))
    if datatype is D.JSON:
        if expected:
            text = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
            return pd.Series(pd.array(text, dtype="string"))
        return pd.Series(values, dtype=object)
    if datatype is D.BINARY:
        return pd.Series(values, dtype=object)
    raise AssertionError(datatype)


def _frame(table: str, version: int, *, expected: bool) -> pd.DataFrame:
    spec = TABLES[table]
    return pd.DataFrame(
        {
            name: _series(spec[name][0], _values(table, name, version), expected=expected)
            for name in columns_of(table, version)
        }
    )


def input_frame(table: str, version: int) -> pd.DataFrame:
    """The cleansed chunk data of a table, with the dtypes the pipeline produces."""
    return _frame(table, version, expected=False)


def expected_frame(table: str, version: int) -> pd.DataFrame:
    """What every store must give back for that table (values and dtypes)."""
    return _frame(table, version, expected=True)


def metadata_json(version: int) -> str:
    """The module document stored with a version; version 2 adds a rule and a column."""
    tables = []
    for name in TABLES:
        schema = table_schema(name, version)
        if name == "customers" and version == 2:
            schema.columns[4].minimum = -100000
        tables.append(
            Table(
                url=f"tables/{name}.parquet",
                table_name=name,
                extraction=ExtractStep(from_source="shop", source_table=name),
                table_schema=schema,
            )
        )
    module = DataModule(
        identifier=MODULE,
        title="Образец магазина",
        version=version,
        data_sources=[
            DataSource(identifier="shop", kind=SourceKind.SQLITE, endpoint_url="sqlite:///s.db")
        ],
        tables=tables,
    )
    return dumps_module(module)


def write_version(
    store: VersionStore, version_data: int, *, run_id: str | None = None, chunks: int = 2
) -> VersionInfo:
    """Write and publish one version of the sample module, each table in `chunks` chunks."""
    writer = store.begin(MODULE, run_id or f"run-{version_data}")
    for table in TABLES:
        frame = input_frame(table, version_data)
        size = -(-len(frame) // chunks)
        for start in range(0, len(frame), size):
            writer.write(table, frame.iloc[start : start + size], table_schema(table, version_data))
        writer.write_quarantine(
            table,
            pd.DataFrame({"id": ["x-1", ""], "_reason": ["bad id", "пусто"], "_row": [7, 9]}),
        )
        writer.end_table(table)
    return writer.publish(metadata_json(version_data), {"run": {"note": "тест"}})


def assert_version(store: VersionStore, version: int, version_data: int | None = None) -> None:
    """Every table of a published version holds exactly the sample's values."""
    data = version_data or version
    assert store.tables(MODULE, version) == sorted(TABLES)
    for table in TABLES:
        got = store.read_table(MODULE, version, table)
        pd.testing.assert_frame_equal(got, expected_frame(table, data))


def assert_tables(tables: dict[str, pd.DataFrame], version_data: int) -> None:
    assert sorted(tables) == sorted(TABLES)
    for table, frame in tables.items():
        pd.testing.assert_frame_equal(frame, expected_frame(table, version_data))


CHILD = r"""
import json, os, sys, time
import pandas as pd
from etlx_desktop.core.metadata.model import Column, Datatype, TableSchema
from etlx_desktop.core.storage import store_from_url

args = json.loads(os.environ["ETLX_TEST_CHILD"])
store = store_from_url(args["url"], **args["options"])
writer = store.begin(args["module"], "killed-run")
schema = TableSchema(
    columns=[Column(name="id", datatype=Datatype.INTEGER), Column(name="name")],
    primary_key=["id"],
)
n = 5000
frame = pd.DataFrame(
    {"id": pd.array(range(n), dtype="Int64"), "name": pd.array(["Ж"] * n, dtype="string")}
)
writer.write("leftover", frame, schema)
writer.end_table("leftover")
writer.write("customers", frame, schema)
print("WROTE", writer.version, writer.location, flush=True)
time.sleep(600)
"""


def kill_mid_load(url: str, options: dict[str, Any], module: str = MODULE) -> int:
    """Run a child that begins a version and writes chunks, then SIGKILL it mid-load.

    Returns the version number the child was writing.
    """
    scratch = tempfile.mkdtemp(prefix="etlx-kill-")  # the child's temporary files go here
    env = dict(os.environ, TMPDIR=scratch)
    env["ETLX_TEST_CHILD"] = json.dumps({"url": url, "options": options, "module": module})
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line.startswith("WROTE"):
            child.kill()
            _, err = child.communicate(timeout=30)
            pytest.fail(f"the child did not start writing: {line!r}\n{err}")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)
    assert child.returncode == -signal.SIGKILL
    return int(line.split()[1])


# --- Folder store --------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root` (hidden ones too), with a hash of each file's bytes."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        found[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


@pytest.fixture(params=[FileFormat.PARQUET, FileFormat.CSV], ids=["parquet", "csv"])
def folder_store(request: pytest.FixtureRequest, tmp_path: Path) -> FolderStore:
    return FolderStore(tmp_path / "store", request.param)


def test_two_versions_are_readable_side_by_side(folder_store: FolderStore) -> None:
    first = write_version(folder_store, 1)
    second = write_version(folder_store, 2)
    assert (first.version, second.version) == (1, 2)
    assert first.row_counts == {"customers": 4, "orders": 3}
    assert second.row_counts == {"customers": 5, "orders": 4}
    assert [(v.module, v.version, v.run_id) for v in folder_store.versions()] == [
        (MODULE, 1, "run-1"),
        (MODULE, 2, "run-2"),
    ]
    assert_version(folder_store, 1)
    assert_version(folder_store, 2)
    assert folder_store.metadata(MODULE, 1) == metadata_json(1)
    assert folder_store.metadata(MODULE, 2) == metadata_json(2)

    ext = folder_store.fmt.value
    v2 = folder_store.root / MODULE / "v2"
    assert sorted(str(p.relative_to(v2)) for p in v2.rglob("*") if p.is_file()) == [
        "manifest.json",
        "metadata.jsonld",
        "quarantine/customers.parquet",
        "quarantine/orders.parquet",
        f"tables/customers.{ext}",
        f"tables/orders.{ext}",
    ]
    manifest = json.loads((v2 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["module"] == MODULE
    assert manifest["version"] == 2
    assert manifest["run_id"] == "run-2"
    assert manifest["format"] == ext
    assert manifest["row_counts"] == {"customers": 5, "orders": 4}
    assert manifest["run"] == {"note": "тест"}
    assert manifest["created_at"].endswith("Z")
    assert set(manifest["files"]) == {
        "metadata.jsonld",
        "quarantine/customers.parquet",
        "quarantine/orders.parquet",
        f"tables/customers.{ext}",
        f"tables/orders.{ext}",
    }
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256((v2 / name).read_bytes()).hexdigest()


def test_quarantine_is_kept_as_text(folder_store: FolderStore) -> None:
    write_version(folder_store, 1)
    rejected = folder_store.read_quarantine(MODULE, 1, "customers")
    assert rejected["id"].tolist() == ["x-1", ""]
    assert rejected["_reason"].tolist() == ["bad id", "пусто"]
    assert rejected["_row"].tolist() == [7, 9]


def test_csv_files_keep_null_and_empty_text_apart(tmp_path: Path) -> None:
    store = FolderStore(tmp_path, FileFormat.CSV)
    write_version(store, 1)
    text = (tmp_path / MODULE / "v1" / "tables" / "customers.csv").read_text(encoding="utf-8")
    header, first, second, third, _ = text.splitlines()
    assert header.startswith('"id","name","email"')
    assert first.startswith('1,"Иван Петров","ivan@example.ru"')
    assert second.startswith('2,"Ольга",,')  # email null: empty and unquoted
    assert third.startswith('3,,"",')  # name null, email empty text
    got = store.read_table(MODULE, 1, "customers")
    assert got["email"].isna().tolist() == [False, True, False, False]
    assert got["email"][2] == ""


def test_parquet_files_carry_the_arrow_schema(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    write_version(store, 1)
    schema = pq.read_schema(tmp_path / MODULE / "v1" / "tables" / "orders.parquet")
    assert schema.field("ordered_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("id").type == pa.int64()
    assert schema.field("id").metadata == {b"etlx:datatype": b"long"}


def test_abort_leaves_the_folder_exactly_as_before(folder_store: FolderStore) -> None:
    write_version(folder_store, 1)
    before = snapshot(folder_store.root)
    writer = folder_store.begin(MODULE, "run-aborted")
    writer.write("customers", input_frame("customers", 2), table_schema("customers", 2))
    writer.end_table("customers")
    writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    assert snapshot(folder_store.root) != before
    writer.abort()
    writer.abort()  # a second abort is harmless
    assert snapshot(folder_store.root) == before
    with pytest.raises(StorageError, match="already aborted"):
        writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))


def test_an_unpublished_writer_is_invisible(folder_store: FolderStore) -> None:
    write_version(folder_store, 1)
    writer = folder_store.begin(MODULE, "run-pending")
    writer.write("customers", input_frame("customers", 2), table_schema("customers", 2))
    writer.end_table("customers")
    partials = [p.name for p in (folder_store.root / MODULE).iterdir() if ".partial-" in p.name]
    assert partials == [".v2.partial-run-pending"]
    assert [v.version for v in folder_store.versions(MODULE)] == [1]
    assert_tables(open_module(str(folder_store.root), MODULE, fmt=folder_store.fmt.value), 1)
    with pytest.raises(VersionNotFound):
        folder_store.read_table(MODULE, 2, "customers")
    writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    info = writer.publish(metadata_json(2), {})
    assert info.version == 2
    assert [v.version for v in folder_store.versions(MODULE)] == [1, 2]
    assert not any(".partial-" in p.name for p in (folder_store.root / MODULE).iterdir())


def test_a_killed_run_leaves_the_previous_version_intact(folder_store: FolderStore) -> None:
    write_version(folder_store, 1)
    published = snapshot(folder_store.root / MODULE / "v1")
    fmt = folder_store.fmt.value
    killed = kill_mid_load(str(folder_store.root), {"fmt": fmt})
    assert killed == 2
    leftovers = [p.name for p in (folder_store.root / MODULE).iterdir() if ".partial-" in p.name]
    assert leftovers == [".v2.partial-killed-run"]
    assert [v.version for v in folder_store.versions()] == [1]
    assert snapshot(folder_store.root / MODULE / "v1") == published
    assert_version(folder_store, 1)

    info = write_version(folder_store, 2)
    assert info.version == 2
    assert_version(folder_store, 1)
    assert_version(folder_store, 2)
    assert [v.version for v in folder_store.versions()] == [1, 2]


def test_two_runs_racing_for_one_number_fail_clearly(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    write_version(store, 1)
    first = store.begin(MODULE, "run-a")
    second = store.begin(MODULE, "run-b")
    assert first.version == second.version == 2
    for writer in (first, second):
        writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    first.publish(metadata_json(2), {})
    with pytest.raises(VersionConflict, match="another run published it first"):
        second.publish(metadata_json(2), {})
    assert not second.partial.exists()
    assert [v.run_id for v in store.versions(MODULE)] == ["run-1", "run-a"]


def test_a_writer_used_as_a_context_manager_aborts_unless_published(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    with pytest.raises(RuntimeError, match="boom"), store.begin(MODULE, "run-x") as writer:
        writer.write("orders", input_frame("orders", 1), table_schema("orders", 1))
        raise RuntimeError("boom")
    assert store.versions() == []
    assert snapshot(tmp_path) == {MODULE: "dir"}


def test_open_module_reads_a_chosen_version_and_the_latest(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    write_version(store, 1)
    write_version(store, 2)
    assert_tables(open_module(str(tmp_path), MODULE, version=1), 1)
    assert_tables(open_module(str(tmp_path), MODULE, version="2"), 2)
    assert_tables(open_module(str(tmp_path), MODULE), 2)
    assert_tables(open_module(tmp_path.as_uri(), MODULE, "latest"), 2)

    with pytest.raises(VersionNotFound, match=r"no version 3; versions: 1, 2"):
        open_module(str(tmp_path), MODULE, version=3)
    with pytest.raises(VersionNotFound, match=r"no module 'patients'; modules there: shop-sample"):
        open_module(str(tmp_path), "patients")
    with pytest.raises(VersionNotFound, match=r"has no table 'nope'; tables: customers, orders"):
        store.read_table(MODULE, 1, "nope")


def test_open_store_takes_folder_targets_relative_to_the_module(tmp_path: Path) -> None:
    target = Target(identifier="local", kind=TargetKind.FOLDER, access_url="out", format=None)
    store = open_store(target, tmp_path)
    assert isinstance(store, FolderStore)
    assert store.root == tmp_path / "out"
    assert store.fmt is FileFormat.PARQUET
    write_version(store, 1)
    csv_target = Target(
        identifier="csv", kind=TargetKind.FOLDER, access_url="csv-out", format=FileFormat.CSV
    )
    csv_store = open_store(csv_target, tmp_path)
    assert isinstance(csv_store, FolderStore)
    assert csv_store.fmt is FileFormat.CSV
    assert (tmp_path / "out" / MODULE / "v1" / "manifest.json").is_file()


def test_diff_versions_names_what_changed(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    write_version(store, 1)
    write_version(store, 2)
    diff = diff_versions(store, MODULE, 1, 2)
    assert diff["module"] == MODULE
    assert (diff["from"], diff["to"]) == (1, 2)
    assert diff["tables_added"] == []
    assert diff["tables_removed"] == []
    assert diff["tables_changed"] == {
        "customers": {"rules_changed": {"balance": {"minimum": {"from": None, "to": -100000}}}},
        "orders": {"columns_added": ["status"]},
    }
    assert diff["key_changed"] is False
    assert diff["row_counts"] == {
        "customers": {"from": 4, "to": 5, "delta": 1},
        "orders": {"from": 3, "to": 4, "delta": 1},
    }
    back = diff_versions(store, MODULE, 2, 1)
    assert back["tables_changed"]["orders"] == {"columns_removed": ["status"]}
    with pytest.raises(VersionNotFound, match="versions: 1, 2"):
        diff_versions(store, MODULE, 1, 5)


def test_module_and_table_names_cannot_escape_the_folder(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "store")
    with pytest.raises(ValueError, match="module name"):
        store.begin("../evil", "r")
    writer = store.begin(MODULE, "r")
    for bad in ("../x", "a/b", ".hidden", ""):
        with pytest.raises(ValueError, match="table name"):
            writer.write(bad, input_frame("orders", 1), table_schema("orders", 1))
    writer.abort()
    assert not (tmp_path / "x.parquet").exists()


# --- The arrow mapping ---------------------------------------------------------------------------


def test_arrow_schema_maps_every_datatype() -> None:
    schema = TableSchema(columns=[Column(name=d.value, datatype=d) for d in Datatype])
    types = {f.name: f.type for f in arrow_schema(schema)}
    assert types == {
        "string": pa.string(),
        "integer": pa.int64(),
        "long": pa.int64(),
        "short": pa.int16(),
        "decimal": pa.float64(),
        "double": pa.float64(),
        "float": pa.float32(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us"),
        "time": pa.string(),
        "duration": pa.duration("us"),
        "json": pa.string(),
        "binary": pa.binary(),
    }
    zoned = arrow_schema(schema, utc={"datetime"})
    assert zoned.field("datetime").type == pa.timestamp("us", tz="UTC")
    hinted = TableSchema(columns=[Column(name="t", datatype=D.DATETIME, sql_type="timestamptz")])
    assert arrow_schema(hinted).field("t").type == pa.timestamp("us", tz="UTC")


def test_every_chunk_of_a_table_gets_the_same_arrow_schema() -> None:
    schema = table_schema("customers", 1)
    encoder = ChunkEncoder(schema)
    full = input_frame("customers", 1)
    empty_nulls = pd.DataFrame(
        {c: pd.Series([None, None], dtype=object) for c in columns_of("customers", 1)}
    )
    chunks = [full.iloc[:2], full.iloc[2:], empty_nulls, full.iloc[:0]]
    schemas = {str(encoder.encode(chunk).schema) for chunk in chunks}
    assert len(schemas) == 1
    assert encoder.encode(empty_nulls).num_rows == 2


def test_the_first_chunk_fixes_the_datetime_zone_rule() -> None:
    schema = TableSchema(columns=[Column(name="at", datatype=D.DATETIME)])
    aware = pd.DataFrame({"at": pd.to_datetime(["2024-01-01 03:00:00+03:00"], utc=False)})
    naive = pd.DataFrame({"at": pd.to_datetime(["2024-01-01 05:00:00"])})
    zoned = ChunkEncoder(schema)
    assert zoned.encode(aware).column("at").to_pylist() == [
        dt.datetime(2024, 1, 1, 0, 0, tzinfo=dt.UTC)
    ]
    assert zoned.encode(naive).column("at").to_pylist() == [  # naive values are taken as UTC
        dt.datetime(2024, 1, 1, 5, 0, tzinfo=dt.UTC)
    ]
    plain = ChunkEncoder(schema)
    assert plain.encode(naive).schema.field("at").type == pa.timestamp("us")
    assert plain.encode(aware).column("at").to_pylist() == [dt.datetime(2024, 1, 1, 0, 0)]


def test_to_arrow_names_the_column_that_cannot_be_stored() -> None:
    schema = TableSchema(columns=[Column(name="n", datatype=D.SHORT)])
    with pytest.raises(ValueError, match=r"column 'n' cannot be stored as int16"):
        to_arrow(pd.DataFrame({"n": pd.array([70000], dtype="Int64")}), schema)
    with pytest.raises(ValueError, match=r"the chunk has no column 'n'"):
        to_arrow(pd.DataFrame({"m": [1]}), schema)
