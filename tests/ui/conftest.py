"""Fixtures of the Qt tests. They run offscreen: set before anything creates a QApplication."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # after the platform is chosen
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module
from etlx_desktop.ui.gc_guard import GuiThreadCollector

Screenshot = Callable[[QWidget, str], Path]


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """As the app does: no worker thread may collect garbage that holds the earlier tests' Qt
    objects (deleting them off the GUI thread can crash the process)."""
    gc.collect()
    collector = GuiThreadCollector()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def private_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Saved connections and secrets go to a folder of the test's own, never the user's; no
    OS keyring is consulted (a desktop keyring could prompt or hang a headless run)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("ETLX_MASTER_PASSWORD", raising=False)
    return folder


@pytest.fixture
def demo(tmp_path: Path) -> tuple[DataModule, Path]:
    """(module, its folder) of a freshly unpacked demo workspace."""
    module_path = prepare_demo(tmp_path / "demo")
    return load_module(module_path), module_path.parent


@pytest.fixture
def screenshot(tmp_path: Path) -> Screenshot:
    """Save a real picture of a widget to tmp_path, and to $ETLX_SCREENSHOTS when it is set."""

    def save(widget: QWidget, name: str) -> Path:
        QApplication.processEvents()  # let pending layout requests run, as the event loop would
        image = widget.grab()
        assert not image.isNull() and image.width() > 0
        path = tmp_path / f"{name}.png"
        assert image.save(str(path))
        folder = os.environ.get("ETLX_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            assert image.save(str(Path(folder) / f"{name}.png"))
        return path

    return save
