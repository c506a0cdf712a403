"""The `etlx` command: exit codes, messages without tracebacks, and the files it writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etlx_desktop.cli import main
from etlx_desktop.core.metadata import load_module
from etlx_desktop.core.resources import demo_dir

DEMO = demo_dir() / "shop.jsonld"


def run_etlx(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args], capture_output=True, text=True, timeout=120
    )


def broken_copy(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    mutate(document)
    path = tmp_path / "broken.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_validate_accepts_the_demo_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DEMO)]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    def mutate(doc: dict) -> None:  # type: ignore[type-arg]
        columns = doc["tables"][0]["tableSchema"]["columns"]
        columns[1]["nullStrategie"] = columns[1].pop("nullStrategy")
        columns[4]["anonymization"]["parameters"]["keep_last"] = "two"
        doc["version"] = 0

    result = run_etlx("validate", str(broken_copy(tmp_path, mutate)))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tables[0].tableSchema.columns[1].nullStrategie" in result.stderr
    assert "did you mean 'nullStrategy'" in result.stderr
    assert "tables[0].tableSchema.columns[4].anonymization.parameters.keep_last" in result.stderr
    assert "version: must be a positive integer" in result.stderr


def test_validate_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_copy(tmp_path, lambda doc: doc["tables"][1].update(tableName="customers"))
    assert main(["validate", str(path), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    paths = {p["path"] for p in report["problems"] if p["severity"] == "error"}
    assert "tables[1].tableName" in paths


def test_unparsable_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "identifier": "x",\n  "version": 1,,\n}\n', encoding="utf-8")
    result = run_etlx("validate", str(path))
    assert result.returncode == 2
    assert "line 3, column 16" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = run_etlx("show", str(tmp_path / "nope.jsonld"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2() -> None:
    result = run_etlx("validate")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_show_summarizes_tables_keys_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "Module     demo-shop (version 1)" in out
    assert "Table order_items" in out
    assert "primary key: order_id, product_id" in out
    assert "foreign key: customer_id -> tables/customers (id), inherit" in out
    assert "anonymize: fake" in out
    assert "anonymize: pseudonymize" in out


def test_demo_unpacks_a_valid_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "ws"
    assert main(["demo", "--dir", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert str(workspace.resolve()) in out
    module = load_module(workspace / "shop.jsonld")
    assert [t.table_name for t in module.tables] == [
        "customers",
        "products",
        "orders",
        "order_items",
    ]
    assert (workspace / "shop.sqlite").stat().st_size > 100_000


def test_draft_refuses_to_overwrite(tmp_path: Path) -> None:
    output = tmp_path / "module.jsonld"
    output.write_text("keep me", encoding="utf-8")
    database = tmp_path / "shop.sqlite"
    shutil.copy(demo_dir() / "shop.sqlite", database)
    result = run_etlx("draft", f"sqlite:///{database}", "-o", str(output))
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert output.read_text(encoding="utf-8") == "keep me"


def test_draft_from_sqlite_validates(tmp_path: Path) -> None:
    database = tmp_path / "shop.sqlite"
    shutil.copy(demo_dir() / "shop.sqlite", database)
    output = tmp_path / "draft.jsonld"
    result = run_etlx("draft", f"sqlite:///{database}", "--name", "shop-draft", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert run_etlx("validate", str(output)).returncode == 0
    module = load_module(output)
    assert module.identifier == "shop-draft"
    items = module.table("order_items").table_schema
    assert items.primary_key == ["order_id", "product_id"]
    assert {fk.reference.resource for fk in items.foreign_keys} == {
        "tables/orders",
        "tables/products",
    }
