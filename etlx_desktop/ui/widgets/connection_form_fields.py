"""The widgets of the connection form and their rows, each shown only for the kinds it
applies to (no behaviour here: `connection_form.py` keeps them in step)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.connections import ConnectionKind
from ...core.connections.model import DEFAULT_PORTS
from .connection_fields import (
    CERTIFICATE_FILTER,
    KIND_LABELS,
    NO_KEYRING_LABEL,
    POLICY_LABELS,
    SSL_LABELS,
    ExtraParameters,
    PathField,
    PathMode,
)

ERROR_STYLE = "color: #e0483d"  # a red that reads on the light and the dark theme alike
SERVER = frozenset({ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL})
SECRET_KINDS = SERVER | {ConnectionKind.S3}
LOCAL = frozenset({ConnectionKind.SQLITE, ConnectionKind.FOLDER})
S3 = frozenset({ConnectionKind.S3})
EXTRA_KINDS = SERVER | {ConnectionKind.SQLITE, ConnectionKind.S3}


def _combo(labels: dict[Any, str]) -> QComboBox:
    combo = QComboBox()
    for value, label in labels.items():
        combo.addItem(label, value)
    return combo


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class ConnectionFormFields(QWidget):
    """Every field of every kind, in one form layout; `show_kind_rows` hides the others."""

    def __init__(self, parent: QWidget | None = None, *, keyring_available: bool = True) -> None:
        super().__init__(parent)
        self._build(keyring_available)

    # -- building ------------------------------------------------------------------------

    def _build(self, keyring_available: bool) -> None:
        self.name_edit = _line("e.g. CRM production")
        self.kind_combo = _combo(KIND_LABELS)
        self.url_edit = _line("postgresql://user@host:5432/database — paste a URL and press Enter")
        self.url_error = _error_label()
        self.host_edit = _line("host name or IP address")
        self.port_edit = _line()
        self.port_edit.setValidator(QIntValidator(1, 65535, self.port_edit))
        self.database_edit = _line()
        self.user_edit = _line()
        self.password_edit = _line()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.policy_combo = _combo(POLICY_LABELS)
        if not keyring_available:
            self.policy_combo.setItemText(2, NO_KEYRING_LABEL)
        self.ssl_combo = _combo(SSL_LABELS)
        self.root_cert = PathField(PathMode.FILE, "Choose the root certificate", CERTIFICATE_FILTER)
        self.client_cert = PathField(
            PathMode.FILE, "Choose the client certificate", CERTIFICATE_FILTER
        )
        self.client_key = PathField(PathMode.FILE, "Choose the client key", CERTIFICATE_FILTER)
        self.timeout_spin = QSpinBox()
        self.timeout_spin.setRange(1, 3600)
        self.timeout_spin.setSuffix(" s")
        narrow = self.fontMetrics().horizontalAdvance("65535 (default)") + 24
        self.port_edit.setMaximumWidth(narrow)  # a port or a timeout across the form looks odd
        self.timeout_spin.setMaximumWidth(narrow)
        self.path_field = PathField(PathMode.FILE, "Choose the SQLite database file")
        self.bucket_edit = _line()
        self.prefix_edit = _line("optional folder inside the bucket")
        self.endpoint_edit = _line("e.g. http://127.0.0.1:8333 (empty: AWS)")
        self.region_edit = _line("e.g. us-east-1")
        self.path_style_check = QCheckBox("Path-style addresses (most S3-compatible servers)")
        self.extra = ExtraParameters()
        self.problems_label = _error_label()
        self._lay_out()

    def _lay_out(self) -> None:
        url_box = QWidget()
        url_layout = QVBoxLayout(url_box)
        url_layout.setContentsMargins(0, 0, 0, 0)
        url_layout.setSpacing(2)
        url_layout.addWidget(self.url_edit)
        url_layout.addWidget(self.url_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # (label, field, kinds it applies to)
        self._rows: list[tuple[QWidget, frozenset[ConnectionKind]]] = []
        everything = frozenset(ConnectionKind)
        for label, field, kinds in (
            ("&Name", self.name_edit, everything),
            ("&Kind", self.kind_combo, everything),
            ("&URL", url_box, everything),
            ("&Host", self.host_edit, SERVER),
            ("&Port", self.port_edit, SERVER),
            ("&Database", self.database_edit, SERVER),
            ("U&ser", self.user_edit, SERVER),
            ("Pass&word", self.password_edit, SECRET_KINDS),
            ("Sa&ve password", self.policy_combo, SECRET_KINDS),
            ("SS&L", self.ssl_combo, SERVER),
            ("Root certificate", self.root_cert, SERVER),
            ("Client certificate", self.client_cert, SERVER),
            ("Client key", self.client_key, SERVER),
            ("&File", self.path_field, LOCAL),
            ("&Bucket", self.bucket_edit, S3),
            ("Prefix", self.prefix_edit, S3),
            ("Endpoint URL", self.endpoint_edit, S3),
            ("Region", self.region_edit, S3),
            ("", self.path_style_check, S3),
            ("Connect &timeout", self.timeout_spin, everything),
            ("E&xtra parameters", self.extra, EXTRA_KINDS),
        ):
            self.form.addRow(label, field)
            self._rows.append((field, kinds))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form, 1)
        layout.addWidget(self.problems_label)

    def kind(self) -> ConnectionKind:
        return ConnectionKind(self.kind_combo.currentData())

    def show_kind_rows(self) -> None:
        kind = self.kind()
        for field, kinds in self._rows:
            self.form.setRowVisible(field, kind in kinds)
        default_port = DEFAULT_PORTS.get(kind.value)
        self.port_edit.setPlaceholderText(f"{default_port} (default)" if default_port else "")
        s3 = kind is ConnectionKind.S3
        password_label = self.form.labelForField(self.password_edit)
        if isinstance(password_label, QLabel):
            password_label.setText("Access &keys" if s3 else "Pass&word")
        self.password_edit.setPlaceholderText("ACCESS_KEY_ID:SECRET_ACCESS_KEY" if s3 else "")
        path_label = self.form.labelForField(self.path_field)
        if isinstance(path_label, QLabel):
            path_label.setText("&Folder" if kind is ConnectionKind.FOLDER else "&File")
        if kind is ConnectionKind.FOLDER:
            self.path_field.set_mode(PathMode.FOLDER, "Choose the folder of data files")
        else:
            self.path_field.set_mode(PathMode.FILE, "Choose the SQLite database file")
