"""The whole desktop flow, driven through the widgets against a real PostgreSQL:
add a connection → test it → add two tables with a foreign key from the browser → accept the
personal-data suggestions → the preview shows masked values → Run → version 1 in the catalog
→ export the metadata → re-open it → the same document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings
from pytestqt.qtbot import QtBot

from etlx_desktop.core.connections import ConnectionStore
from etlx_desktop.core.metadata import dumps_module, load_module
from etlx_desktop.core.pipeline.preview_stats import PreviewSummary
from etlx_desktop.core.storage.catalog import open_store
from etlx_desktop.ui.connection_secrets import open_vault
from etlx_desktop.ui.connections_controller import ConnectionsController
from etlx_desktop.ui.main_window import MainWindow
from etlx_desktop.ui.settings import UiSettings

from .browsing import child_named, load_children
from .conftest import Screenshot

TIMEOUT = 30000
FIRST = ["Иван", "Пётр", "Анна", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена"]
LAST = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков"]


def shop_statements(rows: int = 60) -> list[str]:
    statements = [
        "CREATE TABLE customers (id integer PRIMARY KEY, full_name text NOT NULL,"
        " email text NOT NULL UNIQUE, phone text, city text)",
        "CREATE TABLE orders (id integer PRIMARY KEY,"
        " customer_id integer NOT NULL REFERENCES customers (id), total numeric(10, 2))",
    ]
    for i in range(1, rows + 1):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 3) % len(LAST)]
        female = first in ("Анна", "Мария", "Ольга", "Елена")
        surname = last + ("а" if female else "")
        statements.append(
            "INSERT INTO customers VALUES"
            f" ({i}, '{surname} {first}', 'user{i}@example.ru',"
            f" '+7 (9{i % 10:01d}{i % 7:01d}) {100 + i:03d}-{i % 90 + 10:02d}-{i % 80 + 10:02d}',"
            f" '{['Москва', 'Казань', 'Пермь'][i % 3]}')"
        )
    statements += [
        f"INSERT INTO orders VALUES ({i}, {i % rows + 1}, {i * 10}.50)" for i in range(1, rows + 1)
    ]
    return statements


@pytest.fixture
def shop(postgres_database: str, run_sql: Callable[[str, list[str]], None]) -> str:
    run_sql(postgres_database, shop_statements())
    return postgres_database


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    connections = ConnectionsController(
        ConnectionStore(tmp_path / "connections.json"),
        open_vault(tmp_path, keyring_backend=None),
    )
    window = MainWindow(settings, connections=connections)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.document, "dirty", False))
    window.resize(1500, 950)
    window.show()
    yield window
    window.shutdown()


def add_connection(qtbot: QtBot, window: MainWindow, url: str, screenshot: Screenshot) -> None:
    window.connections_action.trigger()
    manager = window.connections.manager
    assert manager is not None and manager.isVisible()
    manager.new_connection()
    assert manager.form.apply_url(url)
    manager.form.name_edit.clear()
    qtbot.keyClicks(manager.form.name_edit, "Shop (PostgreSQL)")
    assert manager.save()
    manager.test_current()
    qtbot.waitUntil(lambda: not manager.is_testing(), timeout=TIMEOUT)
    assert "PostgreSQL" in manager.outcome.text(), manager.outcome.text()
    screenshot(manager, "flow-1-connection")
    manager.close()


def add_tables(qtbot: QtBot, window: MainWindow, names: list[str]) -> None:
    model = window.browser.model
    connection = child_named(model, QModelIndex(), "Shop (PostgreSQL)")
    load_children(qtbot, model, connection)
    schema = child_named(model, connection, "public")
    load_children(qtbot, model, schema)
    for name in names:
        window.browser.tree.setCurrentIndex(child_named(model, schema, name))
        with qtbot.waitSignal(
            window.table_adder.busy, timeout=TIMEOUT, check_params_cb=lambda busy: not busy
        ):
            window.browser.add_action.trigger()


def accept_suggestions(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.editor
    editor.banner.scan_button.click()
    qtbot.waitUntil(lambda: editor.scan_dialog is not None, timeout=TIMEOUT)
    dialog = editor.scan_dialog
    assert dialog is not None
    found = {(s.table, s.column) for s in dialog.suggestions}
    assert {("customers", "full_name"), ("customers", "email")} <= found
    dialog.accept_all_button.click()
    dialog.close()


def test_the_whole_flow_through_the_widgets(
    qtbot: QtBot, window: MainWindow, shop: str, tmp_path: Path, screenshot: Screenshot
) -> None:
    add_connection(qtbot, window, shop, screenshot)
    add_tables(qtbot, window, ["customers", "orders"])
    module = window.document.module
    assert [t.table_name for t in module.tables] == ["customers", "orders"]
    keys = module.table("orders").table_schema.foreign_keys
    assert [(k.column_reference, k.reference.resource) for k in keys] == [
        (["customer_id"], "tables/customers")
    ]

    accept_suggestions(qtbot, window)
    customers = module.table("customers").table_schema.columns
    assert {c.name for c in customers if c.anonymization} >= {"full_name", "email"}

    window.editor.select_table("customers")
    with qtbot.waitSignal(window.preview_controller.shown, timeout=TIMEOUT, raising=False) as shown:
        window.preview_controller.refresh()
    assert shown.signal_triggered, window.preview.status_label.text()
    summary = shown.args[0]
    assert isinstance(summary, PreviewSummary)
    before = window.preview.before_model
    after = window.preview.after_model
    column = after.column_names().index("full_name")
    masked = [
        (before.index(r, column).data(), after.index(r, column).data())
        for r in range(min(20, after.rowCount()))
    ]
    assert masked and all(old != new for old, new in masked), masked
    screenshot(window, "flow-2-preview")

    folder = tmp_path / "published"
    window.run_panel.add_folder_target(folder)
    with qtbot.waitSignal(window.run_panel.finished, timeout=60000) as finished:
        assert window.run_panel.start()
    assert finished.args == ["succeeded"]
    target = module.distribution[0]
    versions = open_store(target, tmp_path).versions(module.identifier)
    assert [v.version for v in versions] == [1]
    history = window.run_panel.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    assert history.model.index(0, 0).data() in ("1", "v1", 1)
    screenshot(window, "flow-3-run")

    exported = tmp_path / "exported.jsonld"
    window.export_to(exported)
    assert window.open_path(exported)
    assert dumps_module(load_module(exported)) == dumps_module(window.document.module)
    assert dumps_module(window.document.module) == dumps_module(module)
