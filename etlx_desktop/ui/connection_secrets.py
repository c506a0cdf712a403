"""Connection passwords for the desktop app: the vault, a master password typed in a dialog,
and the session passwords the application keeps in memory.

`SecretVault` (core) asks a callable for the master password; `UnlockableVault` is a vault
whose master password can be typed in later, so a dialog can ask for it and try again.
`PasswordKeeper` puts it together for the connection manager: session passwords in the dict
the application owns, everything else in the vault, asking for the master password (through a
callback, so tests need no modal dialog) when the encrypted file needs one.
No password ever goes into a message raised from here. The words for the user are in the
app's language; a reason from the core inside them stays English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtCore import QCoreApplication

from ..core.connections import (
    Connection,
    PasswordPolicy,
    SecretLocation,
    SecretVault,
    SecretVaultError,
    VaultUnavailable,
    WrongMasterPassword,
)
from ..core.connections.configfiles import config_dir as default_config_dir
from ..core.connections.encrypted import SECRETS_FILE
from ..core.connections.secrets import SYSTEM_KEYRING, KeyringBackend, master_password_from_env

AskMaster = Callable[[str], str | None]  # the prompt -> a master password, or None (cancelled)
T = TypeVar("T")
MASTER_TRIES = 3


class MasterPasswordNotGiven(Exception):
    """The user cancelled the master password prompt."""


class UnlockableVault(SecretVault):
    """A `SecretVault` whose master password is the one given to `unlock` (else the
    environment's ``ETLX_MASTER_PASSWORD``), so the app can ask for it when it is needed."""

    def __init__(
        self,
        secrets_file: Path | None = None,
        *,
        keyring_backend: KeyringBackend | Literal["system"] | None = SYSTEM_KEYRING,
    ) -> None:
        self._typed_master: str | None = None
        super().__init__(
            secrets_file, keyring_backend=keyring_backend, master_password=self._master_password
        )

    def unlock(self, master_password: str) -> None:
        """Use this master password from the next read or write of the encrypted file on."""
        self._typed_master = master_password or None

    def _master_password(self) -> str | None:
        return self._typed_master or master_password_from_env()


def open_vault(
    config_dir: Path | None = None,
    *,
    keyring_backend: KeyringBackend | Literal["system"] | None = SYSTEM_KEYRING,
) -> UnlockableVault:
    """The vault whose encrypted file is in `config_dir` (the user's config folder by default);
    the OS keyring is used when usable unless `keyring_backend` says otherwise."""
    folder = default_config_dir() if config_dir is None else Path(config_dir)
    return UnlockableVault(folder / SECRETS_FILE, keyring_backend=keyring_backend)


def default_vault() -> UnlockableVault:
    """The user's vault: OS keyring when usable, the encrypted file in the config folder."""
    return open_vault()


def where_kept(location: SecretLocation) -> str:
    """Where a password went, in plain words ("saved in the OS keyring")."""
    words = {
        SecretLocation.NOWHERE: QCoreApplication.translate("PasswordKeeper", "not saved"),
        SecretLocation.SESSION: QCoreApplication.translate(
            "PasswordKeeper", "remembered until the app closes"
        ),
        SecretLocation.KEYRING: QCoreApplication.translate(
            "PasswordKeeper", "saved in the OS keyring"
        ),
        SecretLocation.ENCRYPTED_FILE: QCoreApplication.translate(
            "PasswordKeeper", "saved in the encrypted secrets file"
        ),
    }
    return words[location]


class PasswordKeeper:
    """Keeps, reads and forgets connection passwords as each connection's policy says.

    Session passwords live in `session_passwords` (by connection id), which the application
    owns and shares with the schema browser; the rest goes to the vault. When the vault needs a
    master password, `ask_master` is called with a prompt (again after a wrong one, up to
    `MASTER_TRIES` times); None from it raises `MasterPasswordNotGiven`.
    """

    def __init__(
        self,
        vault: SecretVault,
        session_passwords: dict[str, str],
        ask_master: AskMaster | None = None,
    ) -> None:
        self.vault = vault
        self.session_passwords = session_passwords
        self._ask_master = ask_master

    def keep(self, connection: Connection, password: str) -> SecretLocation:
        """Keep the password as the connection's policy says; returns where it went."""
        policy = connection.password_policy
        if policy is PasswordPolicy.NEVER:
            return SecretLocation.NOWHERE
        if policy is PasswordPolicy.SESSION:
            self.session_passwords[connection.id] = password
            return SecretLocation.SESSION
        return self._unlocked(lambda: self.vault.store(connection, password))

    def keep_saved(self, old: Connection | None, saved: Connection, typed: str | None) -> str:
        """Keep the password of a connection just saved (`old`: as it was before, if it was);
        a changed policy moves the kept password. Returns a few words for the user: where it
        went, or why it was not kept ("" when there was nothing to keep)."""
        password = typed
        try:
            if old is not None and old.password_policy is not saved.password_policy:
                password = password or self.password(old)  # moved, not lost
                self.forget(old)
            if not password or saved.password_policy is PasswordPolicy.NEVER:
                if not typed:
                    return ""
                return QCoreApplication.translate("PasswordKeeper", "its password is not saved")
            where = where_kept(self.keep(saved, password))
            return QCoreApplication.translate("PasswordKeeper", "its password is {where}").format(
                where=where
            )
        except MasterPasswordNotGiven:
            return QCoreApplication.translate(
                "PasswordKeeper", "its password was not saved: no master password was given"
            )
        except SecretVaultError as exc:
            return QCoreApplication.translate(
                "PasswordKeeper", "its password was not saved: {problem}"
            ).format(problem=exc)

    def password(self, connection: Connection) -> str | None:
        """The kept password: the session's first, then the vault's (None if none)."""
        if connection.id in self.session_passwords:
            return self.session_passwords[connection.id]
        if connection.password_policy in (PasswordPolicy.NEVER, PasswordPolicy.SESSION):
            return None
        return self._unlocked(lambda: self.vault.password(connection))

    def forget(self, connection: Connection) -> None:
        """Drop the password from the session and from where the policy kept it."""
        self.session_passwords.pop(connection.id, None)
        if connection.password_policy in (PasswordPolicy.NEVER, PasswordPolicy.SESSION):
            return
        if self.vault.location(connection) is SecretLocation.ENCRYPTED_FILE and not (
            self.vault.secrets_file.exists()
        ):
            return  # nothing to forget: do not ask for a master password for nothing
        self._unlocked(lambda: self.vault.forget(connection))

    def forget_deleted(self, connection: Connection) -> str:
        """Forget the password of a deleted connection; "" or why it is still kept."""
        try:
            self.forget(connection)
        except (MasterPasswordNotGiven, SecretVaultError):
            return QCoreApplication.translate(
                "PasswordKeeper",
                "Its saved password could not be removed: the vault could not be opened.",
            )
        return ""

    def _unlocked(self, call: Callable[[], T]) -> T:
        """`call()`, asking for the master password and trying again when the vault needs it."""
        for _ in range(MASTER_TRIES):
            try:
                return call()
            except WrongMasterPassword:
                if not self._can_ask():
                    raise
                prompt = QCoreApplication.translate(
                    "PasswordKeeper",
                    "That master password does not open the encrypted secrets file.\n"
                    "Master password:",
                )
            except VaultUnavailable:
                if not self._can_ask():
                    raise
                prompt = self._first_prompt()
            self._unlock(prompt)
        return call()  # the last try: a wrong master password now reaches the caller

    def _can_ask(self) -> bool:
        return self._ask_master is not None and isinstance(self.vault, UnlockableVault)

    def _first_prompt(self) -> str:
        if self.vault.secrets_file.exists():
            return QCoreApplication.translate(
                "PasswordKeeper", "Master password of the encrypted secrets file:"
            )
        return QCoreApplication.translate(
            "PasswordKeeper",
            "Choose a master password for the new encrypted secrets file\n"
            "(it is needed to read saved passwords; it cannot be recovered):",
        )

    def _unlock(self, prompt: str) -> None:
        assert self._ask_master is not None and isinstance(self.vault, UnlockableVault)
        master = self._ask_master(prompt)
        if not master:
            raise MasterPasswordNotGiven("No master password was given.")
        self.vault.unlock(master)
