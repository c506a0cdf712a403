"""A QTableView set up for big read-only grids over a FrameModel."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

SAMPLE_ROWS = 200  # rows measured when sizing columns; measuring 100k rows would freeze the GUI
MAX_COLUMN_WIDTH = 340  # longer values are elided; the tooltip has the whole value
_MIN_PADDING = 12


def make_grid(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A view with fixed row heights, row selection, and sorting handled by the model."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setAlternatingRowColors(False)  # stripes would hide the change and quarantine tints
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size hints at 100k
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    columns = view.horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.setHighlightSections(False)
    columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    columns.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # else enabling sorts column 0
    view.setSortingEnabled(True)
    return view


def column_widths(
    view: QTableView, sample: int = SAMPLE_ROWS, max_width: int = MAX_COLUMN_WIDTH
) -> list[int]:
    """Width of every column: its whole header, and the widest text of the first rows.

    Text is measured with font metrics: asking the delegate for every sampled cell costs
    ~0.1 s per grid. The padding the delegate and style add (a style sheet's too) is
    measured once, on one cell.
    """
    model = view.model()
    rows = min(model.rowCount(), sample)
    metrics = view.fontMetrics()
    padding = _cell_padding(view)
    header = view.horizontalHeader()  # its size hint includes the sort indicator's room
    widths = []
    for column in range(model.columnCount()):
        texts = (str(model.data(model.index(row, column)) or "") for row in range(rows))
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        widths.append(max(min(widest + padding, max_width), header.sectionSizeHint(column)))
    return widths


def _cell_padding(view: QTableView) -> int:
    model = view.model()
    if model.rowCount() == 0 or model.columnCount() == 0:
        return _MIN_PADDING
    index = model.index(0, 0)
    text = str(model.data(index) or "")
    measured = view.sizeHintForIndex(index).width() - view.fontMetrics().horizontalAdvance(text)
    return max(measured, _MIN_PADDING) + 4  # + italic NULL and rounding


def set_column_widths(view: QTableView, widths: list[int]) -> None:
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
