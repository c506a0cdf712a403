"""Browsing a catalog level by level (the schema browser's core), on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataSource, SourceKind, load_module
from etlx_desktop.core.sources import SourceUnavailable
from etlx_desktop.core.sources.browse import (
    BrowsedColumn,
    browse_columns,
    browse_schemas,
    browse_tables,
)
from etlx_desktop.core.sources.browse_tree import (
    CatalogNode,
    LoadState,
    NodeKind,
    module_connections,
    node_cells,
    read_level,
)
from etlx_desktop.core.sources.relations import RelationKind


def _sqlite_shop(path: Path) -> str:
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers (id),
                amount NUMERIC(12, 2)
            );
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
            INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.com');
            """
        )
    return f"sqlite:///{path}"


def test_sqlite_levels(tmp_path: Path) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    assert browse_schemas(url) == ["main"]
    tables = {t.name: t for t in browse_tables(url, None, "main")}
    assert list(tables) == ["big_orders", "customers", "orders"]
    assert tables["big_orders"].kind is RelationKind.VIEW
    assert tables["customers"].row_estimate == 2  # a small file: counted
    assert tables["orders"].row_estimate == 0
    assert tables["big_orders"].row_estimate is None
    columns = browse_columns(url, None, "main", "orders")
    assert columns == [
        BrowsedColumn("id", "INTEGER", True, True, None),
        BrowsedColumn("customer_id", "INTEGER", False, False, "customers.id"),
        BrowsedColumn("amount", "NUMERIC(12, 2)", True, False, None),
    ]


def test_postgresql_levels(
    postgres_database: str, run_sql: Callable[[str, list[str]], None]
) -> None:
    run_sql(
        postgres_database,
        [
            "CREATE SCHEMA sales",
            "CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, "
            "phone text)",
            "CREATE UNIQUE INDEX ON customers (phone) WHERE phone IS NOT NULL",
            "CREATE TABLE sales.orders (shop int, no int, customer_id bigint "
            "REFERENCES customers (id), PRIMARY KEY (shop, no))",
            "INSERT INTO customers SELECT g, 'c' || g || '@example.com' "
            "FROM generate_series(1, 300) g",
            "ANALYZE customers",
        ],
    )
    assert browse_schemas(postgres_database, None) == ["public", "sales"]
    (customers,) = browse_tables(postgres_database, None, "public")
    assert (customers.name, customers.row_estimate) == ("customers", 300)
    (orders,) = browse_tables(postgres_database, None, "sales")
    assert orders.row_estimate is None  # never analyzed: no estimate, and no count(*)
    columns = browse_columns(postgres_database, None, "sales", "orders")
    assert [(c.name, c.sql_type, c.nullable, c.primary_key) for c in columns] == [
        ("shop", "INTEGER", False, True),
        ("no", "INTEGER", False, True),
        ("customer_id", "BIGINT", True, False),
    ]
    assert columns[2].references == "public.customers.id"
    customers_columns = browse_columns(postgres_database, None, "public", "customers")
    # the primary key is unique anyway; a partial unique index is not unique for the table
    assert [c.unique for c in customers_columns] == [False, True, False]


def test_unreachable_server_names_no_password() -> None:
    with pytest.raises(SourceUnavailable) as caught:
        browse_schemas("postgresql://postgres@127.0.0.1:1/shop", "Pa55-secret")
    assert "127.0.0.1:1" in str(caught.value)
    assert "Pa55-secret" not in str(caught.value)


def test_tree_levels_and_their_cells(tmp_path: Path) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    root = CatalogNode(NodeKind.MESSAGE, "", None, -1)
    connection = CatalogNode(NodeKind.CONNECTION, "shop", root, 0, state=LoadState.NOT_LOADED)
    root.children = [connection]
    assert node_cells(connection, url) == ("shop", "SQLite", "", "", "")
    schemas, error = read_level(connection, url, None)
    assert error == "" and [s.name for s in schemas] == ["main"]
    assert schemas[0].parent is connection and schemas[0].state is LoadState.NOT_LOADED
    assert not schemas[0].attached_to(root)  # read, not yet added
    connection.children = schemas
    assert schemas[0].attached_to(root)
    tables, _ = read_level(schemas[0], url, None)
    assert [node_cells(t, url) for t in tables][1] == ("customers", "table", "", "", "2")
    columns, _ = read_level(tables[2], url, None)
    assert [node_cells(c, url) for c in columns] == [
        ("id", "INTEGER", "NULL", "PK", ""),
        ("customer_id", "INTEGER", "NOT NULL", "FK → customers.id", ""),
        ("amount", "NUMERIC(12, 2)", "NULL", "", ""),
    ]


def test_tree_level_of_an_unreachable_server_is_a_reason() -> None:
    url = "postgresql://postgres@127.0.0.1:1/shop"
    connection = CatalogNode(NodeKind.CONNECTION, "down", None, 0)
    children, error = read_level(connection, url, "Pa55-secret")
    assert children == []
    assert error.startswith("could not connect: ") and "Pa55-secret" not in error


def test_module_sources_as_connections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module_path = prepare_demo(tmp_path / "demo")
    module = load_module(module_path)
    monkeypatch.setenv("ETLX_TEST_WAREHOUSE_PASSWORD", "Pa55-secret")
    module.data_sources += [
        DataSource(
            identifier="warehouse",
            kind=SourceKind.POSTGRESQL,
            endpoint_url="postgresql://etl@127.0.0.1:5432/warehouse",
            secret_ref="env:ETLX_TEST_WAREHOUSE_PASSWORD",
        ),
        DataSource(identifier="files", kind=SourceKind.FILE, endpoint_url="data"),
    ]
    shop = (module_path.parent / "shop.sqlite").resolve()
    assert module_connections(module, module_path.parent) == [
        ("Shop database (SQLite)", f"sqlite:///{shop}", None),
        ("warehouse", "postgresql://etl@127.0.0.1:5432/warehouse", "Pa55-secret"),
    ]
    assert browse_schemas(module_connections(module, module_path.parent)[0][1]) == ["main"]
