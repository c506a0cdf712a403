"""A read-only table model over a DataFrame that stays smooth at 100k rows.

Every column is turned into numpy arrays once in `set_frame()`; `data()` only indexes them.
Sorting and filtering build a numpy permutation of the source rows inside the model: a
QSortFilterProxyModel over 100k rows calls back into Python per comparison and takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from ...core.pipeline.preview_stats import FrameText, frame_text
from .row_order import BoolArray, IntArray, contains, fold, sort_permutation, sort_ranks

Index = QModelIndex | QPersistentModelIndex

# Roles arrive as plain ints; comparing ints is the cheapest test in the hottest method.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_HANDLED = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, _FOREGROUND, _ALIGNMENT, _FONT})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _alignment(series: pd.Series) -> int:
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    return _RIGHT if numeric else _LEFT


@dataclass(frozen=True)
class GridColors:
    """Cell tints; text on a tinted cell is always dark so it reads in light and dark themes."""

    changed: QColor
    marks: tuple[QColor | None, ...]  # by row mark; index 0 (no mark) is None
    null_text: QColor
    tinted_text: QColor


def default_colors() -> GridColors:
    return GridColors(
        changed=QColor("#ffe9a8"),  # soft amber
        marks=(None, QColor("#f6c4c4"), QColor("#dcdcdc")),  # quarantined red, dropped grey
        null_text=QColor("#8c8c8c"),
        tinted_text=QColor("#1e1e1e"),
    )


class FrameModel(QAbstractTableModel):
    """Rows of a DataFrame with optional changed-cell and row marks; sorts and filters itself."""

    rows_sorted = Signal()  # after `sort()`, so a grid shown beside this one can follow it

    def __init__(self, parent: QObject | None = None, *, null_text: str = "NULL") -> None:
        super().__init__(parent)
        self.null_text = null_text
        self.colors = default_colors()
        self._italic = QFont()
        self._italic.setItalic(True)
        self._clear()

    def _clear(self) -> None:
        self._frame = pd.DataFrame()
        self._names: list[str] = []
        self._dtypes: list[str] = []
        self._text: list[npt.NDArray[np.object_]] = []
        self._nulls = np.zeros((0, 0), dtype=bool)
        self._align: list[int] = []
        self._ranks: dict[int, npt.NDArray[np.float64]] = {}  # sort keys, made on first use
        self._folded: dict[int, np.ndarray] = {}  # lower-cased text for search, on first use
        self._changed: BoolArray | None = None
        self._marks = np.zeros(0, dtype=np.int8)
        self._notes = np.zeros(0, dtype=object)
        self._absent = np.zeros(0, dtype=bool)
        self._order: IntArray = np.zeros(0, dtype=np.intp)
        self._keep: BoolArray = np.zeros(0, dtype=bool)
        self._rows: IntArray = self._order

    # --- loading ----------------------------------------------------------------------------

    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        changed: BoolArray | None = None,
        row_marks: npt.NDArray[np.int8] | None = None,
        row_notes: npt.NDArray[np.object_] | None = None,
        absent_rows: BoolArray | None = None,
        text: FrameText | None = None,
    ) -> None:
        """Show `frame`; `changed` is a (rows, columns) mask, marks and notes are per row.

        `absent_rows` are placeholders for rows this side does not have (a quarantined row in
        the "after" grid): their cells are blank, not NULL. `text` is `frame_text(frame)` when a
        worker has already made it (at 100k rows that is most of the cost of loading).
        """
        rows, columns = frame.shape
        if changed is not None and changed.shape != (rows, columns):
            raise ValueError(f"changed mask is {changed.shape}, the frame {(rows, columns)}")
        rendered = frame_text(frame) if text is None else list(text)
        if len(rendered) != columns or any(len(shown) != rows for shown, _ in rendered):
            raise ValueError("the text given does not match the frame")
        self.beginResetModel()
        self._clear()
        self._frame = frame
        self._names = [str(name) for name in frame.columns]
        self._dtypes = [str(dtype) for dtype in frame.dtypes]
        self._text = [shown for shown, _ in rendered]
        self._nulls = np.zeros((rows, columns), dtype=bool)
        for position, (_, nulls) in enumerate(rendered):
            self._nulls[:, position] = nulls
        self._align = [_alignment(frame.iloc[:, position]) for position in range(columns)]
        self._changed = changed
        self._marks = row_marks if row_marks is not None else np.zeros(rows, dtype=np.int8)
        self._notes = row_notes if row_notes is not None else np.full(rows, "", dtype=object)
        self._absent = absent_rows if absent_rows is not None else np.zeros(rows, dtype=bool)
        self._order = np.arange(rows, dtype=np.intp)
        self._keep = np.ones(rows, dtype=bool)
        self._rows = self._order
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        return self._frame

    def column_names(self) -> list[str]:
        return list(self._names)

    def source_row(self, row: int) -> int:
        """Row of the frame shown at grid row `row`."""
        return int(self._rows[row])

    def visible_rows(self) -> IntArray:
        """Frame rows in grid order (sorted, filtered)."""
        return self._rows.copy()

    # --- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if role not in _HANDLED or not index.isValid():
            return None
        row, column = int(self._rows[index.row()]), index.column()
        if role == _DISPLAY:
            if self._nulls[row, column]:
                return "" if self._absent[row] else self.null_text
            return self._text[column][row]
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _BACKGROUND:
            return self._background(row, column)
        if role == _FOREGROUND:
            return self._foreground(row, column)
        if role == _ALIGNMENT:
            return self._align[column]
        return self._italic if self._shows_null(row, column) else None  # FontRole

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._names):
                return None
            if role == _DISPLAY:
                return self._names[section]
            if role == _TOOLTIP:
                return f"{self._names[section]} ({self._dtypes[section]})"
            return None
        if not 0 <= section < len(self._rows):
            return None
        row = int(self._rows[section])
        if role == _DISPLAY:
            return str(row + 1)  # the frame row, so a sorted grid still says which row it is
        if role == _TOOLTIP:
            return self._notes[row] or self.tr("source row {row}").format(row=row + 1)
        if role == _FOREGROUND and self._marks[row]:
            return QColor("#b00020")
        return None

    def _shows_null(self, row: int, column: int) -> bool:
        return bool(self._nulls[row, column] and not self._absent[row])

    def _tooltip(self, row: int, column: int) -> str:
        note = str(self._notes[row])
        if self._absent[row]:
            return note
        value = self.null_text if self._nulls[row, column] else str(self._text[column][row])
        return f"{value}\n\n{note}" if note else value

    def _background(self, row: int, column: int) -> QColor | None:
        mark = int(self._marks[row])
        if mark:
            return self.colors.marks[mark]
        if self._changed is not None and self._changed[row, column]:
            return self.colors.changed
        return None

    def _foreground(self, row: int, column: int) -> QColor | None:
        if self._shows_null(row, column):
            return self.colors.null_text
        if self._marks[row] or (self._changed is not None and self._changed[row, column]):
            return self.colors.tinted_text
        return None

    # --- sorting and filtering --------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Stable sort by one column, nulls last either way; column -1 restores frame order."""
        if column >= len(self._names):
            return
        rows = len(self._order)
        if column < 0:
            permutation = np.arange(rows, dtype=np.intp)
        else:
            descending = order == Qt.SortOrder.DescendingOrder
            permutation = self._sort_permutation(column, descending)
        self.set_row_order(permutation)
        self.rows_sorted.emit()

    def _sort_permutation(self, column: int, descending: bool) -> IntArray:
        ranks = self._ranks.get(column)
        if ranks is None:  # ranked on first use: most columns of a big grid are never sorted
            ranks = sort_ranks(self._frame.iloc[:, column], self._text[column])
            self._ranks[column] = ranks
        return sort_permutation(ranks, self._nulls[:, column], descending)

    def set_row_order(self, order: IntArray) -> None:
        """Show the rows in `order` (a permutation of frame rows), keeping the current filter."""
        if len(order) != len(self._order):
            raise ValueError("the row order must be a permutation of every frame row")
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        persistent = self.persistentIndexList()
        self._order = np.asarray(order, dtype=np.intp)
        self._rows = self._order[self._keep[self._order]]
        self.changePersistentIndexList(persistent, self._moved(persistent, old_rows))
        self.layoutChanged.emit()

    def _moved(self, persistent: list[QModelIndex], old_rows: IntArray) -> list[QModelIndex]:
        position = np.full(len(self._order), -1, dtype=np.intp)
        position[self._rows] = np.arange(len(self._rows))
        moved = []
        for index in persistent:
            row = position[old_rows[index.row()]]
            moved.append(self.index(int(row), index.column()) if row >= 0 else QModelIndex())
        return moved

    def row_order(self) -> IntArray:
        return self._order.copy()

    def match_mask(self, text: str) -> BoolArray:
        """Frame rows with `text` in any column's shown text (case-insensitive)."""
        needle = text.lower()
        if not needle:
            return np.ones(len(self._order), dtype=bool)
        found = np.zeros(len(self._order), dtype=bool)
        for column in range(len(self._names)):
            if column not in self._folded:  # folded on first use, then kept
                self._folded[column] = fold(self._text[column])
            found |= contains(self._folded[column], needle)
        return found

    def filter_text(self, text: str) -> None:
        """Keep the rows that contain `text` in any column; "" shows every row."""
        self.set_row_filter(self.match_mask(text))

    def set_row_filter(self, keep: BoolArray) -> None:
        """Show only the frame rows where `keep` is true, in the current order."""
        if len(keep) != len(self._order):
            raise ValueError("the filter must have one entry per frame row")
        self.beginResetModel()  # the row count changes: a layout change is not enough
        self._keep = np.asarray(keep, dtype=bool)
        self._rows = self._order[self._keep[self._order]]
        self.endResetModel()
