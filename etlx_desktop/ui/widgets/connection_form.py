"""The form editing one saved connection, with its URL kept in step both ways.

Editing a field rewrites the URL line (`to_url`, never with a password). A URL typed or pasted
there fills the form when Enter is pressed or the line is left (`from_url`): a password in it
goes to the password field and is then gone from the URL. A URL that cannot be read leaves the
form as it was and says why under the line. Only the rows that apply to the kind are shown.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...core.connections import (
    Connection,
    ConnectionKind,
    ConnectionUrlError,
    PasswordPolicy,
    SslMode,
    connection_problems,
    from_url,
    to_url,
)
from .connection_form_fields import (
    EXTRA_KINDS,
    LOCAL,
    SECRET_KINDS,
    SERVER,
    ConnectionFormFields,
)


class ConnectionForm(ConnectionFormFields):
    """Edits one `Connection` (`set_connection`, `connection()`) and its typed `password()`."""

    changed = Signal()  # any edit of a field (the URL line included, once it is read)

    def __init__(self, parent: QWidget | None = None, *, keyring_available: bool = True) -> None:
        super().__init__(parent, keyring_available=keyring_available)
        self._base = Connection(name="", kind=ConnectionKind.POSTGRESQL)
        self._filling = False
        self._shown_url = ""
        self._connect()
        self.set_connection(self._base)

    def _connect(self) -> None:
        for edit in (self.name_edit, self.host_edit, self.port_edit, self.database_edit):
            edit.textChanged.connect(self._on_field_changed)
        for edit in (self.user_edit, self.bucket_edit, self.prefix_edit, self.endpoint_edit):
            edit.textChanged.connect(self._on_field_changed)
        self.region_edit.textChanged.connect(self._on_field_changed)
        self.password_edit.textChanged.connect(self._on_password_edit_text_changed)
        for combo in (self.policy_combo, self.ssl_combo):
            combo.currentIndexChanged.connect(self._on_field_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        for field in (self.root_cert, self.client_cert, self.client_key, self.path_field):
            field.changed.connect(self._on_field_changed)
        self.extra.changed.connect(self._on_field_changed)
        self.timeout_spin.valueChanged.connect(self._on_field_changed)
        self.path_style_check.toggled.connect(self._on_field_changed)
        self.url_edit.editingFinished.connect(self._on_url_edit_editing_finished)

    # -- the connection ------------------------------------------------------------------

    def connection(self) -> Connection:
        """The connection as the form shows it; fields the kind does not use are left unset."""
        kind = self.kind()
        fields: dict[str, Any] = {}
        if kind in SERVER:
            fields = self._server_fields()
        elif kind in LOCAL:
            fields = {"path": self.path_field.text()}
        else:
            fields = self._s3_fields()
        if kind in EXTRA_KINDS:
            fields["extra"] = self.extra.values()
        policy = PasswordPolicy(self.policy_combo.currentData())
        return Connection(
            name=self.name_edit.text().strip(),
            kind=kind,
            id=self._base.id,
            created=self._base.created,
            updated=self._base.updated,
            connect_timeout=self.timeout_spin.value(),
            password_policy=policy if kind in SECRET_KINDS else PasswordPolicy.NEVER,
            **fields,
        )

    def _server_fields(self) -> dict[str, Any]:
        port = self.port_edit.text().strip()
        return {
            "host": self.host_edit.text().strip() or None,
            "port": int(port) if port.isdigit() else None,
            "database": self.database_edit.text().strip() or None,
            "user": self.user_edit.text().strip() or None,
            "ssl_mode": SslMode(self.ssl_combo.currentData()),
            "ssl_root_cert": self.root_cert.text(),
            "ssl_cert": self.client_cert.text(),
            "ssl_key": self.client_key.text(),
        }

    def _s3_fields(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket_edit.text().strip() or None,
            "prefix": self.prefix_edit.text().strip().strip("/") or None,
            "endpoint_url": self.endpoint_edit.text().strip() or None,
            "region": self.region_edit.text().strip() or None,
            "path_style": self.path_style_check.isChecked(),
        }

    def password(self) -> str | None:
        """The typed password (for S3, ``ACCESS:SECRET``), or None if none is typed."""
        if self.kind() not in SECRET_KINDS:
            return None
        return self.password_edit.text() or None

    def problems(self) -> list[str]:
        return connection_problems(self.connection())

    def set_connection(self, connection: Connection, password: str | None = None) -> None:
        """Show `connection` (and `password`, or an empty password field)."""
        c = connection
        self._base = c
        self._filling = True  # one refresh at the end, not one per field
        try:
            self.name_edit.setText(c.name)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(c.kind.value))
            for edit, value in (
                (self.host_edit, c.host),
                (self.port_edit, None if c.port is None else str(c.port)),
                (self.database_edit, c.database),
                (self.user_edit, c.user),
                (self.password_edit, password),
                (self.bucket_edit, c.bucket),
                (self.prefix_edit, c.prefix),
                (self.endpoint_edit, c.endpoint_url),
                (self.region_edit, c.region),
            ):
                edit.setText(value or "")
            self.policy_combo.setCurrentIndex(self.policy_combo.findData(c.password_policy.value))
            self.ssl_combo.setCurrentIndex(self.ssl_combo.findData(c.ssl_mode.value))
            self.root_cert.set_text(c.ssl_root_cert)
            self.client_cert.set_text(c.ssl_cert)
            self.client_key.set_text(c.ssl_key)
            self.path_field.set_text(c.path)
            self.path_style_check.setChecked(c.path_style)
            self.timeout_spin.setValue(c.connect_timeout)
            self.extra.set_values(c.extra)
        finally:
            self._filling = False
        self.show_kind_rows()
        self._refresh()

    # -- the URL -------------------------------------------------------------------------

    def apply_url(self, text: str) -> bool:
        """Fill the form from a URL; False (the form untouched, the reason shown) if it cannot
        be read. A password in the URL goes to the password field."""
        current = self.connection()
        try:
            parsed, password = from_url(text, current)
            if not current.name:
                parsed = dataclasses.replace(parsed, name=from_url(text)[0].name)
        except ConnectionUrlError as exc:
            # the reason is the core's, in English
            self.url_error.setText(
                self.tr("This URL cannot be read: {problem}.").format(problem=exc)
            )
            self.url_error.show()
            return False
        self.set_connection(parsed, password if password is not None else self.password())
        return True

    def url_error_text(self) -> str:
        """Why the URL line could not be read ("" when it could)."""
        return self.url_error.text() if not self.url_error.isHidden() else ""

    def _on_url_edit_editing_finished(self) -> None:
        if self.url_edit.text() != self._shown_url:
            self.apply_url(self.url_edit.text())

    # -- keeping in step -----------------------------------------------------------------

    def _on_field_changed(self, *_args: object) -> None:
        if not self._filling:
            self._refresh()

    def _on_password_edit_text_changed(self, _text: str) -> None:
        if not self._filling:
            self.changed.emit()  # the URL never shows it: nothing else to refresh

    def _on_kind_combo_changed(self, _index: int) -> None:
        if not self._filling:
            self.show_kind_rows()
            self._refresh()

    def _refresh(self) -> None:
        connection = self.connection()
        self._shown_url = to_url(connection)
        self.url_edit.setText(self._shown_url)
        self.url_edit.setCursorPosition(0)
        self.url_error.hide()
        problems = connection_problems(connection)
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.changed.emit()
