"""Testing connections against the real local servers (PostgreSQL, MariaDB, SeaweedFS S3), SQLite
files and folders, and returning within the timeout against a closed port and a socket that
accepts but never answers. Nothing here connects outside 127.0.0.1 (`loopback_only`)."""

from __future__ import annotations

import dataclasses
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from etlx_desktop.core.connections import (
    Connection,
    ConnectionKind,
    ProbeReason,
    SslMode,
    from_url,
    probe,
)
from etlx_desktop.core.connections.probe_sql import (
    classify_mysql,
    classify_postgresql,
    mysql_version,
)

from .connection_examples import loopback_only

if TYPE_CHECKING:
    from tests.conftest import SeaweedS3

TIMEOUT = 2.0
# the probe's own deadline plus what a busy test machine may add
BOUND = TIMEOUT + probe.DEADLINE_MARGIN + 0.5
WRONG = "Wr0ng-pa55word!"


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections (the kernel completes them) and never
    answers: nothing ever calls accept() or sends a byte."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 bound by no listener (kept bound so nothing else takes it)."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


def _server(kind: ConnectionKind, port: int, **fields: Any) -> Connection:
    return Connection(
        name="t", kind=kind, host="127.0.0.1", port=port, user="etl", database="crm", **fields
    )


def _s3(endpoint: str, bucket: str = "etlx-probe") -> Connection:
    return Connection(
        name="s3",
        kind=ConnectionKind.S3,
        bucket=bucket,
        endpoint_url=endpoint,
        region="us-east-1",
        path_style=True,
    )


def _check_clean(result: probe.ProbeResult, *secrets: str) -> None:
    text = f"{result.message} {result.detail} {result!r}"
    for secret in secrets:
        assert secret not in text


# -- timing: closed ports and a silent socket --------------------------------------------------


@pytest.mark.parametrize("kind", [ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL])
def test_silent_socket_times_out_within_the_timeout(kind: ConnectionKind, silent_port: int) -> None:
    result = probe.test_connection(_server(kind, silent_port), WRONG, timeout=TIMEOUT)
    assert result.reason is ProbeReason.TIMEOUT, result
    assert TIMEOUT - 0.2 <= result.elapsed <= BOUND, result.elapsed
    assert f"127.0.0.1:{silent_port}" in result.message and "2 s" in result.message
    _check_clean(result, WRONG)


def test_silent_socket_times_out_for_s3(silent_port: int) -> None:
    connection = _s3(f"http://127.0.0.1:{silent_port}")
    result = probe.test_connection(connection, f"AKID:{WRONG}", timeout=TIMEOUT)
    assert result.reason is ProbeReason.TIMEOUT, result
    assert result.elapsed <= BOUND, result.elapsed
    _check_clean(result, WRONG)


@pytest.mark.parametrize("kind", [ConnectionKind.POSTGRESQL, ConnectionKind.MYSQL])
def test_closed_port_is_unreachable_at_once(kind: ConnectionKind, closed_port: int) -> None:
    result = probe.test_connection(_server(kind, closed_port), WRONG, timeout=TIMEOUT)
    assert result.reason is ProbeReason.UNREACHABLE, result
    assert result.elapsed < 1.5
    assert f"127.0.0.1:{closed_port}" in result.message
    _check_clean(result, WRONG)


def test_closed_port_is_unreachable_for_s3(closed_port: int) -> None:
    result = probe.test_connection(_s3(f"http://127.0.0.1:{closed_port}"), "A:B", timeout=TIMEOUT)
    assert result.reason is ProbeReason.UNREACHABLE, result


def test_the_deadline_holds_even_if_a_driver_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(probe, "probe_sqlite", lambda connection, seconds: time.sleep(10))
    db = Connection(name="db", kind=ConnectionKind.SQLITE, path=str(tmp_path / "x.db"))
    started = time.monotonic()
    result = probe.test_connection(db, None, timeout=0.5)
    assert time.monotonic() - started < 0.5 + probe.DEADLINE_MARGIN + 0.5
    assert result.reason is ProbeReason.TIMEOUT


# -- PostgreSQL ------------------------------------------------------------------------------


def test_postgresql_ok_and_unknown_database(postgres_database: str) -> None:
    connection, _ = from_url(postgres_database)
    result = probe.test_connection(connection, None, timeout=TIMEOUT)
    assert result.ok, result
    assert result.server_version and result.server_version.startswith("PostgreSQL ")
    assert connection.database and connection.database in result.message
    missing = dataclasses.replace(connection, database=f"etlx_t_missing_{uuid.uuid4().hex[:6]}")
    result = probe.test_connection(missing, None)
    assert result.reason is ProbeReason.UNKNOWN_DATABASE
    assert "127.0.0.1:5432" in result.message and str(missing.database) in result.message


def test_postgresql_ssl_required_by_the_client(postgres_database: str) -> None:
    connection, _ = from_url(postgres_database)
    with create_engine(postgres_database, poolclass=NullPool).connect() as conn:
        ssl_on = conn.exec_driver_sql("SHOW ssl").scalar() == "on"
    result = probe.test_connection(dataclasses.replace(connection, ssl_mode=SslMode.REQUIRE), None)
    if ssl_on:  # the server's own certificate: encrypted, not verified
        assert result.ok, result
    else:
        assert result.reason is ProbeReason.SSL, result
    bad_ca = dataclasses.replace(
        connection, ssl_mode=SslMode.VERIFY_FULL, ssl_root_cert="/nonexistent/ca.pem"
    )
    assert probe.test_connection(bad_ca, None).reason is ProbeReason.SSL


@pytest.fixture
def postgres_role(postgres_database: str) -> Iterator[tuple[str, str]]:
    """A scratch login role with a password (name, password), dropped afterwards."""
    name, password = f"etlx_t_{uuid.uuid4().hex[:10]}", f"pw-{uuid.uuid4().hex}"
    engine = create_engine(postgres_database, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    try:
        yield name, password
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")
        engine.dispose()


def test_postgresql_wrong_password(postgres_database: str, postgres_role: tuple[str, str]) -> None:
    """With password authentication the probe says wrong_password. The test servers trust
    127.0.0.1 (pg_hba `trust`), so any password is accepted: detected, and then the probe must
    say ok (the MariaDB test below covers a refused password on a real server)."""
    name, password = postgres_role
    connection = dataclasses.replace(from_url(postgres_database)[0], user=name)
    right = probe.test_connection(connection, password)
    assert right.ok, right
    wrong = probe.test_connection(connection, WRONG)
    trusting = wrong.ok
    if trusting:
        assert wrong.server_version == right.server_version
    else:
        assert wrong.reason is ProbeReason.WRONG_PASSWORD, wrong
        assert name in wrong.message or "127.0.0.1:5432" in wrong.message
    _check_clean(wrong, WRONG)


def test_postgresql_messages_are_classified() -> None:
    prefix = 'connection failed: connection to server at "db", port 5432 failed: FATAL:  '
    cases = {
        'password authentication failed for user "etl"': ProbeReason.WRONG_PASSWORD,
        'role "etl" does not exist': ProbeReason.WRONG_PASSWORD,
        "fe_sendauth: no password supplied": ProbeReason.WRONG_PASSWORD,
        'database "crm" does not exist': ProbeReason.UNKNOWN_DATABASE,
        "server does not support SSL, but SSL was required": ProbeReason.SSL,
        'root certificate file "/x/ca.pem" does not exist': ProbeReason.SSL,
        'no pg_hba.conf entry for host "1.2.3.4", user "etl", database "crm", SSL off': (
            ProbeReason.OTHER
        ),
        "Connection refused": ProbeReason.UNREACHABLE,
        "failed to resolve host 'nowhere': [Errno -2] Name or service not known": (
            ProbeReason.UNREACHABLE
        ),
        "connection timeout expired": ProbeReason.TIMEOUT,
        "sorry, too many clients already": ProbeReason.OTHER,
    }
    for message, reason in cases.items():
        assert classify_postgresql(prefix + message) is reason, message


# -- MariaDB ---------------------------------------------------------------------------------


@pytest.fixture
def mariadb_user(mariadb_database: str) -> Iterator[tuple[str, str]]:
    """A scratch MariaDB user `etlx_t_<hex>` with a password (name, password), dropped after."""
    name, password = f"etlx_t_{uuid.uuid4().hex[:10]}", f"pw-{uuid.uuid4().hex}"
    engine = create_engine(mariadb_database, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        # '%%': PyMySQL formats the statement even without parameters
        conn.exec_driver_sql(f"CREATE USER '{name}'@'%%' IDENTIFIED BY '{password}'")
    try:
        yield name, password
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP USER IF EXISTS '{name}'@'%%'")
        engine.dispose()


def test_mariadb_wrong_password_and_no_access(
    mariadb_database: str, mariadb_user: tuple[str, str]
) -> None:
    name, password = mariadb_user
    server = dataclasses.replace(from_url(mariadb_database)[0], user=name, database=None)
    right = probe.test_connection(server, password, timeout=TIMEOUT)
    assert right.ok, right
    assert right.server_version and "MariaDB" in right.server_version
    assert not right.server_version.startswith("5.5.5-")
    wrong = probe.test_connection(server, WRONG, timeout=TIMEOUT)
    assert wrong.reason is ProbeReason.WRONG_PASSWORD, wrong
    assert "127.0.0.1:3306" in wrong.message and "password is wrong" in wrong.message
    _check_clean(wrong, WRONG, password)
    # the database exists, but this user has no grant on it
    no_grant = dataclasses.replace(server, database=from_url(mariadb_database)[0].database)
    denied = probe.test_connection(no_grant, password, timeout=TIMEOUT)
    assert denied.reason is ProbeReason.OTHER and name in str(denied.detail)
    _check_clean(denied, password)


def test_mariadb_ok_unknown_database_and_ssl(mariadb_database: str) -> None:
    connection, _ = from_url(mariadb_database)
    ok = probe.test_connection(connection, None, timeout=TIMEOUT)
    assert ok.ok and connection.database and connection.database in ok.message, ok
    missing = dataclasses.replace(connection, database="etlx_t_missing_db")
    assert probe.test_connection(missing, None).reason is ProbeReason.UNKNOWN_DATABASE
    with create_engine(mariadb_database, poolclass=NullPool).connect() as conn:
        have_ssl = conn.exec_driver_sql("SHOW VARIABLES LIKE 'have_ssl'").one()[1]
    required = probe.test_connection(
        dataclasses.replace(connection, ssl_mode=SslMode.REQUIRE), None
    )
    if have_ssl == "YES":
        assert required.ok, required
    else:
        assert required.reason is ProbeReason.SSL, required
    bad_cert = dataclasses.replace(
        connection, ssl_mode=SslMode.VERIFY_CA, ssl_root_cert="/nonexistent/ca.pem"
    )
    assert probe.test_connection(bad_cert, None).reason is ProbeReason.SSL


def test_mysql_errors_are_classified() -> None:
    assert classify_mysql(1045, "Access denied for user 'x'@'h'") is ProbeReason.WRONG_PASSWORD
    assert classify_mysql(1049, "Unknown database 'crm'") is ProbeReason.UNKNOWN_DATABASE
    refused = "Can't connect to MySQL server on 'h' ([Errno 111] Connection refused)"
    assert classify_mysql(2003, refused) is ProbeReason.UNREACHABLE
    assert classify_mysql(2003, "Can't connect to MySQL server (timed out)") is ProbeReason.TIMEOUT
    lost = "Lost connection to MySQL server during query (timed out)"
    assert classify_mysql(2013, lost) is ProbeReason.TIMEOUT
    verify = "Can't connect ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed)"
    assert classify_mysql(2003, verify) is ProbeReason.SSL
    assert classify_mysql(1044, "Access denied for user to database 'crm'") is ProbeReason.OTHER
    assert mysql_version("5.5.5-10.11.19-MariaDB-0+deb12u1") == "10.11.19-MariaDB-0+deb12u1"
    assert mysql_version("8.4.0") == "MySQL 8.4.0"


# -- SQLite and folders ----------------------------------------------------------------------


def test_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (id INTEGER)")
        db.execute("CREATE TABLE orders (id INTEGER)")
    db_file = Connection(name="db", kind=ConnectionKind.SQLITE, path=str(path))
    before = path.read_bytes()
    ok = probe.test_connection(db_file, None)
    assert ok.ok and "2 tables" in ok.message and "read-only" in ok.message, ok
    assert ok.server_version and ok.server_version.startswith("SQLite 3.")
    assert path.read_bytes() == before
    missing = dataclasses.replace(db_file, path=str(tmp_path / "missing.db"))
    result = probe.test_connection(missing, None)
    assert result.reason is ProbeReason.UNKNOWN_DATABASE and "missing.db" in result.message
    assert not (tmp_path / "missing.db").exists()  # read-only: never created
    (tmp_path / "notes.db").write_text("this is not a database " * 100)
    garbage = dataclasses.replace(db_file, path=str(tmp_path / "notes.db"))
    result = probe.test_connection(garbage, None)
    assert result.reason is ProbeReason.OTHER and "not a database" in result.message
    folder = dataclasses.replace(db_file, path=str(tmp_path))
    assert probe.test_connection(folder, None).reason is ProbeReason.OTHER


def test_folder(tmp_path: Path) -> None:
    for name in ("a.csv", "b.parquet", "c.JSONL", "notes.txt", ".hidden.csv", "~$d.xlsx"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.csv").write_text("x")
    folder = Connection(name="in", kind=ConnectionKind.FOLDER, path=str(tmp_path))
    result = probe.test_connection(folder, None)
    assert result.ok and result.data_files == 3, result
    assert "3 data files" in result.message
    missing = dataclasses.replace(folder, path=str(tmp_path / "nope"))
    assert probe.test_connection(missing, None).reason is ProbeReason.UNKNOWN_DATABASE
    a_file = dataclasses.replace(folder, path=str(tmp_path / "a.csv"))
    assert probe.test_connection(a_file, None).reason is ProbeReason.OTHER


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed (simulated: the tests may run as root, who reads all)."""

    def refuse(path: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("etlx_desktop.core.connections.probe_local.os.scandir", refuse)
    result = probe.test_connection(
        Connection(name="x", kind=ConnectionKind.FOLDER, path=str(tmp_path)), None
    )
    assert result.reason is ProbeReason.OTHER, result
    assert "cannot be listed (Permission denied)" in result.message


def test_an_incomplete_connection_is_not_tried() -> None:
    result = probe.test_connection(Connection(name="", kind=ConnectionKind.POSTGRESQL), "pw")
    assert result.reason is ProbeReason.OTHER and "host" in result.message


# -- S3 (SeaweedFS on 127.0.0.1) ---------------------------------------------------------------


def test_s3_bucket(seaweedfs: SeaweedS3, s3_bucket: str) -> None:
    secret = f"{seaweedfs.access_key}:{seaweedfs.secret_key}"
    connection = _s3(seaweedfs.endpoint_url, s3_bucket)
    ok = probe.test_connection(connection, secret, timeout=TIMEOUT)
    assert ok.ok and "empty" in ok.message and s3_bucket in ok.message, ok
    client: Any = seaweedfs.client()
    client.put_object(Bucket=s3_bucket, Key="raw/a.csv", Body=b"x\n1\n")
    with_prefix = dataclasses.replace(connection, prefix="raw/")
    assert "with objects" in probe.test_connection(with_prefix, secret).message

    wrong = probe.test_connection(connection, f"{seaweedfs.access_key}:{WRONG}")
    assert wrong.reason is ProbeReason.WRONG_PASSWORD, wrong
    _check_clean(wrong, WRONG, seaweedfs.secret_key)
    unknown_key = probe.test_connection(connection, f"NOSUCHKEY:{WRONG}")
    assert unknown_key.reason is ProbeReason.WRONG_PASSWORD, unknown_key
    malformed = probe.test_connection(connection, "no-colon-here")
    assert malformed.reason is ProbeReason.WRONG_PASSWORD and "ACCESS_KEY_ID" in malformed.message
    anonymous = probe.test_connection(connection, None)
    assert anonymous.reason is ProbeReason.WRONG_PASSWORD, anonymous
    missing = dataclasses.replace(connection, bucket=f"etlx-missing-{uuid.uuid4().hex[:8]}")
    result = probe.test_connection(missing, secret)
    assert result.reason is ProbeReason.UNKNOWN_DATABASE and str(missing.bucket) in result.message
