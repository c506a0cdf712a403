"""The small forms behind "Add target…": a PostgreSQL database and an S3 bucket.

A form holds no logic of its own: OK hands the entered text to `submit`, which drafts and adds
the target (see `RunTargets`) and returns why it could not, shown in the form, which stays
open. No field takes a password: each names where the secret is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .editor_values import QT_TRANSLATE_NOOP

Submit = Callable[..., str | None]  # the form's values -> why they were refused, or None

SECRET_HELP = QT_TRANSLATE_NOOP(
    "TargetForm",
    "Name of the environment variable that holds it (or keyring:SERVICE/NAME, file:PATH). "
    "The module keeps only this name; a run reads the secret when it starts.",
)


def secret_help() -> str:
    """The tooltip of a field naming where a secret is kept, in the app's language."""
    return QCoreApplication.translate("TargetForm", SECRET_HELP)


class _TargetForm(QDialog):
    def __init__(self, title: str, submit: Submit, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.help = QLabel()
        self.help.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.help)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _field(self, label: str, placeholder: str, tip: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tip)
        self.form.addRow(label, edit)
        return edit

    def _help(self, text: str) -> None:
        # under the form, not in a row of it: a wrapped label in a form row gets clipped
        self.help.setText(text)

    def _values(self) -> tuple[object, ...]:
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        reason = self._submit(*self._values())
        if reason:
            text = QCoreApplication.translate("TargetForm", "Cannot add this target: {reason}.")
            self.reason.setText(text.format(reason=reason))
            self.reason.show()
            return
        self.accept()


class DatabaseTargetForm(_TargetForm):
    """A PostgreSQL URL without a password, a schema prefix, the password's variable."""

    def __init__(self, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a PostgreSQL target"), submit, parent)
        self.url = self._field(
            self.tr("Database URL"),
            "postgresql://user@host:5432/database",
            self.tr("No password in the URL."),
        )
        self.schema = self._field(
            self.tr("Schema prefix"), self.tr("the module's name: <prefix>_v1, _v2, …")
        )
        self.secret = self._field(self.tr("Password in"), "ETLX_WAREHOUSE_PASSWORD", secret_help())
        self._help(
            self.tr(
                "Each version is a schema of its own, listed in the database's catalog. Leave "
                '"Password in" empty when the server needs no password.'
            )
        )

    def _values(self) -> tuple[object, ...]:
        return self.url.text(), self.schema.text(), self.secret.text()


class S3TargetForm(_TargetForm):
    """A bucket and prefix, the endpoint of a server other than AWS, the keys' variable."""

    def __init__(self, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add an S3 target"), submit, parent)
        self.location = self._field(self.tr("Bucket and prefix"), "s3://bucket/modules")
        self.endpoint = self._field(
            self.tr("Endpoint URL"), self.tr("empty for AWS; http://127.0.0.1:8333, …")
        )
        self.region = self._field(self.tr("Region"), "us-east-1")
        self.path_style = QCheckBox(
            self.tr("Path-style addressing (most self-hosted servers need it)")
        )
        self.form.addRow("", self.path_style)
        self.secret = self._field(self.tr("Keys in"), "ETLX_S3_KEYS", secret_help())
        self._help(self.tr('The secret named in "Keys in" holds ACCESS_KEY_ID:SECRET_ACCESS_KEY.'))
        self._style_chosen = False
        self.path_style.clicked.connect(self._on_path_style_clicked)
        self.endpoint.textEdited.connect(self._on_endpoint_text_edited)

    def _on_path_style_clicked(self) -> None:
        self._style_chosen = True

    def _on_endpoint_text_edited(self, text: str) -> None:
        if not self._style_chosen:
            self.path_style.setChecked(bool(text.strip()))  # likely, until the user says

    def _values(self) -> tuple[object, ...]:
        return (
            self.location.text(),
            self.endpoint.text(),
            self.region.text(),
            self.secret.text(),
            self.path_style.isChecked(),
        )
