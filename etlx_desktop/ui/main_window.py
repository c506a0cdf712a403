"""The main window: connections and schema on the left, the module editor in the centre, the
preview beside it, the run panel below; menus, shortcuts, status bar, remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from .. import __version__
from ..core.anonymize.module_key import create_module_key, needs_new_key
from ..core.metadata import ModuleInvalid, save_module
from ..core.metadata.editing_tables import AddTable, TableAddition
from .connections_controller import BrowsedConnections, ConnectionsController
from .document import ModuleDocument
from .errors import last_line, show_error
from .i18n import LANGUAGES, SYSTEM
from .preview_controller import PreviewController
from .settings import UiSettings
from .table_adder import TableAdder, TableWanted
from .theme import apply_theme
from .widgets.editor_undo import push_edit
from .widgets.editor_values import QT_TRANSLATE_NOOP
from .widgets.module_editor import ModuleEditor
from .widgets.preview_panel import PreviewPanel
from .widgets.run_panel import RunPanel
from .widgets.schema_browser import SchemaBrowser

FILTER = QT_TRANSLATE_NOOP("MainWindow", "Data modules (*.jsonld *.json);;All files (*)")


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: UiSettings | None = None,
        parent: QWidget | None = None,
        *,
        connections: ConnectionsController | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or UiSettings()
        self.connections = connections or ConnectionsController(parent=self)
        self.document = ModuleDocument()
        self.editor = ModuleEditor(self)
        self.preview = PreviewPanel(self)
        self.preview_controller = PreviewController(self.preview, parent=self)
        self.run_panel = RunPanel(self)
        self.run_panel.set_undo_stack(self.editor.undo_stack)
        self.browser = SchemaBrowser(self)
        self.table_adder = TableAdder(self)
        self._browsed = BrowsedConnections()
        self.setCentralWidget(self.editor)
        self._docks = [
            self._dock(
                "connections",
                self.tr("Connections"),
                self.browser,
                Qt.DockWidgetArea.LeftDockWidgetArea,
            ),
            self._dock(
                "preview", self.tr("Preview"), self.preview, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
            self._dock(
                "run", self.tr("Run"), self.run_panel, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
        ]
        # the editor's grid needs the width; preview and run share the bottom as tabs
        self.tabifyDockWidget(self._docks[1], self._docks[2])
        self._docks[1].raise_()
        self.resizeDocks([self._docks[1]], [430], Qt.Orientation.Vertical)
        self.resizeDocks([self._docks[0]], [260], Qt.Orientation.Horizontal)
        self.run_panel.started.connect(self._docks[2].raise_)
        self._build_menus()
        self.editor.changed.connect(self._on_editor_changed)
        self.editor.tableSelected.connect(self._on_editor_table_selected)
        self.run_panel.started.connect(lambda: self.statusBar().showMessage(self.tr("Running…")))
        self.run_panel.finished.connect(self._on_run_finished)
        self.browser.tableChosen.connect(self._on_browser_table_chosen)
        self.connections.changed.connect(self.refresh_browser)
        self.table_adder.drafted.connect(self._on_table_adder_drafted)
        self.table_adder.refused.connect(self._on_table_adder_refused)
        self.table_adder.failed.connect(self._on_table_adder_failed)
        self._restore_layout()
        self.show_document(self.document)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addAction(
            self._action(self.tr("&New module"), self.new_module, QKeySequence.StandardKey.New)
        )
        file.addAction(
            self._action(self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        )
        self.recent_menu = file.addMenu(self.tr("Open &recent"))
        file.addAction(self._action(self.tr("&Save"), self.save, QKeySequence.StandardKey.Save))
        file.addAction(
            self._action(self.tr("Save &as…"), self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        )
        file.addAction(
            self._action(self.tr("&Export metadata (.jsonld)…"), self.export_dialog, "Ctrl+E")
        )
        file.addSeparator()
        self.connections_action = self._action(
            self.tr("&Connections…"), self.manage_connections, "Ctrl+Shift+C"
        )
        file.addAction(self.connections_action)
        self.browser.add_tool_action(self.connections_action)
        file.addSeparator()
        file.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        edit = bar.addMenu(self.tr("&Edit"))
        undo = self.editor.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        view = bar.addMenu(self.tr("&View"))
        self.dark_action = self._action(
            self.tr("&Dark theme"), self._on_dark_toggled, "Ctrl+Shift+D"
        )
        self.dark_action.setCheckable(True)
        self.dark_action.setChecked(self.settings.dark)
        view.addAction(self.dark_action)
        self._build_language_menu(view.addMenu(self.tr("&Language")))
        view.addSeparator()
        for dock in self._docks:
            view.addAction(dock.toggleViewAction())
        run = bar.addMenu(self.tr("&Run"))
        run.addAction(self._action(self.tr("&Run module"), self.run_panel.start, "F5"))
        run.addAction(self._action(self.tr("&Cancel run"), self.run_panel.cancel, "Shift+F5"))
        run.addAction(
            self._action(self.tr("Re&fresh preview"), self.preview_controller.refresh, "F6")
        )
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About ETL-Express Desktop"), self.about))
        self._fill_recent()

    def _build_language_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        choices = [(SYSTEM, self.tr("As the system")), *LANGUAGES.items()]
        for code, name in choices:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._on_language_chosen)
        self.language_group = group

    # --- documents ------------------------------------------------------------------------

    def show_document(self, document: ModuleDocument) -> None:
        self.document = document
        self.editor.set_module(document.module, document.base_dir)
        self.run_panel.set_module(document.module, document.base_dir)
        self.refresh_browser()
        tables = [t.table_name for t in document.module.tables]
        if tables:
            self.preview_controller.set_table(document.module, tables[0], document.base_dir)
        self._update_title()

    def refresh_browser(self) -> None:
        """Browse the module's database sources (and the saved connections)."""
        self._browsed = self.connections.browsed(self.document.module, self.document.base_dir)
        self.browser.set_connections(self._browsed.entries)

    def manage_connections(self) -> None:
        self.connections.open_manager(self)

    def open_path(self, path: Path) -> bool:
        try:
            document = ModuleDocument.open(path)
        except ModuleInvalid as exc:
            first = exc.problems[0] if exc.problems else self.tr("unreadable")
            QMessageBox.warning(self, self.tr("Cannot open module"), f"{path}\n\n{first}")
            return False
        self.show_document(document)
        self.settings.add_recent(path)
        self._fill_recent()
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def new_module(self) -> None:
        if self._may_discard():
            self.show_document(ModuleDocument())

    def open_dialog(self) -> None:
        if not self._may_discard():
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open module"), str(self.document.base_dir), self.tr(FILTER)
        )
        if name:
            self.open_path(Path(name))

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as_dialog()
        self.document.save()
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=self.document.path), 5000)
        self._update_title()
        return True

    def save_as_dialog(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save module as"), str(self.document.base_dir), self.tr(FILTER)
        )
        if not name:
            return False
        path = self.document.save(Path(name))
        self.settings.add_recent(path)
        self._fill_recent()
        self._update_title()
        return True

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export metadata"),
            str(self.document.base_dir),
            self.tr("JSON-LD (*.jsonld)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """Write the module's metadata to `path` as it stands (the document keeps its file)."""
        save_module(self.document.module, path)
        self.statusBar().showMessage(self.tr("Exported {path}").format(path=path), 5000)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.settings.recent()))

    def _may_discard(self) -> bool:
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to {name}?").format(name=self.document.title.lstrip("*")),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _may_stop_run(self) -> bool:
        """Ask before a close cancels a run (the targets are left as they were)."""
        if not self.run_panel.is_running():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("A run is in progress"),
            self.tr("Cancel the run and close? Every target is left exactly as it was."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _update_title(self) -> None:
        self.setWindowTitle(
            self.tr("{title} — ETL-Express Desktop").format(title=self.document.title)
        )

    # --- reactions ------------------------------------------------------------------------

    def _on_editor_changed(self) -> None:
        self._give_key_if_needed()
        self.document.dirty = True
        self._update_title()
        self.run_panel.set_module(self.document.module, self.document.base_dir)
        self.preview_controller.request()

    def _give_key_if_needed(self) -> None:
        """A module that starts using keyed methods gets its own key (outside the module)."""
        module = self.document.module
        if needs_new_key(module):
            module.key_ref = create_module_key(module)
            self.statusBar().showMessage(
                self.tr(
                    "Made a new anonymization key for this module (see keyRef); keep it safe: "
                    "the same key gives the same pseudonyms in every version."
                ),
                15000,
            )

    def _on_editor_table_selected(self, table: str) -> None:
        self.preview_controller.set_table(self.document.module, table, self.document.base_dir)

    def _on_browser_table_chosen(self, url: str, schema: str, table: str) -> None:
        browsed = self._browsed
        wanted = TableWanted(
            url, schema, table, browsed.passwords.get(url), browsed.secret_refs.get(url)
        )
        self.statusBar().showMessage(self.tr("Drafting {table}…").format(table=wanted.label))
        self.table_adder.add(self.document.module, self.document.base_dir, wanted)

    def _on_table_adder_drafted(self, addition: TableAddition) -> None:
        refused = push_edit(self.editor.undo_stack, self.document.module, AddTable(addition))
        if refused:
            self._on_table_adder_refused(
                self.tr("Cannot add {table}: {reason}").format(
                    table=addition.table.table_name, reason=refused
                )
            )
            return
        self.editor.select_table(addition.table.table_name)
        self.statusBar().showMessage(
            self.tr("Added table {table}").format(table=addition.table.table_name), 8000
        )

    def _on_table_adder_refused(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 15000)
        show_error(self, self.tr("Cannot add the table"), reason)

    def _on_table_adder_failed(self, trace: str) -> None:
        self.statusBar().clearMessage()
        show_error(self, self.tr("Cannot add the table"), last_line(trace), trace)

    def _on_run_finished(self, status: str) -> None:
        self.statusBar().showMessage(self._run_outcome_text(status), 10000)

    def _on_language_chosen(self, action: QAction) -> None:
        code = str(action.data())
        if code == self.settings.language:
            return
        self.settings.language = code
        self.statusBar().showMessage(
            self.tr("The language changes when ETL-Express Desktop starts again."), 10000
        )

    def _run_outcome_text(self, status: str) -> str:
        texts = {
            "succeeded": self.tr("Run succeeded"),
            "failed": self.tr("Run failed"),
            "cancelled": self.tr("Run cancelled"),
        }
        return texts.get(status, status)

    def _on_dark_toggled(self, checked: bool) -> None:
        self.settings.dark = checked
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, checked)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About ETL-Express Desktop"),
            self.tr(
                "<b>ETL-Express Desktop</b> {version}<br>"
                "Describe, clean, anonymize and publish versioned data modules."
            ).format(version=__version__),
        )

    # --- life cycle -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry, state = self.settings.geometry(), self.settings.state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        if state is not None:
            self.restoreState(state)

    def shutdown(self) -> None:
        """Stop every worker (cancel, quit, wait) and remember the layout."""
        self.run_panel.shutdown()
        self.preview_controller.shutdown()
        self.browser.shutdown()
        self.table_adder.shutdown()
        self.connections.shutdown()
        self.editor.shutdown()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_stop_run() or not self._may_discard():
            event.ignore()
            return
        self.shutdown()
        event.accept()
