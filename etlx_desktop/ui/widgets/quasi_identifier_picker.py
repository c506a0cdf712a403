"""A button whose menu lists a table's columns with check boxes: the quasi-identifiers the
preview's privacy figures are computed over."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

Index = QModelIndex | QPersistentModelIndex
LIST_ROWS = 12  # rows the list shows before it scrolls
ARROW_ROOM = 16  # px: some themes (qdarkstyle) draw the menu arrow over a snug button's text
_CHECK = Qt.ItemDataRole.CheckStateRole


def _state(checked: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked


class ColumnChoiceModel(QAbstractListModel):
    """Column names, each with a check box; `changed` fires once per change the user makes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._checked: list[bool] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._names[index.row()]
        if role == _CHECK:
            return _state(self._checked[index.row()])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != _CHECK or not index.isValid() or not 0 <= index.row() < len(self._names):
            return False
        # a view passes the state as a plain int, code as a Qt.CheckState
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        if self._checked[index.row()] != checked:
            self._checked[index.row()] = checked
            self.dataChanged.emit(index, index, [_CHECK])
            self.changed.emit()
        return True

    def set_columns(self, names: Sequence[str], checked: Collection[str]) -> None:
        self.beginResetModel()
        self._names = list(names)
        self._checked = [name in checked for name in self._names]
        self.endResetModel()

    def check_only(self, names: Collection[str]) -> None:
        """Tick exactly `names`: one change, however many boxes it flips."""
        self._checked = [name in names for name in self._names]
        if self._names:
            self.dataChanged.emit(self.index(0), self.index(len(self._names) - 1), [_CHECK])
        self.changed.emit()

    def names(self) -> list[str]:
        return list(self._names)

    def checked(self) -> list[str]:
        return [name for name, on in zip(self._names, self._checked, strict=True) if on]


class QuasiIdentifierPicker(QPushButton):
    """The menu holds a list view, not actions, so it stays open while columns are ticked; every
    tick reports the whole choice through `changed`. A push button, since a tool button draws
    its menu arrow over the text."""

    changed = Signal(list)  # the ticked column names, in column order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Quasi-identifiers…"))
        self.setToolTip(self.tr("The columns that together could single a person out"))
        self.model = ColumnChoiceModel(self)
        self.column_list = QListView()
        self.column_list.setModel(self.model)
        self.column_list.setUniformItemSizes(True)
        self.reset_button = QPushButton(self.tr("Reset to defaults"))
        self._defaults: list[str] = []
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.column_list)
        layout.addWidget(self.reset_button)
        action = QWidgetAction(self)
        action.setDefaultWidget(box)
        menu = QMenu(self)
        menu.addAction(action)
        self.setMenu(menu)
        self.model.changed.connect(self._on_model_changed)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + ARROW_ROOM, hint.height())

    def chosen(self) -> list[str]:
        return self.model.checked()

    def set_choices(
        self, columns: Sequence[str], chosen: Collection[str], defaults: Sequence[str]
    ) -> None:
        """List `columns` with `chosen` ticked; quietly, since the choice is already known."""
        self._defaults = list(defaults)
        self.setEnabled(bool(columns))
        if self.model.names() == list(columns) and set(self.chosen()) == set(chosen):
            return  # the menu may be open: resetting the model would lose the user's place
        self.model.set_columns(columns, chosen)
        rows = min(max(len(columns), 1), LIST_ROWS)
        row_height = self.column_list.sizeHintForRow(0) if columns else 20
        self.column_list.setFixedHeight(row_height * rows + 2 * self.column_list.frameWidth())

    def set_checked(self, name: str, checked: bool) -> None:
        """Tick or untick one column, as a click on its box would."""
        if name in self.model.names():
            index = self.model.index(self.model.names().index(name))
            self.model.setData(index, _state(checked), _CHECK)

    def _on_model_changed(self) -> None:
        self.changed.emit(self.chosen())

    def _on_reset_button_clicked(self) -> None:
        self.model.check_only(self._defaults)
