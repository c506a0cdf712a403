"""Saved connections for the desktop app's connection manager (no Qt here).

* `model`: the `Connection` (no password field), its kinds, SSL modes and password policies;
* `urls`: `to_url` / `from_url` (a pasted URL's password comes back separately);
* `store`: `ConnectionStore`, the versioned JSON file in the user's config folder;
* `secrets`: `SecretVault`, one password per connection (OS keyring or encrypted file);
* `probe`: `test_connection`, which says whether and why a connection works or not.
"""

from __future__ import annotations

from .model import (
    Connection,
    ConnectionKind,
    PasswordPolicy,
    SslMode,
    connection_problems,
    new_id,
)
from .probe import ProbeReason, ProbeResult, test_connection
from .secrets import (
    SecretLocation,
    SecretVault,
    SecretVaultError,
    VaultUnavailable,
    WrongMasterPassword,
)
from .store import (
    ConnectionStore,
    ConnectionStoreError,
    InvalidConnection,
    StoreFileUnreadable,
    UnknownConnection,
    default_store_path,
)
from .urls import ConnectionUrlError, from_url, to_url

__all__ = [
    "Connection",
    "ConnectionKind",
    "ConnectionStore",
    "ConnectionStoreError",
    "ConnectionUrlError",
    "InvalidConnection",
    "PasswordPolicy",
    "ProbeReason",
    "ProbeResult",
    "SecretLocation",
    "SecretVault",
    "SecretVaultError",
    "SslMode",
    "StoreFileUnreadable",
    "UnknownConnection",
    "VaultUnavailable",
    "WrongMasterPassword",
    "connection_problems",
    "default_store_path",
    "from_url",
    "new_id",
    "test_connection",
    "to_url",
]
