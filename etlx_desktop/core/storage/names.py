"""Checks on the names that become paths, object keys or SQL identifiers in a store."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MODULE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,127}$")
_TABLE_BAD = re.compile(r"[/\\\x00-\x1f]")
_RUN_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_VERSION_DIR = re.compile(r"^v([1-9][0-9]*)$")


def check_module_name(module: str) -> str:
    """`module` if it is a valid module identifier (lower-case letters, digits, - and _)."""
    if not _MODULE.match(module):
        raise ValueError(
            f"module name {module!r} must be lower-case letters, digits, '-' and '_' "
            "(starting with a letter or digit, at most 128 characters)"
        )
    return module


def check_table_name(table: str) -> str:
    """`table` if it can name a file and an object key: no slash, no control character."""
    if not table or table.startswith(".") or _TABLE_BAD.search(table) or len(table) > 200:
        raise ValueError(
            f"table name {table!r} cannot be stored: it must be non-empty, at most 200 "
            "characters, not start with '.', and hold no slash or control character"
        )
    return table


def safe_run_id(run_id: str) -> str:
    """`run_id` reduced to characters that are safe in a file name on every system."""
    if not run_id:
        raise ValueError("run_id must not be empty")
    return _RUN_ID_SAFE.sub("_", run_id)[:80]


def version_number(name: str) -> int | None:
    """N for a directory or prefix part named 'vN', else None."""
    match = _VERSION_DIR.match(name)
    return int(match.group(1)) if match else None


def utc_now() -> str:
    """The current time as ISO 8601 in UTC with a 'Z', to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
