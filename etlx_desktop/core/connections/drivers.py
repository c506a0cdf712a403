"""A connection's settings as each driver takes them: psycopg, PyMySQL, boto3.

The SSL modes follow libpq's meaning for both databases: ``require`` encrypts without checking
the certificate (unless a root certificate is given, which is then checked), ``verify-ca``
checks the certificate against the root certificate (the system's CAs without one), and
``verify-full`` also checks the host name.
"""

from __future__ import annotations

import math
import ssl
from typing import Any

from .model import Connection, SslMode


def psycopg_arguments(
    connection: Connection, password: str | None, timeout: float | None = None
) -> dict[str, Any]:
    """Keyword arguments of `psycopg.connect` (libpq keywords; `extra` ones first)."""
    c = connection
    arguments: dict[str, Any] = dict(c.extra)
    fields = {
        "host": c.host,
        "port": c.port,
        "dbname": c.database,
        "user": c.user,
        "password": password,
        "sslmode": c.ssl_mode.value,
        "sslrootcert": c.ssl_root_cert,
        "sslcert": c.ssl_cert,
        "sslkey": c.ssl_key,
        "connect_timeout": _whole_seconds(timeout or c.connect_timeout),
    }
    arguments.update({k: v for k, v in fields.items() if v is not None})
    return arguments


def pymysql_arguments(
    connection: Connection, password: str | None, timeout: float | None = None
) -> dict[str, Any]:
    """Keyword arguments of `pymysql.connect`; the timeout bounds connecting and each read
    and write of the handshake (PyMySQL's connect_timeout alone covers only the TCP part)."""
    c = connection
    seconds = _whole_seconds(timeout or c.connect_timeout)
    arguments: dict[str, Any] = dict(c.extra)
    arguments.update(
        host=c.host or "localhost",
        port=c.port or 3306,
        user=c.user,
        password=password or "",
        database=c.database,
        connect_timeout=seconds,
        read_timeout=seconds,
        write_timeout=seconds,
    )
    if c.ssl_mode is SslMode.DISABLE:
        arguments["ssl_disabled"] = True
    elif c.ssl_mode in (SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL):
        arguments["ssl"] = ssl_context(c)
    return arguments


def ssl_context(connection: Connection) -> ssl.SSLContext:
    """The TLS context of a connection whose SSL mode requires TLS (`OSError` or
    `ssl.SSLError` if a certificate or key file cannot be read)."""
    c = connection
    verify = c.ssl_mode in (SslMode.VERIFY_CA, SslMode.VERIFY_FULL) or bool(c.ssl_root_cert)
    context = ssl.create_default_context(cafile=c.ssl_root_cert)
    context.check_hostname = c.ssl_mode is SslMode.VERIFY_FULL
    context.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
    if c.ssl_cert:
        context.load_cert_chain(c.ssl_cert, keyfile=c.ssl_key)
    return context


def s3_client_arguments(
    connection: Connection, password: str | None, timeout: float | None = None
) -> dict[str, Any]:
    """Keyword arguments of `boto3.session.Session().client("s3", ...)`.

    `password` is ``ACCESS_KEY_ID:SECRET_ACCESS_KEY`` (`ValueError` if it is not); without one
    requests go unsigned, so boto3 never looks for credentials elsewhere (environment, files,
    the cloud metadata address).
    """
    from botocore import UNSIGNED
    from botocore.config import Config

    c = connection
    seconds = timeout or c.connect_timeout
    options: dict[str, Any] = {
        "s3": {"addressing_style": "path" if c.path_style else "auto"},
        "connect_timeout": seconds,
        "read_timeout": seconds,
        "retries": {"total_max_attempts": 1, "mode": "standard"},
        "request_checksum_calculation": "when_required",
        "response_checksum_validation": "when_required",
    }
    arguments: dict[str, Any] = {"endpoint_url": c.endpoint_url, "region_name": c.region}
    if password:
        access_key, secret_key = split_s3_secret(password)
        arguments.update(aws_access_key_id=access_key, aws_secret_access_key=secret_key)
        options["signature_version"] = "s3v4"
    else:
        options["signature_version"] = UNSIGNED
    arguments["config"] = Config(**options)
    return arguments


def split_s3_secret(secret: str) -> tuple[str, str]:
    """``ACCESS:SECRET`` -> (access key id, secret access key); `ValueError` otherwise."""
    access_key, sep, secret_key = secret.strip().partition(":")
    if not sep or not access_key or not secret_key:
        raise ValueError("the S3 secret must be ACCESS_KEY_ID:SECRET_ACCESS_KEY")
    return access_key, secret_key


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))
