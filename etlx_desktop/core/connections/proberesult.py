"""What testing a connection found: success with the server's version, or a reason and a
one-sentence message naming where (host and port, database, file, bucket) and never a secret."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from .model import DEFAULT_PORTS, Connection, ConnectionKind


class ProbeReason(StrEnum):
    """Why a connection test failed, in the categories the user can act on."""

    WRONG_PASSWORD = "wrong_password"  # the user name, password or S3 key was refused
    UNREACHABLE = "unreachable"  # nothing listens there, or the host name is unknown
    TIMEOUT = "timeout"  # no answer within the connect timeout
    UNKNOWN_DATABASE = "unknown_database"  # no such database, file, folder or bucket
    SSL = "ssl"  # the TLS set-up failed (server without SSL, certificate, key file)
    OTHER = "other"


@dataclass(frozen=True)
class ProbeResult:
    """The outcome of `test_connection`.

    `message` is one sentence for the user; `detail` is the driver's own first line (secrets
    hidden) for a details box; `data_files` is set for folders.
    """

    ok: bool
    message: str
    elapsed: float = 0.0
    reason: ProbeReason | None = None
    server_version: str | None = None
    data_files: int | None = None
    detail: str | None = None


def address(connection: Connection) -> str:
    """`db:5432`, an S3 endpoint, or a path: where the connection goes."""
    c = connection
    if c.kind.is_server:
        return f"{c.host or 'localhost'}:{c.port or DEFAULT_PORTS[c.kind.value]}"
    if c.endpoint_url:
        return c.endpoint_url
    return c.path or "(no path)"


def failure(
    connection: Connection, reason: ProbeReason, timeout: float, detail: str | None = None
) -> ProbeResult:
    """A failed result with the sentence for `reason`."""
    where = connection.where()
    there = address(connection)
    mode = f" (SSL mode '{connection.ssl_mode.value}')" if connection.kind.is_server else ""
    s3 = connection.kind is ConnectionKind.S3
    credentials = "access key or secret key" if s3 else "user name or password"
    sentences = {
        ProbeReason.WRONG_PASSWORD: f"{where} refused the credentials: the {credentials} is wrong.",
        ProbeReason.UNREACHABLE: f"Nothing answers at {there} ({where}): check the host, "
        "the port and that the server is running.",
        ProbeReason.TIMEOUT: f"{there} did not answer within {timeout:g} s ({where}): "
        "check the host, the port and any firewall.",
        ProbeReason.UNKNOWN_DATABASE: f"{where[:1].upper()}{where[1:]} does not exist.",
        ProbeReason.SSL: f"The SSL connection to {where} failed{mode}: see the details.",
        ProbeReason.OTHER: f"Cannot open {where}: {detail or 'see the details'}.",
    }
    return ProbeResult(ok=False, message=sentences[reason], reason=reason, detail=detail)


def first_line(error: BaseException | str, secrets: tuple[str | None, ...]) -> str:
    """The first line of an error's message, with every secret (raw or URL-encoded) hidden."""
    lines = str(error).strip().splitlines()
    text = lines[0].strip() if lines else type(error).__name__
    return hide(text.rstrip("."), secrets)


def hide(text: str, secrets: tuple[str | None, ...]) -> str:
    """`text` with each secret replaced by ``***``."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, "***")
    return text
