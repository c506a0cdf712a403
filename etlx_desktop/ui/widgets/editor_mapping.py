"""A small key → value table for mapping parameters (e.g. category → broader category)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .editor_values import ValueProblem

_VISIBLE_ROWS = 4


class MappingTable(QWidget):
    """Rows of key and value; `changed` fires on every edit, row added or row removed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QTableWidget(0, 2)
        self.grid.setHorizontalHeaderLabels([self.tr("From"), self.tr("To")])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        row_height = self.grid.verticalHeader().defaultSectionSize()
        header = self.grid.horizontalHeader().sizeHint().height()
        self.grid.setFixedHeight(header + row_height * _VISIBLE_ROWS + 4)
        self.add_button = QPushButton(self.tr("Add row"))
        self.remove_button = QPushButton(self.tr("Remove row"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid)
        layout.addLayout(buttons)
        self.grid.itemChanged.connect(self._on_grid_item_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def mapping(self) -> dict[str, str]:
        """The rows as a dict; an unnamed or repeated key is a ValueProblem."""
        found: dict[str, str] = {}
        for row in range(self.grid.rowCount()):
            key, value = self._cell(row, 0), self._cell(row, 1)
            if not key and not value:
                continue
            if not key:
                raise ValueProblem(self.tr("row {row} has a value but no key").format(row=row + 1))
            if key in found:
                raise ValueProblem(self.tr("'{key}' is mapped twice").format(key=key))
            found[key] = value
        return found

    def set_mapping(self, mapping: dict[str, object]) -> None:
        blocked = self.grid.blockSignals(True)
        self.grid.setRowCount(0)
        for key, value in mapping.items():
            self._append(str(key), "" if value is None else str(value))
        self.grid.blockSignals(blocked)

    def _cell(self, row: int, column: int) -> str:
        item = self.grid.item(row, column)
        return item.text().strip() if item is not None else ""

    def _append(self, key: str, value: str) -> None:
        row = self.grid.rowCount()
        self.grid.insertRow(row)
        self.grid.setItem(row, 0, QTableWidgetItem(key))
        self.grid.setItem(row, 1, QTableWidgetItem(value))

    def _on_grid_item_changed(self, _item: QTableWidgetItem) -> None:
        self.changed.emit()

    def _on_add_clicked(self) -> None:
        blocked = self.grid.blockSignals(True)
        self._append("", "")
        self.grid.blockSignals(blocked)
        self.grid.setCurrentCell(self.grid.rowCount() - 1, 0)
        item = self.grid.item(self.grid.rowCount() - 1, 0)
        if item is not None:
            self.grid.editItem(item)

    def _on_remove_clicked(self) -> None:
        row = self.grid.currentRow()
        if row >= 0:
            self.grid.removeRow(row)
            self.changed.emit()
