"""A connection as one line of text, and back: what the connection manager shows and accepts.

`to_url` writes a SQLAlchemy-style URL without any password:

* ``postgresql://etl@db:5432/crm?sslmode=require&connect_timeout=10`` (libpq keywords:
  ``sslmode``, ``sslrootcert``, ``sslcert``, ``sslkey``; `sslmode` only when not ``prefer``);
* ``mysql://etl@db:3306/crm?ssl_mode=REQUIRED&ssl_ca=/ca.pem&connect_timeout=10`` (MySQL's own
  SSL mode names: DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY);
* ``sqlite:///relative.db`` or ``sqlite:////absolute/file.db``;
* ``s3://bucket/prefix?endpoint_url=http://127.0.0.1:8333&region=us-east-1&path_style=true``;
* a folder as its path.

`extra` parameters follow as further query parameters. `from_url` reads these forms and the
usual variants (``postgres://``, ``postgresql+psycopg://``, ``mariadb://``, libpq SSL keywords
in a MySQL URL, ``file:///folder``) and returns the password of a pasted URL separately, so the
caller can keep it in the vault and never in the connection. Error messages name the part of
the URL that is wrong, never the URL itself (it may hold a password).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from .model import (
    DEFAULT_CONNECT_TIMEOUT,
    Connection,
    ConnectionKind,
    PasswordPolicy,
    SslMode,
)

Fields = dict[str, Any]  # Connection field name -> value read from a URL
_SCHEMES = {
    "postgresql": ConnectionKind.POSTGRESQL,
    "postgres": ConnectionKind.POSTGRESQL,
    "mysql": ConnectionKind.MYSQL,
    "mariadb": ConnectionKind.MYSQL,
    "sqlite": ConnectionKind.SQLITE,
    "s3": ConnectionKind.S3,
    "file": ConnectionKind.FOLDER,
}
_MYSQL_SSL = {
    SslMode.DISABLE: "DISABLED",
    SslMode.PREFER: "PREFERRED",
    SslMode.REQUIRE: "REQUIRED",
    SslMode.VERIFY_CA: "VERIFY_CA",
    SslMode.VERIFY_FULL: "VERIFY_IDENTITY",
}
_SSL_MODES = {name.lower(): mode for mode, name in _MYSQL_SSL.items()} | {
    mode.value: mode for mode in SslMode
}
# (libpq keyword, MySQL keyword) -> field
_SSL_FILES = {
    "ssl_root_cert": ("sslrootcert", "ssl_ca"),
    "ssl_cert": ("sslcert", "ssl_cert"),
    "ssl_key": ("sslkey", "ssl_key"),
}
_PASSWORD_KEYS = {"password", "passwd", "pwd"}
_SECRET_KEY = re.compile(r"pass(word|wd)?|pwd|secret|token|key", re.IGNORECASE)
_FILE_KEYS = {"sslkey", "sslcert", "sslrootcert", "sslcrl", "passfile", "ssl_key", "ssl_cert"}
_TRUE = {"true": True, "1": True, "yes": True, "on": True}
_FALSE = {"false": False, "0": False, "no": False, "off": False}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# kept from `base` by from_url: who the connection is, not where it points
_IDENTITY = ("id", "name", "password_policy", "created", "updated")


class ConnectionUrlError(ValueError):
    """A URL that does not describe a connection; the message never repeats the URL."""


# -- writing ------------------------------------------------------------------------------


def to_url(connection: Connection) -> str:
    """The connection as a URL (a path for a folder); never with a password."""
    c = connection
    if c.kind.is_server:
        return _server_url(c)
    if c.kind is ConnectionKind.SQLITE:
        return "sqlite:///" + _quote(c.path or "", "/:\\~") + _query(list(c.extra.items()))
    if c.kind is ConnectionKind.FOLDER:
        return c.path or ""
    return _s3_url(c)


def _server_url(c: Connection) -> str:
    user = f"{_quote(c.user)}@" if c.user else ""
    host = c.host or ""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = f":{c.port}" if c.port is not None else ""
    database = _quote(c.database or "")
    mysql = c.kind is ConnectionKind.MYSQL
    params: list[tuple[str, str]] = []
    if c.ssl_mode is not SslMode.PREFER:
        # MariaDB/MySQL has no 'allow' (connection_problems says so): it reads as 'prefer'
        mysql_mode = _MYSQL_SSL.get(c.ssl_mode, "PREFERRED")
        params.append(("ssl_mode", mysql_mode) if mysql else ("sslmode", c.ssl_mode.value))
    for field, names in _SSL_FILES.items():
        value = getattr(c, field)
        if value:
            params.append((names[1] if mysql else names[0], value))
    params.append(("connect_timeout", str(c.connect_timeout)))
    params += c.extra.items()
    return f"{c.kind.value}://{user}{host}{port}/{database}{_query(params)}"


def _s3_url(c: Connection) -> str:
    params: list[tuple[str, str]] = []
    if c.endpoint_url:
        params.append(("endpoint_url", c.endpoint_url))
    if c.region:
        params.append(("region", c.region))
    if c.path_style:
        params.append(("path_style", "true"))
    params.append(("connect_timeout", str(c.connect_timeout)))
    params += c.extra.items()
    prefix = f"/{_quote(c.prefix, '/')}" if c.prefix else ""
    return f"s3://{c.bucket or ''}{prefix}{_query(params)}"


def _quote(text: str, safe: str = "") -> str:
    return quote(text, safe=safe)


def _query(params: list[tuple[str, str]]) -> str:
    if not params:
        return ""
    return "?" + "&".join(f"{_quote(k)}={_quote(v, ':/')}" for k, v in params)


# -- reading ------------------------------------------------------------------------------


def from_url(url: str, base: Connection | None = None) -> tuple[Connection, str | None]:
    """The connection a pasted URL describes, and the password it held (or None).

    With `base`, its id, name, password policy and times are kept and every field the URL can
    say is taken from the URL (cleared when the URL does not say it); the connect timeout is
    kept from `base` for SQLite files and folders, whose URLs do not carry it.
    """
    text = url.strip()
    match = _SCHEME.match(text)
    if match is None:
        kind = ConnectionKind.FOLDER
        if base is not None and base.kind is ConnectionKind.SQLITE:
            kind = ConnectionKind.SQLITE
        fields: Fields = {"path": text or None}
        password = None
    else:
        kind, fields, password = _read(match.group(1).split("+", 1)[0].lower(), text[match.end() :])
    if kind in (ConnectionKind.SQLITE, ConnectionKind.FOLDER) and base is not None:
        fields.setdefault("connect_timeout", base.connect_timeout)
    return _connection(base, kind, fields), password


def _read(scheme: str, rest: str) -> tuple[ConnectionKind, Fields, str | None]:
    if scheme not in _SCHEMES:
        raise ConnectionUrlError(
            f"'{scheme}://' is not a connection URL; use postgresql://, mysql://, mariadb://, "
            "sqlite://, s3:// or a folder path"
        )
    kind = _SCHEMES[scheme]
    userinfo, rest = _split_userinfo(rest)
    try:
        parts = urlsplit(f"x://{rest}", allow_fragments=False)
    except ValueError:
        raise ConnectionUrlError(
            "the URL's host part cannot be read (an IPv6 address goes in [ ])"
        ) from None
    netloc = f"{userinfo}@{parts.netloc}" if userinfo is not None else parts.netloc
    fields, password = _READERS[kind](netloc, parts.path, _params(parts.query))
    return kind, fields, password


def _split_userinfo(rest: str) -> tuple[str | None, str]:
    """`user:password` and the rest of a URL after `scheme://`.

    As SQLAlchemy reads URLs, a password may hold '/', '?' and '#' unencoded (not '@'): then
    the host must be followed by a path, or the '@' is taken to be part of the path or query.
    """
    userinfo, at, after = rest.partition("@")
    if not at:
        return None, rest
    user, colon, _ = userinfo.partition(":")
    plain = not any(ch in userinfo for ch in "/?#")
    loose = colon and not any(ch in user for ch in "/?#") and "/" in after
    return (userinfo, after) if plain or loose else (None, rest)


def _connection(base: Connection | None, kind: ConnectionKind, fields: Fields) -> Connection:
    name = base.name if base is not None else _name_for(kind, fields)
    fresh = Connection(name=name, kind=kind, password_policy=PasswordPolicy.NEVER)
    if base is not None:
        fresh = dataclasses.replace(fresh, **{f: getattr(base, f) for f in _IDENTITY})
    return dataclasses.replace(fresh, **fields)


def _name_for(kind: ConnectionKind, fields: Fields) -> str:
    if kind.is_server:
        database = fields.get("database") or kind.value
        return f"{database} at {fields.get('host') or 'localhost'}"
    if kind is ConnectionKind.S3:
        return "/".join(str(p) for p in (fields.get("bucket"), fields.get("prefix")) if p)
    path = str(fields.get("path") or "")
    return PurePath(path).name or path or kind.value


def _params(query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in params:
            raise ConnectionUrlError(f"the URL gives the parameter {key!r} twice")
        params[key] = value
    return params


def _server_fields(netloc: str, path: str, params: dict[str, str]) -> tuple[Fields, str | None]:
    userinfo, at, hostport = netloc.rpartition("@")
    user, _, raw_password = userinfo.partition(":")
    password = unquote(raw_password) or None
    host, port = _host_port(hostport)
    fields: Fields = {
        "host": host,
        "port": port,
        "user": unquote(user) if at and user else None,
        "database": unquote(path[1:]) or None,
    }
    mode = _pop_any(params, "sslmode", "ssl_mode")
    if mode is not None:
        if mode.lower() not in _SSL_MODES:
            raise ConnectionUrlError(f"{mode!r} is not an SSL mode")
        fields["ssl_mode"] = _SSL_MODES[mode.lower()]
    for field, names in _SSL_FILES.items():
        fields[field] = _pop_any(params, *names) or None
    password = _pop_password(params, password)
    fields |= _timeout_and_extra(params)
    return fields, password


def _host_port(hostport: str) -> tuple[str | None, int | None]:
    if hostport.startswith("["):
        host, bracket, rest = hostport[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ConnectionUrlError("the URL's IPv6 host is not closed by ']'")
        port_text = rest[1:]
    else:
        host, _, port_text = hostport.partition(":")
    if not port_text:
        return host or None, None
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ConnectionUrlError("the URL's port must be a number from 1 to 65535")
    return host or None, int(port_text)


def _sqlite_fields(netloc: str, path: str, params: dict[str, str]) -> tuple[Fields, str | None]:
    if netloc:
        raise ConnectionUrlError("a sqlite URL has no host: sqlite:///file.db")
    fields: Fields = {"path": unquote(path[1:]) or None}
    return fields | _timeout_and_extra(params, keep_timeout=True), None


def _folder_fields(netloc: str, path: str, params: dict[str, str]) -> tuple[Fields, str | None]:
    if netloc not in ("", "localhost") or params:
        raise ConnectionUrlError("a folder URL is file:///path, on this computer")
    return {"path": unquote(path) or None}, None


def _s3_fields(netloc: str, path: str, params: dict[str, str]) -> tuple[Fields, str | None]:
    userinfo, at, bucket = netloc.rpartition("@")
    access, colon, secret = userinfo.partition(":")
    password = f"{unquote(access)}:{unquote(secret)}" if at and colon else None
    if at and not colon:
        raise ConnectionUrlError("S3 credentials in a URL are ACCESS:SECRET@bucket")
    path_style = params.pop("path_style", "false").lower()
    if path_style not in _TRUE | _FALSE:
        raise ConnectionUrlError("path_style must be true or false")
    fields: Fields = {
        "bucket": bucket or None,
        "prefix": unquote(path[1:]) or None,
        "endpoint_url": params.pop("endpoint_url", None) or None,
        "region": params.pop("region", None) or None,
        "path_style": (_TRUE | _FALSE)[path_style],
    }
    return fields | _timeout_and_extra(params), _pop_password(params, password)


def _pop_any(params: dict[str, str], *names: str) -> str | None:
    found = [params.pop(n) for n in names if n in params]
    if len(found) > 1:
        raise ConnectionUrlError(f"the URL gives {' and '.join(names)}: keep one")
    return found[0] if found else None


def _pop_password(params: dict[str, str], password: str | None) -> str | None:
    for key in [k for k in params if k.lower() in _PASSWORD_KEYS]:
        value = params.pop(key)
        if password is not None and value != password:
            raise ConnectionUrlError("the URL holds two different passwords")
        password = value
    return password


def _timeout_and_extra(params: dict[str, str], keep_timeout: bool = False) -> Fields:
    fields: Fields = {}
    timeout = params.pop("connect_timeout", None)
    if timeout is not None:
        if not timeout.isdigit() or not 1 <= int(timeout) <= 3600:
            raise ConnectionUrlError("connect_timeout must be a number of seconds (1 to 3600)")
        fields["connect_timeout"] = int(timeout)
    elif not keep_timeout:
        fields["connect_timeout"] = DEFAULT_CONNECT_TIMEOUT
    for key in params:
        if _SECRET_KEY.search(key) and key.lower() not in _FILE_KEYS:
            raise ConnectionUrlError(
                f"the URL holds a secret in parameter {key!r}: remove it; the connection "
                "keeps only a password, in the vault"
            )
    fields["extra"] = dict(params)
    return fields


_READERS = {
    ConnectionKind.POSTGRESQL: _server_fields,
    ConnectionKind.MYSQL: _server_fields,
    ConnectionKind.SQLITE: _sqlite_fields,
    ConnectionKind.FOLDER: _folder_fields,
    ConnectionKind.S3: _s3_fields,
}
