"""`etlx-desktop --self-test` in this process: it passes on the demo and fails, saying which
check and why, when the run leaks an original value or cannot write its output."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etlx_desktop import __version__
from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.selftest import run_self_test

CHECKS = [
    "qt plugins", "translations", "main window", "drivers", "demo run", "leak check",
    "read back", "row counts",
]  # fmt: skip


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user folder and no OS keyring are consulted, and Qt has no screen."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


def self_test(workdir: Path, module: Path | None = None, *, qt: bool = True) -> tuple[int, str]:
    out = io.StringIO()
    code = run_self_test(workdir, module, qt=qt, out=out)
    return code, out.getvalue()


def leaking_module(folder: Path) -> Path:
    """The demo, with the order comments 'redacted' to a marker that is a real comment: the
    leak check must find that original value in the output."""
    path = prepare_demo(folder)
    document = json.loads(path.read_text(encoding="utf-8"))
    orders = next(t for t in document["tables"] if t["tableName"] == "orders")
    comment = next(c for c in orders["tableSchema"]["columns"] if c["name"] == "comment")
    comment["anonymization"]["parameters"] = {"replacement": "Нужен чек"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_check_passes_on_the_demo(tmp_path: Path) -> None:
    code, output = self_test(tmp_path / "work")
    lines = output.splitlines()
    assert code == 0, output
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"PASS  {name}" for name in CHECKS]
    assert lines[-1].startswith("PASS: 8 of 8 checks passed")
    assert "0 leaks in" in output
    assert "customers 500" in output


def test_a_leaking_module_fails_the_leak_check(tmp_path: Path) -> None:
    code, output = self_test(tmp_path / "work", leaking_module(tmp_path / "leaky"), qt=False)
    assert code == 1
    assert "FAIL  demo run: the privacy checks failed, nothing was published" in output
    assert "FAIL  leak check: 1 leak(s): orders.comment (redact)" in output
    assert "Нужен чек" not in output  # the finding names the column, never the value
    assert "FAIL  row counts: not checked" in output
    assert output.splitlines()[-1].startswith("FAIL: 1 of 5 checks passed")


def test_an_output_folder_that_cannot_be_made_fails_the_run(tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / "published").write_text("a file where the output folder should go")
    code, output = self_test(workdir, qt=False)
    assert code == 1
    assert "FAIL  demo run: NotADirectoryError" in output
    assert "FAIL  read back: not checked: the demo run did not succeed" in output


def test_the_app_command_dispatches_version_and_self_test(tmp_path: Path) -> None:
    """The real entry point, in a process of its own with no screen and no QT_QPA_PLATFORM."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    command = [sys.executable, "-m", "etlx_desktop.ui.app"]
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, env=env)
    assert (version.returncode, version.stdout.strip()) == (0, f"etlx-desktop {__version__}")
    result = subprocess.run(
        [*command, "--self-test"], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS  main window: " in result.stdout
    assert "on offscreen" in result.stdout
