"""Connections to and from JSON objects (the store's file and export files).

The JSON keys are the field names. Reading is strict: an unknown key, a missing name or kind, or
a value of the wrong type is a `ValueError` naming the key, so a file written by a newer version
is refused rather than read partly and then overwritten without what this version did not know.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from .model import Connection, ConnectionKind, PasswordPolicy, SslMode

_FIELDS = {f.name: f for f in dataclasses.fields(Connection)}
_OPTIONAL_STR = {
    "host",
    "database",
    "user",
    "ssl_root_cert",
    "ssl_cert",
    "ssl_key",
    "path",
    "bucket",
    "prefix",
    "endpoint_url",
    "region",
}
_ENUMS: dict[str, type[ConnectionKind | SslMode | PasswordPolicy]] = {
    "kind": ConnectionKind,
    "ssl_mode": SslMode,
    "password_policy": PasswordPolicy,
}


def connection_to_json(connection: Connection) -> dict[str, Any]:
    """The JSON object of a connection: every field, enums by value, times in ISO 8601."""
    data: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(connection, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif name == "extra":
            value = dict(value)
        data[name] = value
    return data


def connection_from_json(data: Any) -> Connection:
    """The connection a JSON object describes; `ValueError` naming the first bad key."""
    if not isinstance(data, dict):
        raise ValueError("a connection must be a JSON object")
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    for required in ("name", "kind", "id"):
        if required not in data:
            raise ValueError(f"missing key {required!r}")
    values = {key: _value(key, value) for key, value in data.items()}
    return Connection(**values)


def _value(key: str, value: Any) -> Any:
    if key in _ENUMS:
        try:
            return _ENUMS[key](value)
        except ValueError:
            raise ValueError(f"{key}: {value!r} is not one of the known values") from None
    if key in ("name", "id"):
        return _typed(key, value, str)
    if key in _OPTIONAL_STR:
        return None if value is None else _typed(key, value, str)
    if key == "port":
        return None if value is None else _integer(key, value)
    if key == "connect_timeout":
        return _integer(key, value)
    if key == "path_style":
        return _typed(key, value, bool)
    if key == "extra":
        return _extra(value)
    return _timestamp(key, value)


def _typed(key: str, value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"{key}: expected a {kind.__name__}, got {type(value).__name__}")
    return value


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key}: expected an integer, got {type(value).__name__}")
    return value


def _extra(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("extra: expected an object of strings")
    return dict(value)


def _timestamp(key: str, value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(_typed(key, value, str))
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
