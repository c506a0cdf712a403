"""The schema browser: connections → schemas → tables → columns, read as they are expanded.

Choosing a table ("Add table to module" in the buttons or the context menu, Insert, or a
double click on one of its columns) emits `tableChosen(connection_url, schema, table)`; the
main window drafts it into the module.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.model import DataModule
from ...core.sources.browse_tree import module_connections
from ..models.schema_model import HEADERS, ConnectionEntry, NodeKind, SchemaModel, header_text

# each column's initial width fits this sample: name, type, null, key, rows
_SAMPLES = ("a_rather_long_column_name", "TIMESTAMP WITH TIME ZONE", "NOT NULL", "", "999,999,999")


class SchemaBrowser(QWidget):
    """Browses the connections given to `set_connections()`; call `shutdown()` at the end."""

    # The name the main window connects to (kept as the brief spells it).
    tableChosen = Signal(str, str, str)  # connection URL (no password), schema, table

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SchemaModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # lazily loaded catalogs can be long
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        self.tree.activated.connect(self._on_tree_activated)
        header = self.tree.header()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        for column, sample in enumerate(_SAMPLES[: len(HEADERS)]):
            wide = max(
                metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header_text(column))
            )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(
                column, wide + 24 + (self.tree.indentation() * 3 if column == 0 else 0)
            )
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # messages span it all
        self.failure_label = QLabel()  # the whole reason, which the tree row may elide
        self.failure_label.setWordWrap(True)
        self.failure_label.setTextFormat(Qt.TextFormat.PlainText)
        self.failure_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure_label.setContentsMargins(4, 2, 4, 2)
        self.failure_label.hide()
        self.add_action = QAction(self.tr("Add table to module"), self)
        self.add_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_action.setEnabled(False)
        self.add_action.triggered.connect(self._on_add_action_triggered)
        self.reload_action = QAction(self.tr("Reload"), self)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.triggered.connect(self._on_reload_action_triggered)
        self.addActions([self.add_action, self.reload_action])
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        tree_selection = self.tree.selectionModel()
        tree_selection.currentChanged.connect(self._on_tree_current_changed)
        self.buttons = QHBoxLayout()
        self._stretched = False
        for action in (self.add_action, self.reload_action):
            self.add_tool_action(action)
        self.buttons.addStretch(1)
        self._stretched = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.failure_label)

    def add_tool_action(self, action: QAction) -> None:
        """A text button for `action` in the row above the tree (before the stretch)."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        at = self.buttons.count() - (1 if self._stretched else 0)  # before the stretch
        self.buttons.insertWidget(at, button)

    def set_connections(self, entries: list[ConnectionEntry]) -> None:
        """(name, URL without password, password or None) of each connection to browse."""
        self.model.set_connections(entries)
        self.add_action.setEnabled(False)
        self.failure_label.hide()

    def set_sources(self, module: DataModule | None, base_dir: Path) -> None:
        """Browse the database sources of `module` (until the connection manager supplies
        the saved connections through `set_connections`)."""
        self.set_connections(module_connections(module, base_dir) if module else [])

    def choose(self, index: QModelIndex) -> bool:
        """Emit tableChosen for the table at `index` (or of its column); False if none."""
        chosen = self.model.table_of(index)
        if chosen is None:
            return False
        self.tableChosen.emit(*chosen)
        return True

    def shutdown(self, timeout_ms: int = 5000) -> None:
        self.model.shutdown(timeout_ms)

    def _on_model_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        # "loading…" and "could not connect: …" read across all the columns
        for row in range(first, last + 1):
            index = self.model.index(row, 0, parent)
            if self.model.kind(index) is NodeKind.MESSAGE:
                self.tree.setFirstColumnSpanned(row, parent, True)
            self._show_failure(index)

    def _show_failure(self, index: QModelIndex) -> None:
        failure = self.model.failure(index)
        if failure is not None:
            self.failure_label.setText(failure)
            self.failure_label.show()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.add_action.setEnabled(self.model.table_of(current) is not None)
        self._show_failure(current)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        # a double click (or Enter) on a column adds its table; on a table it only expands it
        if self.model.kind(index) is NodeKind.COLUMN:
            self.choose(index)

    def _on_add_action_triggered(self) -> None:
        self.choose(self.tree.currentIndex())

    def _on_reload_action_triggered(self) -> None:
        reloaded = self.model.reload(self.tree.currentIndex())
        if reloaded.isValid():
            self.tree.expand(reloaded)

    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.add_action)
        menu.addAction(self.reload_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))
