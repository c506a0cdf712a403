"""Cell editors of the columns grid: combo boxes for closed lists, line edits for the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..models.columns_model import ColumnsModel
from .editor_cells import Section
from .editor_values import QT_TRANSLATE_NOOP, range_hint

Index = QModelIndex | QPersistentModelIndex
_PLACEHOLDERS = {
    Section.RANGE: "0 – 100",
    Section.ALLOWED: QT_TRANSLATE_NOOP("ColumnsDelegate", "a, b, c"),
    Section.PATTERN: "^[0-9]{12}$",
}
_TIPS = {
    Section.ALLOWED: QT_TRANSLATE_NOOP(
        "ColumnsDelegate", "Comma-separated; numbers for numeric columns"
    ),
    Section.PATTERN: QT_TRANSLATE_NOOP(
        "ColumnsDelegate", "A regular expression every value must match; empty for none"
    ),
}


class ColumnsDelegate(QStyledItemDelegate):
    """Edits a ColumnsModel cell; a combo box commits as soon as an item is picked."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        if isinstance(model, ColumnsModel) and model.choices(index.column()):
            combo = QComboBox(parent)
            combo.setMaxVisibleItems(20)
            for label, value in model.choices(index.column()):
                combo.addItem(label, value)
                if index.column() == Section.METHOD and value:
                    doc = model.method_doc(value)
                    combo.setItemData(combo.count() - 1, doc, Qt.ItemDataRole.ToolTipRole)
            combo.activated.connect(lambda _row: self._on_combo_activated(combo))
            return combo
        edit = QLineEdit(parent)
        section = Section(index.column())
        edit.setPlaceholderText(_translated(_PLACEHOLDERS.get(section, "")))
        tip = range_hint() if section is Section.RANGE else _translated(_TIPS.get(section, ""))
        edit.setToolTip(tip)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value or ""), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any = None
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def _on_combo_activated(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


def _translated(text: str) -> str:
    return QCoreApplication.translate("ColumnsDelegate", text) if text else ""
