"""The scripts pane over the demo module with scripts added: the slots list, the read-only
coloured viewer, approving (undoably), noticing a changed file, choosing another file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import qdarkstyle
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QTextBlock, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from etlx_desktop.core.metadata import DataModule, Script, TransformStep
from etlx_desktop.core.metadata.editing_scripts import ScriptState
from etlx_desktop.core.metadata.scripts import file_checksum
from etlx_desktop.ui.models.script_slots_model import PATH_ROLE
from etlx_desktop.ui.widgets.script_highlighter import DARK, LIGHT, ScriptHighlighter
from etlx_desktop.ui.widgets.script_viewer import ScriptViewer
from etlx_desktop.ui.widgets.scripts_pane import ScriptsPane

from .conftest import Screenshot
from .host import shown_in_host

CLEAN = '''"""Tidy the order statuses before the built-in rules run."""

import re

SPACES = re.compile(r"\\s+")  # runs of blanks inside a status


def transform(df, context):
    # "  Paid " and "paid" are the same status
    df["status"] = df["status"].str.strip().str.replace(SPACES, " ", regex=True)
    return df[df["total"] >= 0.0]
'''
PUBLISH = "-- publish the new version\nSELECT count(*) FROM orders WHERE status = 'paid';\n"
Demo = tuple[DataModule, Path]


def add_scripts(module: DataModule, folder: Path) -> None:
    """A transformation script on orders (file present) and an upload script (file missing)."""
    (folder / "scripts").mkdir()
    (folder / "scripts" / "clean_orders.py").write_text(CLEAN, encoding="utf-8")
    script = Script(path="scripts/clean_orders.py", entry_point="transform")
    module.table("orders").transformation.append(TransformStep(script=script))
    assert module.upload is not None
    module.upload.script = Script(path="scripts/upload.py")


@pytest.fixture
def stack(qtbot: QtBot) -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def pane(qtbot: QtBot, stack: QUndoStack, demo: Demo) -> Iterator[ScriptsPane]:
    module, folder = demo
    add_scripts(module, folder)
    widget = ScriptsPane(stack)
    widget.set_module(module, folder)
    host = show(qtbot, widget)  # qtbot closes the window, and the pane in it
    yield widget
    del host


def show(qtbot: QtBot, pane: ScriptsPane) -> QWidget:
    return shown_in_host(qtbot, pane, 960, 520, lambda: None)


def orders_script(pane: ScriptsPane) -> Script:
    assert pane.module is not None
    script = pane.module.table("orders").transformation[-1].script
    assert script is not None
    return script


def line(viewer: ScriptViewer, starts: str) -> QTextBlock:
    block = viewer.document().firstBlock()
    while block.isValid() and not block.text().startswith(starts):
        block = block.next()
    assert block.isValid(), starts
    return block


def format_at(block: QTextBlock, position: int) -> QTextCharFormat:
    ranges = block.layout().formats()  # the formats live as long as this list
    for found in ranges:
        if found.start <= position < found.start + found.length:
            return QTextCharFormat(found.format)
    return QTextCharFormat()


def colour_at(block: QTextBlock, position: int) -> str:
    return format_at(block, position).foreground().color().name()


# --- the list ---------------------------------------------------------------------------------


def test_a_module_without_scripts_explains_what_scripts_are(
    qtbot: QtBot, stack: QUndoStack, demo: Demo, screenshot: Screenshot
) -> None:
    pane = ScriptsPane(stack)
    pane.set_module(*demo)
    assert pane.pages.currentWidget() is pane.empty_page
    assert "names no scripts" in pane.empty_label.text()
    assert "approve" in pane.empty_label.text()
    host = show(qtbot, pane)
    screenshot(host, "scripts-pane-empty")


def test_the_list_shows_every_slot_with_its_state(
    pane: ScriptsPane, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(pane.model)
    model = pane.model
    texts = [model.index(row).data() for row in range(model.rowCount())]
    assert texts == [
        "orders · transformation 4\nnot approved",
        "upload\nfile missing",
    ]
    assert not model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(1).data(PATH_ROLE) == "upload.script"
    assert pane.current_slot() is not None
    assert pane.current_slot().label == "orders · transformation 4"  # type: ignore[union-attr]


def test_a_problem_path_selects_its_slot(pane: ScriptsPane) -> None:
    assert pane.select_path("upload.script.path")
    assert pane.current_slot().label == "upload"  # type: ignore[union-attr]
    assert "does not exist" in pane.viewer.toPlainText()
    assert not pane.approve_button.isEnabled()
    assert not pane.select_path("tables[0].tableSchema.columns[1].anonymization")
    assert pane.select_path("tables[2].transformation[3]")
    assert pane.current_slot().label == "orders · transformation 4"  # type: ignore[union-attr]


# --- the viewer -------------------------------------------------------------------------------


def test_the_viewer_shows_the_file_read_only_and_coloured(
    qtbot: QtBot, pane: ScriptsPane, screenshot: Screenshot
) -> None:
    host = pane.window()
    viewer = pane.viewer
    assert viewer.toPlainText() == CLEAN
    assert viewer.isReadOnly()
    assert QFontInfo(viewer.font()).fixedPitch()
    definition = line(viewer, "def transform")
    assert colour_at(definition, 0) == LIGHT.keyword  # def
    assert colour_at(definition, 4) == LIGHT.name  # transform
    comment = line(viewer, "    # ")
    assert colour_at(comment, 4) == LIGHT.comment
    assert format_at(comment, 4).fontItalic()
    returned = line(viewer, "    return")
    assert colour_at(returned, 4) == LIGHT.keyword
    assert colour_at(returned, returned.text().index('"total"')) == LIGHT.string
    assert colour_at(returned, returned.text().index("0.0")) == LIGHT.number
    assert colour_at(line(viewer, '"""Tidy'), 5) == LIGHT.string  # a docstring
    assert pane.viewer.gutter_width() > 0
    screenshot(host, "scripts-pane")


def test_sql_is_coloured_whatever_the_case_of_its_keywords(qtbot: QtBot) -> None:
    viewer = ScriptViewer()
    qtbot.addWidget(viewer)
    viewer.show_script(PUBLISH + "select 1 /* a\nlong note */ from t;\n", "SQL")
    query = line(viewer, "SELECT")
    assert colour_at(query, 0) == LIGHT.keyword
    assert colour_at(query, query.text().index("FROM")) == LIGHT.keyword
    assert colour_at(query, query.text().index("'paid'")) == LIGHT.string
    assert colour_at(line(viewer, "--"), 3) == LIGHT.comment
    lower = line(viewer, "select")
    assert colour_at(lower, 0) == LIGHT.keyword
    assert colour_at(lower, lower.text().index("/*")) == LIGHT.comment
    closing = line(viewer, "long note")
    assert colour_at(closing, 0) == LIGHT.comment  # the comment goes on over the line break
    assert colour_at(closing, closing.text().index("from")) == LIGHT.keyword


def test_strings_spanning_lines_stay_strings_and_keywords_in_them_stay_plain(
    qtbot: QtBot,
) -> None:
    viewer = ScriptViewer()
    qtbot.addWidget(viewer)
    viewer.show_script('x = """if\nreturn None\n"""\nif x: pass  # "not a string"\n', "Python")
    assert colour_at(line(viewer, "return None"), 0) == LIGHT.string
    after = line(viewer, "if x")
    assert colour_at(after, 0) == LIGHT.keyword
    assert colour_at(after, after.text().index('"not')) == LIGHT.comment


def test_the_dark_theme_gets_its_own_colours(
    qtbot: QtBot, pane: ScriptsPane, screenshot: Screenshot
) -> None:
    host = pane.window()
    host.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))  # this window only
    qtbot.waitUntil(pane.viewer.is_dark)
    highlighter: ScriptHighlighter = pane.viewer.highlighter
    assert highlighter.colours == DARK
    assert colour_at(line(pane.viewer, "def transform"), 0) == DARK.keyword
    screenshot(host, "scripts-pane-dark")


# --- approving --------------------------------------------------------------------------------


def test_approve_records_the_checksum_and_undo_clears_it(
    pane: ScriptsPane, stack: QUndoStack, demo: Demo
) -> None:
    file = demo[1] / "scripts" / "clean_orders.py"
    assert pane.approve_button.isEnabled()
    assert pane.checksum_field.text() == file_checksum(file)
    assert pane.approve() is None
    assert orders_script(pane).checksum == file_checksum(file)
    assert stack.undoText() == "Approve the script of orders · transformation 4"
    assert pane.current_status().state is ScriptState.APPROVED  # type: ignore[union-attr]
    assert not pane.approve_button.isEnabled()
    assert "Approved" in pane.status_label.text()
    stack.undo()
    pane.refresh()  # what the owner does when the stack moves
    assert orders_script(pane).checksum is None
    assert pane.model.index(0).data().endswith("not approved")
    assert pane.approve_button.isEnabled()


def test_a_file_changed_on_disk_shows_as_changed_after_reload(
    pane: ScriptsPane, demo: Demo, screenshot: Screenshot
) -> None:
    file = demo[1] / "scripts" / "clean_orders.py"
    assert pane.approve() is None
    file.write_text(CLEAN + "    # one more line\n", encoding="utf-8")
    pane.reload()
    assert pane.current_status().state is ScriptState.CHANGED  # type: ignore[union-attr]
    assert pane.model.index(0).data().endswith("changed since approval")
    assert "Changed since approval" in pane.status_label.text()
    assert "one more line" in pane.viewer.toPlainText()
    assert pane.checksum_field.text() == file_checksum(file) != orders_script(pane).checksum
    assert pane.approve_button.isEnabled()
    screenshot(pane.window(), "scripts-pane-changed")


def test_a_file_changed_after_it_was_shown_is_shown_again_not_approved(
    pane: ScriptsPane, demo: Demo
) -> None:
    file = demo[1] / "scripts" / "clean_orders.py"
    file.write_text(CLEAN + "import os\n", encoding="utf-8")
    stamp = file.stat().st_mtime_ns + 10**9  # a later time, however coarse the file system's
    os.utime(file, ns=(stamp, stamp))
    reason = pane.approve()
    assert reason is not None and "changed while it was shown" in reason
    assert orders_script(pane).checksum is None
    assert "import os" in pane.viewer.toPlainText()


# --- choosing a file --------------------------------------------------------------------------


def test_choosing_a_file_names_it_relative_to_the_module_and_unapproves(
    pane: ScriptsPane, stack: QUndoStack, demo: Demo, tmp_path: Path
) -> None:
    folder = demo[1]
    assert pane.approve() is None
    other = folder / "scripts" / "publish.sql"
    other.write_text(PUBLISH, encoding="utf-8")
    assert pane.choose_file(other) is None
    script = orders_script(pane)
    assert (script.path, script.checksum, script.programming_language) == (
        "scripts/publish.sql",
        None,
        "SQL",
    )
    assert pane.viewer.toPlainText() == PUBLISH
    assert colour_at(line(pane.viewer, "SELECT"), 0) == LIGHT.keyword
    assert pane.model.index(0).data().endswith("not approved")
    stack.undo()
    pane.refresh()
    assert orders_script(pane).path == "scripts/clean_orders.py"
    assert orders_script(pane).checksum is not None
    assert pane.viewer.toPlainText() == CLEAN
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n", encoding="utf-8")
    reason = pane.choose_file(outside)
    assert reason is not None and "outside the module's folder" in reason
    assert orders_script(pane).path == "scripts/clean_orders.py"


def test_refresh_after_an_edit_elsewhere_keeps_the_selection(pane: ScriptsPane) -> None:
    assert pane.select_path("upload.script")
    pane.refresh()
    assert pane.current_slot().label == "upload"  # type: ignore[union-attr]


def test_an_empty_slot_takes_a_chosen_file(qtbot: QtBot, stack: QUndoStack, demo: Demo) -> None:
    module, folder = demo
    module.table("products").transformation.append(TransformStep())
    (folder / "tidy.py").write_text(CLEAN, encoding="utf-8")
    pane = ScriptsPane(stack)
    pane.set_module(module, folder)
    host = show(qtbot, pane)
    assert pane.model.index(0).data() == "products · transformation\nno file chosen"
    assert "expects a script" in pane.viewer.toPlainText()
    assert pane.choose_button.isEnabled() and not pane.approve_button.isEnabled()
    assert pane.choose_file(folder / "tidy.py") is None
    assert module.table("products").transformation[0].script == Script(path="tidy.py")
    assert pane.viewer.toPlainText() == CLEAN
    assert stack.undoText() == "Use tidy.py as the script of products · transformation"
    del host


def test_an_unsaved_module_cannot_name_files(qtbot: QtBot, stack: QUndoStack, demo: Demo) -> None:
    module, folder = demo
    add_scripts(module, folder)
    pane = ScriptsPane(stack)
    pane.set_module(module, None)
    host = show(qtbot, pane)
    assert "not saved" in pane.status_label.text()
    assert not pane.choose_button.isEnabled() and not pane.approve_button.isEnabled()
    assert pane.choose_file(folder / "scripts" / "clean_orders.py") is not None
    pane.set_module(None)
    assert "Open or create a module" in pane.empty_label.text()
    del host
