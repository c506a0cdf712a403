"""Testing an S3 connection: ``HeadBucket``, then one ``ListObjectsV2`` key under the prefix.

One attempt only (no retries), with the timeout as boto's connect and read timeouts. The
credentials come from the password as ``ACCESS_KEY_ID:SECRET_ACCESS_KEY``; without one the
requests go unsigned, so nothing looks for credentials anywhere else.
"""

from __future__ import annotations

from typing import Any

from .drivers import s3_client_arguments, split_s3_secret
from .model import Connection
from .proberesult import ProbeReason, ProbeResult, failure, first_line

_DENIED = {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden"}
_MISSING = {"404", "NoSuchBucket", "NotFound"}


def probe_s3(connection: Connection, password: str | None, timeout: float) -> ProbeResult:
    """Whether the bucket answers with these credentials, and whether the prefix holds data."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    secrets = (password, *_parts(password))
    if password:
        try:
            split_s3_secret(password)
        except ValueError:
            return ProbeResult(
                ok=False,
                message="The S3 secret must be ACCESS_KEY_ID:SECRET_ACCESS_KEY (two parts "
                f"joined by ':') for the {connection.where()}.",
                reason=ProbeReason.WRONG_PASSWORD,
            )
    try:
        client: Any = boto3.session.Session().client(
            "s3", **s3_client_arguments(connection, password, timeout)
        )
        head = client.head_bucket(Bucket=connection.bucket)
        listing = client.list_objects_v2(
            Bucket=connection.bucket, Prefix=connection.prefix or "", MaxKeys=1
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        detail = first_line(f"{code}: {error.get('Message') or code}", secrets)
        return failure(connection, _client_reason(code), timeout, detail)
    except BotoCoreError as exc:
        detail = first_line(exc, secrets)
        return failure(connection, _transport_reason(exc), timeout, detail)
    headers = head.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    server = headers.get("server")
    has_data = "with objects" if listing.get("KeyCount", 0) else "empty"
    where = f"prefix '{connection.prefix}'" if connection.prefix else "bucket"
    return ProbeResult(
        ok=True,
        message=f"The {connection.where()} answers; the {where} is {has_data}.",
        server_version=str(server) if server else None,
    )


def _parts(password: str | None) -> tuple[str, ...]:
    if not password:
        return ()
    access, _, secret = password.partition(":")
    return (access, secret)


def _client_reason(code: str) -> ProbeReason:
    if code in _DENIED:
        return ProbeReason.WRONG_PASSWORD
    if code in _MISSING:
        return ProbeReason.UNKNOWN_DATABASE
    return ProbeReason.OTHER


def _transport_reason(error: Exception) -> ProbeReason:
    from botocore.exceptions import (
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
        SSLError,
    )

    if isinstance(error, ConnectTimeoutError | ReadTimeoutError):
        return ProbeReason.TIMEOUT
    if isinstance(error, SSLError):
        return ProbeReason.SSL
    if isinstance(error, EndpointConnectionError):
        return ProbeReason.UNREACHABLE
    return ProbeReason.OTHER
