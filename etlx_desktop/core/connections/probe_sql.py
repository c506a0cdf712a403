"""Testing PostgreSQL (psycopg) and MariaDB/MySQL (PyMySQL) connections.

Each probe connects once with the timeout as the driver's own connect timeout (and, for PyMySQL,
as the read and write timeouts of the handshake), asks the server's version and disconnects.
Failures are sorted into `ProbeReason`s from the driver's error: psycopg reports connection
failures as text only (no SQLSTATE), PyMySQL with MySQL's client and server error codes.
"""

from __future__ import annotations

import re
import ssl

from .drivers import psycopg_arguments, pymysql_arguments
from .model import Connection
from .proberesult import ProbeReason, ProbeResult, failure, first_line

# libpq / PostgreSQL server messages, in the order they are tested
_PG_PATTERNS: tuple[tuple[ProbeReason, re.Pattern[str]], ...] = (
    (ProbeReason.TIMEOUT, re.compile(r"timeout expired|timed out", re.I)),
    (ProbeReason.OTHER, re.compile(r"no pg_hba\.conf entry", re.I)),  # an access rule, not SSL
    (
        ProbeReason.WRONG_PASSWORD,
        re.compile(
            r"authentication failed|no password supplied|role \".*\" does not exist"
            r"|password is required",
            re.I,
        ),
    ),
    (ProbeReason.UNKNOWN_DATABASE, re.compile(r"database \".*\" does not exist", re.I)),
    (ProbeReason.SSL, re.compile(r"ssl|certificate|tls", re.I)),
    (
        ProbeReason.UNREACHABLE,
        re.compile(
            r"connection refused|could not translate host name|failed to resolve host"
            r"|no route to host|network is unreachable|name or service not known"
            r"|host is unreachable",
            re.I,
        ),
    ),
)
_MYSQL_CODES = {
    1045: ProbeReason.WRONG_PASSWORD,  # access denied (user name or password)
    1698: ProbeReason.WRONG_PASSWORD,  # access denied (authentication plugin)
    1049: ProbeReason.UNKNOWN_DATABASE,  # unknown database
    2026: ProbeReason.SSL,  # SSL connection error
}
_MYSQL_SSL = re.compile(r"ssl|certificate|tls", re.I)


def classify_postgresql(message: str) -> ProbeReason:
    """The reason behind a psycopg connection error message."""
    for reason, pattern in _PG_PATTERNS:
        if pattern.search(message):
            return reason
    return ProbeReason.OTHER


def classify_mysql(code: int | None, message: str) -> ProbeReason:
    """The reason behind a PyMySQL error (its code and message)."""
    if code in _MYSQL_CODES:
        return _MYSQL_CODES[code]
    if _MYSQL_SSL.search(message):
        return ProbeReason.SSL
    if "timed out" in message.lower():
        return ProbeReason.TIMEOUT
    if code == 2003:  # can't connect: refused, unknown host, no route
        return ProbeReason.UNREACHABLE
    return ProbeReason.OTHER


def probe_postgresql(connection: Connection, password: str | None, timeout: float) -> ProbeResult:
    """Connect with psycopg and read `server_version`."""
    import psycopg

    try:
        with psycopg.connect(**psycopg_arguments(connection, password, timeout)) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.errors.ConnectionTimeout as exc:
        return failure(connection, ProbeReason.TIMEOUT, timeout, first_line(exc, (password,)))
    except psycopg.Error as exc:
        detail = first_line(exc, (password,))
        return failure(connection, classify_postgresql(detail), timeout, detail)
    version = f"PostgreSQL {row[0]}" if row else "PostgreSQL"
    return _connected(connection, version)


def probe_mysql(connection: Connection, password: str | None, timeout: float) -> ProbeResult:
    """Connect with PyMySQL and read the version the server announces."""
    import pymysql  # type: ignore[import-untyped, unused-ignore]

    try:
        arguments = pymysql_arguments(connection, password, timeout)
    except (OSError, ssl.SSLError) as exc:  # a certificate or key file cannot be read
        return failure(connection, ProbeReason.SSL, timeout, first_line(exc, (password,)))
    try:
        conn = pymysql.connect(**arguments)
    except pymysql.Error as exc:
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        detail = first_line(exc.args[1] if len(exc.args) > 1 else exc, (password,))
        return failure(connection, classify_mysql(code, detail), timeout, detail)
    try:
        version = str(conn.get_server_info())
    finally:
        conn.close()
    return _connected(connection, mysql_version(version))


def mysql_version(announced: str) -> str:
    """`10.11.19-MariaDB-0+deb12u1` from MariaDB's `5.5.5-10.11.19-MariaDB-0+deb12u1` (the
    prefix old MySQL clients need); `MySQL 8.4.0` from MySQL's `8.4.0`."""
    if "MariaDB" in announced:
        return announced.removeprefix("5.5.5-")
    return f"MySQL {announced}"


def _connected(connection: Connection, version: str) -> ProbeResult:
    who = f" as '{connection.user}'" if connection.user else ""
    return ProbeResult(
        ok=True,
        message=f"Connected to {connection.where()}{who} ({version}).",
        server_version=version,
    )
