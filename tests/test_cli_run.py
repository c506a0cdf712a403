"""`etlx run`, `preview`, `approve` and `modules` as a user calls them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from etlx_desktop.cli import main
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import load_module, save_module
from etlx_desktop.core.metadata.model import Script, TransformStep


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return prepare_demo(tmp_path / "ws")


def run_etlx(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etlx_desktop", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_run_json_prints_only_the_report(workspace: Path) -> None:
    result = run_etlx("run", str(workspace), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "succeeded"
    assert report["published"][0]["version"] == 1
    assert report["tables"]["orders"]["rows_quarantined"] > 0
    assert report["tables"]["customers"]["columns"]["loyalty_level"]["nulls_filled"] > 0


def test_run_json_says_why_a_run_was_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load_module(workspace)
    module.key_ref = "env:ETLX_TEST_KEY_THAT_IS_NOT_SET"
    save_module(module, workspace)
    monkeypatch.delenv("ETLX_TEST_KEY_THAT_IS_NOT_SET", raising=False)
    assert main(["run", str(workspace), "--json"]) == 2
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "refused" and shown["exit_code"] == 2
    assert "ETLX_TEST_KEY_THAT_IS_NOT_SET" in shown["error"]
    assert not (workspace.parent / "output").exists(), "nothing was published"


def test_run_into_an_extra_folder_target(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "exports"
    assert main(["run", str(workspace), "--target", str(extra) + "?format=csv"]) == 0
    out = capsys.readouterr().out
    assert "Published version 1 to cli-1 (folder)" in out
    assert (extra / "demo-shop" / "v1" / "tables" / "orders.csv").is_file()
    assert main(["modules", "list", str(extra)]) == 0
    assert "demo-shop" in capsys.readouterr().out


def test_modules_show_and_diff(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(workspace)]) == 0
    assert main(["run", str(workspace)]) == 0
    target = str(workspace.parent / "output")
    capsys.readouterr()
    assert main(["modules", "show", target, "demo-shop", "--version", "2"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["version"] == 2
    assert shown["previousVersion"].endswith(":v1")
    assert main(["modules", "diff", target, "demo-shop", "1", "2"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert diff["row_counts"]["customers"]["delta"] == 0
    assert main(["modules", "show", target, "demo-shop", "--version", "9"]) == 2


def test_preview_shows_before_and_after(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", str(workspace), "--table", "customers", "--rows", "5"]) == 0
    out = capsys.readouterr().out
    assert "Before (5 rows):" in out
    assert "After (5 rows):" in out
    assert re.search(r"\+79\d{9}", out)  # phones faked in E.164
    assert not (workspace.parent / "output").exists()  # a preview writes nothing


def test_preview_of_an_unknown_table_is_bad_input(workspace: Path) -> None:
    result = run_etlx("preview", str(workspace), "--table", "custmers")
    assert result.returncode == 2
    assert "has no table 'custmers'" in result.stderr
    assert "Traceback" not in result.stderr


def test_approve_records_script_checksums(workspace: Path) -> None:
    script = workspace.parent / "clean.py"
    script.write_text("def transform(df, context):\n    return df\n", encoding="utf-8")
    module = load_module(workspace)
    module.table("orders").transformation.append(TransformStep(script=Script(path="clean.py")))
    save_module(module, workspace)
    refused = run_etlx("run", str(workspace))
    assert refused.returncode == 2
    assert "clean.py is not approved" in refused.stderr
    approved = run_etlx("approve", str(workspace))
    assert approved.returncode == 0, approved.stderr
    assert "clean.py: approved sha256:" in approved.stdout
    assert run_etlx("run", str(workspace)).returncode == 0


def test_missing_key_is_bad_input_naming_the_reference(workspace: Path) -> None:
    module = load_module(workspace)
    module.key_ref = "env:ETLX_NOT_SET_ANYWHERE"
    save_module(module, workspace)
    result = run_etlx("run", str(workspace))
    assert result.returncode == 2
    assert "secret env:ETLX_NOT_SET_ANYWHERE is not set" in result.stderr
    assert "Traceback" not in result.stderr
