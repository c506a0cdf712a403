"""Schema drift: a source that changed after its module was drafted never leaks into a version.

Real PostgreSQL and MariaDB (tests/conftest.py), SQLite files, CSV and JSON-lines folders and an
extraction script; every run goes into a folder target that is checked to be untouched when the
run stops.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop import open_module
from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.metadata.model import (
    Column,
    DataSource,
    ExtractStep,
    FileFormat,
    NullStrategy,
    Script,
    SourceKind,
    Table,
    TableSchema,
    Target,
    TargetKind,
    UnknownColumns,
    UploadStep,
)
from etlx_desktop.core.metadata.scripts import file_checksum
from etlx_desktop.core.pipeline.engine import RunOptions, run_module
from etlx_desktop.core.sources import SourceUnavailable, draft_module
from etlx_desktop.core.sources.described import UndescribedColumns
from etlx_desktop.core.sources.drift import SchemaDrift, detect_drift
from etlx_desktop.core.storage.folder import FolderStore

RunSql = Callable[[str, list[str]], None]

CUSTOMERS_SQL = [
    "CREATE TABLE customers (id integer PRIMARY KEY, full_name varchar(100) NOT NULL,"
    " balance numeric(12, 2))",
    "INSERT INTO customers VALUES (1, 'Anna', 10.50), (2, 'Boris', 20.00), (3, 'Vera', NULL)",
]
ADD_SECRET = [
    "ALTER TABLE customers ADD COLUMN secret_note text",
    "UPDATE customers SET secret_note = CONCAT('secret of ', full_name)",
]


def publish_to_folder(module: DataModule, folder: Path) -> Path:
    """Make `folder` the module's only upload target (a CSV folder); returns it, created."""
    folder.mkdir(parents=True, exist_ok=True)
    module.distribution = [
        Target(
            identifier="out", kind=TargetKind.FOLDER, access_url=str(folder), format=FileFormat.CSV
        )
    ]
    module.upload = UploadStep(target=["out"])
    return folder


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def run(module: DataModule, base_dir: Path, chunk_rows: int = 1000) -> dict[str, pd.DataFrame]:
    """Run the module and return the tables of the version it published."""
    report = run_module(module, base_dir=base_dir, options=RunOptions(chunk_rows=chunk_rows))
    assert report.status == "succeeded"
    [published] = report.published
    return open_module(str(Path(published.location).parent.parent), module.identifier)


def assert_stops_untouched(module: DataModule, base_dir: Path, target: Path, *words: str) -> str:
    """The run stops before any work, naming `words`; the target is exactly as it was."""
    before = listing(target)
    with pytest.raises(SchemaDrift) as stopped:
        run_module(module, base_dir=base_dir)
    assert listing(target) == before
    message = str(stopped.value)
    for word in words:
        assert word in message
    return message


# --- databases -------------------------------------------------------------------------------


@pytest.mark.parametrize("server", ["postgres", "mariadb"])
def test_new_column_stops_the_run_before_any_work(
    server: str, request: pytest.FixtureRequest, run_sql: RunSql, tmp_path: Path
) -> None:
    url: str = request.getfixturevalue(f"{server}_database")
    run_sql(url, CUSTOMERS_SQL)
    module = draft_module(url, name="crm")
    target = publish_to_folder(module, tmp_path / "out")
    (target / "keep.txt").write_text("untouched", encoding="utf-8")
    run_sql(url, ADD_SECRET)

    report = detect_drift(module, tmp_path, {})
    [customers] = report.tables
    assert [(c.name, c.datatype) for c in customers.new] == [("secret_note", "string")]
    assert customers.missing == [] and customers.type_changed == []
    assert report.stops
    message = assert_stops_untouched(module, tmp_path, target, "customers", "secret_note")
    assert '"onUnknownColumns"' in message and '"drop"' in message and '"copy"' in message
    assert (target / "keep.txt").read_text(encoding="utf-8") == "untouched"
    assert listing(target) == ["keep.txt"]  # no version, no partial directory


@pytest.mark.parametrize("server", ["postgres", "mariadb"])
def test_drop_leaves_the_new_column_out_and_copy_takes_it(
    server: str, request: pytest.FixtureRequest, run_sql: RunSql, tmp_path: Path
) -> None:
    url: str = request.getfixturevalue(f"{server}_database")
    run_sql(url, CUSTOMERS_SQL)
    module = draft_module(url, name="crm")
    publish_to_folder(module, tmp_path / "out")
    run_sql(url, ADD_SECRET)

    module.tables[0].on_unknown_columns = UnknownColumns.DROP
    report = run_module(module, base_dir=tmp_path)
    dropped = open_module(str(tmp_path / "out"), "crm", 1)["customers"]
    assert list(dropped.columns) == ["id", "full_name", "balance"]
    assert not dropped.astype(str).apply(lambda c: c.str.contains("secret")).any().any()
    assert any("secret_note" in w and "left out" in w for w in report.warnings)
    assert report.drift is not None
    assert report.as_dict()["drift"]["tables"][0]["new"][0]["name"] == "secret_note"
    json.dumps(report.as_dict())  # JSON-serialisable

    module.tables[0].on_unknown_columns = UnknownColumns.COPY
    report = run_module(module, base_dir=tmp_path)
    copied = open_module(str(tmp_path / "out"), "crm", 2)["customers"]
    assert list(copied.columns) == ["id", "full_name", "balance", "secret_note"]
    assert sorted(copied["secret_note"]) == ["secret of Anna", "secret of Boris", "secret of Vera"]
    assert any("secret_note" in w and "copied unchanged" in w for w in report.warnings)
    assert module.tables[0].table_schema.columns[-1].name == "balance"  # the module is as it was
    version = (tmp_path / "out" / "crm" / "v2" / "metadata.jsonld").read_text(encoding="utf-8")
    assert "secret_note" in version  # the version says what it holds


def test_dropped_source_column_stops_the_run(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(postgres_database, CUSTOMERS_SQL)
    module = draft_module(postgres_database, name="crm")
    target = publish_to_folder(module, tmp_path / "out")
    run_sql(postgres_database, ["ALTER TABLE customers DROP COLUMN balance"])

    [customers] = detect_drift(module, tmp_path, {}).tables
    assert customers.missing == ["balance"] and customers.new == []
    module.tables[0].on_unknown_columns = UnknownColumns.DROP  # no policy lets a gap through
    message = assert_stops_untouched(module, tmp_path, target, "customers", "balance")
    assert "gone from the source" in message


def test_dropped_source_table_stops_the_run(
    mariadb_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(mariadb_database, CUSTOMERS_SQL)
    module = draft_module(mariadb_database, name="crm")
    target = publish_to_folder(module, tmp_path / "out")
    run_sql(mariadb_database, ["DROP TABLE customers"])

    assert_stops_untouched(module, tmp_path, target, "customers", "does not exist")


def test_type_change_warns_and_the_run_goes_on(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(postgres_database, CUSTOMERS_SQL)
    module = draft_module(postgres_database, name="crm")
    publish_to_folder(module, tmp_path / "out")
    run_sql(
        postgres_database,
        [
            "ALTER TABLE customers ALTER COLUMN balance TYPE text",
            "ALTER TABLE customers ALTER COLUMN full_name TYPE varchar(200)",  # still a string
        ],
    )

    [customers] = detect_drift(module, tmp_path, {}).tables
    [change] = customers.type_changed
    assert (change.column, change.module_datatype, change.source_datatype) == (
        "balance",
        "decimal",
        "string",
    )
    assert (change.module_sql_type, change.source_sql_type) == ("numeric(12, 2)", "text")
    report = run_module(module, base_dir=tmp_path)
    assert report.status == "succeeded"
    assert any("balance: decimal (numeric(12, 2)) -> string (text)" in w for w in report.warnings)


def test_a_datatype_chosen_by_the_author_is_no_drift(
    postgres_database: str, run_sql: RunSql, tmp_path: Path
) -> None:
    run_sql(postgres_database, CUSTOMERS_SQL)
    module = draft_module(postgres_database, name="crm")
    module.tables[0].table_schema.columns[2].datatype = "double"  # type: ignore[assignment]
    assert not detect_drift(module, tmp_path, {}).drifted


def test_query_extraction_drift(postgres_database: str, run_sql: RunSql, tmp_path: Path) -> None:
    run_sql(postgres_database, CUSTOMERS_SQL)
    module = draft_module(postgres_database, name="crm")
    table = module.tables[0]
    table.extraction = ExtractStep(
        from_source=table.extraction.from_source,
        query="SELECT * FROM customers WHERE id > :low",
        parameters={"low": 0},
    )
    target = publish_to_folder(module, tmp_path / "out")
    assert not detect_drift(module, tmp_path, {}).drifted
    run_sql(postgres_database, ADD_SECRET)

    assert_stops_untouched(module, tmp_path, target, "customers", "secret_note")
    table.on_unknown_columns = UnknownColumns.DROP
    output = run(module, tmp_path)["customers"]
    assert "secret_note" not in output.columns and len(output) == 3

    run_sql(postgres_database, ["ALTER TABLE customers DROP COLUMN full_name"])
    [customers] = detect_drift(module, tmp_path, {}).tables
    assert customers.missing == ["full_name"]


# --- files and scripts -----------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> None:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_csv_file_whose_new_column_appears(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write_csv(
        data / "people.csv", [["id", "name", "age"], ["1", "Anna", "31"], ["2", "Boris", "x"]]
    )
    module = draft_module(str(data), name="people")
    age = module.tables[0].table_schema.columns[2]
    age.datatype, age.null_strategy = "integer", NullStrategy.REJECT  # type: ignore[assignment]
    target = publish_to_folder(module, tmp_path / "out")
    write_csv(
        data / "people.csv",
        [
            ["id", "name", "age", "secret_note"],
            ["1", "Anna", "31", "secret 1"],
            ["2", "Boris", "x", "secret 2"],  # quarantined: age is no integer
        ],
    )

    [people] = detect_drift(module, tmp_path, {}).tables
    assert [c.name for c in people.new] == ["secret_note"]
    assert people.source == "files: file people.csv"
    [change] = people.type_changed  # the sample has a value that is no integer
    assert change.column == "age" and change.detail == "1 of 2 sampled values are not integer"
    assert_stops_untouched(module, tmp_path, target, "people", "secret_note")

    module.tables[0].on_unknown_columns = UnknownColumns.DROP
    assert run(module, tmp_path)["people"]["name"].tolist() == ["Anna"]
    quarantine = FolderStore(target, FileFormat.CSV).read_quarantine("people", 1, "people")
    assert quarantine["name"].tolist() == ["Boris"]  # rejected rows keep only described columns
    assert "secret_note" not in quarantine.columns

    module.tables[0].on_unknown_columns = UnknownColumns.COPY
    output = run(module, tmp_path)["people"]
    assert output["secret_note"].tolist() == ["secret 1"]


def test_a_column_appearing_after_the_sample_stops_the_run_midway(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    records: list[dict[str, object]] = [{"id": i, "name": f"n{i}"} for i in range(1, 1501)]
    events = data / "events.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    module = draft_module(str(events), name="events")
    target = publish_to_folder(module, tmp_path / "out")
    records[1200]["secret_note"] = "late secret"  # beyond the sample the check reads
    events.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    assert not detect_drift(module, tmp_path, {}).drifted
    with pytest.raises(UndescribedColumns, match="secret_note"):
        run_module(module, base_dir=tmp_path, options=RunOptions(chunk_rows=500))
    assert [p for p in target.rglob("*") if p.is_file()] == []  # aborted: no version

    module.tables[0].on_unknown_columns = UnknownColumns.DROP
    output = run(module, tmp_path, chunk_rows=500)["events"]
    assert list(output.columns) == ["id", "name"] and len(output) == 1500


def test_extraction_script_columns_are_checked_and_dropped(tmp_path: Path) -> None:
    script = tmp_path / "extract.py"
    script.write_text(
        "import pandas as pd\n\n"
        "def extract(context):\n"
        "    frame = {'id': [1, 2], 'name': ['a', 'b'], 'secret_note': ['s1', 's2']}\n"
        "    return pd.DataFrame(frame)\n",
        encoding="utf-8",
    )
    module = DataModule(
        identifier="scripted",
        data_sources=[DataSource(identifier="code", kind=SourceKind.SCRIPT)],
        tables=[
            Table(
                url="tables/things",
                table_name="things",
                extraction=ExtractStep(
                    from_source="code",
                    script=Script(path="extract.py", checksum=file_checksum(script)),
                ),
                table_schema=TableSchema(
                    columns=[Column(name="id", datatype="integer"), Column(name="name")]  # type: ignore[arg-type]
                ),
            )
        ],
    )
    target = publish_to_folder(module, tmp_path / "out")

    [things] = detect_drift(module, tmp_path, {}).tables
    assert [c.name for c in things.new] == [
        "secret_note"
    ] and things.source == "code: script extract.py"
    assert_stops_untouched(module, tmp_path, target, "things", "secret_note")
    module.tables[0].on_unknown_columns = UnknownColumns.DROP
    assert list(run(module, tmp_path)["things"].columns) == ["id", "name"]


def test_sqlite_source_relative_to_the_module_folder(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "shop.sqlite") as connection:
        for statement in CUSTOMERS_SQL:
            connection.execute(statement)
    module = draft_module(f"sqlite:///{tmp_path / 'shop.sqlite'}", name="shop")
    module.data_sources[0].endpoint_url = "sqlite:///shop.sqlite"  # as a workspace keeps it
    with sqlite3.connect(tmp_path / "shop.sqlite") as connection:
        connection.execute("ALTER TABLE customers ADD COLUMN secret_note text")

    [customers] = detect_drift(module, tmp_path, {}).tables
    assert [(c.name, c.sql_type) for c in customers.new] == [("secret_note", "text")]


def test_an_unreachable_source_fails_the_check_without_its_password(tmp_path: Path) -> None:
    module = DataModule(
        identifier="crm",
        data_sources=[
            DataSource(
                identifier="db",
                kind=SourceKind.POSTGRESQL,
                endpoint_url="postgresql://postgres@127.0.0.1:1/crm",
                secret_ref="env:ETLX_T_DB_PASSWORD",
            )
        ],
        tables=[
            Table(
                url="tables/customers",
                table_name="customers",
                extraction=ExtractStep(from_source="db", source_table="customers"),
                table_schema=TableSchema(columns=[Column(name="id")]),
            )
        ],
    )
    with pytest.raises(SourceUnavailable) as failed:
        detect_drift(module, tmp_path, {"db": "S3cret-Pa55word"})
    assert "127.0.0.1:1" in str(failed.value)
    assert "S3cret" not in str(failed.value)
