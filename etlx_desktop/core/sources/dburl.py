"""Database URLs: the driver to use, the password-free form kept in a module, where it points.

The password never leaves this module except inside the `URL` object handed to SQLAlchemy;
everything meant for people (endpoints, messages) is built from a copy without it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ..metadata import SourceKind
from .errors import UnsupportedSource

# scheme -> (SQLAlchemy backend name, default driver, kind)
_BACKENDS: dict[str, tuple[str, str | None, SourceKind]] = {
    "postgresql": ("postgresql", "psycopg", SourceKind.POSTGRESQL),
    "postgres": ("postgresql", "psycopg", SourceKind.POSTGRESQL),
    "mysql": ("mysql", "pymysql", SourceKind.MYSQL),
    "mariadb": ("mariadb", "pymysql", SourceKind.MYSQL),
    "sqlite": ("sqlite", None, SourceKind.SQLITE),
}
DATABASE_SCHEMES: tuple[str, ...] = tuple(_BACKENDS)
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}
# The same test the module validator applies to URL query keys (metadata/secrets.py).
_SECRET_QUERY = re.compile(r"pass(word|wd)?|pwd|secret|token|key", re.IGNORECASE)
_PASSWORD_QUERY = re.compile(r"pass(word|wd)?|pwd", re.IGNORECASE)


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database URL with its driver chosen, and its password-free public form."""

    url: URL
    kind: SourceKind
    endpoint: str
    has_password: bool
    secrets: tuple[str, ...]

    @property
    def backend(self) -> str:
        """`postgresql`, `mysql`, `mariadb` or `sqlite`."""
        return self.url.get_backend_name()

    @property
    def database(self) -> str | None:
        """The database (file, for SQLite) the URL names, if any."""
        return self.url.database

    def where(self) -> str:
        """`PostgreSQL database 'shop' at 127.0.0.1:5432` (never the password)."""
        if self.backend == "sqlite":
            return f"SQLite database file '{self.database or ':memory:'}'"
        host = self.url.host or "localhost"
        port = self.url.port or _DEFAULT_PORTS.get(self.backend, 0)
        label = {"postgresql": "PostgreSQL", "mysql": "MySQL", "mariadb": "MariaDB"}
        name = self.database or "(default)"
        return f"{label.get(self.backend, self.backend)} database '{name}' at {host}:{port}"

    def with_password(self, password: str | None) -> DatabaseURL:
        """This URL with `password` for the driver (kept secret like any other); SQLite and
        an empty password leave it as it is."""
        if not password or self.backend == "sqlite":
            return self
        return dataclasses.replace(
            self,
            url=self.url.set(password=password),
            has_password=True,
            secrets=(*self.secrets, password),
        )

    def scrub(self, text: str) -> str:
        """`text` with every secret of the URL (raw or URL-encoded) replaced by `***`."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            for form in {secret, quote(secret, safe=""), quote(secret)}:
                text = text.replace(form, "***")
        return text


def scheme_of(text: str) -> str | None:
    """The backend part of a URL's scheme (`postgresql+psycopg://` -> `postgresql`)."""
    head, sep, _ = text.partition("://")
    if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", head):
        return None
    return head.split("+", 1)[0].lower()


def is_database_url(text: str) -> bool:
    """True if `text` is a URL whose scheme names a supported database."""
    return scheme_of(text) in _BACKENDS


def parse_database_url(text: str) -> DatabaseURL:
    """Parse `text`, pick the driver (psycopg, pymysql) and build its password-free form."""
    scheme = scheme_of(text)
    if scheme not in _BACKENDS:
        accepted = ", ".join(f"{s}://" for s in DATABASE_SCHEMES)
        raise UnsupportedSource(f"unsupported database URL scheme '{scheme}'; use {accepted}.")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise UnsupportedSource(f"'{scheme}://' URL cannot be parsed.") from None
    backend, driver, kind = _BACKENDS[scheme]
    given_driver = url.drivername.partition("+")[2]
    chosen = given_driver or driver
    url = url.set(drivername=f"{backend}+{chosen}" if chosen else backend)
    secrets = _secrets_of(url)
    # Built anew: `URL.set(password=None)` would leave the password in place.
    public = URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query={k: v for k, v in url.query.items() if not _SECRET_QUERY.search(k)},
    )
    has_password = bool(url.password) or any(_PASSWORD_QUERY.search(k) for k in url.query)
    return DatabaseURL(
        url=url,
        kind=kind,
        endpoint=public.render_as_string(hide_password=False),
        has_password=has_password,
        secrets=secrets,
    )


def _secrets_of(url: URL) -> tuple[str, ...]:
    values: list[str] = []
    if url.password:
        values.append(str(url.password))
    for key, value in url.query.items():
        if _SECRET_QUERY.search(key):
            values.extend([value] if isinstance(value, str) else list(value))
    return tuple(v for v in values if v)
