"""The saved database connections as the schema browser takes them: (name, URL, password).

The browser opens URLs through SQLAlchemy (`core/sources/dburl.py`): ``postgresql://`` with
psycopg, which takes libpq's keywords as they are, and ``mysql://`` with PyMySQL, which knows
neither MySQL's ``ssl_mode`` nor libpq's: for MariaDB/MySQL the SSL settings are written as
the ``ssl_*`` parameters SQLAlchemy hands to PyMySQL.
"""

from __future__ import annotations

import dataclasses
import ssl
from pathlib import Path
from urllib.parse import quote

from ..core.connections import (
    Connection,
    ConnectionKind,
    ConnectionStore,
    PasswordPolicy,
    SecretVault,
    SecretVaultError,
    SslMode,
    to_url,
)

BrowserEntry = tuple[str, str, str | None]  # name, URL without password, password
BROWSABLE = (ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL, ConnectionKind.SQLITE)


def browser_entries(
    store: ConnectionStore, vault: SecretVault, session_passwords: dict[str, str]
) -> list[BrowserEntry]:
    """Each saved PostgreSQL, MariaDB/MySQL and SQLite connection, in the store's order.

    The password is the session's, else the vault's; one the vault cannot give (no master
    password yet, a locked keyring) is None, and the browser says so when it connects.
    """
    return [
        (c.name, browser_url(c), _password(c, vault, session_passwords))
        for c in store.connections()
        if c.kind in BROWSABLE
    ]


def browser_url(connection: Connection) -> str:
    """The URL the schema browser reads for a database connection (never a password)."""
    c = connection
    if c.kind is ConnectionKind.SQLITE:
        # absolute: the browser's worker must not depend on the folder the app started in
        return to_url(dataclasses.replace(c, path=str(Path(c.path or "").resolve()), extra={}))
    if c.kind is ConnectionKind.MYSQL:
        return _mysql_url(c)
    return to_url(c)


def _mysql_url(c: Connection) -> str:
    plain = dataclasses.replace(
        c, ssl_mode=SslMode.PREFER, ssl_root_cert=None, ssl_cert=None, ssl_key=None
    )
    params = _pymysql_ssl(c)
    if not params:
        return to_url(plain)
    url = to_url(plain)  # always has a query: the connect timeout
    return url + "".join(f"&{quote(k)}={quote(v, safe=':/')}" for k, v in params)


def _pymysql_ssl(c: Connection) -> list[tuple[str, str]]:
    """The ``ssl_*`` parameters that make PyMySQL do what the SSL mode means (libpq's
    meaning, as `core/connections/drivers.py` gives it to the probe)."""
    if c.ssl_mode is SslMode.DISABLE:
        return [("ssl_disabled", "true")]  # any non-empty string is true to PyMySQL
    if c.ssl_mode in (SslMode.ALLOW, SslMode.PREFER) and not c.ssl_cert:
        return []  # PyMySQL does not try TLS unless asked to
    params: list[tuple[str, str]] = []
    root = c.ssl_root_cert
    if root is None and c.ssl_mode in (SslMode.VERIFY_CA, SslMode.VERIFY_FULL):
        root = _system_ca()
    if root:
        params.append(("ssl_ca", root))
    if c.ssl_cert:
        params.append(("ssl_cert", c.ssl_cert))
    if c.ssl_key:
        params.append(("ssl_key", c.ssl_key))
    verify_host = c.ssl_mode is SslMode.VERIFY_FULL
    params.append(("ssl_check_hostname", "true" if verify_host else "false"))
    return params


def _system_ca() -> str | None:
    """The system's CA bundle, which PyMySQL is not told of otherwise (verify-ca without a
    root certificate checks against the system's CAs, as libpq and the probe do)."""
    paths = ssl.get_default_verify_paths()
    return paths.cafile if paths.cafile and Path(paths.cafile).is_file() else None


def _password(c: Connection, vault: SecretVault, session: dict[str, str]) -> str | None:
    if c.id in session:
        return session[c.id]
    if c.password_policy in (PasswordPolicy.NEVER, PasswordPolicy.SESSION):
        return None
    try:
        return vault.password(c)
    except SecretVaultError:
        return None
