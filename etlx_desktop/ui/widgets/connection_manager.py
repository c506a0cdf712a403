"""The connection manager: the saved connections on the left, the one being edited on the right.

Every action is a method that tests can call without a modal dialog (`save`, `duplicate_current`,
`delete_current`, `test_current`, `export_to`, `import_from`); the slots add only the file
dialogs and confirmations. "Test connection" runs on a worker thread (`ConnectionTester`), so
the window stays responsive; a second test cancels the first and drops its result. Passwords go
to the vault or the session dict (`PasswordKeeper`), never into a message, the list or the store
file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from ...core.connections import (
    Connection,
    ConnectionKind,
    ConnectionStore,
    ConnectionStoreError,
    PasswordPolicy,
    SecretVault,
    SecretVaultError,
)
from ..connection_secrets import AskMaster, MasterPasswordNotGiven, PasswordKeeper
from ..connection_tester import ConnectionTester
from .connection_fields import Outcome
from .connection_manager_view import ConnectionManagerView
from .connection_prompts import ask_master_password, confirm_delete, export_path, import_path


class ConnectionManager(QDialog):
    """Add, edit, test, duplicate, delete, export and import saved connections.

    `session_passwords` (by connection id) is the application's memory for the "until the app
    closes" policy; `ask_master_password(prompt)` asks for the vault's master password (a
    password input dialog by default). Call `shutdown()` (done by `done()` and closing).
    """

    connectionsChanged = Signal()  # after a save, delete, duplicate or import

    def __init__(
        self,
        store: ConnectionStore,
        vault: SecretVault,
        parent: QWidget | None = None,
        *,
        session_passwords: dict[str, str] | None = None,
        ask_master_password: AskMaster | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connections"))
        self.store = store
        self.session_passwords = {} if session_passwords is None else session_passwords
        self._keeper = PasswordKeeper(
            vault, self.session_passwords, ask_master_password or self._ask_master_password
        )
        self.tester = ConnectionTester(self)
        self.tester.finished.connect(self._on_tester_finished)
        self._loading = False
        self.view = ConnectionManagerView(self, keyring_available=vault.has_keyring)
        self.form = self.view.form
        self.model = self.view.model
        self.outcome = self.view.outcome
        self._connect()
        self.resize(1000, 700)
        self.reload()
        if self.model.rowCount() > 0:
            self.select(self.model.connection(0).id)
        else:
            self.new_connection()

    def _connect(self) -> None:
        v = self.view
        v.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        v.new_button.clicked.connect(self._on_new_button_clicked)
        v.kind_menu.triggered.connect(self._on_kind_menu_triggered)
        v.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        v.delete_button.clicked.connect(self._on_delete_button_clicked)
        v.save_button.clicked.connect(self._on_save_button_clicked)
        v.test_button.clicked.connect(self._on_test_button_clicked)
        v.export_button.clicked.connect(self._on_export_button_clicked)
        v.import_button.clicked.connect(self._on_import_button_clicked)
        v.close_button.clicked.connect(self.reject)

    # -- what is shown -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the store again (keeping the form as it is)."""
        try:
            connections = self.store.connections()
        except ConnectionStoreError as exc:
            connections = []
            self.outcome.set_outcome(Outcome.ERROR, str(exc))
        current = self.form.connection().id
        self._loading = True  # the list's selection follows; the form is not reloaded
        try:
            self.model.set_connections(connections)
            self._select_row(self.model.row_of(current))
        finally:
            self._loading = False
        self._update_buttons()

    def select(self, connection_id: str) -> bool:
        """Edit the saved connection with this id as saved (its password field empty)."""
        row = self.model.row_of(connection_id)
        if row < 0:
            return False
        self._loading = True  # shown below even when the row is current already
        try:
            self._select_row(row)
        finally:
            self._loading = False
        self._show_saved(self.model.connection(row))
        return True

    def current_id(self) -> str | None:
        """The id of the saved connection being edited; None while editing a new one."""
        current = self.form.connection().id
        return current if self.model.row_of(current) >= 0 else None

    def new_connection(self, kind: ConnectionKind = ConnectionKind.POSTGRESQL) -> None:
        """Start editing a new, unsaved connection."""
        self._select_row(-1)
        self.form.set_connection(Connection(name="", kind=kind))
        self._update_password_hint()
        self._update_buttons()
        self.form.name_edit.setFocus()

    def _select_row(self, row: int) -> None:
        selection = self.view.list_view.selectionModel()
        if row < 0:
            selection.clear()
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection.setCurrentIndex(index, flags)

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._loading and current.isValid():
            self._show_saved(self.model.connection(current.row()))

    def _show_saved(self, connection: Connection) -> None:
        self.form.set_connection(connection)
        self._update_password_hint()
        self._update_buttons()
        self.outcome.set_outcome(Outcome.NONE, "")

    def _update_buttons(self) -> None:
        saved = self.current_id() is not None
        self.view.duplicate_button.setEnabled(saved)
        self.view.delete_button.setEnabled(saved)
        self.view.export_button.setEnabled(self.model.rowCount() > 0)

    def _update_password_hint(self) -> None:
        kept = self.form.connection().password_policy is not PasswordPolicy.NEVER
        saved = self.current_id() is not None
        hint = self.tr("leave empty to keep the saved one") if kept and saved else ""
        if self.form.kind() is not ConnectionKind.S3:
            self.form.password_edit.setPlaceholderText(hint)

    # -- actions -------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form's connection (new or changed) and keep its typed password as its
        policy says; False, with the reason shown, if it cannot be saved."""
        connection = self.form.connection()
        typed = self.form.password()
        old = self._saved(connection.id)
        try:
            saved = self.store.update(connection) if old else self.store.add(connection)
        except ConnectionStoreError as exc:
            self.outcome.set_outcome(Outcome.ERROR, str(exc))
            return False
        note = self._keeper.keep_saved(old, saved, typed)
        self.form.set_connection(saved, typed)
        self.reload()
        self._update_password_hint()
        self.connectionsChanged.emit()
        if note:
            text = self.tr("Saved '{name}'; {note}.").format(name=saved.name, note=note)
        else:
            text = self.tr("Saved '{name}'.").format(name=saved.name)
        self.outcome.set_outcome(Outcome.OK, text)
        return True

    def _saved(self, connection_id: str) -> Connection | None:
        try:
            return self.store.get(connection_id)
        except ConnectionStoreError:
            return None

    def duplicate_current(self) -> Connection | None:
        """Save a copy of the connection being edited (without its password) and edit it."""
        current = self.current_id()
        if current is None:
            return None
        try:
            copy = self.store.duplicate(current)
        except ConnectionStoreError as exc:
            self.outcome.set_outcome(Outcome.ERROR, str(exc))
            return None
        self.reload()
        self.select(copy.id)
        self.connectionsChanged.emit()
        text = self.tr("Saved '{name}' (type its password to keep it).").format(name=copy.name)
        self.outcome.set_outcome(Outcome.OK, text)
        return copy

    def delete_current(self, confirm: bool = False) -> bool:
        """Delete the connection being edited and forget its password (asking first when
        `confirm`); False if nothing was deleted."""
        current = self.current_id()
        if current is None:
            return False
        connection = self.model.connection(self.model.row_of(current))
        if confirm and not confirm_delete(self, connection.name):
            return False
        try:
            self.store.delete(current)
        except ConnectionStoreError as exc:
            self.outcome.set_outcome(Outcome.ERROR, str(exc))
            return False
        note = self._keeper.forget_deleted(connection)
        row = self.model.row_of(current)
        self.reload()
        if self.model.rowCount() > 0:
            self.select(self.model.connection(min(row, self.model.rowCount() - 1)).id)
        else:
            self.new_connection()
        self.connectionsChanged.emit()
        text = self.tr("Deleted '{name}'.").format(name=connection.name)
        self.outcome.set_outcome(Outcome.OK, f"{text} {note}" if note else text)
        return True

    def test_current(self) -> None:
        """Test the form's connection off the GUI thread (with the typed password, else the
        kept one); the outcome label says "Testing…", then what the test found."""
        connection = self.form.connection()
        try:
            password = self.form.password() or self._keeper.password(connection)
        except MasterPasswordNotGiven:
            text = self.tr("Not tested: no master password was given.")
            self.outcome.set_outcome(Outcome.ERROR, text)
            return
        except SecretVaultError as exc:
            self.outcome.set_outcome(
                Outcome.ERROR, self.tr("Not tested: {problem}").format(problem=exc)
            )
            return
        # where() is the core's description, in English
        testing = self.tr("Testing the {where}…").format(where=connection.where())
        self.outcome.set_outcome(Outcome.BUSY, testing)
        self.tester.test(connection, password)

    def is_testing(self) -> bool:
        return self.tester.is_busy()

    def _on_tester_finished(self, connected: bool, text: str, details: str) -> None:
        self.outcome.set_outcome(Outcome.OK if connected else Outcome.ERROR, text, details)

    def export_to(self, path: Path, ids: list[str] | None = None) -> list[Connection]:
        """Write the saved connections (or those of `ids`) to `path`, without passwords."""
        try:
            chosen = [c.id for c in self.store.connections()] if ids is None else ids
            exported = self.store.export_connections(chosen, Path(path))
        except (ConnectionStoreError, OSError) as exc:
            text = self.tr("Nothing was exported: {problem}").format(problem=exc)
            self.outcome.set_outcome(Outcome.ERROR, text)
            return []
        self.outcome.set_outcome(Outcome.OK, self._exported_text(len(exported), Path(path).name))
        return exported

    def import_from(self, path: Path) -> list[Connection]:
        """Add the connections of an export file; their passwords are typed in afterwards."""
        try:
            added = self.store.import_connections(Path(path))
        except ConnectionStoreError as exc:
            text = self.tr("Nothing was imported: {problem}").format(problem=exc)
            self.outcome.set_outcome(Outcome.ERROR, text)
            return []
        self.reload()
        if added:
            self.select(added[0].id)
        self.connectionsChanged.emit()
        self.outcome.set_outcome(Outcome.OK, self._imported_text(len(added)))
        return added

    # English words a count of one on its own; every other count is a plural message, so a
    # language with more plural forms (Russian: 21 / 22 / 25) gets each of them
    def _exported_text(self, count: int, file: str) -> str:
        if count == 1:
            text = self.tr("Exported 1 connection to {file} (without passwords).")
        else:
            text = self.tr("Exported %n connections to {file} (without passwords).", "", count)
        return text.format(file=file)

    def _imported_text(self, count: int) -> str:
        if count == 1:
            return self.tr("Imported 1 connection; type its password and save to keep it.")
        return self.tr(
            "Imported %n connections; type their passwords and save to keep them.", "", count
        )

    # -- ending --------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the test thread (a running test is cancelled); safe to call twice."""
        self.tester.shutdown()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- slots: the modal parts ----------------------------------------------------------

    def _ask_master_password(self, prompt: str) -> str | None:
        return ask_master_password(self, prompt)

    def _on_new_button_clicked(self) -> None:
        self.new_connection()

    def _on_kind_menu_triggered(self, action: QAction) -> None:
        self.new_connection(ConnectionKind(action.data()))

    def _on_duplicate_button_clicked(self) -> None:
        self.duplicate_current()

    def _on_delete_button_clicked(self) -> None:
        self.delete_current(confirm=True)

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_test_button_clicked(self) -> None:
        self.test_current()

    def _on_export_button_clicked(self) -> None:
        path = export_path(self)
        if path is not None:
            self.export_to(path)

    def _on_import_button_clicked(self) -> None:
        path = import_path(self)
        if path is not None:
            self.import_from(path)
