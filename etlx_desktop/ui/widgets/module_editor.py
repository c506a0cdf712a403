"""The module editor: tables, their columns' rules, the selected column's anonymization,
the module's problems and its JSON-LD — all over one core `DataModule` and one undo stack."""

from __future__ import annotations

import copy
import traceback
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.anonymize.detect import ScanResult, Suggestion, scan_module
from ...core.anonymize.registry import MethodRegistry, default_registry
from ...core.metadata.editing import (
    AcceptSuggestion,
    ColumnAt,
    Unprotected,
    check_module,
    locate,
    unprotected_columns,
)
from ...core.metadata.io import dumps_module
from ...core.metadata.model import DataModule
from ...core.pipeline.cancel import CancelToken
from ...core.problems import Problem, Severity
from ..models.columns_model import SECTION_OF_KEY, ColumnsModel, Section
from ..workers import TaskRunner
from .editor_banner import UnprotectedBanner
from .editor_grid import make_columns_view
from .editor_icons import blank_icon, unprotected_icon
from .editor_undo import push_edit
from .jsonld_view import JsonLdView
from .module_properties import ModuleProperties
from .parameter_editor import ParameterEditor
from .problems_pane import ProblemsPane, locate_problem
from .scan_dialog import ScanDialog
from .scripts_pane import ScriptsPane

CHECK_DELAY_MS = 200  # problems and JSON-LD follow edits this long after the last one


class ModuleEditor(QWidget):
    """Edits a DataModule. Every change is an undoable edit on `undo_stack` (for the main
    window's Edit menu); `changed` fires after each edit, undo or redo, and `problemsChanged`
    with the number of errors once the module has been checked again.

    Scans run off the GUI thread: on `runner` if one is given (its owner shuts it down), else
    on a runner of the editor's own, stopped by `shutdown()` (or when the application quits).
    With `scan_in_background=False` (tests) a scan runs right away, in the caller's thread.
    """

    changed = Signal()
    problemsChanged = Signal(int)  # the number of errors, after each check
    tableSelected = Signal(str)  # the person picked another table (its name)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        registry: MethodRegistry | None = None,
        runner: TaskRunner | None = None,
        scan_in_background: bool = True,
    ) -> None:
        super().__init__(parent)
        self.registry = registry or default_registry()
        self.undo_stack = QUndoStack(self)
        self.module: DataModule | None = None
        self.base_dir: Path | None = None
        self.scan_result: ScanResult | None = None
        self.unprotected: list[Unprotected] = []
        self.problems: list[Problem] = []
        self.scan_dialog: ScanDialog | None = None
        self._loading = False
        self._unscanned: set[str] = set()  # tables added since the last scan
        self._runner: TaskRunner | None = None
        self._scanned: DataModule | None = None
        self._own_runner = runner is None and scan_in_background
        self.columns_model = ColumnsModel(self.undo_stack, self.registry, self)
        self.parameter_editor = ParameterEditor(self.undo_stack, self.registry)
        self.banner = UnprotectedBanner()
        self.tables_list = QListWidget()
        self.columns_view = make_columns_view(self.columns_model)
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: #d93025")
        self.status_label.setWordWrap(True)
        self.problems_pane = ProblemsPane()
        self.json_view = JsonLdView()
        self.scripts_pane = ScriptsPane(self.undo_stack)
        self.properties = ModuleProperties(self.undo_stack)
        self.tabs = QTabWidget()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._lay_out()
        self._connect()
        if runner is not None:
            self._use_runner(runner)
        self.set_module(None)

    def _lay_out(self) -> None:
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.columns_view)
        grid_layout.addWidget(self.status_label)
        side = QScrollArea()
        side.setWidgetResizable(True)
        side.setWidget(self.parameter_editor)
        side.setMinimumWidth(300)
        columns_page = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.tables_list, grid_box, side):
            columns_page.addWidget(widget)
        columns_page.setStretchFactor(1, 1)
        columns_page.setSizes([130, 1000, 330])
        self.tables_list.setIconSize(QSize(16, 16))
        self.tables_list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self.tabs.addTab(columns_page, self.tr("Columns"))
        self.tabs.addTab(self.properties, self.tr("Module"))
        self.tabs.addTab(self.scripts_pane, self.tr("Scripts"))
        self.tabs.addTab(self.json_view, self.tr("JSON-LD"))
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.tabs)
        body.addWidget(self.problems_pane)
        body.setStretchFactor(0, 4)
        body.setStretchFactor(1, 1)
        body.setSizes([700, 90])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(body, 1)

    def _connect(self) -> None:
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.tables_list.currentRowChanged.connect(self._on_tables_list_row_changed)
        selection = self.columns_view.selectionModel()
        selection.currentRowChanged.connect(self._on_columns_view_row_changed)
        self.columns_model.edit_refused.connect(self.status_label.setText)
        self.problems_pane.path_activated.connect(self._on_problems_path_activated)
        self.banner.scan_requested.connect(self.start_scan)
        self.banner.show_requested.connect(self._on_banner_show_requested)
        self._check_timer.timeout.connect(self.refresh_checks)

    def _use_runner(self, runner: TaskRunner) -> None:
        self._runner = runner
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_scan_failed)
        runner.finished.connect(self._on_runner_finished)

    # --- public API -------------------------------------------------------------------------

    def set_module(self, module: DataModule | None, base_dir: Path | None = None) -> None:
        """Edit `module` (its file's folder is `base_dir`); the undo history starts afresh."""
        self._loading = True
        try:
            self.undo_stack.clear()
            self._close_scan_dialog()  # its suggestions are about the module shown before
            self.module, self.base_dir, self.scan_result = module, base_dir, None
            self._unscanned = set()
            self.columns_model.set_module(module)
            self.scripts_pane.set_module(module, base_dir)
            self.properties.set_module(module)
            self.tables_list.clear()
            for table in module.tables if module else []:
                self.tables_list.addItem(QListWidgetItem(table.table_name))
            if module is not None and module.tables:
                self.tables_list.setCurrentRow(0)
            self._update_unprotected()
            self.banner.scan_button.setEnabled(module is not None)
        finally:
            self._loading = False
        self.refresh_checks()

    def select_table(self, name: str) -> bool:
        """Show the table called `name`; False if the module has none by that name."""
        for row in range(self.tables_list.count()):
            if self.tables_list.item(row).text() == name:
                self.tabs.setCurrentIndex(0)
                self.tables_list.setCurrentRow(row)
                return True
        return False

    def current_column(self) -> ColumnAt | None:
        index = self.columns_view.currentIndex()
        return self.columns_model.column_at(index.row()) if index.isValid() else None

    def select_column(
        self, at: ColumnAt, section: int = Section.NAME, parameter: str | None = None
    ) -> None:
        """Show table `at.table`, make `at.column` the current row (at grid column `section`),
        and put the focus on a parameter's field if one is named."""
        self.tabs.setCurrentIndex(0)
        self.tables_list.setCurrentRow(at.table)
        index = self.columns_model.index(at.column, section)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        rows = QItemSelectionModel.SelectionFlag.Rows
        self.columns_view.selectionModel().setCurrentIndex(index, flags | rows)
        self.columns_view.scrollTo(index)
        if parameter:
            self.parameter_editor.focus_parameter(parameter)

    def refresh_checks(self) -> None:
        """Check the module and show its JSON-LD now (edits schedule this by themselves)."""
        self._check_timer.stop()
        module = self.module
        self.problems = check_module(module, self.base_dir, self.registry) if module else []
        if module is not None:
            self.problems_pane.set_problems(self.problems, module)
            try:
                self.json_view.set_text(dumps_module(module))
            except ValueError as exc:
                note = self.tr("// This module cannot be saved: {error}").format(error=exc)
                self.json_view.set_text(note + "\n")
        else:
            self.problems_pane.list.clear()
            self.json_view.set_text("")
        self.problemsChanged.emit(sum(p.severity is Severity.ERROR for p in self.problems))

    def start_scan(self) -> None:
        """Scan a sample of the module's tables for personal data, then show the suggestions."""
        if self.module is None:
            return
        snapshot = copy.deepcopy(self.module)  # the person may edit while the scan runs
        self._scanned = self.module  # a result for a module no longer shown is dropped
        base_dir = self.base_dir or Path.cwd()

        def task(cancel: CancelToken, progress: object) -> ScanResult:
            return scan_module(snapshot, base_dir)

        self.banner.set_busy(True)
        if self._runner is None and self._own_runner:
            self._use_runner(TaskRunner(self))
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.shutdown)
        if self._runner is not None:
            self._runner.start(task)
            return
        try:
            result = task(CancelToken(), None)
        except Exception:  # a scan that fails is reported, never raised into Qt
            self._on_scan_failed(traceback.format_exc())
        else:
            self._on_scan_succeeded(result)

    def shutdown(self) -> None:
        """Stop the editor's own scan thread (the main window calls this when it closes)."""
        if self._own_runner and self._runner is not None:
            self._runner.shutdown()

    # --- reacting ---------------------------------------------------------------------------

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self._sync_tables()
        self.scripts_pane.refresh()
        self.properties.refresh()
        self._update_unprotected()
        if not self._loading:
            self.status_label.clear()
            self.changed.emit()
            self._check_timer.start()

    def _sync_tables(self) -> None:
        """Follow an edit that added or took out tables: the list shows the module's tables,
        the one shown before stays shown if it is still there."""
        names = [t.table_name for t in self.module.tables] if self.module else []
        shown = [self.tables_list.item(row).text() for row in range(self.tables_list.count())]
        if names == shown:
            return
        self._unscanned |= set(names) - set(shown)
        current = self.tables_list.currentItem()
        keep = current.text() if current is not None else None
        self.columns_model.set_module(self.module)
        with QSignalBlocker(self.tables_list):
            self.tables_list.clear()
            self.tables_list.addItems(names)
        row = names.index(keep) if keep in names else (0 if names else -1)
        self.tables_list.setCurrentRow(row)  # shows its columns (currentRowChanged)

    def _update_unprotected(self) -> None:
        module = self.module
        self.unprotected = unprotected_columns(module, self.scan_result) if module else []
        self.columns_model.set_unprotected(self.unprotected)
        details = "\n".join(f"{u.table}.{u.column}: {u.reason}" for u in self.unprotected)
        self.banner.set_count(len(self.unprotected), details, self._unreviewed_tables())
        per_table: dict[int, int] = {}
        for found in self.unprotected:
            per_table[found.at.table] = per_table.get(found.at.table, 0) + 1
        for row in range(self.tables_list.count()):
            item = self.tables_list.item(row)
            count = per_table.get(row, 0)
            item.setIcon(unprotected_icon() if count else blank_icon())
            item.setToolTip(self.tr("%n column(s) left unprotected", "", count) if count else "")

    def _unreviewed_tables(self) -> int:
        """Tables added here since the last scan: "every column has a rule" cannot be said
        of them until a scan has read their rows."""
        names = {t.table_name for t in self.module.tables} if self.module else set()
        self._unscanned &= names
        return len(self._unscanned)

    def _on_tables_list_row_changed(self, row: int) -> None:
        if row >= 0 and self.module is not None:
            self.columns_model.set_table(row)
            self.columns_model.set_unprotected(self.unprotected)
            self.columns_view.resizeColumnsToContents()
            if self.columns_model.rowCount() > 0:
                self.select_column(ColumnAt(row, 0))
            if not self._loading:
                self.tableSelected.emit(self.module.tables[row].table_name)

    def _on_columns_view_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        at = self.columns_model.column_at(current.row()) if current.isValid() else None
        self.parameter_editor.set_column(self.module, at)

    def _on_problems_path_activated(self, path: str) -> None:
        if self.module is None:
            return
        if self.scripts_pane.select_path(path):
            self.tabs.setCurrentWidget(self.scripts_pane)
            return
        if self.properties.focus_path(path):
            self.tabs.setCurrentWidget(self.properties)
            return
        where = locate_problem(self.module, path)
        if where.table is None or where.table >= len(self.module.tables):
            return
        if where.column is None:
            self.tabs.setCurrentIndex(0)
            self.tables_list.setCurrentRow(where.table)
            return
        section = SECTION_OF_KEY.get(where.key or "", Section.NAME)
        self.select_column(ColumnAt(where.table, where.column), section, where.parameter)

    def _on_banner_show_requested(self) -> None:
        if not self.unprotected:
            return
        current = self.current_column()
        later = [u.at for u in self.unprotected if current is None or u.at > current]
        self.select_column((later or [self.unprotected[0].at])[0], Section.METHOD)

    def _on_runner_succeeded(self, result: object) -> None:
        if isinstance(result, ScanResult):
            self._on_scan_succeeded(result)

    def _on_runner_finished(self) -> None:
        self.banner.scan_button.setEnabled(self.module is not None)
        if self.banner.scanning:
            self.banner.set_note("")

    def _on_scan_succeeded(self, result: ScanResult) -> None:
        self.banner.set_busy(False)
        if self.module is None or self.module is not self._scanned:
            return
        self.scan_result = result
        self._unscanned -= {t.table for t in result.tables}
        self._update_unprotected()
        self._close_scan_dialog()
        self.scan_dialog = ScanDialog(result, self.module, self)
        self.scan_dialog.suggestion_accepted.connect(self._on_scan_dialog_suggestion_accepted)
        self.scan_dialog.show()

    def _close_scan_dialog(self) -> None:
        if self.scan_dialog is not None:
            self.scan_dialog.close()
            self.scan_dialog.deleteLater()
            self.scan_dialog = None

    def _on_scan_failed(self, trace: str) -> None:
        self.banner.set_busy(False)
        last = trace.strip().splitlines()[-1] if trace.strip() else self.tr("unknown error")
        self.banner.set_note(self.tr("The scan failed: {error}").format(error=last), trace)

    def _on_scan_dialog_suggestion_accepted(self, suggestion: Suggestion) -> None:
        if self.module is None:
            return
        at = locate(self.module, suggestion.table, suggestion.column)
        if at is None:
            gone = self.tr("{column} is no longer in the module.")
            self.status_label.setText(gone.format(column=f"{suggestion.table}.{suggestion.column}"))
            return
        push_edit(self.undo_stack, self.module, AcceptSuggestion(at, suggestion))
