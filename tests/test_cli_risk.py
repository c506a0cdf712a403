"""`etlx risk` over a published version and over a dry run of a module file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.cli import main
from etlx_desktop.core.anonymize.privacy import k_anonymity
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import load_module, save_module
from etlx_desktop.core.metadata.model import AnonymizationRule, PrivacyModel

QI = ["birth_date", "city", "gender"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The demo module with a privacy model on customers (k = 5 over birth date, city and
    gender, l = 2 of the loyalty level), not enforced."""
    path = prepare_demo(tmp_path / "ws")
    module = load_module(path)
    module.table("customers").privacy = PrivacyModel(
        quasi_identifiers=QI, k=5, sensitive=["loyalty_level"], l_diversity=2
    )
    save_module(module, path)
    return path


def published(workspace: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["run", str(workspace)]) == 0
    capsys.readouterr()
    return str(workspace.parent / "output")


def test_risk_of_a_published_version(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = published(workspace, capsys)
    assert main(["risk", target, "demo-shop"]) == 0  # k below the model's: a warning
    out = capsys.readouterr().out
    stored = pd.read_parquet(Path(target) / "demo-shop" / "v1" / "tables" / "customers.parquet")
    expected = k_anonymity(stored, QI, 5)
    assert f"customers: k = {expected.k} over (birth_date, city, gender)" in out
    assert f"{expected.groups:,} group(s) of 500 row(s)" in out
    assert "required k = 5" in out
    assert "l-diversity of loyalty_level" in out
    assert "order_items(order_id) → orders(id)" in out
    assert "warning: customers: k-anonymity over (birth_date, city, gender)" in out


def test_risk_json_and_versions(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = published(workspace, capsys)
    assert main(["run", str(workspace)]) == 0
    capsys.readouterr()
    assert main(["risk", target, "demo-shop", "--version", "1", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["version"] == 1
    k = found["privacy"]["tables"]["customers"]["k_anonymity"]
    assert k["quasi_identifiers"] == QI and k["rows"] == 500 and k["k_required"] == 5
    orphans = {f["table"] + "." + f["columns"][0]: f for f in found["privacy"]["foreign_keys"]}
    assert orphans["orders.customer_id"]["orphan_rows"] == 0
    assert main(["risk", target, "demo-shop", "--version", "9"]) == 2
    assert "no version 9" in capsys.readouterr().err


def test_quasi_identifiers_on_the_command_line(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = published(workspace, capsys)
    args = ["risk", target, "demo-shop", "--table", "customers"]
    assert main([*args, "--quasi-identifiers", "gender", "--k", "2", "--json"]) == 0
    k = json.loads(capsys.readouterr().out)["privacy"]["tables"]["customers"]["k_anonymity"]
    assert k["quasi_identifiers"] == ["gender"] and k["groups"] <= 3 and k["k"] > 2
    assert main([*args, "--quasi-identifiers", "shoe_size"]) == 2
    assert "no column(s) shoe_size" in capsys.readouterr().err
    assert main(["risk", target, "demo-shop", "--k", "3"]) == 2  # for which table?


def test_risk_of_a_module_file_is_a_dry_run_with_the_leak_check(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["risk", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert "dry run, nothing written" in out
    assert "customers.email (fake, no row may keep its value): " in out
    assert "0 row(s) unchanged" in out
    assert "customers: k = 1 over (birth_date, city, gender)" in out  # not enforced here
    assert not (workspace.parent / "output").exists()


def test_a_leak_in_a_dry_run_exits_1(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = load_module(workspace)
    with sqlite3.connect(workspace.parent / "shop.sqlite") as db:
        (comment,) = db.execute(
            "SELECT comment FROM orders WHERE comment IS NOT NULL LIMIT 1"
        ).fetchone()
    columns = module.table("orders").table_schema.columns
    column = next(c for c in columns if c.name == "comment")
    column.anonymization = AnonymizationRule(method="constant", parameters={"value": comment})
    save_module(module, workspace)
    assert main(["risk", str(workspace)]) == 1
    out = capsys.readouterr().out
    assert "FAILED: orders.comment (constant): 1 distinct output value(s)" in out
    assert comment not in out
    assert not (workspace.parent / "output").exists()


def test_a_k_or_l_asked_for_on_the_command_line_is_a_gate(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = published(workspace, capsys)
    args = ["risk", target, "demo-shop", "--table", "customers", "--quasi-identifiers", "gender"]
    assert main([*args, "--k", "2"]) == 0
    capsys.readouterr()
    assert main([*args, "--k", "100000"]) == 1
    out = capsys.readouterr().out
    assert "customers: k-anonymity over (gender) is " in out and "below --k 100000" in out
    assert "below the required" not in out  # the gate's failure replaces the model's warning
    assert main([*args, "--k", "100000", "--json"]) == 1
    privacy = json.loads(capsys.readouterr().out)["privacy"]
    said = [m for m in privacy["failures"] + privacy["warnings"] if "k-anonymity" in m]
    assert len(said) == 1  # one verdict on the figure, whether or not the model enforces k
    assert main([*args, "--sensitive", "city", "--l", "1000", "--json"]) == 1
    failures = json.loads(capsys.readouterr().out)["privacy"]["failures"]
    assert any("l-diversity of city" in f and "below --l 1000" in f for f in failures)
