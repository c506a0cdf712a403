"""Passwords of connections, one per connection id, kept as each connection's policy says.

* ``never``: not kept; the caller asks for it each time it is needed (or the source has none);
* ``session``: kept in this vault's memory until the application quits;
* ``keyring``: the OS keyring (service ``etlx-desktop``, user name = the connection id) when a
  usable backend exists, otherwise the encrypted secrets file;
* ``encrypted_file``: the encrypted secrets file (`encrypted.py`), opened by a master password.

There is no plain-text fallback: when neither a usable keyring nor a master password is
available, `VaultUnavailable` says so. The master password comes from the callable given to the
vault (a dialog in the desktop app); by default from the environment variable
``ETLX_MASTER_PASSWORD``, which is also what headless runs (`etlx run`, cron, CI) use to resolve
a ``file:<secrets file>#<id>`` reference. Messages name connections and files, never secrets.
The vault is not thread-safe: use it from one thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from ..secretstore import MASTER_PASSWORD_ENV
from .encrypted import (
    EncryptedSecretsFile,
    SecretsFileError,
    SecretVaultError,
    WrongMasterPassword,
    default_secrets_path,
)
from .model import Connection, PasswordPolicy

KEYRING_SERVICE = "etlx-desktop"
SYSTEM_KEYRING: Literal["system"] = "system"
T = TypeVar("T")

__all__ = [
    "KEYRING_SERVICE",
    "MASTER_PASSWORD_ENV",
    "KeyringBackend",
    "SecretLocation",
    "SecretVault",
    "SecretVaultError",
    "SecretsFileError",
    "VaultUnavailable",
    "WrongMasterPassword",
    "master_password_from_env",
    "usable_keyring",
]


class KeyringBackend(Protocol):
    """What the vault needs of a keyring backend (the `keyring` package's API)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class SecretLocation(StrEnum):
    """Where a connection's password is (or would be) kept."""

    NOWHERE = "nowhere"
    SESSION = "session"
    KEYRING = "keyring"
    ENCRYPTED_FILE = "encrypted_file"


class VaultUnavailable(SecretVaultError):
    """Neither a usable OS keyring nor the encrypted file (no master password) is available."""


def master_password_from_env() -> str | None:
    """``ETLX_MASTER_PASSWORD``, the master password of headless runs (None if unset/empty)."""
    return os.environ.get(MASTER_PASSWORD_ENV) or None


def usable_keyring(backend: Any) -> bool:
    """Whether a `keyring` backend really keeps passwords (not the fail or null backend, nor a
    chainer with nothing to chain)."""
    try:
        from keyring.backends import chainer, fail, null
    except ImportError:
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return len(backend.backends) > 0
    return backend is not None


def _system_keyring() -> KeyringBackend | None:
    try:
        import keyring
    except ImportError:
        return None
    backend = keyring.get_keyring()
    return backend if usable_keyring(backend) else None


class SecretVault:
    """Keeps one password per connection id, in memory, the OS keyring or the encrypted file.

    `keyring_backend`: ``"system"`` (the default) uses `keyring.get_keyring()` when it is
    usable; None never uses a keyring; an object uses that backend (tests, other stores).
    `master_password`: asked when the encrypted file is first needed; None means unknown.
    """

    def __init__(
        self,
        secrets_file: Path | None = None,
        *,
        keyring_backend: KeyringBackend | Literal["system"] | None = SYSTEM_KEYRING,
        master_password: Callable[[], str | None] = master_password_from_env,
    ) -> None:
        self.secrets_file = Path(secrets_file) if secrets_file else default_secrets_path()
        if keyring_backend == SYSTEM_KEYRING:
            self._keyring = _system_keyring()
        else:
            self._keyring = keyring_backend if usable_keyring(keyring_backend) else None
        self._ask_master = master_password
        self._file: EncryptedSecretsFile | None = None
        self._session: dict[str, str] = {}

    @property
    def has_keyring(self) -> bool:
        """Whether a usable OS keyring backs the ``keyring`` policy."""
        return self._keyring is not None

    def location(self, connection: Connection) -> SecretLocation:
        """Where `store` keeps this connection's password, given its policy."""
        policy = connection.password_policy
        if policy is PasswordPolicy.NEVER:
            return SecretLocation.NOWHERE
        if policy is PasswordPolicy.SESSION:
            return SecretLocation.SESSION
        if policy is PasswordPolicy.KEYRING and self._keyring is not None:
            return SecretLocation.KEYRING
        return SecretLocation.ENCRYPTED_FILE

    def store(self, connection: Connection, password: str) -> SecretLocation:
        """Keep the password as the connection's policy says; returns where it went."""
        where = self.location(connection)
        if where is SecretLocation.SESSION:
            self._session[connection.id] = password
        elif where is SecretLocation.KEYRING:
            self._keyring_call(
                "keep the password of",
                connection,
                lambda k: k.set_password(KEYRING_SERVICE, connection.id, password),
            )
        elif where is SecretLocation.ENCRYPTED_FILE:
            secrets_file = self._secrets_file(connection)
            secrets = self._file_call(secrets_file, secrets_file.read)
            secrets[connection.id] = password
            self._file_call(secrets_file, lambda: secrets_file.write(secrets))
        return where

    def password(self, connection: Connection) -> str | None:
        """The kept password of a connection, or None if none is kept."""
        where = self.location(connection)
        if where is SecretLocation.SESSION:
            return self._session.get(connection.id)
        if where is SecretLocation.KEYRING:
            return self._keyring_get(connection)
        if where is SecretLocation.ENCRYPTED_FILE:
            if not self.secrets_file.exists():
                return None
            secrets_file = self._secrets_file(connection)
            return self._file_call(secrets_file, secrets_file.read).get(connection.id)
        return None

    def forget(self, connection: Connection) -> None:
        """Drop the connection's password from memory and from where its policy keeps it."""
        self._session.pop(connection.id, None)
        where = self.location(connection)
        if where is SecretLocation.KEYRING:
            if self._keyring_get(connection) is not None:
                self._keyring_call(
                    "forget the password of",
                    connection,
                    lambda k: k.delete_password(KEYRING_SERVICE, connection.id),
                )
        elif where is SecretLocation.ENCRYPTED_FILE and self.secrets_file.exists():
            secrets_file = self._secrets_file(connection)
            secrets = self._file_call(secrets_file, secrets_file.read)
            if secrets.pop(connection.id, None) is not None:
                self._file_call(secrets_file, lambda: secrets_file.write(secrets))

    def secret_ref(self, connection: Connection) -> str | None:
        """The `secretRef` a module's metadata can name for this connection's password:
        ``keyring:etlx-desktop/<id>`` or ``file:<secrets file>#<id>`` (read with the master
        password in ``ETLX_MASTER_PASSWORD``); None when the password is not kept anywhere a
        headless run could read it (policies ``never`` and ``session``)."""
        where = self.location(connection)
        if where is SecretLocation.KEYRING:
            return f"keyring:{KEYRING_SERVICE}/{connection.id}"
        if where is SecretLocation.ENCRYPTED_FILE:
            return f"file:{self.secrets_file.resolve()}#{connection.id}"
        return None

    def change_master_password(self, new_master_password: str) -> None:
        """Encrypt the secrets file under a new master password (the current one opens it)."""
        if not new_master_password:
            raise SecretVaultError("The new master password is empty.")
        secrets_file = self._secrets_file(None)
        self._file_call(secrets_file, lambda: secrets_file.rekey(new_master_password))

    # -- the encrypted file ---------------------------------------------------------------

    def _secrets_file(self, connection: Connection | None) -> EncryptedSecretsFile:
        if self._file is None:
            master = self._ask_master()
            if not master:
                raise VaultUnavailable(self._no_master_message(connection))
            self._file = EncryptedSecretsFile(self.secrets_file, master)
        return self._file

    def _no_master_message(self, connection: Connection | None) -> str:
        why = (
            "there is no usable OS keyring"
            if connection is not None and connection.password_policy is PasswordPolicy.KEYRING
            else "it is kept in the encrypted secrets file"
        )
        whose = f" of '{connection.name}'" if connection is not None else "s"
        return (
            f"The password{whose} cannot be kept or read: {why}, and no master password was "
            f"given for {self.secrets_file} (enter one, or set {MASTER_PASSWORD_ENV} for "
            "headless runs). Passwords are never stored in plain text."
        )

    def _file_call(self, secrets_file: EncryptedSecretsFile, call: Callable[[], T]) -> T:
        try:
            return call()
        except WrongMasterPassword:
            self._file = None  # ask for the master password again next time
            raise
        except OSError as exc:
            raise SecretVaultError(
                f"The secrets file {secrets_file.path} cannot be written "
                f"({exc.__class__.__name__})."
            ) from None

    # -- the keyring ----------------------------------------------------------------------

    def _keyring_call(
        self, what: str, connection: Connection, call: Callable[[KeyringBackend], T]
    ) -> T:
        if self._keyring is None:
            raise VaultUnavailable("There is no usable OS keyring.")
        try:
            return call(self._keyring)
        except Exception as exc:  # keyring backends raise their own error types
            raise SecretVaultError(
                f"The OS keyring cannot {what} '{connection.name}' ({exc.__class__.__name__})."
            ) from None

    def _keyring_get(self, connection: Connection) -> str | None:
        value = self._keyring_call(
            "read the password of",
            connection,
            lambda k: k.get_password(KEYRING_SERVICE, connection.id),
        )
        return None if value is None else str(value)
