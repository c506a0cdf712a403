"""The main window's side of saved connections: the store, the vault, the session's passwords,
the connection manager dialog, and what the schema browser browses.

The browser lists the module's own database sources first, then each saved database
connection that is not one of them. A table added from a saved connection gets a source whose
`secretRef` points at where that connection's password is kept (keyring or encrypted file), so
a headless run finds it; a session-only password leaves the env: variable the draft names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ..core.connections import ConnectionStore, SecretVault
from ..core.metadata.model import DataModule
from ..core.sources.browse_tree import module_connections
from .connection_entries import BROWSABLE, browser_entries
from .connection_secrets import default_vault
from .widgets.connection_manager import ConnectionManager

BrowserEntry = tuple[str, str, str | None]


@dataclass
class BrowsedConnections:
    """What the browser shows, and how a table chosen in it finds its password later."""

    entries: list[BrowserEntry] = field(default_factory=list)
    passwords: dict[str, str | None] = field(default_factory=dict)  # URL -> password
    secret_refs: dict[str, str | None] = field(default_factory=dict)  # URL -> secretRef


class ConnectionsController(QObject):
    """Owns the saved connections for one window; `changed` after the manager saved any."""

    changed = Signal()

    def __init__(
        self,
        store: ConnectionStore | None = None,
        vault: SecretVault | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store or ConnectionStore()
        self._vault = vault
        self.session_passwords: dict[str, str] = {}
        self.manager: ConnectionManager | None = None

    @property
    def vault(self) -> SecretVault:
        # opened on first use: finding the OS keyring can take a moment
        if self._vault is None:
            self._vault = default_vault()
        return self._vault

    def browsed(self, module: DataModule | None, base_dir: Path) -> BrowsedConnections:
        found = BrowsedConnections()
        if module is not None:
            refs = {s.title or s.identifier: s.secret_ref for s in module.data_sources}
            for name, url, password in module_connections(module, base_dir):
                self._add(found, (name, url, password), refs.get(name))
        saved = [c for c in self.store.connections() if c.kind in BROWSABLE]
        if saved:
            entries = browser_entries(self.store, self.vault, self.session_passwords)
            for connection, entry in zip(saved, entries, strict=True):
                self._add(found, entry, self.vault.secret_ref(connection))
        return found

    def open_manager(self, parent: QWidget | None) -> ConnectionManager:
        """Show the connection manager (one at a time; a second call raises the first)."""
        if self.manager is None:
            self.manager = ConnectionManager(
                self.store,
                self.vault,
                parent,
                session_passwords=self.session_passwords,
                ask_master_password=lambda prompt: _ask_master(parent, prompt),
            )
            self.manager.connectionsChanged.connect(self.changed)
            self.manager.finished.connect(self._on_manager_finished)
        if self.manager.isVisible():
            self.manager.raise_()  # already open: bring it forward
        self.manager.show()
        return self.manager

    def shutdown(self) -> None:
        if self.manager is not None:
            self.manager.shutdown()

    @staticmethod
    def _add(found: BrowsedConnections, entry: BrowserEntry, secret_ref: str | None) -> None:
        _name, url, password = entry
        if url in found.passwords:
            return  # the module already reads this database
        found.entries.append(entry)
        found.passwords[url] = password
        found.secret_refs[url] = secret_ref

    def _on_manager_finished(self, _result: int) -> None:
        if self.manager is not None:
            self.manager.deleteLater()
            self.manager = None


def _ask_master(parent: QWidget | None, prompt: str) -> str | None:
    title = QCoreApplication.translate("ConnectionsController", "Master password")
    text, accepted = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return text if accepted else None
