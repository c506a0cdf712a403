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
    translated_label,
    translated_labels,
)

ERROR_STYLE = "color: #e0483d"  # a red that reads on the light and the dark theme alike
SERVER = frozenset({ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL})
SECRET_KINDS = SERVER | {ConnectionKind.S3}
LOCAL = frozenset({ConnectionKind.SQLITE, ConnectionKind.FOLDER})
S3 = frozenset({ConnectionKind.S3})
EXTRA_KINDS = SERVER | {ConnectionKind.SQLITE, ConnectionKind.S3}


def _combo(labels: dict[Any, str]) -> QComboBox:
    combo = QComboBox()
    # as wide as the form allows, not as its longest choice (a long translation would push the
    # form wider than the dialog); the open list still shows each choice whole
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
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
        self.name_edit = _line(self.tr("e.g. CRM production"))
        self.kind_combo = _combo(translated_labels(KIND_LABELS))
        self.url_edit = _line(
            self.tr("postgresql://user@host:5432/database — paste a URL and press Enter")
        )
        self.url_error = _error_label()
        self.host_edit = _line(self.tr("host name or IP address"))
        self.port_edit = _line()
        self.port_edit.setValidator(QIntValidator(1, 65535, self.port_edit))
        self.database_edit = _line()
        self.user_edit = _line()
        self.password_edit = _line()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.policy_combo = _combo(translated_labels(POLICY_LABELS))
        if not keyring_available:
            self.policy_combo.setItemText(2, translated_label(NO_KEYRING_LABEL))
        self.ssl_combo = _combo(translated_labels(SSL_LABELS))
        certificates = translated_label(CERTIFICATE_FILTER)
        self.root_cert = PathField(
            PathMode.FILE, self.tr("Choose the root certificate"), certificates
        )
        self.client_cert = PathField(
            PathMode.FILE, self.tr("Choose the client certificate"), certificates
        )
        self.client_key = PathField(PathMode.FILE, self.tr("Choose the client key"), certificates)
        self.timeout_spin = QSpinBox()
        self.timeout_spin.setRange(1, 3600)
        self.timeout_spin.setSuffix(self.tr(" s"))
        narrow = self.fontMetrics().horizontalAdvance(self._default_port(65535)) + 24
        self.port_edit.setMaximumWidth(narrow)  # a port or a timeout across the form looks odd
        self.timeout_spin.setMaximumWidth(narrow)
        self.path_field = PathField(PathMode.FILE, self.tr("Choose the SQLite database file"))
        self.bucket_edit = _line()
        self.prefix_edit = _line(self.tr("optional folder inside the bucket"))
        self.endpoint_edit = _line(self.tr("e.g. http://127.0.0.1:8333 (empty: AWS)"))
        self.region_edit = _line(self.tr("e.g. us-east-1"))
        self.path_style_check = QCheckBox(
            self.tr("Path-style addresses (most S3-compatible servers)")
        )
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
            (self.tr("&Name"), self.name_edit, everything),
            (self.tr("&Kind"), self.kind_combo, everything),
            (self.tr("&URL"), url_box, everything),
            (self.tr("&Host"), self.host_edit, SERVER),
            (self.tr("&Port"), self.port_edit, SERVER),
            (self.tr("&Database"), self.database_edit, SERVER),
            (self.tr("U&ser"), self.user_edit, SERVER),
            (self.tr("Pass&word"), self.password_edit, SECRET_KINDS),
            (self.tr("Sa&ve password"), self.policy_combo, SECRET_KINDS),
            (self.tr("SS&L"), self.ssl_combo, SERVER),
            (self.tr("Root certificate"), self.root_cert, SERVER),
            (self.tr("Client certificate"), self.client_cert, SERVER),
            (self.tr("Client key"), self.client_key, SERVER),
            (self.tr("&File"), self.path_field, LOCAL),
            (self.tr("&Bucket"), self.bucket_edit, S3),
            (self.tr("Prefix"), self.prefix_edit, S3),
            (self.tr("Endpoint URL"), self.endpoint_edit, S3),
            (self.tr("Region"), self.region_edit, S3),
            ("", self.path_style_check, S3),
            (self.tr("Connect &timeout"), self.timeout_spin, everything),
            (self.tr("E&xtra parameters"), self.extra, EXTRA_KINDS),
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
        self.port_edit.setPlaceholderText(self._default_port(default_port) if default_port else "")
        s3 = kind is ConnectionKind.S3
        password_label = self.form.labelForField(self.password_edit)
        if isinstance(password_label, QLabel):
            password_label.setText(self.tr("Access &keys") if s3 else self.tr("Pass&word"))
        self.password_edit.setPlaceholderText("ACCESS_KEY_ID:SECRET_ACCESS_KEY" if s3 else "")
        path_label = self.form.labelForField(self.path_field)
        if isinstance(path_label, QLabel):
            folder = kind is ConnectionKind.FOLDER
            path_label.setText(self.tr("&Folder") if folder else self.tr("&File"))
        if kind is ConnectionKind.FOLDER:
            self.path_field.set_mode(PathMode.FOLDER, self.tr("Choose the folder of data files"))
        else:
            self.path_field.set_mode(PathMode.FILE, self.tr("Choose the SQLite database file"))

    def _default_port(self, port: int) -> str:
        return self.tr("{port} (default)").format(port=port)
