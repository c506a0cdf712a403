"""`etlx drift` and a drifted source under `etlx run`, as a user meets them (real PostgreSQL and
MariaDB on 127.0.0.1, see tests/conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from etlx_desktop.cli import main

RunSql = Callable[[str, list[str]], None]

CUSTOMERS_SQL = [
    "CREATE TABLE customers (id integer PRIMARY KEY, full_name varchar(100) NOT NULL,"
    " balance numeric(12, 2))",
    "INSERT INTO customers VALUES (1, 'Anna', 10.50), (2, 'Boris', 20.00)",
    "CREATE TABLE shops (id integer PRIMARY KEY, city varchar(50))",
]
ADD_SECRET = [
    "ALTER TABLE customers ADD COLUMN secret_note text",
    "UPDATE customers SET secret_note = CONCAT('secret of ', full_name)",
]


def etlx(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def drafted(url: str, folder: Path) -> Path:
    path = folder / "crm.jsonld"
    assert main(["draft", url, "--name", "crm", "-o", str(path)]) == 0
    return path


def set_policy(path: Path, table: str, policy: str) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    for item in document["tables"]:
        if item["tableName"] == table:
            item["onUnknownColumns"] = policy
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_drift_new_column_stops_the_run_until_the_module_says_what_to_do(
    postgres_database: str, run_sql: RunSql, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_sql(postgres_database, CUSTOMERS_SQL)
    module = drafted(postgres_database, tmp_path)
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["drift", str(module)]) == 0
    assert "No drift." in capsys.readouterr().out

    run_sql(postgres_database, ADD_SECRET)
    assert main(["drift", str(module)]) == 2
    text = capsys.readouterr().out
    assert "customers (db: table customers; onUnknownColumns: stop):" in text
    assert "new in the source:       secret_note string (text)" in text
    assert "missing from the source: -" in text
    assert "shops (db: table shops; onUnknownColumns: stop): no drift" in text
    assert "A run would stop before any work:" in text

    assert main(["drift", str(module), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["stops"] is True
    [customers, shops] = report["tables"]
    assert customers["new"] == [{"name": "secret_note", "datatype": "string", "sql_type": "text"}]
    assert customers["missing"] == [] and shops["new"] == []

    stopped = etlx("run", str(module), "--target", str(out) + "?format=csv")
    assert stopped.returncode == 2
    assert "secret_note" in stopped.stderr and "table customers" in stopped.stderr
    assert "nothing was done" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert files_under(tmp_path / "out") == []  # no version, nothing begun

    set_policy(module, "customers", "drop")
    assert main(["drift", str(module)]) == 0
    assert "left out (onUnknownColumns: drop)" in capsys.readouterr().out
    assert main(["run", str(module), "--target", str(out) + "?format=csv"]) == 0
    assert "warning: table customers: new source column(s) secret_note" in capsys.readouterr().out
    written = (out / "crm" / "v1" / "tables" / "customers.csv").read_text(encoding="utf-8")
    assert written.splitlines()[0] == '"id","full_name","balance"'
    assert "secret" not in written

    set_policy(module, "customers", "copy")
    assert main(["run", str(module), "--target", str(out) + "?format=csv", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["drift"]["tables"][0]["on_unknown_columns"] == "copy"
    written = (out / "crm" / "v2" / "tables" / "customers.csv").read_text(encoding="utf-8")
    assert "secret of Anna" in written


def test_drift_missing_and_changed_columns(
    mariadb_database: str, run_sql: RunSql, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_sql(mariadb_database, CUSTOMERS_SQL)
    module = drafted(mariadb_database, tmp_path)
    run_sql(
        mariadb_database,
        [
            "ALTER TABLE customers DROP COLUMN full_name",
            "ALTER TABLE customers MODIFY balance varchar(20)",
            "ALTER TABLE shops MODIFY city text",  # still a string: no drift
        ],
    )
    capsys.readouterr()
    assert main(["drift", str(module)]) == 2
    text = capsys.readouterr().out
    assert "missing from the source: full_name" in text
    assert "type changed:            balance: decimal (decimal(12, 2)) -> string (varchar(20))" in (
        text
    )
    assert "shops (db: table shops; onUnknownColumns: stop): no drift" in text
    assert "table customers: 1 column of the module is gone from the source" in text

    stopped = etlx("run", str(module), "--target", str(tmp_path / "out"))
    assert stopped.returncode == 2
    assert "full_name" in stopped.stderr and "gone from the source" in stopped.stderr
    assert files_under(tmp_path / "out") == []


def test_drift_of_a_csv_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text("id,name\n1,Anna\n2,Boris\n", encoding="utf-8")
    module = tmp_path / "people.jsonld"
    assert main(["draft", str(data), "--name", "people", "-o", str(module)]) == 0
    (data / "people.csv").write_text("id,name,secret_note\n1,Anna,s1\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["drift", str(module)]) == 2
    text = capsys.readouterr().out
    assert "people (files: file people.csv; onUnknownColumns: stop):" in text
    assert "new in the source:       secret_note string" in text
