"""The connection manager on real servers (PostgreSQL and MariaDB on 127.0.0.1): editing through
the widgets, the URL line in step with the form, tests off the GUI thread, saving passwords per
policy (never in the store file), duplicate, delete, export and import, and a screenshot."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
import qdarkstyle
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from etlx_desktop.core.connections import (
    Connection,
    ConnectionKind,
    ConnectionStore,
    PasswordPolicy,
    ProbeResult,
    SecretVault,
    SslMode,
    WrongMasterPassword,
)
from etlx_desktop.core.sources.browse import browse_schemas
from etlx_desktop.ui import connection_tester
from etlx_desktop.ui.connection_entries import browser_entries, browser_url
from etlx_desktop.ui.connection_secrets import UnlockableVault, open_vault
from etlx_desktop.ui.models.connection_list_model import ID_ROLE, WHERE_ROLE, ConnectionListModel
from etlx_desktop.ui.widgets.connection_fields import Outcome
from etlx_desktop.ui.widgets.connection_manager import ConnectionManager

from .conftest import Screenshot

MASTER = "correct horse battery staple"
SECRET = "s3cr3t-Pa55word!"
TEST_TIMEOUT = 15_000  # ms; a probe's own deadline is its connect timeout (10 s) plus 1 s

Asked = list[str]


@pytest.fixture(autouse=True)
def no_master_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ETLX_MASTER_PASSWORD", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> ConnectionStore:
    return ConnectionStore(tmp_path / "config" / "connections.json")


@pytest.fixture
def vault(tmp_path: Path) -> UnlockableVault:
    # no keyring: the user's real keyring is never touched
    return open_vault(tmp_path / "config", keyring_backend=None)


@pytest.fixture
def asked() -> Asked:
    return []


@pytest.fixture
def make_manager(
    qtbot: QtBot, store: ConnectionStore, vault: UnlockableVault, asked: Asked
) -> Callable[..., ConnectionManager]:
    def make(**options: object) -> ConnectionManager:
        def ask(prompt: str) -> str | None:
            asked.append(prompt)
            return MASTER

        options.setdefault("ask_master_password", ask)
        dialog = ConnectionManager(
            options.pop("store", store),
            options.pop("vault", vault),
            **options,
        )
        qtbot.addWidget(dialog, before_close_func=lambda _: dialog.shutdown())
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.fixture
def manager(make_manager: Callable[..., ConnectionManager]) -> ConnectionManager:
    return make_manager()


def type_into(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def paste_url(qtbot: QtBot, manager: ConnectionManager, url: str) -> None:
    """Type a URL into the URL line and press Enter, as a user pasting one does."""
    edit = manager.form.url_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, url)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def fill_server(qtbot: QtBot, manager: ConnectionManager, url: str, name: str) -> None:
    """Fill the form from a test fixture's URL, through the widgets."""
    parsed = make_url(url)
    form = manager.form
    type_into(qtbot, form.name_edit, name)
    choose(form.kind_combo, "postgresql" if parsed.get_backend_name() == "postgresql" else "mysql")
    type_into(qtbot, form.host_edit, str(parsed.host))
    type_into(qtbot, form.port_edit, str(parsed.port))
    type_into(qtbot, form.database_edit, str(parsed.database))
    type_into(qtbot, form.user_edit, str(parsed.username))


def store_text(store: ConnectionStore) -> str:
    return store.path.read_text(encoding="utf-8")


def wait_for_test(qtbot: QtBot, manager: ConnectionManager) -> None:
    qtbot.waitUntil(lambda: manager.outcome.outcome is not Outcome.BUSY, timeout=TEST_TIMEOUT)


# -- editing and saving --------------------------------------------------------------------


def test_a_connection_typed_into_the_form_is_saved_without_its_password(
    qtbot: QtBot, manager: ConnectionManager, store: ConnectionStore
) -> None:
    form = manager.form
    assert manager.current_id() is None  # an empty store: a new connection is being edited
    fill_server(qtbot, manager, "postgresql://etl@127.0.0.1:6543/crm", "CRM")
    qtbot.keyClicks(form.password_edit, SECRET)
    choose(form.policy_combo, "session")
    assert form.password_edit.echoMode() == form.password_edit.EchoMode.Password
    assert form.url_edit.text() == "postgresql://etl@127.0.0.1:6543/crm?connect_timeout=10"

    with qtbot.waitSignal(manager.connectionsChanged):
        qtbot.mouseClick(manager.view.save_button, Qt.MouseButton.LeftButton)

    assert manager.outcome.outcome is Outcome.OK, manager.outcome.text()
    (saved,) = store.connections()
    assert (saved.name, saved.host, saved.port, saved.database, saved.user) == (
        "CRM",
        "127.0.0.1",
        6543,
        "crm",
        "etl",
    )
    assert manager.current_id() == saved.id
    assert manager.model.rowCount() == 1
    shown = manager.model.data(manager.model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    assert shown == "CRM"
    where = manager.model.data(manager.model.index(0, 0), WHERE_ROLE)
    assert where == "PostgreSQL database 'crm' at 127.0.0.1:6543"
    document = json.loads(store_text(store))
    assert document["connections"][0]["name"] == "CRM"
    assert SECRET not in store_text(store)
    assert manager.session_passwords == {saved.id: SECRET}
    assert SECRET not in manager.outcome.text()


def test_a_connection_with_problems_is_not_saved(
    qtbot: QtBot, manager: ConnectionManager, store: ConnectionStore
) -> None:
    type_into(qtbot, manager.form.host_edit, "127.0.0.1")
    assert "The connection needs a name." in manager.form.problems_label.text()
    assert manager.form.problems_label.isVisible()
    assert not manager.save()
    assert manager.outcome.outcome is Outcome.ERROR
    assert "needs a name" in manager.outcome.text()
    assert store.connections() == []


def test_only_the_rows_of_the_kind_are_shown(manager: ConnectionManager) -> None:
    form = manager.form
    visible = form.form.isRowVisible
    choose(form.kind_combo, "s3")
    assert visible(form.bucket_edit) and visible(form.password_edit)
    assert not visible(form.host_edit) and not visible(form.ssl_combo)
    assert not visible(form.path_field)
    choose(form.kind_combo, "sqlite")
    assert visible(form.path_field) and not visible(form.password_edit)
    assert not visible(form.bucket_edit)
    choose(form.kind_combo, "mysql")
    assert visible(form.host_edit) and visible(form.root_cert) and not visible(form.path_field)
    assert form.port_edit.placeholderText().startswith("3306")
    s3_action = next(a for a in manager.view.kind_menu.actions() if a.data() == "s3")
    s3_action.trigger()  # New ▸ S3 bucket
    assert form.kind() is ConnectionKind.S3 and form.name_edit.text() == ""
    assert visible(form.bucket_edit) and manager.current_id() is None


# -- the URL line --------------------------------------------------------------------------


def test_a_pasted_url_fills_the_form_and_its_password_leaves_the_url(
    qtbot: QtBot, manager: ConnectionManager
) -> None:
    form = manager.form
    paste_url(qtbot, manager, "postgresql://u:pw@127.0.0.1:5432/db?sslmode=require")

    assert form.kind() is ConnectionKind.POSTGRESQL
    assert (form.host_edit.text(), form.port_edit.text()) == ("127.0.0.1", "5432")
    assert (form.database_edit.text(), form.user_edit.text()) == ("db", "u")
    assert form.ssl_combo.currentData() == SslMode.REQUIRE.value
    assert form.password_edit.text() == "pw" and form.password() == "pw"
    assert (
        form.url_edit.text()
        == "postgresql://u@127.0.0.1:5432/db?sslmode=require&connect_timeout=10"
    )
    assert "pw" not in form.url_edit.text()
    assert form.name_edit.text() == "db at 127.0.0.1"  # a new connection is named after it
    assert form.url_error_text() == ""

    # and the other way: a field edit rewrites the URL
    type_into(qtbot, form.host_edit, "127.0.0.2")
    assert form.url_edit.text().startswith("postgresql://u@127.0.0.2:5432/db?")
    choose(form.ssl_combo, SslMode.VERIFY_FULL.value)
    assert "sslmode=verify-full" in form.url_edit.text()


def test_a_bad_url_says_why_and_keeps_the_form(qtbot: QtBot, manager: ConnectionManager) -> None:
    form = manager.form
    paste_url(qtbot, manager, "mysql://root@127.0.0.1:3306/shop")
    before = form.connection()
    paste_url(qtbot, manager, "mysql://root@127.0.0.1:99999/shop")
    assert "port must be a number from 1 to 65535" in form.url_error_text()
    assert form.url_error.isVisible()
    assert form.connection() == before
    paste_url(qtbot, manager, "ftp://example/x")
    assert "'ftp://' is not a connection URL" in form.url_error_text()
    type_into(qtbot, form.database_edit, "orders")  # editing a field rewrites the URL
    assert form.url_error_text() == ""
    assert form.url_edit.text() == "mysql://root@127.0.0.1:3306/orders?connect_timeout=10"


# -- testing connections -------------------------------------------------------------------


def server_version(url: str) -> str:
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database
    ) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    assert row is not None
    return str(row[0])


def test_testing_postgresql_shows_the_server_version_while_the_window_stays_responsive(
    qtbot: QtBot,
    manager: ConnectionManager,
    postgres_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = connection_tester.test_connection

    def slow(connection: Connection, password: str | None) -> ProbeResult:
        time.sleep(0.4)  # long enough for the timer below to fire many times
        return real(connection, password)

    monkeypatch.setattr(connection_tester, "test_connection", slow)
    paste_url(qtbot, manager, postgres_database)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    qtbot.mouseClick(manager.view.test_button, Qt.MouseButton.LeftButton)
    assert manager.outcome.outcome is Outcome.BUSY  # the click returned before the result
    assert manager.outcome.text().startswith("Testing the PostgreSQL database")
    wait_for_test(qtbot, manager)
    timer.stop()

    assert manager.outcome.outcome is Outcome.OK, manager.outcome.text()
    assert f"PostgreSQL {server_version(postgres_database)}" in manager.outcome.text()
    assert len(ticks) >= 10, "the event loop was blocked during the test"


def test_testing_mariadb_with_a_wrong_password_says_so(
    qtbot: QtBot, manager: ConnectionManager, mariadb_database: str
) -> None:
    fill_server(qtbot, manager, mariadb_database, "shop")
    wrong = "definitely-Not-the-password"
    qtbot.keyClicks(manager.form.password_edit, wrong)
    manager.test_current()
    wait_for_test(qtbot, manager)
    assert manager.outcome.outcome is Outcome.ERROR
    assert "refused the credentials" in manager.outcome.text()
    assert "user name or password is wrong" in manager.outcome.text()
    assert wrong not in manager.outcome.text() + manager.outcome.toolTip()


def test_testing_a_closed_port_says_nothing_answers(
    qtbot: QtBot, manager: ConnectionManager
) -> None:
    paste_url(qtbot, manager, "postgresql://postgres@127.0.0.1:1/postgres")
    manager.test_current()
    wait_for_test(qtbot, manager)
    assert manager.outcome.outcome is Outcome.ERROR
    assert "Nothing answers at 127.0.0.1:1" in manager.outcome.text()


def test_a_second_test_cancels_the_first_and_its_result_is_dropped(
    qtbot: QtBot, manager: ConnectionManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    first_started = threading.Event()
    first_done = threading.Event()
    real = connection_tester.test_connection

    def held(connection: Connection, password: str | None) -> ProbeResult:
        if connection.port == 2:  # the first, stale test: answers only when released
            first_started.set()
            release.wait(TEST_TIMEOUT / 1000)
            first_done.set()
            return ProbeResult(ok=True, message="the stale result")
        return real(connection, password)

    monkeypatch.setattr(connection_tester, "test_connection", held)
    paste_url(qtbot, manager, "postgresql://postgres@127.0.0.1:2/postgres")
    manager.test_current()
    qtbot.waitUntil(first_started.is_set)  # running, not merely queued
    paste_url(qtbot, manager, "postgresql://postgres@127.0.0.1:1/postgres")
    manager.test_current()
    wait_for_test(qtbot, manager)  # the second finishes while the first is still held
    assert not first_done.is_set()
    assert "Nothing answers at 127.0.0.1:1" in manager.outcome.text()

    release.set()
    assert first_done.wait(5)
    qtbot.waitUntil(lambda: not manager.is_testing(), timeout=TEST_TIMEOUT)
    assert "stale" not in manager.outcome.text()


def test_closing_during_a_test_stops_its_thread_at_once(
    qtbot: QtBot, manager: ConnectionManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()

    def hanging(connection: Connection, password: str | None) -> ProbeResult:
        started.set()
        release.wait(TEST_TIMEOUT / 1000)  # a server that never answers
        return ProbeResult(ok=True, message="too late")

    monkeypatch.setattr(connection_tester, "test_connection", hanging)
    paste_url(qtbot, manager, "postgresql://postgres@127.0.0.1:1/postgres")
    manager.test_current()
    qtbot.waitUntil(started.is_set)
    assert manager.is_testing()
    began = time.monotonic()
    manager.reject()
    assert time.monotonic() - began < 2, "closing waited for the hanging test"
    assert not manager.is_testing()
    release.set()


# -- duplicate, delete, export, import -----------------------------------------------------


def saved_connection(store: ConnectionStore, name: str = "crm") -> Connection:
    return store.add(
        Connection(
            name=name,
            kind=ConnectionKind.POSTGRESQL,
            host="127.0.0.1",
            database=name,
            user="etl",
            password_policy=PasswordPolicy.SESSION,
        )
    )


def test_duplicate_then_delete(
    qtbot: QtBot, store: ConnectionStore, make_manager: Callable[..., ConnectionManager]
) -> None:
    original = saved_connection(store)
    manager = make_manager(session_passwords={original.id: SECRET})
    assert manager.current_id() == original.id  # the first saved one is shown

    with qtbot.waitSignal(manager.connectionsChanged):
        copy = manager.duplicate_current()
    assert copy is not None and copy.name == "copy of crm"
    assert [c.name for c in store.connections()] == ["crm", "copy of crm"]
    assert manager.current_id() == copy.id and manager.form.name_edit.text() == "copy of crm"
    assert manager.model.rowCount() == 2

    with qtbot.waitSignal(manager.connectionsChanged):
        assert manager.delete_current()
    assert [c.id for c in store.connections()] == [original.id]
    assert manager.current_id() == original.id
    manager.select(original.id)
    assert manager.delete_current()
    assert store.connections() == [] and manager.model.rowCount() == 0
    assert manager.session_passwords == {}  # its password was forgotten with it
    assert manager.current_id() is None  # back to a new connection
    assert not manager.view.delete_button.isEnabled()


def test_export_then_import_into_a_fresh_store_carries_no_password(
    qtbot: QtBot,
    tmp_path: Path,
    store: ConnectionStore,
    make_manager: Callable[..., ConnectionManager],
) -> None:
    manager = make_manager()
    paste_url(qtbot, manager, f"postgresql://etl:{SECRET}@127.0.0.1:5432/crm")
    choose(manager.form.policy_combo, PasswordPolicy.ENCRYPTED_FILE.value)
    assert manager.save()
    saved_connection(store, "billing")
    manager.reload()
    exported = tmp_path / "export" / "connections.json"

    assert [c.name for c in manager.export_to(exported)] == ["crm at 127.0.0.1", "billing"]
    assert SECRET not in exported.read_text(encoding="utf-8")
    assert "Exported 2 connections" in manager.outcome.text()

    fresh = ConnectionStore(tmp_path / "other" / "connections.json")
    importer = make_manager(store=fresh, vault=open_vault(tmp_path / "other", keyring_backend=None))
    with qtbot.waitSignal(importer.connectionsChanged):
        added = importer.import_from(exported)
    assert [c.name for c in added] == ["crm at 127.0.0.1", "billing"]
    assert [c.name for c in fresh.connections()] == ["crm at 127.0.0.1", "billing"]
    assert importer.model.rowCount() == 2
    assert SECRET not in store_text(fresh)
    assert importer.import_from(tmp_path / "missing.json") == []
    assert importer.outcome.outcome is Outcome.ERROR


# -- passwords in the vault ----------------------------------------------------------------


def test_a_password_in_the_encrypted_file_is_read_back_with_the_master_password(
    qtbot: QtBot,
    tmp_path: Path,
    store: ConnectionStore,
    vault: UnlockableVault,
    asked: Asked,
    make_manager: Callable[..., ConnectionManager],
) -> None:
    manager = make_manager()
    paste_url(qtbot, manager, "postgresql://postgres@127.0.0.1:5432/postgres")
    qtbot.keyClicks(manager.form.password_edit, SECRET)
    choose(manager.form.policy_combo, PasswordPolicy.ENCRYPTED_FILE.value)
    assert manager.save()
    assert "encrypted secrets file" in manager.outcome.text()
    assert len(asked) == 1 and "Choose a master password" in asked[0]
    (saved,) = store.connections()

    assert vault.secrets_file.exists()
    assert SECRET not in store_text(store)
    assert SECRET not in vault.secrets_file.read_text(encoding="utf-8")
    with_master = SecretVault(
        vault.secrets_file, keyring_backend=None, master_password=lambda: MASTER
    )
    assert with_master.password(saved) == SECRET
    wrong = SecretVault(vault.secrets_file, keyring_backend=None, master_password=lambda: "nope")
    with pytest.raises(WrongMasterPassword):
        wrong.password(saved)

    # a new window (a new vault): the test reads the kept password after asking for the master
    # password, again after a wrong one
    answers = iter(["wrong master", MASTER])
    prompts: list[str] = []

    def ask(prompt: str) -> str | None:
        prompts.append(prompt)
        return next(answers)

    later = make_manager(
        vault=open_vault(tmp_path / "config", keyring_backend=None), ask_master_password=ask
    )
    assert later.current_id() == saved.id and later.form.password() is None
    later.test_current()
    wait_for_test(qtbot, later)
    assert later.outcome.outcome is Outcome.OK, later.outcome.text()
    assert len(prompts) == 2 and "does not open" in prompts[1]


def test_a_cancelled_master_password_prompt_saves_the_connection_but_not_its_password(
    qtbot: QtBot,
    store: ConnectionStore,
    vault: UnlockableVault,
    make_manager: Callable[..., ConnectionManager],
) -> None:
    manager = make_manager(ask_master_password=lambda prompt: None)
    paste_url(qtbot, manager, f"mysql://root:{SECRET}@127.0.0.1:3306/shop")
    choose(manager.form.policy_combo, PasswordPolicy.KEYRING.value)  # no keyring: the file
    assert manager.save()
    assert "not saved: no master password was given" in manager.outcome.text()
    assert [c.name for c in store.connections()] == ["shop at 127.0.0.1"]
    assert not vault.secrets_file.exists()


# -- the schema browser's entries ----------------------------------------------------------


def test_browser_entries_are_urls_the_schema_browser_reads(
    tmp_path: Path,
    store: ConnectionStore,
    vault: UnlockableVault,
    postgres_database: str,
    mariadb_database: str,
) -> None:
    sqlite_file = tmp_path / "shop.db"
    with sqlite3.connect(sqlite_file) as db:
        db.execute("CREATE TABLE t (id INTEGER)")
    vault.unlock(MASTER)
    pg, _ = from_fixture(postgres_database, "pg", PasswordPolicy.ENCRYPTED_FILE)
    maria, _ = from_fixture(mariadb_database, "maria", PasswordPolicy.SESSION)
    for connection in (
        store.add(pg),
        store.add(maria),
        store.add(Connection(name="file", kind=ConnectionKind.SQLITE, path=str(sqlite_file))),
        store.add(Connection(name="folder", kind=ConnectionKind.FOLDER, path=str(tmp_path))),
        store.add(Connection(name="bucket", kind=ConnectionKind.S3, bucket="data")),
    ):
        assert connection.name
    vault.store(pg, "pg-password")
    session = {maria.id: ""}  # MariaDB's root has an empty password

    entries = browser_entries(store, vault, session)

    assert [name for name, _, _ in entries] == ["pg", "maria", "file"]
    passwords = {name: password for name, _, password in entries}
    assert passwords == {"pg": "pg-password", "maria": "", "file": None}
    urls = {name: url for name, url, _ in entries}
    assert urls["maria"].startswith("mysql://root@127.0.0.1:3306/")
    # trust auth ignores the password; the catalog is read from the URL as the browser does
    assert "public" in browse_schemas(urls["pg"], None)
    assert make_url(mariadb_database).database in browse_schemas(urls["maria"], None)
    assert browse_schemas(urls["file"], None) == ["main"]
    locked = open_vault(tmp_path / "config", keyring_backend=None)  # no master password yet
    assert browser_entries(store, locked, {})[0][2] is None


def test_mariadb_ssl_settings_become_pymysql_parameters() -> None:
    base = Connection(name="m", kind=ConnectionKind.MYSQL, host="127.0.0.1", user="root")
    assert "ssl" not in browser_url(base)
    required = browser_url(dataclasses.replace(base, ssl_mode=SslMode.REQUIRE))
    assert required.endswith("&ssl_check_hostname=false") and "ssl_mode" not in required
    off = browser_url(dataclasses.replace(base, ssl_mode=SslMode.DISABLE))
    assert off.endswith("&ssl_disabled=true")


def from_fixture(url: str, name: str, policy: PasswordPolicy) -> tuple[Connection, None]:
    parsed = make_url(url)
    kind = (
        ConnectionKind.POSTGRESQL
        if parsed.get_backend_name() == "postgresql"
        else ConnectionKind.MYSQL
    )
    connection = Connection(
        name=name,
        kind=kind,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        user=parsed.username,
        password_policy=policy,
    )
    return connection, None


# -- the list model, the picture -----------------------------------------------------------


def test_the_list_model_passes_the_model_tester(
    qtmodeltester: ModelTester, store: ConnectionStore
) -> None:
    model = ConnectionListModel()
    qtmodeltester.check(model)
    connections = [saved_connection(store, "crm"), saved_connection(store, "billing")]
    model.set_connections(connections)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.row_of(connections[1].id) == 1
    assert model.data(model.index(1, 0), ID_ROLE) == connections[1].id
    assert model.row_of("missing") == -1


def test_screenshot_of_the_manager(
    qtbot: QtBot,
    store: ConnectionStore,
    make_manager: Callable[..., ConnectionManager],
    screenshot: Screenshot,
) -> None:
    store.add(
        Connection(
            name="local PostgreSQL",
            kind=ConnectionKind.POSTGRESQL,
            host="127.0.0.1",
            database="postgres",
            user="postgres",
            password_policy=PasswordPolicy.KEYRING,
        )
    )
    saved_connection(store, "crm")
    store.add(
        Connection(name="demo shop", kind=ConnectionKind.SQLITE, path="workspace/demo/shop.db")
    )
    lake = store.add(
        Connection(
            name="analytics lake",
            kind=ConnectionKind.S3,
            bucket="analytics",
            prefix="cleansed",
            endpoint_url="http://127.0.0.1:8333",
            path_style=True,
        )
    )
    manager = make_manager()
    manager.resize(1000, 680)
    qtbot.keyClicks(manager.form.password_edit, SECRET)
    manager.test_current()
    wait_for_test(qtbot, manager)
    path = screenshot(manager, "connection-manager")
    assert path.stat().st_size > 10_000

    # the dark theme, with the problems and a bad URL on show
    manager.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))  # this dialog only
    manager.select(lake.id)
    type_into(qtbot, manager.form.name_edit, "")
    paste_url(qtbot, manager, "s3://analytics?path_style=maybe")
    manager.test_current()
    wait_for_test(qtbot, manager)
    assert manager.outcome.outcome is Outcome.ERROR
    assert manager.form.url_error_text() and manager.form.problems_label.isVisible()
    screenshot(manager, "connection-manager-dark")
