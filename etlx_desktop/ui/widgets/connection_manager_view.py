"""The widgets of the connection manager and how they are laid out (no behaviour here)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..models.connection_list_model import ConnectionListModel
from .connection_fields import KIND_LABELS, OutcomeLabel, translated_labels
from .connection_form import ConnectionForm
from .connection_list_delegate import ConnectionListDelegate


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter in a field (the URL line) must not press a button
    return button


class ConnectionManagerView:
    """Builds the manager's widgets into `dialog`: the list, the form, the buttons."""

    def __init__(self, dialog: QWidget, *, keyring_available: bool) -> None:
        self.model = ConnectionListModel(dialog)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setItemDelegate(ConnectionListDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QToolButton()
        self.new_button.setText(QCoreApplication.translate("ConnectionManagerView", "New"))
        self.new_button.setToolTip(
            QCoreApplication.translate(
                "ConnectionManagerView", "A new PostgreSQL connection (the arrow: another kind)"
            )
        )
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.kind_menu = QMenu(self.new_button)
        for kind, label in translated_labels(KIND_LABELS).items():
            self.kind_menu.addAction(label).setData(kind.value)
        self.new_button.setMenu(self.kind_menu)
        self.duplicate_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Duplicate"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Save a copy (without the password)"
            ),
        )
        self.delete_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Delete…"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Delete this connection and its saved password"
            ),
        )
        self.form = ConnectionForm(keyring_available=keyring_available)
        self.outcome = OutcomeLabel()
        self.test_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Test connection"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Connect once and show what answers"
            ),
        )
        self.import_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Import…"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Add the connections of an export file"
            ),
        )
        self.export_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Export…"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Write the saved connections to a file"
            ),
        )
        self.save_button = _button(
            QCoreApplication.translate("ConnectionManagerView", "Save"),
            QCoreApplication.translate(
                "ConnectionManagerView", "Save this connection (and its password, as chosen)"
            ),
        )
        self.close_button = _button(QCoreApplication.translate("ConnectionManagerView", "Close"))
        self._lay_out(dialog)

    def _lay_out(self, dialog: QWidget) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(QCoreApplication.translate("ConnectionManagerView", "Saved &connections"))
        title.setBuddy(self.list_view)
        left_layout.addWidget(title)
        left_layout.addWidget(self.list_view, 1)
        list_buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left_layout.addLayout(list_buttons)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form.setContentsMargins(4, 0, 8, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([350, 650])
        splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        for button in (self.test_button, self.import_button, self.export_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(dialog)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(bottom)
