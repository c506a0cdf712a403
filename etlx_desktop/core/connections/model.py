"""A saved connection: where a database, a folder or an S3 bucket is, and how to reach it.

A `Connection` never holds a password. The password (or S3 ``ACCESS:SECRET``) lives in a
`SecretVault` under the connection's id, kept as its `password_policy` says.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

DEFAULT_CONNECT_TIMEOUT = 10  # seconds
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
# query keys of the URL form (urls.py) that are fields of their own, never `extra`
URL_FIELD_KEYS = frozenset(
    {
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "ssl_mode",
        "ssl_ca",
        "ssl_cert",
        "ssl_key",
        "connect_timeout",
        "endpoint_url",
        "region",
        "path_style",
    }
)
# The test the module validator applies to URL query keys (metadata/secrets.py): a key naming a
# password, token or key is a secret unless it names a file (libpq / MySQL client options).
_SECRET_KEY = re.compile(r"pass(word|wd)?|pwd|secret|token|key", re.IGNORECASE)
_PATH_KEYS = frozenset(
    {"sslkey", "sslcert", "sslrootcert", "sslcrl", "passfile", "ssl_key", "ssl_cert"}
)
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+|[A-Za-z0-9._-]+)$")
_BUCKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$")


class ConnectionKind(StrEnum):
    """What a connection points at."""

    POSTGRESQL = "postgresql"
    MYSQL = "mysql"  # MariaDB or MySQL
    SQLITE = "sqlite"
    FOLDER = "folder"
    S3 = "s3"

    @property
    def is_server(self) -> bool:
        """A database server reached over the network (host, port, user, SSL)."""
        return self in (ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL)


class SslMode(StrEnum):
    """libpq's SSL modes; MariaDB/MySQL have all of them but `allow`."""

    DISABLE = "disable"
    ALLOW = "allow"
    PREFER = "prefer"
    REQUIRE = "require"
    VERIFY_CA = "verify-ca"
    VERIFY_FULL = "verify-full"


class PasswordPolicy(StrEnum):
    """Where a connection's password is kept between uses."""

    NEVER = "never"  # not kept: asked for every time (or the source needs none)
    SESSION = "session"  # kept in memory until the application quits
    KEYRING = "keyring"  # the OS keyring (the encrypted file if there is no usable keyring)
    ENCRYPTED_FILE = "encrypted_file"  # the encrypted secrets file, opened by a master password


def new_id() -> str:
    """A fresh connection id (a random UUID)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """Now, in UTC, to the second (what the store writes)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Connection:
    """One saved connection. Change it with `dataclasses.replace`; it has no password field.

    Fields that do not apply to the kind stay at their defaults: `host`, `port`, `database`,
    `user` and the SSL fields belong to PostgreSQL and MariaDB/MySQL, `path` to SQLite (the
    database file) and folders, `bucket` .. `path_style` to S3. `extra` holds further driver
    parameters (libpq keywords, PyMySQL arguments), never a secret.
    """

    name: str
    kind: ConnectionKind
    id: str = field(default_factory=new_id)
    host: str | None = None
    port: int | None = None
    database: str | None = None
    user: str | None = None
    ssl_mode: SslMode = SslMode.PREFER
    ssl_root_cert: str | None = None
    ssl_cert: str | None = None
    ssl_key: str | None = None
    connect_timeout: int = DEFAULT_CONNECT_TIMEOUT
    extra: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    bucket: str | None = None
    prefix: str | None = None
    endpoint_url: str | None = None
    region: str | None = None
    path_style: bool = False
    password_policy: PasswordPolicy = PasswordPolicy.NEVER
    created: datetime = field(default_factory=utc_now)
    updated: datetime = field(default_factory=utc_now)

    def where(self) -> str:
        """`PostgreSQL database 'crm' at db:5432`, `S3 bucket 'b'`, ...: never a secret."""
        if self.kind.is_server:
            label = "PostgreSQL" if self.kind is ConnectionKind.POSTGRESQL else "MariaDB/MySQL"
            port = self.port or DEFAULT_PORTS[self.kind.value]
            what = f"database '{self.database}'" if self.database else "server"
            return f"{label} {what} at {self.host or 'localhost'}:{port}"
        if self.kind is ConnectionKind.SQLITE:
            return f"SQLite file '{self.path}'"
        if self.kind is ConnectionKind.FOLDER:
            return f"folder '{self.path}'"
        prefix = f" (prefix '{self.prefix}')" if self.prefix else ""
        endpoint = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"S3 bucket '{self.bucket}'{prefix}{endpoint}"


def connection_problems(connection: Connection) -> list[str]:
    """What is wrong with a connection, one sentence each; [] when it can be saved and used."""
    c = connection
    problems: list[str] = []
    if not c.name.strip():
        problems.append("The connection needs a name.")
    try:
        uuid.UUID(c.id)
    except ValueError:
        problems.append(f"The id {c.id!r} is not a UUID.")
    if not 1 <= c.connect_timeout <= 3600:
        problems.append("The connect timeout must be between 1 and 3600 seconds.")
    if c.kind.is_server:
        problems += _server_problems(c)
    elif c.kind in (ConnectionKind.SQLITE, ConnectionKind.FOLDER) and not c.path:
        problems.append(f"A {c.kind.value} connection needs a path.")
    elif c.kind is ConnectionKind.S3 and not (c.bucket and _BUCKET.match(c.bucket)):
        problems.append("An S3 connection needs a bucket name (letters, digits, '.', '-', '_').")
    problems += _extra_problems(c.extra)
    return problems


def _server_problems(c: Connection) -> list[str]:
    problems: list[str] = []
    if not c.host or not _HOST.match(c.host):
        problems.append("The host must be a host name or an IP address.")
    if c.port is not None and not 1 <= c.port <= 65535:
        problems.append("The port must be between 1 and 65535.")
    if c.kind is ConnectionKind.MYSQL and c.ssl_mode is SslMode.ALLOW:
        problems.append("MariaDB/MySQL has no SSL mode 'allow'; use 'prefer'.")
    return problems


def _extra_problems(extra: dict[str, str]) -> list[str]:
    problems: list[str] = []
    for key in extra:
        if not key or key in URL_FIELD_KEYS:
            problems.append(f"The parameter {key!r} has a field of its own; set it there.")
        elif key.lower() not in _PATH_KEYS and _SECRET_KEY.search(key):
            problems.append(
                f"The parameter {key!r} looks like a secret; passwords are kept in the "
                "vault, never in a connection."
            )
    return problems
