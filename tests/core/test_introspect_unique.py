"""Unique constraints and unique indexes in drafts: real PostgreSQL and MariaDB, and SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from etlx_desktop.core.metadata import Table
from etlx_desktop.core.sources import draft_from_database

RunSql = Callable[[str, list[str]], None]

# One table per case: a unique constraint, a unique index, a composite unique key, a primary key
# with a unique index of its own, and a column unique inside a composite primary key.
COMMON_SQL = [
    """CREATE TABLE accounts (
        id integer PRIMARY KEY,
        email varchar(100) NOT NULL UNIQUE,
        login varchar(40),
        shop_id integer NOT NULL,
        local_no integer NOT NULL,
        note varchar(100),
        CONSTRAINT accounts_shop_local UNIQUE (shop_id, local_no)
    )""",
    "CREATE UNIQUE INDEX accounts_login ON accounts (login)",
    "CREATE UNIQUE INDEX accounts_id_again ON accounts (id)",
    """CREATE TABLE order_lines (
        order_no integer NOT NULL,
        line_no integer NOT NULL,
        barcode varchar(20) NOT NULL UNIQUE,
        PRIMARY KEY (order_no, line_no)
    )""",
]


def unique_of(table: Table) -> dict[str, bool | None]:
    return {c.name: c.unique for c in table.table_schema.columns}


def check_common(module_tables: dict[str, Table]) -> None:
    accounts = module_tables["accounts"]
    assert unique_of(accounts) == {
        "id": None,  # the single-column primary key: unique by definition, left unset
        "email": True,  # UNIQUE constraint
        "login": True,  # unique index
        "shop_id": None,  # only unique together with local_no
        "local_no": None,
        "note": None,
    }
    assert accounts.table_schema.primary_key == ["id"]
    assert "(shop_id, local_no) unique together" in (accounts.description or "")
    assert "accounts_shop_local" in (accounts.description or "")
    lines = module_tables["order_lines"]
    assert unique_of(lines) == {"order_no": None, "line_no": None, "barcode": True}
    assert lines.description is None


def test_postgres_unique_constraints_and_indexes(
    postgres_database: str, run_sql: RunSql, check_draft: Callable[..., None]
) -> None:
    run_sql(
        postgres_database,
        [
            *COMMON_SQL,
            "CREATE TABLE coupons (code text, active boolean, serial_no integer)",
            "CREATE UNIQUE INDEX coupons_active_code ON coupons (code) WHERE active",
            "CREATE UNIQUE INDEX coupons_lower_code ON coupons (lower(code))",
            "ALTER TABLE coupons ADD CONSTRAINT coupons_serial UNIQUE NULLS NOT DISTINCT"
            " (serial_no)",
        ],
    )
    module = draft_from_database(postgres_database)

    check_draft(module)
    tables = {t.table_name: t for t in module.tables}
    check_common(tables)
    coupons = tables["coupons"]
    # a partial index is unique only among some rows; an expression index is not the column's
    assert unique_of(coupons) == {"code": None, "active": None, "serial_no": True}
    assert coupons.description == (
        "Unique index coupons_active_code (code) holds only where active."
    )


def test_mariadb_unique_constraints_and_indexes(
    mariadb_database: str, run_sql: RunSql, check_draft: Callable[..., None]
) -> None:
    run_sql(
        mariadb_database,
        [*COMMON_SQL, "CREATE VIEW account_emails AS SELECT id, email FROM accounts"],
    )
    module = draft_from_database(mariadb_database)

    check_draft(module)
    tables = {t.table_name: t for t in module.tables}
    check_common(tables)
    assert unique_of(tables["account_emails"]) == {"id": None, "email": None}  # a view has none


def test_sqlite_unique_constraints_and_indexes(
    tmp_path: Path, check_draft: Callable[..., None]
) -> None:
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as connection:
        for statement in COMMON_SQL:
            connection.execute(statement)
    module = draft_from_database(f"sqlite:///{path}")

    check_draft(module)
    check_common({t.table_name: t for t in module.tables})
