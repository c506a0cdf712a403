"""The core never imports Qt: checked by importing every core module, and by import-linter."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import etlx_desktop

REPO = Path(etlx_desktop.__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
QT = ("PySide6", "shiboken6", "qtpy", "qdarkstyle")

# walk_packages silently skips a package whose import fails; onerror makes that a failure
IMPORT_ALL = f"""
import importlib, json, pkgutil, sys
import etlx_desktop.core as core
failed = []
names = [
    m.name
    for m in pkgutil.walk_packages(core.__path__, "etlx_desktop.core.", onerror=failed.append)
]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in {set(QT)!r})
print(json.dumps({{"modules": names, "qt": qt, "failed": failed}}))
assert not qt and not failed, (qt, failed)
"""
CORE_DIR = REPO / "etlx_desktop" / "core"
TOP_LEVEL = sorted(f"etlx_desktop.core.{m.name}" for m in pkgutil.iter_modules([str(CORE_DIR)]))


def _run(code: str, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        check=False,
    )


def test_importing_every_core_module_loads_no_qt() -> None:
    result = _run(IMPORT_ALL)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["qt"] == [] and report["failed"] == []
    modules = set(report["modules"])
    # the walk really found the core (a silent empty walk would prove nothing)
    assert {
        "etlx_desktop.core.metadata",
        "etlx_desktop.core.metadata.codec",
        "etlx_desktop.core.metadata.jsonld",
        "etlx_desktop.core.metadata.validate",
        "etlx_desktop.core.anonymize.registry",
        "etlx_desktop.core.resources",
    } <= modules


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_each_core_package_imports_first_without_qt(name: str) -> None:
    """Imported first in a fresh interpreter: catches circular imports that order hides."""
    code = (
        f"import sys, {name}\n"
        f"qt = sorted(m for m in sys.modules if m.split('.')[0] in {set(QT)!r})\n"
        "assert not qt, qt\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_import_check_notices_qt(tmp_path: Path) -> None:
    """With a fake PySide6 that a core module imports, the same check fails."""
    (tmp_path / "PySide6").mkdir()
    (tmp_path / "PySide6" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "sitecustomize.py").write_text(
        "import etlx_desktop.core.resources as r\nimport PySide6\n", encoding="utf-8"
    )
    result = _run("import sitecustomize\n" + IMPORT_ALL, extra_path=tmp_path)
    assert result.returncode != 0
    assert "PySide6" in result.stdout + result.stderr


def test_import_linter_contracts_are_kept(tmp_path: Path) -> None:
    lint_imports = VENV_BIN / "lint-imports"
    assert lint_imports.exists(), lint_imports
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "The core never imports Qt KEPT" in output
    assert "0 broken" in output
