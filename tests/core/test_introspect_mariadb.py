"""Drafting a module from a real MariaDB database (127.0.0.1:3306, see tests/conftest.py)."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator

import pytest

from etlx_desktop.core.metadata import (
    Datatype,
    NullStrategy,
    SourceKind,
    Table,
    dumps_module,
)
from etlx_desktop.core.sources import (
    SourceUnavailable,
    UnknownSchema,
    UnknownTable,
    draft_from_database,
    draft_module,
)

PASSWORD = "Wr0ng-Secret-Pa55"

SHOP_SCHEMA = [
    """CREATE TABLE shops (
        region CHAR(2) NOT NULL,
        id INT NOT NULL,
        name VARCHAR(100) NOT NULL,
        PRIMARY KEY (region, id)
    ) ENGINE=InnoDB""",
    """CREATE TABLE customers (
        id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
        email VARCHAR(255) NOT NULL,
        active BOOLEAN NOT NULL DEFAULT 1,
        born DATE,
        visits BIGINT,
        rating DOUBLE,
        avatar BLOB
    ) ENGINE=InnoDB COMMENT='People who bought something.'""",
    """CREATE TABLE orders (
        shop_region CHAR(2) NOT NULL,
        shop_id INT NOT NULL,
        order_no INT NOT NULL,
        customer_id INT UNSIGNED NOT NULL,
        status ENUM('new', 'paid', 'Shipped') NOT NULL DEFAULT 'new',
        total DECIMAL(12, 2) NOT NULL,
        placed_at DATETIME NOT NULL,
        extra JSON,
        PRIMARY KEY (shop_region, shop_id, order_no),
        FOREIGN KEY (shop_region, shop_id) REFERENCES shops (region, id),
        FOREIGN KEY (customer_id) REFERENCES customers (id)
    ) ENGINE=InnoDB""",
    """CREATE TABLE `CustomerNotes` (
        `NoteId` INT PRIMARY KEY,
        `FirstName` VARCHAR(50),
        `CustomerId` INT UNSIGNED,
        FOREIGN KEY (`CustomerId`) REFERENCES customers (id)
    ) ENGINE=InnoDB""",
    """CREATE VIEW paid_orders AS
        SELECT shop_region, shop_id, order_no, total FROM orders WHERE status = 'paid'""",
]


@pytest.fixture
def shop(mariadb_database: str, run_sql: Callable[[str, list[str]], None]) -> Iterator[str]:
    """URL of a fresh MariaDB database holding the shop."""
    run_sql(mariadb_database, SHOP_SCHEMA)
    yield mariadb_database


def database_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def column_facts(table: Table) -> dict[str, tuple[Datatype, str | None, bool | None]]:
    return {c.name: (c.datatype, c.sql_type, c.required) for c in table.table_schema.columns}


def test_database_is_drafted_valid(shop: str, check_draft: Callable[..., None]) -> None:
    module = draft_from_database(shop)

    check_draft(module)
    assert [t.table_name for t in module.tables] == [
        "CustomerNotes",
        "customers",
        "orders",
        "paid_orders",
        "shops",
    ]
    assert module.identifier == database_of(shop)
    [source] = module.data_sources
    assert source.kind is SourceKind.MYSQL
    assert source.endpoint_url == shop
    assert source.secret_ref is None
    assert module.table("orders").extraction.source_table == "orders"
    assert module.table("customers").description == "People who bought something."


def test_column_types(shop: str) -> None:
    module = draft_from_database(shop)

    assert column_facts(module.table("orders")) == {
        "shop_region": (Datatype.STRING, "char(2)", True),
        "shop_id": (Datatype.INTEGER, "integer(11)", True),
        "order_no": (Datatype.INTEGER, "integer(11)", True),
        "customer_id": (Datatype.LONG, "integer(10) unsigned", True),
        "status": (Datatype.STRING, "enum('new','paid','Shipped')", True),
        "total": (Datatype.DECIMAL, "decimal(12, 2)", True),
        "placed_at": (Datatype.DATETIME, "datetime", True),
        "extra": (Datatype.JSON, "json", None),  # MariaDB: LONGTEXT CHECK (json_valid(extra))
    }
    customers = column_facts(module.table("customers"))
    assert customers["active"] == (Datatype.BOOLEAN, "tinyint(1)", True)
    assert customers["born"] == (Datatype.DATE, "date", None)
    assert customers["visits"] == (Datatype.LONG, "bigint(20)", None)
    assert customers["rating"] == (Datatype.DOUBLE, "double", None)
    assert customers["avatar"] == (Datatype.BINARY, "blob", None)


def test_enum_values_and_null_rules(shop: str) -> None:
    columns = {c.name: c for c in draft_from_database(shop).table("orders").table_schema.columns}

    assert columns["status"].allowed_values == ["new", "paid", "Shipped"]
    assert columns["status"].null_strategy is NullStrategy.REJECT
    assert columns["extra"].null_strategy is NullStrategy.KEEP


def test_composite_keys(shop: str) -> None:
    module = draft_from_database(shop)

    orders = module.table("orders").table_schema
    assert orders.primary_key == ["shop_region", "shop_id", "order_no"]
    references = {
        tuple(fk.column_reference): (fk.reference.resource, fk.reference.column_reference)
        for fk in orders.foreign_keys
    }
    assert references == {
        ("shop_region", "shop_id"): ("tables/shops", ["region", "id"]),
        ("customer_id",): ("tables/customers", ["id"]),
    }
    assert module.table("shops").table_schema.primary_key == ["region", "id"]


def test_mixed_case_table(shop: str) -> None:
    notes = draft_from_database(shop).table("CustomerNotes")

    assert notes.url == "tables/CustomerNotes"
    assert notes.extraction.source_table == "CustomerNotes"
    assert [c.name for c in notes.table_schema.columns] == ["NoteId", "FirstName", "CustomerId"]
    [key] = notes.table_schema.foreign_keys
    assert key.column_reference == ["CustomerId"]
    assert key.reference.resource == "tables/customers"


def test_view_has_no_primary_key(shop: str) -> None:
    view = draft_from_database(shop).table("paid_orders")

    assert view.table_schema.primary_key == []
    assert view.table_schema.foreign_keys == []
    assert "view" in (view.description or "")


def test_mariadb_scheme_and_schema_option(shop: str, check_draft: Callable[..., None]) -> None:
    database = database_of(shop)
    url = shop.replace("mysql+pymysql://", "mariadb://", 1)

    module = draft_module(url, schema=database, tables=["orders", "shops"], name="Shop orders")

    check_draft(module)
    assert module.identifier == "shop_orders"
    assert module.title == "Shop orders"
    assert module.data_sources[0].endpoint_url == shop.replace("mysql+", "mariadb+", 1)
    assert module.table("orders").extraction.source_table == f"{database}.orders"
    [kept] = module.table("orders").table_schema.foreign_keys
    assert kept.reference.resource == "tables/shops"
    description = module.table("orders").description or ""
    assert f"Foreign key (customer_id) to {database}.customers (id)" in description


def test_unknown_table_and_schema(shop: str) -> None:
    with pytest.raises(UnknownTable, match=r"'orderz'; did you mean 'orders'.*CustomerNotes"):
        draft_from_database(shop, tables="orderz")
    with pytest.raises(UnknownSchema, match=r"unknown schema 'nope'.*etlx_t_"):
        draft_from_database(shop, schema="nope")


def test_password_never_reaches_module(shop: str) -> None:
    url = shop.replace("root@", f"root:{PASSWORD}@", 1)

    with pytest.raises(SourceUnavailable) as caught:  # root has no password: access denied
        draft_from_database(url)

    message = str(caught.value)
    assert "Access denied" in message
    assert f"'{database_of(shop)}' at 127.0.0.1:3306" in message
    assert PASSWORD not in "".join(traceback.format_exception(caught.value))


def test_unreachable_server_is_reported_without_password() -> None:
    with pytest.raises(SourceUnavailable) as caught:
        draft_from_database(f"mysql://shop:{PASSWORD}@127.0.0.1:1/shop")

    message = str(caught.value)
    assert "MySQL database 'shop' at 127.0.0.1:1" in message
    assert PASSWORD not in message
    assert PASSWORD not in "".join(traceback.format_exception(caught.value))


def test_module_text_holds_no_secret_when_password_accepted(shop: str) -> None:
    """An empty password in the URL is no password: no secretRef, nothing hidden."""
    module = draft_from_database(shop.replace("root@", "root:@", 1))

    assert module.data_sources[0].secret_ref is None
    assert "root:" not in dumps_module(module)
