"""Adding tables to the module from the schema browser: drafted off the GUI thread, one undo
step each, foreign keys found, and a table already there refused with a readable reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import load_module
from etlx_desktop.ui.document import ModuleDocument
from etlx_desktop.ui.main_window import MainWindow
from etlx_desktop.ui.settings import UiSettings

from .browsing import child_named, load_children
from .conftest import Screenshot

TIMEOUT = 20000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window over the demo module with its tables taken out (its source stays)."""
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    # closing must not ask about saving the changes the test made
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.document, "dirty", False))
    path = prepare_demo(tmp_path / "demo")
    module = load_module(path)
    module.tables = []
    window.show_document(ModuleDocument(module, path))
    window.resize(1500, 900)
    window.show()
    yield window
    window.shutdown()


def _table_index(qtbot: QtBot, window: MainWindow, name: str) -> QModelIndex:
    model = window.browser.model
    connection = model.index(0, 0)
    load_children(qtbot, model, connection)
    schema = model.index(0, 0, connection)
    load_children(qtbot, model, schema)
    return child_named(model, schema, name)


def _add(qtbot: QtBot, window: MainWindow, name: str) -> None:
    index = _table_index(qtbot, window, name)
    window.browser.tree.setCurrentIndex(index)
    assert window.browser.add_action.isEnabled()
    with qtbot.waitSignal(
        window.table_adder.busy, timeout=TIMEOUT, check_params_cb=lambda b: not b
    ):
        window.browser.add_action.trigger()


def test_tables_added_from_the_browser_join_the_module(
    qtbot: QtBot, window: MainWindow, screenshot: Screenshot
) -> None:
    module = window.document.module
    _add(qtbot, window, "orders")
    _add(qtbot, window, "customers")
    assert [t.table_name for t in module.tables] == ["orders", "customers"]
    assert len(module.data_sources) == 1, "the demo's own source is reused"
    keys = module.table("orders").table_schema.foreign_keys
    assert [(k.column_reference, k.reference.resource) for k in keys] == [
        (["customer_id"], module.table("customers").url)
    ]
    assert window.editor.tables_list.count() == 2
    assert window.editor.tables_list.currentItem().text() == "customers"
    assert window.editor.columns_model.rowCount() == len(
        module.table("customers").table_schema.columns
    )
    assert window.windowTitle().startswith("*")
    assert "2 tables have not been scanned" in window.editor.banner.label.text()
    screenshot(window, "main_window_table_added")
    window.editor.undo_stack.undo()
    assert [t.table_name for t in module.tables] == ["orders"]
    assert module.table("orders").table_schema.foreign_keys == []
    assert window.editor.tables_list.count() == 1


def test_a_table_already_in_the_module_is_refused_readably(
    qtbot: QtBot, window: MainWindow
) -> None:
    _add(qtbot, window, "customers")
    _add(qtbot, window, "customers")
    assert [t.table_name for t in window.document.module.tables] == ["customers"]
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes, "the reason is shown"
    assert "already reads customers" in boxes[0].text()
    assert not boxes[0].detailedText(), "ordinary bad input shows no traceback"
    assert window.editor.undo_stack.count() == 1
