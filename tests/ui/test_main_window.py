"""The main window over the bundled demo: documents, menus, layout and a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import load_module
from etlx_desktop.ui.main_window import MainWindow
from etlx_desktop.ui.settings import UiSettings

from .conftest import Screenshot


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot, settings: UiSettings, tmp_path: Path) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(prepare_demo(tmp_path / "demo"))
    window.resize(1500, 900)
    window.show()
    yield window
    window.shutdown()


def test_opens_the_demo_with_every_part(
    window: MainWindow, qtbot: QtBot, screenshot: Screenshot
) -> None:
    assert window.windowTitle().startswith("shop.jsonld — demo-shop")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Run", "&Help"]
    assert "not been scanned" not in window.editor.banner.label.text()
    qtbot.waitUntil(lambda: not window.preview_controller.runner.is_busy(), timeout=20000)
    assert screenshot(window, "main_window").stat().st_size > 10_000


def test_recent_files_and_layout_are_remembered(
    window: MainWindow, settings: UiSettings, tmp_path: Path
) -> None:
    assert settings.recent() == [(tmp_path / "demo" / "shop.jsonld").resolve()]
    window.shutdown()
    assert settings.geometry() is not None and settings.state() is not None


def test_an_edit_marks_the_document_and_save_writes_it(window: MainWindow) -> None:
    module = window.document.module
    column = module.table("orders").table_schema.columns[-1]
    assert column.anonymization is not None
    window.editor.undo_stack.clear()
    window.document.module.table("orders").table_schema.columns[-1].anonymization = None
    window.editor.changed.emit()
    assert window.windowTitle().startswith("*shop.jsonld")
    assert window.save()
    saved = load_module(window.document.path)  # type: ignore[arg-type]
    assert saved.table("orders").table_schema.columns[-1].anonymization is None
    assert not window.windowTitle().startswith("*")


def test_dark_theme_is_remembered(
    window: MainWindow, settings: UiSettings, screenshot: Screenshot
) -> None:
    window.dark_action.trigger()
    assert settings.dark is True
    screenshot(window, "main_window_dark")
    window.dark_action.trigger()
    assert settings.dark is False
