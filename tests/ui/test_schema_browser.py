"""The schema browser reads real catalogs lazily, off the GUI thread: SQLite, PostgreSQL, and
a closed port that becomes an error child."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qdarkstyle
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.sources import browse_tree
from etlx_desktop.core.sources.browse import browse_schemas
from etlx_desktop.ui.models.schema_model import NodeKind, SchemaModel
from etlx_desktop.ui.widgets.schema_browser import SchemaBrowser

from .browsing import child_named
from .conftest import Screenshot
from .host import shown_in_host

LOAD_TIMEOUT = 15_000  # ms; the drivers' own connect timeout is 10 s


@pytest.fixture
def model(qtbot: QtBot) -> Iterator[SchemaModel]:
    created = SchemaModel()
    yield created
    created.shutdown()


@pytest.fixture
def browser(qtbot: QtBot) -> Iterator[SchemaBrowser]:
    widget = SchemaBrowser()
    host = shown_in_host(qtbot, widget, 860, 780, widget.shutdown)
    yield widget
    del host


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
            INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.com');
            """
        )
    return f"sqlite:///{path}"


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def _load(qtbot: QtBot, model: SchemaModel, index: QModelIndex) -> None:
    """Fetch `index`'s children and wait until they (or the error) are in."""
    assert model.canFetchMore(index)
    with qtbot.waitSignal(
        model.loaded, timeout=LOAD_TIMEOUT, check_params_cb=lambda done: done == index
    ):
        model.fetchMore(index)
        assert model.rowCount(index) == 0 and model.pending() == 1  # returned before reading


def _row(model: SchemaModel, parent: QModelIndex) -> dict[str, list[str]]:
    """Each child's cells, by name."""
    return {
        model.index(r, 0, parent).data(): [
            model.index(r, c, parent).data() for c in range(1, model.columnCount())
        ]
        for r in range(model.rowCount(parent))
    }


def test_sqlite_levels_load_lazily(
    qtbot: QtBot, model: SchemaModel, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    model.set_connections([("shop", url, None)])
    connection = model.index(0, 0)
    assert connection.data() == "shop" and model.index(0, 1).data() == "SQLite"
    assert model.rowCount(connection) == 0 and model.hasChildren(connection)  # nothing read
    _load(qtbot, model, connection)
    schema = child_named(model, connection, "main")
    _load(qtbot, model, schema)
    assert _row(model, schema) == {
        "customers": ["table", "", "", "2"],
        "orders": ["table", "", "", "0"],
    }
    orders = child_named(model, schema, "orders")
    _load(qtbot, model, orders)
    assert _row(model, orders) == {
        "id": ["INTEGER", "NULL", "PK", ""],
        "customer_id": ["INTEGER", "NOT NULL", "FK → customers.id", ""],
        "amount": ["NUMERIC(12, 2)", "NULL", "", ""],
    }
    assert model.table_of(model.index(1, 0, orders)) == (url, "main", "orders")
    tip = Qt.ItemDataRole.ToolTipRole
    assert (
        model.index(1, 0, orders).data(tip)
        == "customer_id · INTEGER · NOT NULL · FK → customers.id"
    )
    assert model.index(0, 0, schema).data(tip) == "customers · table · 2 rows"
    assert model.kind(model.index(1, 0, orders)) is NodeKind.COLUMN
    qtmodeltester.check(model)  # it fetches every level not read yet (customers' columns)
    qtbot.waitUntil(lambda: model.pending() == 0, timeout=LOAD_TIMEOUT)
    assert list(_row(model, child_named(model, schema, "customers"))) == ["id", "email"]


def test_model_tester_follows_a_whole_cascade_of_loads(
    qtbot: QtBot, model: SchemaModel, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    down = f"postgresql://postgres@127.0.0.1:{_closed_port()}/shop"
    model.set_connections([("shop", url, None), ("down", down, None)])
    # The tester fetches every level it finds, and checks every insertion the answers make.
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.pending() == 0 and _depth(model) == 4, timeout=LOAD_TIMEOUT)
    schema = child_named(model, model.index(0, 0), "main")
    assert [model.rowCount(model.index(r, 0, schema)) for r in range(2)] == [2, 3]
    assert model.index(0, 0, model.index(1, 0)).data().startswith("could not connect: ")
    qtmodeltester.check(model)


def _depth(model: SchemaModel, parent: QModelIndex | None = None) -> int:
    parent = parent or QModelIndex()
    rows = range(model.rowCount(parent))
    return 1 + max((_depth(model, model.index(r, 0, parent)) for r in rows), default=-1)


def test_postgresql_levels(
    qtbot: QtBot,
    model: SchemaModel,
    qtmodeltester: ModelTester,
    postgres_database: str,
    run_sql: Callable[[str, list[str]], None],
) -> None:
    run_sql(
        postgres_database,
        [
            "CREATE SCHEMA sales",
            "CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(255) NOT NULL)",
            "CREATE TABLE sales.orders (id int PRIMARY KEY, "
            "customer_id bigint NOT NULL REFERENCES customers (id), note text)",
            "INSERT INTO customers SELECT g, 'c' || g || '@example.com' "
            "FROM generate_series(1, 1200) g",
            "ANALYZE customers",
        ],
    )
    model.set_connections([("scratch", postgres_database, None)])
    connection = model.index(0, 0)
    assert model.index(0, 1).data() == "PostgreSQL"
    _load(qtbot, model, connection)
    assert list(_row(model, connection)) == ["public", "sales"]
    public = child_named(model, connection, "public")
    _load(qtbot, model, public)
    assert _row(model, public) == {"customers": ["table", "", "", "1,200"]}
    sales = child_named(model, connection, "sales")
    _load(qtbot, model, sales)
    assert _row(model, sales) == {"orders": ["table", "", "", ""]}  # never analyzed
    orders = child_named(model, sales, "orders")
    _load(qtbot, model, orders)
    assert _row(model, orders) == {
        "id": ["INTEGER", "NOT NULL", "PK", ""],
        "customer_id": ["BIGINT", "NOT NULL", "FK → public.customers.id", ""],
        "note": ["TEXT", "NULL", "", ""],
    }
    qtmodeltester.check(model)  # it fetches customers' columns
    qtbot.waitUntil(lambda: model.pending() == 0, timeout=LOAD_TIMEOUT)
    customers = child_named(model, public, "customers")
    assert _row(model, customers)["id"] == ["BIGINT", "NOT NULL", "PK", ""]


def test_closed_port_becomes_an_errorchild_named(qtbot: QtBot, model: SchemaModel) -> None:
    port = _closed_port()
    url = f"postgresql://postgres@127.0.0.1:{port}/shop"
    model.set_connections([("down", url, "not-shown-anywhere")])
    connection = model.index(0, 0)
    _load(qtbot, model, connection)
    assert model.rowCount(connection) == 1
    error = model.index(0, 0, connection)
    assert model.kind(error) is NodeKind.MESSAGE
    assert error.data().startswith("could not connect: ")
    assert "refused" in error.data().lower()
    assert "not-shown-anywhere" not in error.data()
    assert not model.canFetchMore(connection)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        reloaded = model.reload(error)  # Reload on the error tries the connection again
        assert reloaded == connection and model.pending() == 1
    assert model.index(0, 0, connection).data().startswith("could not connect: ")


def test_a_slow_catalog_shows_loading_and_never_blocks(
    qtbot: QtBot, model: SchemaModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    gate = threading.Event()

    def slow_schemas(url: str, password: str | None) -> list[str]:
        assert threading.current_thread() is not threading.main_thread()
        assert gate.wait(LOAD_TIMEOUT / 1000)  # a server that takes its time to answer
        return browse_schemas(url, password)

    monkeypatch.setattr(browse_tree, "browse_schemas", slow_schemas)
    model.set_connections([("slow", url, None)])
    connection = model.index(0, 0)
    model.fetchMore(connection)
    # the GUI thread goes on handling events while the worker waits
    qtbot.waitUntil(lambda: model.rowCount(connection) == 1)
    assert model.index(0, 0, connection).data() == "loading…"
    assert model.kind(model.index(0, 0, connection)) is NodeKind.MESSAGE
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        gate.set()
    assert list(_row(model, connection)) == ["main"]


def test_replacing_connections_drops_pending_answers(
    qtbot: QtBot, model: SchemaModel, tmp_path: Path
) -> None:
    url = _sqlite_shop(tmp_path / "shop.sqlite")
    model.set_connections([("first", url, None)])
    model.fetchMore(model.index(0, 0))
    model.set_connections([("second", url, None)])  # the first answer is now stale
    connection = model.index(0, 0)
    _load(qtbot, model, connection)
    assert connection.data() == "second" and list(_row(model, connection)) == ["main"]


def test_browser_adds_a_table_and_shows_columns(
    qtbot: QtBot,
    browser: SchemaBrowser,
    tmp_path: Path,
    screenshot: Screenshot,
    postgres_database: str,
    run_sql: Callable[[str, list[str]], None],
) -> None:
    run_sql(
        postgres_database,
        [
            "CREATE TABLE patients (id uuid PRIMARY KEY, snils char(14) NOT NULL UNIQUE, "
            "full_name varchar(200) NOT NULL, birth_date date, city text)",
            "CREATE TABLE visits (id bigserial PRIMARY KEY, "
            "patient_id uuid NOT NULL REFERENCES patients (id), visited_at timestamptz, "
            "cost numeric(10, 2))",
        ],
    )
    demo_url = f"sqlite:///{prepare_demo(tmp_path / 'demo').parent / 'shop.sqlite'}"
    down_url = f"postgresql://postgres@127.0.0.1:{_closed_port()}/warehouse"
    browser.set_connections(
        [
            ("Demo shop", demo_url, None),
            ("Clinic (PostgreSQL)", postgres_database, None),
            ("Warehouse (down)", down_url, None),
        ]
    )
    model, tree = browser.model, browser.tree
    demo, clinic, down = model.index(0, 0), model.index(1, 0), model.index(2, 0)
    for index in (demo, clinic, down):
        with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
            tree.expand(index)  # the view fetches what it expands
    schema = child_named(model, demo, "main")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        tree.expand(schema)
    orders = child_named(model, schema, "orders")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        tree.expand(orders)
    assert model.rowCount(orders) == 7
    public = child_named(model, clinic, "public")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        tree.expand(public)
    visits = child_named(model, public, "visits")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        tree.expand(visits)
    assert _row(model, visits)["patient_id"] == ["UUID", "NOT NULL", "FK → patients.id", ""]
    patients = child_named(model, public, "patients")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        tree.expand(patients)
    assert _row(model, patients)["snils"] == ["CHAR(14)", "NOT NULL", "UNIQUE", ""]
    assert not model.index(1, 0, down).isValid()
    assert model.index(0, 0, down).data().startswith("could not connect: ")
    assert browser.failure_label.isVisible()
    assert browser.failure_label.text().startswith("Warehouse (down): could not connect: ")
    assert not browser.add_action.isEnabled()
    tree.setCurrentIndex(orders)
    assert browser.add_action.isEnabled()
    with qtbot.waitSignal(browser.tableChosen, timeout=1000) as chosen:
        browser.add_action.trigger()
    assert chosen.args == [demo_url, "main", "orders"]
    column = model.index(1, 0, orders)
    with qtbot.waitSignal(browser.tableChosen, timeout=1000) as chosen:
        tree.activated.emit(column)  # a double click on a column adds its table
    assert chosen.args == [demo_url, "main", "orders"]
    tree.setCurrentIndex(model.index(0, 0, down))
    assert not browser.add_action.isEnabled()
    tree.setCurrentIndex(orders)
    screenshot(browser, "schema_browser_columns")
    browser.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))  # this widget only
    screenshot(browser, "schema_browser_columns_dark")


def test_browser_shows_the_module_sources(
    qtbot: QtBot, browser: SchemaBrowser, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    browser.set_sources(module, folder)
    model = browser.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(2)] == ["Shop database (SQLite)", "SQLite"]
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
        browser.tree.expand(model.index(0, 0))
    assert list(_row(model, model.index(0, 0))) == ["main"]
    browser.set_sources(None, folder)
    assert model.rowCount() == 0
