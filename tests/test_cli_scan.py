"""`etlx scan`: text and JSON findings, --apply into a module file, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etlx_desktop.cli import main
from etlx_desktop.core.metadata import load_module, save_module
from etlx_desktop.core.resources import demo_dir

DEMO_DB = demo_dir() / "shop.sqlite"
DEMO_URL = f"sqlite:///{DEMO_DB}"
SNILS = ["112-233-445 95", "253-660-082 62", "294-846-168 31", "576-075-308 13", "478-793-849 86"]


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["scan", *args, "--json"]) == 0
    report: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return report


def columns(report: dict) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(t["table"], c["column"]): c for t in report["tables"] for c in t["columns"]}


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    for name in ("shop.jsonld", "shop.sqlite"):
        shutil.copy(demo_dir() / name, tmp_path / name)
    return tmp_path / "shop.jsonld"


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json(capsys, DEMO_URL, "--rows", "200")
    assert set(report) == {"module", "sampleRows", "tables"}
    assert report["module"] == "shop" and report["sampleRows"] == 200
    assert [t["table"] for t in report["tables"]] == [
        "customers",
        "order_items",
        "orders",
        "products",
    ]
    for table in report["tables"]:
        assert set(table) == {"table", "rowsSampled", "error", "columns"}
        assert table["error"] is None and 0 < table["rowsSampled"] <= 200
    found = columns(report)
    plain = found[("products", "price")]
    assert plain == {
        "column": "price",
        "valuesSampled": 60,
        "personal": False,
        "current": {"method": None, "personalData": None},
    }
    snils = found[("customers", "snils")]
    assert set(snils) == set(plain) | {
        "kind",
        "personalData",
        "anonymization",
        "confidence",
        "quasiIdentifier",
        "evidence",
    }
    assert snils["personalData"] == "pd:SocialSecurityNumber" and snils["kind"] == "snils"
    assert snils["anonymization"] == {"method": "fake", "parameters": {"kind": "snils"}}
    assert 0.9 <= snils["confidence"] <= 1 and snils["quasiIdentifier"] is False
    assert {e["source"] for e in snils["evidence"]} == {"name", "values"}
    assert all(set(e) <= {"source", "detail", "share"} for e in snils["evidence"])
    key = found[("orders", "customer_id")]
    assert key["anonymization"] == {
        "method": "pseudonymize",
        "keyDomain": "shop.customers",
        "parameters": {"format": "integer"},
    }
    assert found[("customers", "city")]["quasiIdentifier"] is True


def test_text_output_is_a_table_per_scanned_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", DEMO_URL]) == 0
    out = capsys.readouterr().out
    assert "customers (500 row(s) sampled)" in out
    header = next(line for line in out.splitlines() if line.strip().startswith("column"))
    assert header.split() == ["column", "category", "suggested", "rule", "conf", "QI", "evidence"]
    snils = next(line for line in out.splitlines() if line.strip().startswith("snils"))
    assert "pd:SocialSecurityNumber" in snils and "fake snils" in snils
    assert "SNILS with valid check digits" in snils
    assert "not personal: id, sku, name, category, price" in out
    assert "13 personal column(s) found." in out


def test_apply_writes_rules_only_into_columns_without_one(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strip_key_and_gender_rules(demo_copy)
    before = load_module(demo_copy)
    assert main(["scan", str(demo_copy), "--apply", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{demo_copy}: 4 change(s):" in out
    assert "customers.id: dpv:IdentifyingPersonalData, pseudonymize" in out
    assert main(["validate", str(demo_copy)]) == 0
    after = load_module(demo_copy)
    for old_table, new_table in zip(before.tables, after.tables, strict=True):
        for old, new in zip(
            old_table.table_schema.columns, new_table.table_schema.columns, strict=True
        ):
            if old.anonymization is not None:
                assert new == old, f"{new_table.table_name}.{new.name} had a rule"
    customer_id = after.table("orders").table_schema.columns[1]
    assert customer_id.anonymization is not None
    assert customer_id.anonymization.key_domain == "demo-shop.customers"
    assert after.table("customers").privacy is not None

    # a second scan finds nothing left to write, and leaves the file as it is
    text = demo_copy.read_text(encoding="utf-8")
    assert main(["scan", str(demo_copy), "--apply", str(demo_copy)]) == 0
    assert "0 change(s); nothing to do." in capsys.readouterr().out
    assert demo_copy.read_text(encoding="utf-8") == text


def test_apply_into_a_new_file_writes_the_scanned_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "shop.jsonld"
    report = scan_json(capsys, DEMO_URL, "--tables", "customers,orders", "--apply", str(target))
    assert report["applied"]["file"] == str(target)
    applied = report["applied"]
    assert len(applied["changes"]) >= 13 and applied["needsKeyRef"] is False
    key_file = tmp_path / applied["keyFile"]
    assert key_file.parent == tmp_path and (key_file.stat().st_mode & 0o777) == 0o600
    module = load_module(target)
    assert module.key_ref == f"file:{key_file.name}"
    assert [t.table_name for t in module.tables] == ["customers", "orders"]
    email = next(c for c in module.table("customers").table_schema.columns if c.name == "email")
    assert email.personal_data == "pd:EmailAddress" and email.anonymization is not None
    assert main(["validate", str(target)]) == 0


def test_files_names_alone_and_values_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = ["x1,email,qty"] + [f"{SNILS[i % 5]},{1000 + i},{i}" for i in range(40)]
    (folder / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = columns(scan_json(capsys, str(folder)))
    assert found[("people", "x1")]["personalData"] == "pd:SocialSecurityNumber"
    assert found[("people", "x1")]["confidence"] >= 0.8
    assert found[("people", "email")]["personalData"] == "pd:EmailAddress"
    assert found[("people", "email")]["confidence"] < 0.3
    assert found[("people", "qty")]["personal"] is False

    target = tmp_path / "people.jsonld"
    assert main(["scan", str(folder), "--apply", str(target)]) == 0
    people = {c.name: c for c in load_module(target).table("people").table_schema.columns}
    assert people["x1"].anonymization is not None and people["email"].anonymization is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "0"], "--rows must be a positive number"),
        (["--schema", "public"], "--schema applies to a database URL"),
        (["--tables", "customers,nope"], "no table nope in the module"),
        (["--min-confidence", "2"], "--min-confidence must be between 0 and 1"),
    ],
)
def test_bad_input_exits_2(
    demo_copy: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["scan", str(demo_copy), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_source_that_is_not_there_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path / "missing.csv")]) == 2
    assert main(["scan", str(tmp_path / "missing.jsonld")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_unreadable_tables_are_reported_and_nothing_is_applied(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_copy.parent / "shop.sqlite").unlink()
    text = demo_copy.read_text(encoding="utf-8")
    assert main(["scan", str(demo_copy), "--apply", str(demo_copy)]) == 1
    err = capsys.readouterr().err
    assert "table customers could not be read" in err and "nothing was applied" in err
    assert demo_copy.read_text(encoding="utf-8") == text


def test_scan_is_a_registered_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etlx_desktop", "scan", DEMO_URL, "--tables", "orders"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "delivery_phone" in result.stdout and "Traceback" not in result.stderr


def strip_key_and_gender_rules(path: Path) -> None:
    """The demo with customers.id, gender and orders.customer_id left without rules, as a
    scan would first find them."""
    module = load_module(path)
    for table, name in (("customers", "id"), ("customers", "gender"), ("orders", "customer_id")):
        column = next(c for c in module.table(table).table_schema.columns if c.name == name)
        column.anonymization = None
        column.personal_data = None
    module.table("customers").privacy = None
    save_module(module, path)
