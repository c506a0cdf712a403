"""The list of a module's script slots, each with whether its script will run."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ...core.metadata.editing_scripts import ScriptKind, ScriptSlot, ScriptState, ScriptStatus
from ..widgets.editor_icons import error_icon, warning_icon
from ..widgets.editor_values import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole  # the slot's JSON path
APPROVED_COLOR = QColor("#1e8e3e")  # reads on light and dark backgrounds alike
SHORT_TEXT = {  # beside the state's icon (✓ green, ⚠ amber, ✗ red)
    ScriptState.APPROVED: QT_TRANSLATE_NOOP("ScriptSlotsModel", "approved"),
    ScriptState.CHANGED: QT_TRANSLATE_NOOP("ScriptSlotsModel", "changed since approval"),
    ScriptState.NOT_APPROVED: QT_TRANSLATE_NOOP("ScriptSlotsModel", "not approved"),
    ScriptState.MISSING: QT_TRANSLATE_NOOP("ScriptSlotsModel", "file missing"),
    ScriptState.UNREADABLE: QT_TRANSLATE_NOOP("ScriptSlotsModel", "cannot be read"),
    ScriptState.NO_SCRIPT: QT_TRANSLATE_NOOP("ScriptSlotsModel", "no file chosen"),
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


def slot_label(slot: ScriptSlot) -> str:
    """The slot's name in the app's language: `orders · transformation 2`, `upload`."""
    if slot.kind is ScriptKind.UPLOAD:
        return QCoreApplication.translate("ScriptSlotsModel", "upload")
    if slot.kind is ScriptKind.EXTRACTION:
        return QCoreApplication.translate("ScriptSlotsModel", "{table} · extraction").format(
            table=slot.table
        )
    if slot.label == f"{slot.table} · transformation" or slot.step is None:  # the only step
        step = QCoreApplication.translate("ScriptSlotsModel", "{table} · transformation")
        return step.format(table=slot.table)
    step = QCoreApplication.translate("ScriptSlotsModel", "{table} · transformation {number}")
    return step.format(table=slot.table, number=slot.step + 1)


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
            return f"{slot_label(slot)}\n{self.tr(SHORT_TEXT[status.state])}"
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(status.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            file = slot.script.path if slot.script else self.tr("no file chosen")
            return f"{slot_label(slot)}: {file}\n{self.tr(SHORT_TEXT[status.state])}\n{slot.path}"
        if role == PATH_ROLE:
            return slot.path
        return None


def status_sentence(status: ScriptStatus | None, approved: str | None) -> str:
    """What the state means for running, in a sentence."""
    if status is None:
        return ""
    state = status.state
    if state is ScriptState.APPROVED:
        return QCoreApplication.translate(
            "ScriptSlotsModel",
            "<b>Approved.</b> The file matches the approved checksum, so it will run.",
        )
    if state is ScriptState.CHANGED:
        changed = QCoreApplication.translate(
            "ScriptSlotsModel",
            "<b>Changed since approval.</b> It will not run until you review and approve it "
            "again. It was approved as {checksum}; the file now is:",
        )
        return changed.format(checksum=_short(approved))
    if state is ScriptState.NOT_APPROVED:
        return QCoreApplication.translate(
            "ScriptSlotsModel",
            "<b>Not approved.</b> It will not run until you review and approve it.",
        )
    if state is ScriptState.MISSING:
        return QCoreApplication.translate(
            "ScriptSlotsModel",
            "<b>File missing.</b> Choose the file, or put it back in the module's folder.",
        )
    if state is ScriptState.NO_SCRIPT:
        return QCoreApplication.translate(
            "ScriptSlotsModel", "<b>No file chosen.</b> This step expects a script."
        )
    reason = status.reason or QCoreApplication.translate("ScriptSlotsModel", "unknown reason")
    unreadable = QCoreApplication.translate("ScriptSlotsModel", "<b>Cannot be read:</b> {reason}.")
    return unreadable.format(reason=html.escape(reason))


def _short(checksum: str | None) -> str:
    """Enough of a checksum to tell two apart by eye (a whole one does not wrap)."""
    return (
        f"{checksum[:19]}…"
        if checksum
        else QCoreApplication.translate("ScriptSlotsModel", "nothing")
    )
