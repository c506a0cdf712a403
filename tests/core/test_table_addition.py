"""Adding database tables to a module one by one, as the schema browser does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from etlx_desktop.core.metadata import DataModule, validate_module
from etlx_desktop.core.metadata.editing_tables import AddTable, TableAlreadyInModule
from etlx_desktop.core.metadata.io import module_to_json
from etlx_desktop.core.sources.addition import draft_addition
from etlx_desktop.core.sources.errors import SourceUnavailable, UnknownTable

SHOP = [
    "CREATE TABLE customers (id integer PRIMARY KEY, full_name text NOT NULL, email text)",
    "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL"
    " REFERENCES customers (id), total numeric(10, 2))",
    "CREATE SCHEMA crm",
    "CREATE TABLE crm.customers (id integer PRIMARY KEY, note text)",
]


def empty_module() -> DataModule:
    return DataModule(identifier="m", title="M")


def add(module: DataModule, base: Path, url: str, schema: str, table: str) -> AddTable:
    edit = AddTable(draft_addition(module, base, url, schema, table))
    edit.apply(module)
    return edit


def keys_of(module: DataModule, table: str) -> list[tuple[list[str], str]]:
    return [
        (k.column_reference, k.reference.resource)
        for k in module.table(table).table_schema.foreign_keys
    ]


@pytest.fixture
def shop(postgres_database: str, run_sql: Callable[[str, list[str]], None]) -> str:
    run_sql(postgres_database, SHOP)
    return postgres_database


def test_parent_then_child_gives_the_child_its_key(shop: str, tmp_path: Path) -> None:
    module = empty_module()
    add(module, tmp_path, shop, "public", "customers")
    add(module, tmp_path, shop, "public", "orders")
    assert [t.table_name for t in module.tables] == ["customers", "orders"]
    assert len(module.data_sources) == 1, "both tables read the same database"
    assert keys_of(module, "orders") == [(["customer_id"], "tables/customers")]
    source = module.data_sources[0]
    assert source.endpoint_url == shop and "@" not in (source.secret_ref or "")
    assert not [p for p in validate_module(module) if p.severity.name == "ERROR"]


def test_child_then_parent_adds_the_key_to_the_child(shop: str, tmp_path: Path) -> None:
    module = empty_module()
    add(module, tmp_path, shop, "public", "orders")
    assert keys_of(module, "orders") == []  # its parent is not in the module yet
    edit = add(module, tmp_path, shop, "public", "customers")
    assert keys_of(module, "orders") == [(["customer_id"], "tables/customers")]
    edit.revert(module)
    assert keys_of(module, "orders") == [] and [t.table_name for t in module.tables] == ["orders"]


def test_revert_restores_the_module_exactly(shop: str, tmp_path: Path) -> None:
    module = empty_module()
    before = module_to_json(module)
    edit = add(module, tmp_path, shop, "public", "customers")
    assert module_to_json(module) != before
    edit.revert(module)
    assert module_to_json(module) == before


def test_same_name_in_another_schema_is_named_by_its_schema(shop: str, tmp_path: Path) -> None:
    module = empty_module()
    add(module, tmp_path, shop, "public", "customers")
    add(module, tmp_path, shop, "crm", "customers")
    second = module.tables[1]
    assert second.table_name == "crm_customers" and second.url == "tables/crm_customers"
    assert second.extraction.source_table == "crm.customers"


def test_a_table_already_read_is_refused(shop: str, tmp_path: Path) -> None:
    module = empty_module()
    add(module, tmp_path, shop, "public", "customers")
    with pytest.raises(TableAlreadyInModule, match="customers"):
        draft_addition(module, tmp_path, shop, "public", "customers")


def test_unknown_table_and_unreachable_server_say_so(shop: str, tmp_path: Path) -> None:
    with pytest.raises(UnknownTable, match="nope"):
        draft_addition(empty_module(), tmp_path, shop, "public", "nope")
    with pytest.raises(SourceUnavailable):
        draft_addition(
            empty_module(),
            tmp_path,
            "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2",
            "public",
            "t",
        )


def test_sqlite_file_inside_the_module_folder_stays_relative(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "data" / "shop.sqlite"
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.executescript(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
            "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
            " customer_id INTEGER REFERENCES customers (id));"
        )
    module = empty_module()
    url = f"sqlite:///{database}"
    add(module, tmp_path, url, "main", "orders")
    add(module, tmp_path, url, "main", "customers")
    assert module.data_sources[0].endpoint_url == "sqlite:///data/shop.sqlite"
    assert module.data_sources[0].identifier == "shop"
    assert keys_of(module, "orders") == [(["customer_id"], "tables/customers")]
