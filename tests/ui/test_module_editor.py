"""The module editor over the demo module: grid edits, undo/redo, the parameter editor's
checks, the problems pane, the unprotected-columns banner, the JSON-LD tab and a scan."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
import qdarkstyle
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from etlx_desktop.core.anonymize.detect import ScanResult
from etlx_desktop.core.metadata import AnonymizationRule, DataModule, dumps_module, read_module
from etlx_desktop.core.metadata.editing import ColumnAt, SetParameter, SetRule, locate
from etlx_desktop.core.resources import demo_dir
from etlx_desktop.ui.models.columns_model import FLAGGED_ROLE, UNPROTECTED_TIP, Section
from etlx_desktop.ui.widgets.editor_fields import IntField
from etlx_desktop.ui.widgets.editor_undo import push_edit
from etlx_desktop.ui.widgets.module_editor import ModuleEditor
from etlx_desktop.ui.widgets.parameter_editor import ParameterEditor
from etlx_desktop.ui.widgets.problems_pane import PATH_ROLE, ProblemLocation, locate_problem
from etlx_desktop.ui.workers import TaskRunner

from .conftest import Screenshot
from .host import shown_in_host

DEMO = demo_dir() / "shop.jsonld"


@pytest.fixture
def module() -> DataModule:
    loaded, problems = read_module(DEMO)
    assert loaded is not None and problems == []
    return loaded


@pytest.fixture
def editor(qtbot: QtBot, module: DataModule) -> Iterator[ModuleEditor]:
    widget = ModuleEditor(scan_in_background=False)
    qtbot.addWidget(widget)
    widget.set_module(module, DEMO.parent)
    yield widget


def where(module: DataModule, name: str) -> ColumnAt:
    table, column = name.split(".")
    found = locate(module, table, column)
    assert found is not None
    return found


def method_cell(editor: ModuleEditor, at: ColumnAt) -> object:
    editor.select_column(at)
    return editor.columns_model.index(at.column, Section.METHOD)


def mask_email(editor: ModuleEditor, module: DataModule) -> ColumnAt:
    """Give customers.email a mask rule through the grid, and select it."""
    at = where(module, "customers.email")
    assert editor.columns_model.setData(method_cell(editor, at), "mask")
    return at


# --- grid edits and undo ----------------------------------------------------------------------


def test_a_rule_changed_in_the_grid_is_undone_and_redone_exactly(
    editor: ModuleEditor, module: DataModule
) -> None:
    original = copy.deepcopy(module)
    at = where(module, "customers.email")
    cell = method_cell(editor, at)
    assert editor.columns_model.setData(cell, "hash")
    changed = copy.deepcopy(module)
    rule = at.column_in(module).anonymization
    assert rule == AnonymizationRule(method="hash", key_domain="shop.email")
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "hash"
    editor.undo_stack.undo()
    assert module == original
    assert dumps_module(module) == dumps_module(original)
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "fake: kind=email"
    editor.undo_stack.redo()
    assert module == changed


def test_field_rules_are_edited_through_the_grid(editor: ModuleEditor, module: DataModule) -> None:
    at = where(module, "orders.amount")
    editor.select_column(at)
    model = editor.columns_model
    assert model.setData(model.index(at.column, Section.RANGE), "1 – 500.5")
    assert model.setData(model.index(at.column, Section.NULLS), "fill_mean")
    assert model.setData(model.index(at.column, Section.ALLOWED), "1, 2.5")
    column = at.column_in(module)
    assert (column.minimum, column.maximum, column.allowed_values) == (1, 500.5, [1, 2.5])
    assert model.index(at.column, Section.RANGE).data() == "1 – 500.5"
    assert editor.undo_stack.count() == 3
    assert not model.setData(model.index(at.column, Section.RANGE), "lots")
    assert "range" in editor.status_label.text()
    assert editor.undo_stack.count() == 3


def test_cells_are_edited_with_a_combo_box_or_a_line_edit(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    at = where(module, "orders.amount")
    editor.select_column(at)
    view, model = editor.columns_view, editor.columns_model
    view.edit(model.index(at.column, Section.METHOD))
    combo = view.findChild(QComboBox)
    assert combo is not None and combo.findData("") == 0  # "none" comes first
    combo.setCurrentIndex(combo.findData("hash"))
    combo.activated.emit(combo.currentIndex())
    assert at_rule(module, "orders.amount").method == "hash"
    view.edit(model.index(at.column, Section.RANGE))
    line = view.findChild(QLineEdit)
    assert line is not None and line.text() == "0 – 10000000"
    line.setText("5 – 50")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: at.column_in(module).minimum == 5, timeout=1000)
    assert at.column_in(module).maximum == 50


def test_picking_a_table_is_announced(editor: ModuleEditor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(editor.tableSelected, timeout=1000) as signal:
        editor.tables_list.setCurrentRow(2)
    assert signal.args == ["orders"]
    assert editor.parameter_editor.title.text() == "orders.id"


def test_keys_and_their_handling_are_shown(editor: ModuleEditor, module: DataModule) -> None:
    at = where(module, "orders.customer_id")
    editor.select_column(at)
    model = editor.columns_model
    assert model.index(0, Section.KEY).data() == "PK"
    assert model.index(at.column, Section.KEY).data() == "FK customers.id (inherit)"
    assert model.index(at.column, Section.KEY).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(at.column, Section.METHOD).data() == "inherits customers.id"
    assert "takes the rule of customers.id" in editor.parameter_editor.method_doc.text()


def test_the_columns_model_passes_the_model_tester(
    qtmodeltester: object, editor: ModuleEditor, module: DataModule
) -> None:
    push_edit(editor.undo_stack, module, SetRule(where(module, "customers.email"), None))
    qtmodeltester.check(editor.columns_model)  # type: ignore[attr-defined]


# --- the parameter editor ---------------------------------------------------------------------


def test_the_parameter_editor_refuses_minus_one_and_takes_two(
    editor: ModuleEditor, module: DataModule
) -> None:
    at = mask_email(editor, module)
    field = editor.parameter_editor.field("keep_last")
    assert isinstance(field, IntField)
    rule = at.column_in(module).anonymization
    assert rule is not None and rule.parameters is None
    steps = editor.undo_stack.count()
    field.spin.setValue(-1)
    assert "keep_last must be an integer ≥ 0; -1 is too small" in (
        editor.parameter_editor.error_text("keep_last")
    )
    assert rule.parameters is None and editor.undo_stack.count() == steps
    field.spin.setValue(2)
    assert editor.parameter_editor.error_text("keep_last") == ""
    assert rule.parameters == {"keep_last": 2}
    field.spin.setValue(3)  # typing on in one field is one undo step
    assert rule.parameters == {"keep_last": 3} and editor.undo_stack.count() == steps + 1
    editor.undo_stack.undo()
    assert rule.parameters is None
    assert field.read() is not None and field.spin.text() == ""


def test_the_parameter_editor_is_generated_from_the_specs(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    editor.select_column(where(module, "customers.full_name"))
    panel = editor.parameter_editor
    assert set(panel.rows) == {
        "keyDomain",
        "kind",
        "locale",
        "gender_column",
        "min_age",
        "max_age",
        "deterministic",
    }
    kind_label = panel.rows["kind"].label.text()
    assert "<b>kind</b>" in kind_label and "*" in kind_label  # required
    assert panel.rows["locale"].field.widget.toolTip() == "Faker locale."
    line = panel.rows["keyDomain"].field.widget
    qtbot.keyClicks(line, "X")
    assert at_rule(module, "customers.full_name").key_domain == "shop.nameX"


def at_rule(module: DataModule, name: str) -> AnonymizationRule:
    rule = where(module, name).column_in(module).anonymization
    assert rule is not None
    return rule


def test_an_invalid_regex_is_reported_as_typed_and_not_written(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    at = where(module, "customers.email")
    assert editor.columns_model.setData(method_cell(editor, at), "regex_replace")
    line = editor.parameter_editor.field("pattern").widget
    qtbot.keyClicks(line, "[a-")
    assert "not a valid regular expression" in editor.parameter_editor.error_text("pattern")
    assert "pattern" not in (at_rule(module, "customers.email").parameters or {})
    qtbot.keyClicks(line, "z]")
    assert at_rule(module, "customers.email").parameters == {"pattern": "[a-z]"}
    assert "replacement is required" in editor.parameter_editor.error_text("replacement")


def test_lists_are_checked_item_by_item(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    at = where(module, "orders.amount")
    assert editor.columns_model.setData(method_cell(editor, at), "generalize")
    bins = editor.parameter_editor.field("bins").widget
    qtbot.keyClicks(bins, "0, 10, x")
    assert "'x' is not a number" in editor.parameter_editor.error_text("bins")
    assert at_rule(module, "orders.amount").parameters == {"bins": [0, 10]}  # the last valid
    bins.clear()
    qtbot.keyClicks(bins, "0, 10, 100")
    assert at_rule(module, "orders.amount").parameters == {"bins": [0, 10, 100]}


# --- problems, banner, JSON-LD ----------------------------------------------------------------


def test_a_problem_appears_and_clicking_it_selects_the_column(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    at = mask_email(editor, module)
    editor.select_column(ColumnAt(0, 0))
    with qtbot.waitSignal(editor.problemsChanged, timeout=2000) as signal:
        push_edit(editor.undo_stack, module, SetParameter(at, "keep_last", -1))
    assert signal.args == [1]
    items = editor.problems_pane.list
    path = f"{at.path}.anonymization.parameters.keep_last"
    (item,) = [items.item(i) for i in range(items.count()) if items.item(i).data(PATH_ROLE) == path]
    assert item.text().startswith("customers.email · anonymization.parameters.keep_last")
    editor.tables_list.setCurrentRow(2)  # somewhere else
    items.itemClicked.emit(item)
    assert editor.current_column() == at
    assert editor.columns_view.currentIndex().column() == Section.METHOD
    assert "too small" in editor.parameter_editor.error_text("keep_last")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "tables[0].tableSchema.columns[3].anonymization.parameters.keep_last",
            ProblemLocation(0, 3, "anonymization", "keep_last"),
        ),
        (
            "tables[0].tableSchema.columns[0].anonymization.keyDomain",
            ProblemLocation(0, 0, "anonymization", "keyDomain"),
        ),
        (
            "tables[2].tableSchema.columns[4].anonymization.parameters.bins[1]",
            ProblemLocation(2, 4, "anonymization", "bins"),
        ),
        ("tables[0].tableSchema.columns[3].null[1]", ProblemLocation(0, 3, "null")),
        ("tables[3].tableSchema.primaryKey[1]", ProblemLocation(3, 1)),
        ("tables[2].tableSchema.foreignKeys[0].columnReference[0]", ProblemLocation(2, 1)),
        ("tables[0].privacy.quasiIdentifiers[1]", ProblemLocation(0, 8)),
        ("tables[0].transformation[1].appliesTo[0]", ProblemLocation(0, 4)),
        ("tables[1].extraction.fromSource", ProblemLocation(1)),
        ("dataSource[0].endpointURL", ProblemLocation()),
    ],
)
def test_a_problem_path_leads_to_its_column(
    module: DataModule, path: str, expected: ProblemLocation
) -> None:
    assert locate_problem(module, path) == expected


def test_the_banner_counts_personal_columns_left_unprotected(
    editor: ModuleEditor, module: DataModule
) -> None:
    assert editor.banner.count == 0
    at = where(module, "customers.email")
    assert editor.columns_model.setData(method_cell(editor, at), "")
    assert editor.banner.count == 1
    assert "1 column looks personal but is not protected" in editor.banner.label.text()
    flag = editor.columns_model.index(at.column, Section.FLAG)
    assert flag.data(FLAGGED_ROLE) is not None
    assert flag.data(Qt.ItemDataRole.ToolTipRole).startswith(UNPROTECTED_TIP)
    assert editor.tables_list.item(0).toolTip() == "1 column(s) left unprotected"
    editor.undo_stack.undo()
    assert editor.banner.count == 0 and flag.data(FLAGGED_ROLE) is None


def test_the_jsonld_tab_shows_the_module_as_it_will_be_saved(
    editor: ModuleEditor, module: DataModule, qtbot: QtBot
) -> None:
    assert editor.json_view.toPlainText() == dumps_module(module)
    with qtbot.waitSignal(editor.problemsChanged, timeout=2000):
        mask_email(editor, module)
    assert editor.json_view.toPlainText() == dumps_module(module)
    assert '"method": "mask"' in editor.json_view.toPlainText()
    assert editor.json_view.isReadOnly()


# --- scanning ---------------------------------------------------------------------------------


def test_a_scan_suggestion_is_accepted_as_an_undoable_edit(
    editor: ModuleEditor, module: DataModule
) -> None:
    at = where(module, "customers.email")
    push_edit(editor.undo_stack, module, SetRule(at, None))
    editor.start_scan()
    dialog = editor.scan_dialog
    assert isinstance(editor.scan_result, ScanResult) and dialog is not None
    first = dialog.suggestions[0]
    assert (first.table, first.column) == ("customers", "email")
    assert dialog.bare[0] and not dialog.bare[1]
    dialog.accept_suggestion(0)
    assert at_rule(module, "customers.email").method == "fake"
    assert editor.banner.count == 0
    editor.undo_stack.undo()
    assert at.column_in(module).anonymization is None and editor.banner.count == 1
    dialog.close()


def test_a_scan_runs_on_the_task_runner(qtbot: QtBot, module: DataModule) -> None:
    runner = TaskRunner()
    editor = ModuleEditor(runner=runner)
    qtbot.addWidget(editor)
    try:
        editor.set_module(module, DEMO.parent)
        with qtbot.waitSignal(runner.finished, timeout=30_000):
            editor.start_scan()
            assert not editor.banner.scan_button.isEnabled()
        assert editor.scan_result is not None and editor.scan_dialog is not None
        assert editor.banner.scan_button.isEnabled()
        editor.scan_dialog.close()
    finally:
        assert runner.shutdown()


def test_by_default_a_scan_runs_on_the_editors_own_thread(qtbot: QtBot, module: DataModule) -> None:
    editor = ModuleEditor()
    qtbot.addWidget(editor)
    editor.set_module(module, DEMO.parent)
    try:
        editor.start_scan()
        assert editor.scan_result is None  # not yet: the GUI thread is free meanwhile
        qtbot.waitUntil(lambda: editor.scan_dialog is not None, timeout=30_000)
        assert editor.scan_result is not None
        editor.scan_dialog.close()  # type: ignore[union-attr]
    finally:
        editor.shutdown()


def test_a_scan_of_a_module_no_longer_shown_is_dropped(qtbot: QtBot, module: DataModule) -> None:
    runner = TaskRunner()
    editor = ModuleEditor(runner=runner)
    qtbot.addWidget(editor)
    try:
        editor.set_module(module, DEMO.parent)
        with qtbot.waitSignal(runner.finished, timeout=30_000):
            editor.start_scan()
            editor.set_module(copy.deepcopy(module), DEMO.parent)
        assert editor.scan_result is None and editor.scan_dialog is None
        assert editor.banner.scan_button.isEnabled()
    finally:
        assert runner.shutdown()


# --- how it looks -----------------------------------------------------------------------------


def test_screenshot_of_the_editor_with_a_masked_column(
    qtbot: QtBot, module: DataModule, screenshot: Screenshot, tmp_path: Path
) -> None:
    editor = ModuleEditor(scan_in_background=False)
    editor.set_module(module, DEMO.parent)
    host = shown_in_host(qtbot, editor, 1500, 900, lambda: None)  # noqa: F841 - keep it alive
    at = where(module, "customers.phone")
    assert editor.columns_model.setData(method_cell(editor, at), "mask")
    editor.parameter_editor.field("keep_last").spin.setValue(4)  # type: ignore[attr-defined]
    push_edit(editor.undo_stack, module, SetRule(where(module, "customers.city"), None))
    editor.refresh_checks()
    editor.select_column(at, Section.METHOD)
    path = screenshot(editor, "module_editor")
    assert path.stat().st_size > 10_000
    editor.select_column(where(module, "orders.customer_id"))
    screenshot(editor, "module_editor_orders")
    editor.select_column(at, Section.METHOD)
    assert isinstance(editor.parameter_editor.field("keep_last").widget, QSpinBox)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    try:
        screenshot(editor, "module_editor_dark")
        editor.tabs.setCurrentIndex(1)
        screenshot(editor, "module_editor_jsonld_dark")
    finally:
        app.setStyleSheet("")


def test_screenshot_of_the_scan_dialog(
    qtbot: QtBot, editor: ModuleEditor, module: DataModule, screenshot: Screenshot
) -> None:
    push_edit(editor.undo_stack, module, SetRule(where(module, "customers.email"), None))
    editor.start_scan()
    dialog = editor.scan_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.state[:3] == ["open", "same", "same"]
    dialog.accept_suggestion(0)
    assert dialog.state[0] == "accepted" and dialog.bare[0]
    screenshot(dialog, "scan_dialog")
    dialog.close()


def test_screenshot_of_the_parameter_editor_with_lists_and_a_mapping(
    qtbot: QtBot, module: DataModule, screenshot: Screenshot
) -> None:
    stack = QUndoStack()
    panel = ParameterEditor(stack)
    at = where(module, "customers.city")
    rule = AnonymizationRule(
        method="generalize",
        parameters={"to": "bins", "bins": [0, 18, 65], "labels": ["young"], "mapping": {"a": "b"}},
    )
    push_edit(stack, module, SetRule(at, rule))
    panel.set_column(module, at)
    host = shown_in_host(qtbot, panel, 340, 900, lambda: None)  # noqa: F841 - keep it alive
    assert "has 1 item(s) but bins has 3" in panel.error_text("labels")
    mapping = panel.field("mapping")
    assert mapping.read() == {"a": "b"}
    screenshot(panel, "parameter_editor_generalize")
    pseudonym = where(module, "customers.id")
    panel.set_column(module, pseudonym)
    domain = panel.field("keyDomain").widget
    assert isinstance(domain, QLineEdit) and domain.text() == "shop.customer"
    domain.clear()  # a required key domain cannot be emptied
    assert "is required" in panel.error_text("keyDomain")
    assert at_rule(module, "customers.id").key_domain == "shop.customer"
    screenshot(panel, "parameter_editor_pseudonymize")
