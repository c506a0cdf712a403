"""The view of the columns grid: one row per column, edited in place through the delegate."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..models.columns_model import ColumnsModel
from .editor_cells import Section
from .editor_delegates import ColumnsDelegate

# Widest a column is sized to (the tooltip shows the whole value); Anonymization takes the rest
_MAX_WIDTHS = {
    Section.KEY: 190,
    Section.NAME: 180,
    Section.RANGE: 170,
    Section.ALLOWED: 140,
    Section.PATTERN: 140,
    Section.PERSONAL: 190,
    Section.METHOD: 360,
}


class ColumnsView(QTableView):
    """Sizes its columns to their contents (a table has tens of columns, not 100k rows),
    within limits, so long patterns and rules are elided instead of pushing the rest out."""

    def resizeColumnsToContents(self) -> None:
        super().resizeColumnsToContents()
        header = self.horizontalHeader()
        for section, limit in _MAX_WIDTHS.items():
            if header.sectionSize(section) > limit:
                header.resizeSection(section, limit)
        header.resizeSection(Section.FLAG, 28)


def make_columns_view(model: ColumnsModel, parent: QWidget | None = None) -> ColumnsView:
    view = ColumnsView(parent)
    view.setModel(model)
    view.setItemDelegate(ColumnsDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.setWordWrap(False)
    view.setIconSize(QSize(16, 16))
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
    columns = view.horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.setStretchLastSection(True)
    columns.setHighlightSections(False)
    columns.setMinimumSectionSize(24)
    return view
