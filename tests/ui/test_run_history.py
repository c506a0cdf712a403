"""The run panel's history and target forms: a real PostgreSQL target, an unreachable one,
the forms behind "Add target…", and the history model."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import qdarkstyle
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from etlx_desktop.core.metadata import DataModule, validate_module
from etlx_desktop.core.storage.history import VersionRecord
from etlx_desktop.ui.models.history_model import HistoryModel
from etlx_desktop.ui.widgets.run_panel import RunPanel
from etlx_desktop.ui.widgets.run_target_dialogs import DatabaseTargetForm, S3TargetForm

from .conftest import Screenshot
from .host import shown_in_host

RUN_TIMEOUT = 60_000


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[RunPanel]:
    widget = RunPanel()
    host = shown_in_host(qtbot, widget, 980, 640, widget.shutdown)
    yield widget
    del host


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def history_targets(panel: RunPanel) -> list[tuple[str, str]]:
    model = panel.history.model
    return [(model.index(r, 4).data(), model.index(r, 0).data()) for r in range(model.rowCount())]


def test_a_postgresql_target_gets_version_1_in_the_history(
    qtbot: QtBot,
    panel: RunPanel,
    demo: tuple[DataModule, Path],
    postgres_database: str,
    screenshot: Screenshot,
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    assert panel.run_targets.add_database_target(postgres_database, "", "") is None
    added = module.distribution[-1]
    assert added.kind == "postgresql" and added.secret_ref is None
    assert panel.chosen_targets() == ["local", added.identifier]
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        assert panel.start()
    assert finished.args == ["succeeded"], panel.error_view.message.text()
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 2, timeout=RUN_TIMEOUT)
    assert sorted(history_targets(panel)) == sorted([("local", "1"), (added.identifier, "1")])
    assert not panel.history.problems.isVisible()
    row = [t for t, _ in history_targets(panel)].index(added.identifier)
    with qtbot.waitSignal(panel.history.reportRead, timeout=RUN_TIMEOUT) as read:
        panel.history.view.setCurrentIndex(panel.history.model.index(row, 0))
    assert read.args[0].record.target == added.identifier
    view = panel.report_view
    assert f"Version 1 in {added.identifier} (postgresql)" in view.summary.text()
    assert view.versions.item(0, 3).text().endswith("#demo_shop_v1")
    screenshot(panel, "run-panel-history-postgresql")


def test_an_unreachable_target_shows_a_readable_reason(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/warehouse"
    with qtbot.waitSignal(panel.history.loaded, timeout=RUN_TIMEOUT):
        assert panel.run_targets.add_database_target(url, "", "") is None
    problems = panel.history.problems
    assert problems.isVisible()
    assert problems.text().startswith(
        "warehouse: cannot connect in postgresql://postgres@127.0.0.1"
    )
    assert "Traceback" not in problems.text() and "File " not in problems.text()
    assert "No versions yet" in panel.history.note.text()  # local answered: none there yet
    screenshot(panel, "run-panel-history-unreachable")
    panel.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    screenshot(panel, "run-panel-history-unreachable-dark")


def test_the_history_reads_again_only_when_its_targets_change(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    with qtbot.waitSignal(panel.history.loaded, timeout=RUN_TIMEOUT):
        panel.set_module(module, folder)
    with qtbot.assertNotEmitted(panel.history.loaded, wait=300):
        panel.set_module(module, folder)  # an edit elsewhere in the module: same targets
        module.tables[0].title = "changed"
        panel.set_module(module, folder)
    with qtbot.waitSignal(panel.history.loaded, timeout=RUN_TIMEOUT):
        module.distribution[0].access_url = "elsewhere"
        panel.set_module(module, folder)


def test_the_database_form_refuses_a_password_and_adds_the_target(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    menu = [a.text() for a in panel.run_targets.add_menu.actions()]
    assert menu == ["Folder…", "PostgreSQL database…", "S3 bucket…"]
    panel.run_targets.add_menu.actions()[1].trigger()  # what the Add target… menu does
    form = panel.run_targets.findChild(DatabaseTargetForm)
    assert form is not None
    qtbot.waitExposed(form)
    form.url.setText("postgresql://etl:hunter2@db.example/warehouse")
    form.secret.setText("ETLX_WAREHOUSE_PASSWORD")
    form.buttons.accepted.emit()
    assert form.isVisible() and form.reason.isVisible()
    assert "holds a password" in form.reason.text() and "hunter2" not in form.reason.text()
    screenshot(form, "run-target-database-form")
    form.url.setText("postgresql://etl@db.example/warehouse")
    form.schema.setText("shop")
    with qtbot.waitSignal(form.finished, timeout=1000):
        form.buttons.accepted.emit()
    target = module.distribution[-1]
    assert (target.identifier, target.db_schema) == ("warehouse", "shop")
    assert target.secret_ref == "env:ETLX_WAREHOUSE_PASSWORD"
    assert validate_module(module) == []


def test_the_s3_form_adds_a_bucket_with_its_keys_named(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    panel.run_targets.add_menu.actions()[2].trigger()
    form = panel.run_targets.findChild(S3TargetForm)
    assert form is not None
    qtbot.waitExposed(form)
    form.location.setText("s3://analytics/modules")
    qtbot.keyClicks(form.endpoint, "http://127.0.0.1:8333")
    assert form.path_style.isChecked()  # a self-hosted endpoint: path style, until unchecked
    form.region.setText("us-east-1")
    form.secret.setText("ETLX_S3_KEYS")
    screenshot(form, "run-target-s3-form")
    with qtbot.waitSignal(form.finished, timeout=1000):
        form.buttons.accepted.emit()
    target = module.distribution[-1]
    assert target.access_url == "s3://analytics/modules" and target.secret_ref == "env:ETLX_S3_KEYS"
    assert target.options == {
        "endpoint_url": "http://127.0.0.1:8333",
        "region": "us-east-1",
        "path_style": True,
    }
    assert panel.chosen_targets()[-1] == "modules"


def test_the_history_model(qtmodeltester: ModelTester) -> None:
    model = HistoryModel()
    qtmodeltester.check(model)
    model.set_records(
        [
            VersionRecord("local", "folder", 2, "2024-05-01T10:00:00Z", "r2", "out/v2", {"a": 5}),
            VersionRecord("db", "postgresql", 1, "not a time", "r1", "db#v1", {"a": 3}, {"a": 1}),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "—"  # quarantined rows not known
    assert model.index(1, 1).data() == "not a time"
    assert model.index(1, 3).data() == "1"
    assert "postgresql" in model.index(1, 4).data(Qt.ItemDataRole.ToolTipRole)
