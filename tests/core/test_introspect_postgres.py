"""Drafting a module from a real PostgreSQL database (127.0.0.1:5432, see tests/conftest.py)."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

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

PASSWORD = "S3cret-Pa55word"

SHOP_SCHEMA = [
    "CREATE SCHEMA sales",
    "CREATE TYPE sales.order_status AS ENUM ('new', 'paid', 'shipped', 'Cancelled')",
    "CREATE DOMAIN email_address AS varchar(255) CHECK (position('@' in VALUE) > 1)",
    "CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0)",
    """CREATE TABLE customers (
        id uuid PRIMARY KEY,
        email email_address NOT NULL,
        full_name text NOT NULL,
        tags int[],
        profile jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        photo bytea,
        loyalty positive_int
    )""",
    "COMMENT ON TABLE customers IS 'People who bought something.'",
    """CREATE TABLE sales.orders (
        shop_id integer NOT NULL,
        order_no bigint NOT NULL,
        customer_id uuid NOT NULL REFERENCES customers (id),
        status sales.order_status NOT NULL DEFAULT 'new',
        total numeric(12, 2) NOT NULL,
        delivery_time interval,
        note varchar(200),
        PRIMARY KEY (shop_id, order_no)
    )""",
    """CREATE TABLE sales.order_items (
        shop_id integer NOT NULL,
        order_no bigint NOT NULL,
        line_no smallint NOT NULL,
        price numeric(12, 2),
        quantity real,
        weight double precision,
        PRIMARY KEY (shop_id, order_no, line_no),
        FOREIGN KEY (shop_id, order_no) REFERENCES sales.orders (shop_id, order_no)
    )""",
    """CREATE TABLE sales."CustomerOrders" (
        "Id" serial PRIMARY KEY,
        "FirstName" text NOT NULL,
        "shopId" integer,
        "orderNo" bigint,
        FOREIGN KEY ("shopId", "orderNo") REFERENCES sales.orders (shop_id, order_no)
    )""",
    """CREATE TABLE events (
        id bigint NOT NULL,
        happened_on date NOT NULL,
        at_time time,
        payload json,
        flag boolean,
        PRIMARY KEY (id, happened_on)
    ) PARTITION BY RANGE (happened_on)""",
    "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    """CREATE TABLE event_refs (
        id serial PRIMARY KEY,
        event_id bigint,
        event_day date,
        FOREIGN KEY (event_id, event_day) REFERENCES events (id, happened_on)
    )""",
    """CREATE VIEW sales.paid_orders AS
        SELECT shop_id, order_no, total FROM sales.orders WHERE status = 'paid'""",
]

ALL_TABLES = {
    "customers",
    "event_refs",
    "events",
    "CustomerOrders",
    "order_items",
    "orders",
    "paid_orders",
}


@pytest.fixture
def shop(postgres_database: str, run_sql: Callable[[str, list[str]], None]) -> Iterator[str]:
    """URL of a fresh database holding the two-schema shop."""
    run_sql(postgres_database, SHOP_SCHEMA)
    yield postgres_database


def with_password(url: str) -> str:
    """The URL with a password (PostgreSQL trusts 127.0.0.1, so it is accepted and unused)."""
    return url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


def column_facts(table: Table) -> dict[str, tuple[Datatype, str | None, bool | None]]:
    return {c.name: (c.datatype, c.sql_type, c.required) for c in table.table_schema.columns}


def test_whole_database_is_drafted_valid(shop: str, check_draft: Callable[..., None]) -> None:
    module = draft_from_database(shop)

    check_draft(module)
    assert {t.table_name for t in module.tables} == ALL_TABLES
    assert module.identifier == shop.rsplit("/", 1)[1]
    assert module.version == 1
    [source] = module.data_sources
    assert source.kind is SourceKind.POSTGRESQL
    assert source.endpoint_url == shop
    assert source.secret_ref is None
    for table in module.tables:
        assert table.url == f"tables/{table.table_name}"
        assert table.extraction.from_source == source.identifier
    assert module.table("customers").extraction.source_table == "customers"
    assert module.table("orders").extraction.source_table == "sales.orders"
    assert module.table("customers").description == "People who bought something."


def test_column_types(shop: str) -> None:
    module = draft_from_database(shop)

    assert column_facts(module.table("customers")) == {
        "id": (Datatype.STRING, "uuid", True),
        "email": (Datatype.STRING, "varchar(255)", True),
        "full_name": (Datatype.STRING, "text", True),
        "tags": (Datatype.JSON, "integer[]", None),
        "profile": (Datatype.JSON, "jsonb", None),
        "created_at": (Datatype.DATETIME, "timestamp with time zone", True),
        "photo": (Datatype.BINARY, "bytea", None),
        "loyalty": (Datatype.INTEGER, "integer", True),  # NOT NULL comes from the domain
    }
    assert column_facts(module.table("orders")) == {
        "shop_id": (Datatype.INTEGER, "integer", True),
        "order_no": (Datatype.LONG, "bigint", True),
        "customer_id": (Datatype.STRING, "uuid", True),
        "status": (Datatype.STRING, "sales.order_status", True),
        "total": (Datatype.DECIMAL, "numeric(12, 2)", True),
        "delivery_time": (Datatype.DURATION, "interval", None),
        "note": (Datatype.STRING, "varchar(200)", None),
    }
    items = column_facts(module.table("order_items"))
    assert items["line_no"] == (Datatype.SHORT, "smallint", True)
    assert items["quantity"] == (Datatype.FLOAT, "real", None)
    assert items["weight"] == (Datatype.DOUBLE, "double precision", None)
    events = column_facts(module.table("events"))
    assert events["at_time"] == (Datatype.TIME, "time without time zone", None)
    assert events["payload"] == (Datatype.JSON, "json", None)
    assert events["flag"] == (Datatype.BOOLEAN, "boolean", None)


def test_rules_follow_nullability_and_enums(shop: str) -> None:
    orders = draft_from_database(shop).table("orders")
    columns = {c.name: c for c in orders.table_schema.columns}

    assert columns["status"].allowed_values == ["new", "paid", "shipped", "Cancelled"]
    assert columns["total"].null_strategy is NullStrategy.REJECT
    assert columns["note"].null_strategy is NullStrategy.KEEP
    assert columns["note"].required is None
    assert all(c.anonymization is None and c.personal_data is None for c in columns.values())


def test_composite_and_cross_schema_keys(shop: str) -> None:
    module = draft_from_database(shop)

    assert module.table("orders").table_schema.primary_key == ["shop_id", "order_no"]
    items = module.table("order_items").table_schema
    assert items.primary_key == ["shop_id", "order_no", "line_no"]
    [to_orders] = items.foreign_keys
    assert to_orders.column_reference == ["shop_id", "order_no"]
    assert to_orders.reference.resource == "tables/orders"
    assert to_orders.reference.column_reference == ["shop_id", "order_no"]
    [to_customers] = module.table("orders").table_schema.foreign_keys  # sales -> public
    assert to_customers.reference.resource == "tables/customers"
    assert to_customers.key_handling == "inherit"
    [to_events] = module.table("event_refs").table_schema.foreign_keys  # not its partitions
    assert to_events.reference.resource == "tables/events"
    assert to_events.reference.column_reference == ["id", "happened_on"]


def test_mixed_case_names_are_kept(shop: str) -> None:
    table = draft_from_database(shop).table("CustomerOrders")

    assert table.url == "tables/CustomerOrders"
    assert table.extraction.source_table == "sales.CustomerOrders"
    assert [c.name for c in table.table_schema.columns] == ["Id", "FirstName", "shopId", "orderNo"]
    assert table.table_schema.primary_key == ["Id"]
    [key] = table.table_schema.foreign_keys
    assert key.column_reference == ["shopId", "orderNo"]
    assert key.reference.column_reference == ["shop_id", "order_no"]


def test_partitions_are_left_out_and_parent_kept(shop: str) -> None:
    module = draft_from_database(shop)
    names = {t.table_name for t in module.tables}

    assert "events" in names
    assert not {"events_2024", "events_2025"} & names
    events = module.table("events")
    assert events.table_schema.primary_key == ["id", "happened_on"]
    assert "partitioned" in (events.description or "")
    assert "public.events_2024" in (events.description or "")


def test_view_has_no_primary_key(shop: str) -> None:
    view = draft_from_database(shop).table("paid_orders")

    assert view.table_schema.primary_key == []
    assert view.table_schema.foreign_keys == []
    assert [c.name for c in view.table_schema.columns] == ["shop_id", "order_no", "total"]
    assert "view" in (view.description or "")


def test_one_schema_notes_keys_to_tables_left_out(
    shop: str, check_draft: Callable[..., None]
) -> None:
    module = draft_from_database(shop, schema="sales")

    check_draft(module)
    assert {t.table_name for t in module.tables} == {
        "CustomerOrders",
        "order_items",
        "orders",
        "paid_orders",
    }
    orders = module.table("orders")
    assert orders.extraction.source_table == "sales.orders"
    assert orders.table_schema.foreign_keys == []
    assert "Foreign key (customer_id) to public.customers (id)" in (orders.description or "")


def test_public_schema_given_is_written_out(shop: str) -> None:
    module = draft_from_database(shop, schema="public")

    assert module.table("customers").extraction.source_table == "public.customers"


def test_tables_option_keeps_the_order_given(shop: str, check_draft: Callable[..., None]) -> None:
    module = draft_from_database(shop, tables=["CustomerOrders", "sales.orders", "customers"])

    check_draft(module)
    assert [t.table_name for t in module.tables] == ["CustomerOrders", "orders", "customers"]
    assert module.table("orders").table_schema.foreign_keys[0].reference.resource == (
        "tables/customers"
    )


def test_same_name_in_two_schemas_gets_schema_prefix(
    postgres_database: str,
    run_sql: Callable[[str, list[str]], None],
    check_draft: Callable[..., None],
) -> None:
    run_sql(
        postgres_database,
        [
            "CREATE SCHEMA archive",
            "CREATE TABLE orders (id int PRIMARY KEY)",
            "CREATE TABLE archive.orders (id int PRIMARY KEY, old_id int REFERENCES orders(id))",
        ],
    )
    module = draft_from_database(postgres_database)

    check_draft(module)
    assert sorted(t.table_name for t in module.tables) == ["archive_orders", "public_orders"]
    archived = module.table("archive_orders")
    assert archived.extraction.source_table == "archive.orders"
    assert archived.table_schema.foreign_keys[0].reference.resource == "tables/public_orders"


def test_unknown_table_error_names_what_exists(shop: str) -> None:
    with pytest.raises(UnknownTable) as caught:
        draft_from_database(shop, tables=["customers", "ordres"])

    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert "'ordres'" in message
    assert "did you mean 'sales.orders'" in message
    assert "sales.CustomerOrders" in message
    assert "customers" in message


def test_unknown_schema_error_names_what_exists(shop: str) -> None:
    with pytest.raises(UnknownSchema, match=r"unknown schema 'sale'.*'sales'.*public"):
        draft_from_database(shop, schema="sale")


def test_password_never_reaches_module_or_log(
    shop: str, check_draft: Callable[..., None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    module = draft_module(with_password(shop).replace("postgresql+psycopg", "postgresql"))

    check_draft(module)
    text = dumps_module(module)
    assert PASSWORD not in text
    assert "***" not in text
    [source] = module.data_sources
    assert source.endpoint_url == shop  # plain postgresql:// picks psycopg
    assert source.secret_ref == "env:ETLX_DB_PASSWORD"
    assert PASSWORD not in caplog.text


def test_unreachable_server_is_reported_without_password() -> None:
    url = f"postgresql://etlx:{PASSWORD}@127.0.0.1:1/shop"
    with pytest.raises(SourceUnavailable) as caught:
        draft_from_database(url)

    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "'shop'" in message
    assert "refused" in message.lower()
    shown = "".join(traceback.format_exception(caught.value))
    assert PASSWORD not in shown
    assert PASSWORD not in repr(caught.value)


def test_reading_blocks_no_writer(shop: str) -> None:
    """Under an EXCLUSIVE lock (it admits ACCESS SHARE only) the draft still reads everything:
    it takes no lock a reader or writer could wait for, and writes nothing."""
    engine = create_engine(shop, poolclass=NullPool)
    try:
        with engine.connect() as writer:
            writer.exec_driver_sql("LOCK TABLE sales.orders IN EXCLUSIVE MODE")
            module = draft_from_database(shop)
            writer.rollback()
    finally:
        engine.dispose()

    assert {t.table_name for t in module.tables} == ALL_TABLES


def test_table_held_by_schema_change_fails_fast_and_clearly(shop: str) -> None:
    """An ACCESS EXCLUSIVE lock (DDL) makes the draft give up after the lock timeout."""
    engine = create_engine(shop, poolclass=NullPool)
    try:
        with engine.connect() as migration:
            migration.exec_driver_sql("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            with pytest.raises(SourceUnavailable, match="locked by another session"):
                draft_from_database(shop, schema="sales")
            waited = time.monotonic() - started
            migration.rollback()
    finally:
        engine.dispose()

    assert waited < 30


def test_no_connection_is_left_open(shop: str) -> None:
    draft_from_database(shop)

    engine = create_engine(shop, poolclass=NullPool)
    try:
        with engine.connect() as observer:
            others = observer.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).scalar()
    finally:
        engine.dispose()
    assert others == 0
