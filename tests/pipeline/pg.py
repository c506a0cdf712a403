"""PostgreSQL helpers for the pipeline tests."""

from __future__ import annotations

import psycopg


def execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run statements in autocommit on a PostgreSQL URL; the rows of the last one."""
    with psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as connection:
        rows: list[tuple[object, ...]] = []
        for statement in statements:
            cursor = connection.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
        return rows
