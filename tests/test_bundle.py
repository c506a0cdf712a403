"""The desktop bundle: PyInstaller builds it from packaging/etlx-desktop.spec, and the built
app passes its own self-test with no screen, no virtualenv and no source tree on its path.

The build takes a minute or two of both cores, so it runs once per session (`slow`); the
desktop entry's checks below it are quick.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etlx_desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "etlx-desktop.spec"
DESKTOP_ENTRY = ROOT / "packaging" / "etlx-desktop.desktop"
APP = "etlx-desktop"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app, built into a temporary folder (fails, never skips, without
    PyInstaller: it is in the dev extra)."""
    out = tmp_path_factory.mktemp("bundle")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", str(SPEC)]
    command += ["--distpath", str(out / "dist"), "--workpath", str(out / "build")]
    build = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stderr[-5000:]
    return out / "dist" / APP


def run_app(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The bundled app as a user starts it: a bare environment, no display, a fresh home."""
    env = {"PATH": os.defpath, "HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(bundle / APP), *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.slow
def test_the_bundle_passes_its_self_test(bundle: Path, tmp_path: Path) -> None:
    result = run_app(bundle, tmp_path, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"etlx-desktop {__version__} self-test (bundle")
    for check in ("qt plugins", "translations", "main window", "drivers", "demo run"):
        assert any(line.startswith(f"PASS  {check}: ") for line in lines), result.stdout
    assert "PASS  row counts: customers 500" in result.stdout
    assert lines[-1].startswith("PASS: 8 of 8 checks passed")
    for folder in (APP, "ETL-Express"):  # the user's connections and settings stay untouched
        assert not (tmp_path / ".config" / folder).exists()


@pytest.mark.slow
def test_the_bundle_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = run_app(bundle, tmp_path, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"etlx-desktop {__version__}")


@pytest.mark.slow
def test_the_bundle_holds_one_qt_binding_and_the_resources(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "PySide6").is_dir()
    for other in ("PyQt5", "PyQt6", "PySide2", "tkinter", "matplotlib", "IPython", "pytest"):
        assert not (internal / other).exists(), other
    resources = internal / "etlx_desktop" / "resources"
    assert sorted(p.name for p in (resources / "contexts").glob("*.jsonld"))
    assert (resources / "demo" / "shop.sqlite").is_file()
    assert (resources / "icons" / "etlx-desktop-16.png").is_file()


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys keep their case
    parser.read(DESKTOP_ENTRY, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_starts_the_app_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == f"{APP} %f"
    assert entry["Icon"] == APP
    assert (ROOT / "resources" / "icons" / f"{APP}.svg").is_file()
    assert entry["Categories"] == "Development;Database;"
    assert entry["Name[ru]"] and entry["Comment[ru]"] and entry["GenericName[ru]"]


def test_the_desktop_entry_is_valid() -> None:
    validator = shutil.which("desktop-file-validate")
    assert validator is not None, (
        "desktop-file-validate is missing: `make test` installs it (Debian: desktop-file-utils)"
    )
    result = subprocess.run([validator, str(DESKTOP_ENTRY)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
