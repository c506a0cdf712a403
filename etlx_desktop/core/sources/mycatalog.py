"""MariaDB catalog queries: its JSON columns are LONGTEXT with a `json_valid()` check."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_JSON_CHECKS = text(
    """
    SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
    WHERE CONSTRAINT_SCHEMA = :schema
    """
)
LOCK_WAIT_TIMEOUT = 5  # seconds
LOCK_WAIT_ERRORS = {1205}  # ER_LOCK_WAIT_TIMEOUT (metadata locks too)
_JSON_VALID = re.compile(r"^json_valid\(`((?:[^`]|``)+)`\)$", re.IGNORECASE)


def start_read_only(connection: Connection) -> None:
    """Make every transaction of the session read-only and unwilling to wait long for locks."""
    connection.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
    connection.exec_driver_sql(f"SET SESSION lock_wait_timeout = {LOCK_WAIT_TIMEOUT}")


def json_columns(connection: Connection, schema: str) -> set[tuple[str, str]]:
    """(table, column) of every column of `schema` declared JSON on MariaDB."""
    found: set[tuple[str, str]] = set()
    for table, clause in connection.execute(_JSON_CHECKS, {"schema": schema}):
        match = _JSON_VALID.match(str(clause).strip())
        if match:
            found.add((table, match.group(1).replace("``", "`")))
    return found
