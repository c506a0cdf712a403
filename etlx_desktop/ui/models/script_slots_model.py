"""The list of a module's script slots, each with whether its script will run."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ...core.metadata.editing_scripts import ScriptSlot, ScriptState, ScriptStatus
from ..widgets.editor_icons import error_icon, warning_icon

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole  # the slot's JSON path
APPROVED_COLOR = QColor("#1e8e3e")  # reads on light and dark backgrounds alike
SHORT_TEXT = {  # beside the state's icon (✓ green, ⚠ amber, ✗ red)
    ScriptState.APPROVED: "approved",
    ScriptState.CHANGED: "changed since approval",
    ScriptState.NOT_APPROVED: "not approved",
    ScriptState.MISSING: "file missing",
    ScriptState.UNREADABLE: "cannot be read",
    ScriptState.NO_SCRIPT: "no file chosen",
}
Row = tuple[ScriptSlot, ScriptStatus]


@cache
def approved_icon() -> QIcon:
    """A green badge with a tick, painted (no emoji font needed)."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(APPROVED_COLOR)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    tick = QPainterPath(QPointF(9, 16.5))
    tick.lineTo(QPointF(14, 21.5))
    tick.lineTo(QPointF(23, 11))
    pen = QPen(QColor("white"), 3.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)
    painter.end()
    return QIcon(pixmap)


def state_icon(state: ScriptState) -> QIcon:
    if state is ScriptState.APPROVED:
        return approved_icon()
    return warning_icon() if state is ScriptState.CHANGED else error_icon()


class ScriptSlotsModel(QAbstractListModel):
    """One row per slot: its label and state. `set_rows` with the same slots updates the rows in
    place (the selection stays); other slots reset the model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        if [s.path for s, _ in rows] != [s.path for s, _ in self._rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        if rows:  # a handful of rows: telling the view all changed is cheaper than comparing
            self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_path(self, path: str) -> int:
        """The row of the slot at JSON path `path`, or -1."""
        return next((i for i, (s, _) in enumerate(self._rows) if s.path == path), -1)

    # --- QAbstractListModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        slot, status = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{slot.label}\n{SHORT_TEXT[status.state]}"
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(status.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            file = slot.script.path if slot.script else "no file chosen"
            return f"{slot.label}: {file}\n{status.state.value}\n{slot.path}"
        if role == PATH_ROLE:
            return slot.path
        return None


def status_sentence(status: ScriptStatus | None, approved: str | None) -> str:
    """What the state means for running, in a sentence."""
    if status is None:
        return ""
    state = status.state
    if state is ScriptState.APPROVED:
        return "<b>Approved.</b> The file matches the approved checksum, so it will run."
    if state is ScriptState.CHANGED:
        return (
            "<b>Changed since approval.</b> It will not run until you review and approve it "
            f"again. It was approved as {_short(approved)}; the file now is:"
        )
    if state is ScriptState.NOT_APPROVED:
        return "<b>Not approved.</b> It will not run until you review and approve it."
    if state is ScriptState.MISSING:
        return "<b>File missing.</b> Choose the file, or put it back in the module's folder."
    if state is ScriptState.NO_SCRIPT:
        return "<b>No file chosen.</b> This step expects a script."
    return f"<b>Cannot be read:</b> {html.escape(status.reason or 'unknown reason')}."


def _short(checksum: str | None) -> str:
    """Enough of a checksum to tell two apart by eye (a whole one does not wrap)."""
    return f"{checksum[:19]}…" if checksum else "nothing"
