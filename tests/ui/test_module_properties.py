"""The Module tab edits the module's own fields as undoable steps."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.ui.widgets.module_editor import ModuleEditor

from .conftest import Screenshot


def test_typing_renames_the_module_in_one_undo_step(
    qtbot: QtBot, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    editor = ModuleEditor(scan_in_background=False)
    qtbot.addWidget(editor)
    editor.set_module(module, folder)
    editor.resize(900, 500)
    editor.show()
    form = editor.properties
    assert form.edits["identifier"].text() == "demo-shop"
    editor.tabs.setCurrentWidget(form)
    form.edits["identifier"].selectAll()
    qtbot.keyClicks(form.edits["identifier"], "shop-2026")
    assert module.identifier == "shop-2026"
    assert editor.undo_stack.count() == 1, "one field typed key by key is one step"
    screenshot(editor, "module-properties")
    editor.undo_stack.undo()
    assert module.identifier == "demo-shop"
    assert form.edits["identifier"].text() == "demo-shop"
    form.edits["identifier"].selectAll()
    qtbot.keyClick(form.edits["identifier"], "\b")
    assert module.identifier == "demo-shop" and "identifier" in form.message.text()


def test_a_problem_about_the_key_opens_the_module_tab(
    qtbot: QtBot, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    editor = ModuleEditor(scan_in_background=False)
    qtbot.addWidget(editor)
    editor.set_module(module, folder)
    editor.problems_pane.path_activated.emit("keyRef")
    assert editor.tabs.currentWidget() is editor.properties
