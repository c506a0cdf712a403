"""Connections as URLs: to_url / from_url round trips, pasted passwords kept apart, and URLs that
SQLAlchemy and the module validator read the same way."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from sqlalchemy.engine import make_url

from etlx_desktop.core.connections import (
    Connection,
    ConnectionKind,
    ConnectionUrlError,
    PasswordPolicy,
    SslMode,
    connection_problems,
    from_url,
    to_url,
)
from etlx_desktop.core.metadata.secrets import url_secret_problem

from .connection_examples import (
    any_connections,
    folder_connections,
    s3_connections,
    server_connections,
    sqlite_connections,
)

_IDENTITY = ("id", "name", "password_policy", "created", "updated")


def _address(connection: Connection) -> Connection:
    """The connection with its identity fields blanked (what a URL cannot carry)."""
    return dataclasses.replace(connection, **{f: getattr(_BLANK, f) for f in _IDENTITY})


_BLANK = Connection(name="-", kind=ConnectionKind.FOLDER)


# -- examples -------------------------------------------------------------------------------


def test_postgresql_url_is_the_libpq_form() -> None:
    crm = Connection(
        name="crm",
        kind=ConnectionKind.POSTGRESQL,
        host="db",
        port=5432,
        database="crm",
        user="etl",
        ssl_mode=SslMode.REQUIRE,
    )
    assert to_url(crm) == "postgresql://etl@db:5432/crm?sslmode=require&connect_timeout=10"


def test_mysql_url_uses_mysql_ssl_names() -> None:
    shop = Connection(
        name="shop",
        kind=ConnectionKind.MYSQL,
        host="10.0.0.5",
        database="shop",
        user="root",
        ssl_mode=SslMode.VERIFY_FULL,
        ssl_root_cert="/etc/ca.pem",
        connect_timeout=5,
        extra={"charset": "utf8mb4"},
    )
    assert to_url(shop) == (
        "mysql://root@10.0.0.5/shop?ssl_mode=VERIFY_IDENTITY&ssl_ca=/etc/ca.pem"
        "&connect_timeout=5&charset=utf8mb4"
    )


def test_sqlite_s3_and_folder_urls() -> None:
    db = Connection(name="db", kind=ConnectionKind.SQLITE, path="/data/shop.db")
    rel = Connection(name="rel", kind=ConnectionKind.SQLITE, path="data/shop.db")
    bucket = Connection(
        name="lake",
        kind=ConnectionKind.S3,
        bucket="lake",
        prefix="raw/2024",
        endpoint_url="http://127.0.0.1:8333",
        region="us-east-1",
        path_style=True,
    )
    folder = Connection(name="in", kind=ConnectionKind.FOLDER, path="/data/in")
    assert to_url(db) == "sqlite:////data/shop.db"
    assert to_url(rel) == "sqlite:///data/shop.db"
    assert to_url(bucket) == (
        "s3://lake/raw/2024?endpoint_url=http://127.0.0.1:8333&region=us-east-1"
        "&path_style=true&connect_timeout=10"
    )
    assert to_url(folder) == "/data/in"


def test_a_pasted_password_comes_back_apart_from_the_connection() -> None:
    connection, password = from_url("postgresql+psycopg://etl:s%40cr%3At@db:6432/crm")
    assert password == "s@cr:t"
    assert (connection.host, connection.port, connection.user) == ("db", 6432, "etl")
    assert connection.database == "crm"
    assert connection.name == "crm at db"
    assert connection.password_policy is PasswordPolicy.NEVER
    assert "s@cr:t" not in repr(connection) and "s%40cr" not in to_url(connection)


def test_a_password_in_the_query_and_s3_credentials_come_back_too() -> None:
    mysql, password = from_url("mariadb://root@127.0.0.1/shop?password=pw%26x&charset=utf8")
    assert password == "pw&x"
    assert mysql.kind is ConnectionKind.MYSQL and mysql.extra == {"charset": "utf8"}
    s3, secret = from_url("s3://AKIA1:abc%2Fdef@bucket/prefix")
    assert secret == "AKIA1:abc/def"
    assert (s3.bucket, s3.prefix) == ("bucket", "prefix")


def test_a_password_with_a_hash_sign_is_not_taken_for_a_fragment() -> None:
    connection, password = from_url("postgresql://u:p#ss@db/crm")
    assert password == "p#ss" and connection.host == "db" and connection.database == "crm"


def test_from_url_keeps_identity_of_the_base_and_clears_the_rest() -> None:
    base = Connection(
        name="lake",
        kind=ConnectionKind.S3,
        bucket="old",
        region="eu",
        password_policy=PasswordPolicy.KEYRING,
    )
    connection, password = from_url("postgresql://etl@db/crm", base)
    assert password is None
    assert (connection.id, connection.name, connection.password_policy) == (
        base.id,
        "lake",
        PasswordPolicy.KEYRING,
    )
    assert connection.kind is ConnectionKind.POSTGRESQL
    assert connection.bucket is None and connection.region is None


def test_libpq_ssl_keywords_are_read_in_a_mysql_url() -> None:
    connection, _ = from_url("mysql://u@h/db?sslmode=verify-ca&sslrootcert=/ca.pem")
    assert connection.ssl_mode is SslMode.VERIFY_CA and connection.ssl_root_cert == "/ca.pem"
    assert (
        to_url(connection) == "mysql://u@h/db?ssl_mode=VERIFY_CA&ssl_ca=/ca.pem&connect_timeout=10"
    )


def test_plain_paths_and_file_urls_are_folders_or_sqlite_files() -> None:
    folder, _ = from_url("  /data/in  ")
    assert folder.kind is ConnectionKind.FOLDER and folder.path == "/data/in"
    assert folder.name == "in"
    uri, _ = from_url("file:///data/my%20in")
    assert uri.kind is ConnectionKind.FOLDER and uri.path == "/data/my in"
    base = Connection(name="db", kind=ConnectionKind.SQLITE, path="old.db", connect_timeout=30)
    sqlite, _ = from_url("/data/new.db", base)
    assert sqlite.kind is ConnectionKind.SQLITE and sqlite.path == "/data/new.db"
    assert sqlite.connect_timeout == 30


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://host/x", "not a connection URL"),
        ("postgresql://u:pw@h:99999/db", "port"),
        ("postgresql://u:pw@h:abc/db", "port"),
        ("postgresql://u:pw@h/db?sslmode=sometimes", "SSL mode"),
        ("postgresql://u:pw@h/db?connect_timeout=0", "connect_timeout"),
        ("postgresql://u:pw@h/db?api_token=t0k3n", "secret"),
        ("postgresql://u:pw@h/db?sslmode=require&ssl_mode=REQUIRED", "keep one"),
        ("postgresql://u:pw@h/db?password=other", "two different passwords"),
        ("postgresql://u:pw@h/db?a=1&a=2", "twice"),
        ("s3://ACCESS@bucket", "ACCESS:SECRET"),
        ("s3://bucket?path_style=maybe", "path_style"),
        ("sqlite://host/file.db", "no host"),
        ("postgresql://u:pw@[::1/db", "IPv6"),
    ],
)
def test_bad_urls_are_refused_without_repeating_them(url: str, words: str) -> None:
    with pytest.raises(ConnectionUrlError) as caught:
        from_url(url)
    assert words in str(caught.value)
    assert "pw" not in str(caught.value) and "t0k3n" not in str(caught.value)


def test_problems_of_connections() -> None:
    bad = Connection(
        name=" ",
        kind=ConnectionKind.MYSQL,
        host="bad host",
        port=0,
        ssl_mode=SslMode.ALLOW,
        connect_timeout=0,
        extra={"password": "x", "sslmode": "require", "charset": "utf8"},
    )
    problems = " ".join(connection_problems(bad))
    for words in ("name", "host", "port", "allow", "timeout", "'password'", "'sslmode'"):
        assert words in problems
    assert "charset" not in problems
    assert connection_problems(Connection(name="s3", kind=ConnectionKind.S3)) != []
    assert connection_problems(Connection(name="f", kind=ConnectionKind.FOLDER)) != []
    ok = Connection(name="ok", kind=ConnectionKind.POSTGRESQL, host="::1", extra={"sslcrl": "k"})
    assert connection_problems(ok) == []


# -- properties -----------------------------------------------------------------------------


@given(any_connections())
def test_round_trip_with_the_connection_as_base(connection: Connection) -> None:
    url = to_url(connection)
    again, password = from_url(url, connection)
    assert password is None
    assert again == connection
    assert to_url(again) == url


@given(
    server_connections(ConnectionKind.POSTGRESQL)
    | server_connections(ConnectionKind.MYSQL)
    | s3_connections()
)
def test_round_trip_without_a_base_gives_the_same_address(connection: Connection) -> None:
    again, _ = from_url(to_url(connection))
    assert _address(again) == _address(connection)
    assert again.password_policy is PasswordPolicy.NEVER


@given(sqlite_connections() | folder_connections())
def test_round_trip_of_files_without_a_base(connection: Connection) -> None:
    again, _ = from_url(to_url(connection))
    expected = dataclasses.replace(connection, connect_timeout=again.connect_timeout)
    assert _address(again) == _address(expected)


@given(server_connections(ConnectionKind.POSTGRESQL) | server_connections(ConnectionKind.MYSQL))
def test_sqlalchemy_reads_the_same_server_url(connection: Connection) -> None:
    url = make_url(to_url(connection))
    assert url.username == connection.user
    assert url.password is None
    assert url.host == (connection.host or None)
    assert url.port == connection.port
    assert (url.database or None) == connection.database
    assert url.query.get("connect_timeout") == str(connection.connect_timeout)
    for key, value in connection.extra.items():
        assert url.query.get(key, "") == value


@given(sqlite_connections())
def test_sqlalchemy_reads_the_same_sqlite_path(connection: Connection) -> None:
    assert make_url(to_url(connection)).database == connection.path


@given(any_connections())
def test_urls_never_look_like_they_hold_a_secret(connection: Connection) -> None:
    url = to_url(connection)
    if "://" in url:
        assert url_secret_problem(url, "endpointURL") is None
