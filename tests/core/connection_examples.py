"""Hypothesis strategies of saved connections, and small helpers, for the connection tests."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import strategies as st

from etlx_desktop.core.connections import Connection, ConnectionKind, PasswordPolicy, SslMode
from etlx_desktop.core.connections.model import URL_FIELD_KEYS

_SECRETISH = re.compile(r"pass(word|wd)?|pwd|secret|token|key", re.IGNORECASE)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

texts = st.text(min_size=1, max_size=20)
optional_texts = st.none() | texts
hostnames = st.from_regex(r"\A[A-Za-z0-9]([A-Za-z0-9.-]{0,30}[A-Za-z0-9])?\Z")
hosts = hostnames | st.ip_addresses(v=4).map(str) | st.ip_addresses(v=6).map(str)
extra_keys = st.from_regex(r"\A[a-z_][a-z0-9_]{0,15}\Z").filter(
    lambda k: k not in URL_FIELD_KEYS and not _SECRETISH.search(k)
)
extras = st.dictionaries(extra_keys, st.text(max_size=20), max_size=4)
# a folder path is written as it is: one a user could paste (no surrounding blanks, no scheme)
folder_paths = texts.filter(lambda p: p == p.strip() and "://" not in p)
buckets = st.from_regex(r"\A[a-z0-9][a-z0-9.-]{2,20}\Z")


def _common() -> dict[str, Any]:
    return {
        "name": texts.filter(lambda n: n.strip() != ""),
        "password_policy": st.sampled_from(PasswordPolicy),
        "connect_timeout": st.integers(1, 3600),
    }


def server_connections(kind: ConnectionKind) -> st.SearchStrategy[Connection]:
    """PostgreSQL or MariaDB/MySQL connections with every address field varied."""
    modes = [m for m in SslMode if not (kind is ConnectionKind.MYSQL and m is SslMode.ALLOW)]
    return st.builds(
        Connection,
        kind=st.just(kind),
        host=hosts,
        port=st.none() | st.integers(1, 65535),
        database=optional_texts,
        user=optional_texts,
        ssl_mode=st.sampled_from(modes),
        ssl_root_cert=optional_texts,
        ssl_cert=optional_texts,
        ssl_key=optional_texts,
        extra=extras,
        **_common(),
    )


def sqlite_connections() -> st.SearchStrategy[Connection]:
    """SQLite connections (any file path, extra URL parameters)."""
    return st.builds(
        Connection, kind=st.just(ConnectionKind.SQLITE), path=texts, extra=extras, **_common()
    )


def folder_connections() -> st.SearchStrategy[Connection]:
    """Folder connections."""
    return st.builds(
        Connection, kind=st.just(ConnectionKind.FOLDER), path=folder_paths, **_common()
    )


def s3_connections() -> st.SearchStrategy[Connection]:
    """S3 connections with every field varied."""
    return st.builds(
        Connection,
        kind=st.just(ConnectionKind.S3),
        bucket=buckets,
        prefix=optional_texts,
        endpoint_url=optional_texts,
        region=optional_texts,
        path_style=st.booleans(),
        extra=extras,
        **_common(),
    )


def any_connections() -> st.SearchStrategy[Connection]:
    """A connection of any kind."""
    return st.one_of(
        server_connections(ConnectionKind.POSTGRESQL),
        server_connections(ConnectionKind.MYSQL),
        sqlite_connections(),
        folder_connections(),
        s3_connections(),
    )


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any Python-level name lookup or connect to a non-loopback address fail the test."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            pytest.fail(f"a connection test looked up {name!r}, outside 127.0.0.1")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            pytest.fail(f"a connection test connected to {address!r}, outside 127.0.0.1")
        return real_connect(self, address)

    guarded: Callable[..., Any] = getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    monkeypatch.setattr(socket.socket, "connect", connect)
