"""Small editors of the connection form: a file or folder path with a browse button, the table
of extra driver parameters, and the plain-word labels of the form's choices."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.connections import ConnectionKind, PasswordPolicy, SslMode
from .editor_values import QT_TRANSLATE_NOOP

K = TypeVar("K")
# The labels in English; `translated_labels()` gives them in the app's language. Product names and
# libpq's SSL mode names stay as they are.
KIND_LABELS = {
    ConnectionKind.POSTGRESQL: "PostgreSQL",
    ConnectionKind.MYSQL: "MariaDB / MySQL",
    ConnectionKind.SQLITE: QT_TRANSLATE_NOOP("ConnectionFields", "SQLite database file"),
    ConnectionKind.FOLDER: QT_TRANSLATE_NOOP("ConnectionFields", "Folder of data files"),
    ConnectionKind.S3: QT_TRANSLATE_NOOP("ConnectionFields", "S3 bucket"),
}
SSL_LABELS = {
    SslMode.DISABLE: QT_TRANSLATE_NOOP("ConnectionFields", "Off"),
    SslMode.ALLOW: QT_TRANSLATE_NOOP("ConnectionFields", "Only if the server insists (allow)"),
    SslMode.PREFER: QT_TRANSLATE_NOOP("ConnectionFields", "If the server offers it (prefer)"),
    SslMode.REQUIRE: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Always, certificate not checked (require)"
    ),
    SslMode.VERIFY_CA: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Always, check the certificate (verify-ca)"
    ),
    SslMode.VERIFY_FULL: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Always, check certificate and host name (verify-full)"
    ),
}
POLICY_LABELS = {
    PasswordPolicy.NEVER: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Don't save it (type it each time)"
    ),
    PasswordPolicy.SESSION: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Remember it until the app closes"
    ),
    PasswordPolicy.KEYRING: QT_TRANSLATE_NOOP("ConnectionFields", "Save it in the system keyring"),
    PasswordPolicy.ENCRYPTED_FILE: QT_TRANSLATE_NOOP(
        "ConnectionFields", "Save it in an encrypted file (master password)"
    ),
}
NO_KEYRING_LABEL = QT_TRANSLATE_NOOP(
    "ConnectionFields", "Save it in the system keyring (none here: the encrypted file)"
)
CERTIFICATE_FILTER = QT_TRANSLATE_NOOP(
    "ConnectionFields", "Certificates and keys (*.pem *.crt *.cer *.key);;All files (*)"
)


def translated_label(text: str) -> str:
    """One of the labels above in the app's language."""
    return QCoreApplication.translate("ConnectionFields", text)


def translated_labels(english: dict[K, str]) -> dict[K, str]:
    """A table of labels above (`KIND_LABELS`, …) in the app's language."""
    return {key: translated_label(text) for key, text in english.items()}


class PathMode(Enum):
    FILE = "file"
    FOLDER = "folder"


class PathField(QWidget):
    """A path typed in or chosen with the "…" button."""

    changed = Signal()

    def __init__(
        self, mode: PathMode, caption: str, name_filter: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._mode = mode
        self._caption = caption
        self._filter = name_filter
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.changed)
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip(caption)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse_button)

    def text(self) -> str | None:
        """The path, or None when the field is empty."""
        return self.edit.text().strip() or None

    def set_text(self, text: str | None) -> None:
        self.edit.setText(text or "")

    def set_mode(self, mode: PathMode, caption: str) -> None:
        """Browse for a file or a folder from now on."""
        self._mode = mode
        self._caption = caption
        self.browse_button.setToolTip(caption)

    def _on_browse_button_clicked(self) -> None:
        start = self.edit.text()
        if self._mode is PathMode.FOLDER:
            chosen = QFileDialog.getExistingDirectory(self, self._caption, start)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self._caption, start, self._filter)
        if chosen:
            self.edit.setText(chosen)


class ExtraParameters(QWidget):
    """Further driver parameters as key/value rows; rows without a key are left out."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Parameter"), self.tr("Value")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = 3  # at least a few in view; it takes what room the form leaves
        height = self.table.horizontalHeader().sizeHint().height() + 24 * rows + 4
        self.table.setMinimumHeight(height)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.setToolTip(self.tr("Add a parameter"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QToolButton()
        self.remove_button.setText("−")
        self.remove_button.setToolTip(self.tr("Remove the selected parameter"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            key = self._cell(row, 0).strip()
            if key:
                found[key] = self._cell(row, 1)
        return found

    def set_values(self, values: dict[str, str]) -> None:
        self.table.blockSignals(True)  # one `changed` for the whole table, not one per cell
        try:
            self.table.setRowCount(0)
            for key, value in values.items():
                self._append(key, value)
        finally:
            self.table.blockSignals(False)

    def add_row(self, key: str = "", value: str = "") -> None:
        """Add a row (and start editing its key when it is empty)."""
        self._append(key, value)
        row = self.table.rowCount() - 1
        item = self.table.item(row, 0)
        if not key and item is not None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(item)
        self.changed.emit()

    def _append(self, key: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(key))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.changed.emit()

    def _on_add_button_clicked(self) -> None:
        self.add_row()

    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()


class Outcome(Enum):
    NONE = "none"
    BUSY = "busy"
    OK = "ok"
    ERROR = "error"


# Fixed text on a fixed background: readable under the light and the dark theme alike
_CHIP = "QLabel {{ background: {}; color: {}; border: 1px solid {}; border-radius: 4px; }}"
_OUTCOME_STYLES = {
    Outcome.NONE: "",
    Outcome.BUSY: "",
    Outcome.OK: _CHIP.format("#e6f4ea", "#1e4620", "#3c8d5a"),
    Outcome.ERROR: _CHIP.format("#fdecea", "#6b1d16", "#d93025"),
}


class OutcomeLabel(QLabel):
    """One line (wrapped) saying how the last action went: green, red, or plain while busy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = Outcome.NONE
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContentsMargins(8, 5, 8, 5)
        self.set_outcome(Outcome.NONE, "")

    def set_outcome(self, outcome: Outcome, text: str, details: str = "") -> None:
        self.outcome = outcome
        self.setStyleSheet(_OUTCOME_STYLES[outcome])
        self.setText(text)
        self.setToolTip(details)
        self.setVisible(bool(text))
