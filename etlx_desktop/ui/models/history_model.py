"""The versions of a module in its targets, newest first: one row per published version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ...core.storage.history import VersionRecord
from ..widgets.editor_values import QT_TRANSLATE_NOOP
from ..widgets.report_view import count_text, when_text

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("HistoryModel", "Version"),
    QT_TRANSLATE_NOOP("HistoryModel", "When"),
    QT_TRANSLATE_NOOP("HistoryModel", "Rows"),
    QT_TRANSLATE_NOOP("HistoryModel", "Quarantined"),
    QT_TRANSLATE_NOOP("HistoryModel", "Target"),
)
_FIGURES = {0, 2, 3}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class HistoryModel(QAbstractTableModel):
    """Rows of `VersionRecord`s, in the order given (newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[VersionRecord] = []

    def set_records(self, records: list[VersionRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> VersionRecord:
        return self._records[row]

    def records(self) -> list[VersionRecord]:
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _FIGURES:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _FIGURES:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            published = self.tr("published {when} by run {run}").format(
                when=record.created_at, run=record.run_id
            )
            return f"{record.target} ({record.kind}): {record.location}\n{published}"
        return None

    @staticmethod
    def _text(record: VersionRecord, column: int) -> str:
        if column == 0:
            return str(record.version)
        if column == 1:
            return when_text(record.created_at)
        if column == 2:
            return count_text(record.total_rows)
        if column == 3:
            quarantined = record.total_quarantined
            return "—" if quarantined is None else count_text(quarantined)
        return record.target
