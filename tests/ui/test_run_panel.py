"""The run panel runs the real demo module off the GUI thread: success, cancel, failure."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import qdarkstyle
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from pytestqt.qtbot import QtBot

from etlx_desktop.core.metadata import DataModule, dumps_module
from etlx_desktop.core.pipeline.cancel import CancelToken
from etlx_desktop.core.pipeline.report import PublishedVersion, RunReport
from etlx_desktop.ui import run_worker
from etlx_desktop.ui.widgets.run_panel import CANCELLED_TEXT, RunPanel

from .conftest import Screenshot
from .host import shown_in_host

RUN_TIMEOUT = 60_000  # ms; the demo takes a few seconds


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[RunPanel]:
    widget = RunPanel()
    host = shown_in_host(qtbot, widget, 900, 640, widget.shutdown)
    yield widget
    del host  # closed (after shutting the panel's worker down) by qtbot


def _texts(panel: RunPanel) -> str:
    view = panel.report_view
    cells = [
        table.item(r, c).text()
        for table in (view.tables, view.versions, view.privacy)
        for r in range(table.rowCount())
        for c in range(table.columnCount())
    ]
    return "\n".join([panel.status.text(), view.summary.text(), *cells])


def test_demo_run_shows_the_report(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    assert panel.chosen_targets() == ["local"]
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    with (
        qtbot.waitSignal(panel.started, timeout=1000),
        qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished,
    ):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    assert finished.args == ["succeeded"]
    view = panel.report_view
    assert view.isVisible() and not panel.error_view.isVisible()
    assert view.tables.rowCount() == 4
    names = [view.tables.item(r, 0).text() for r in range(4)]
    assert names == ["customers", "products", "orders", "order_items"]
    assert "version 1" in _texts(panel)
    assert (folder / "output" / "demo-shop" / "v1" / "manifest.json").is_file()
    assert view.versions.rowCount() == 1 and view.versions.item(0, 2).text() == "1"
    assert view.privacy.item(0, 0).text() == "customers"
    assert view.privacy.item(0, 4).text().endswith(" of 8")  # every leak check listed
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["status"] == "succeeded" and copied["published"][0]["version"] == 1
    screenshot(panel, "run_panel_succeeded")
    view.tabs.setCurrentWidget(view.privacy)
    screenshot(panel, "run_panel_succeeded_privacy")
    view.tabs.setCurrentWidget(view.tables)
    panel.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))  # this panel only
    screenshot(panel, "run_panel_succeeded_dark")


def test_cancel_leaves_the_target_as_it_was(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    panel.chunk_rows.setValue(50)  # many chunks: the run is still going when Cancel lands
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        with qtbot.waitSignal(panel.progressed, timeout=RUN_TIMEOUT) as first:
            qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert first.args[0].table == "customers"
        screenshot(panel, "run_panel_running")
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"]
    assert CANCELLED_TEXT in panel.status.text()
    assert not panel.report_view.isVisible() and not panel.error_view.isVisible()
    output = folder / "output" / "demo-shop"
    assert not list(output.glob("v*")) if output.exists() else True
    assert panel.run_button.isEnabled()


def test_failure_shows_the_message_not_the_traceback(
    qtbot: QtBot,
    panel: RunPanel,
    demo: tuple[DataModule, Path],
    monkeypatch: pytest.MonkeyPatch,
    screenshot: Screenshot,
) -> None:
    module, folder = demo
    monkeypatch.delenv("ETLX_TEST_UNSET_KEY", raising=False)
    module.key_ref = "env:ETLX_TEST_UNSET_KEY"
    panel.set_module(module, folder)
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["failed"]
    errors = panel.error_view
    assert errors.isVisible() and not panel.report_view.isVisible()
    assert "env:ETLX_TEST_UNSET_KEY" in errors.message.text()
    assert "Traceback" not in errors.message.text()
    assert not errors.details.isVisible()
    errors.details_button.click()
    assert errors.details.isVisible()
    assert "Traceback" in errors.details.toPlainText()
    screenshot(panel, "run_panel_failed_details")
    errors.details_button.click()
    screenshot(panel, "run_panel_failed")
    assert panel.run_button.isEnabled()  # the panel stays usable: fix the key and run again
    monkeypatch.setenv("ETLX_TEST_UNSET_KEY", "a-test-key-of-enough-length-0123456789")
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["succeeded"]
    assert not errors.isVisible() and panel.report_view.isVisible()


def test_no_target_checked_disables_run(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    panel.targets.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not panel.run_button.isEnabled()
    assert "at least one target" in panel.status.text()
    assert not panel.start()  # F5 in the main window: nothing to publish to, so no run
    panel.targets.item(0).setCheckState(Qt.CheckState.Checked)
    assert panel.run_button.isEnabled()


def test_opening_another_module_cancels_the_run(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    panel.chunk_rows.setValue(50)
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        with qtbot.waitSignal(panel.progressed, timeout=RUN_TIMEOUT):
            assert panel.start()
        panel.set_module(None, folder)
        assert not panel.run_button.isEnabled()
    assert finished.args == ["cancelled"]
    assert not (folder / "output" / "demo-shop" / "v1").exists()


def test_cancel_after_publishing_reports_the_published_version(
    qtbot: QtBot,
    panel: RunPanel,
    demo: tuple[DataModule, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel that lands while the run publishes cannot undo it: say so, not "cancelled"."""
    module, folder = demo
    publishing, clicked = threading.Event(), threading.Event()

    def publishing_run(module: DataModule, *, cancel: CancelToken, **_: object) -> RunReport:
        publishing.set()  # the run is in its last step, past its last check of the token
        assert clicked.wait(RUN_TIMEOUT / 1000) and cancel.cancelled
        report = RunReport(module=module.identifier, run_id="r1", started_at="", status="x")
        report.status = "succeeded"
        report.published.append(PublishedVersion("local", "folder", 7, "output/v7"))
        return report

    monkeypatch.setattr(run_worker, "run_module", publishing_run)
    panel.set_module(module, folder)
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        panel.start()
        qtbot.waitUntil(publishing.is_set, timeout=RUN_TIMEOUT)
        panel.cancel()
        clicked.set()
    assert finished.args == ["succeeded"]
    assert "too late" in panel.status.text() and "version 7" in panel.status.text()
    assert panel.report_view.isVisible()


# --- targets as undoable edits, history, remaining time -----------------------------------------


def _without_targets(module: DataModule) -> DataModule:
    """The demo as a new module is: nowhere to publish yet."""
    module.distribution.clear()
    module.upload = None
    return module


def _history_rows(panel: RunPanel) -> list[tuple[str, ...]]:
    model = panel.history.model
    return [
        tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_a_new_module_gets_a_folder_target_runs_and_shows_its_history(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(_without_targets(module), folder)
    assert not panel.run_button.isEnabled() and "Add a target" in panel.status.text()
    assert "Check a target" in panel.history.note.text()
    screenshot(panel, "run-panel-no-target")
    assert panel.add_folder_target(folder / "published") is None
    assert [t.access_url for t in module.distribution] == ["published"]  # inside: relative
    assert module.upload is not None and module.upload.target == ["published"]
    assert panel.chosen_targets() == ["published"] and panel.run_button.isEnabled()
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT) as finished:
        assert panel.start()
    assert finished.args == ["succeeded"]
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 1, timeout=RUN_TIMEOUT)
    rows = _history_rows(panel)
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [("1", "8,227", "44", "published")]
    with qtbot.waitSignal(panel.history.reportRead, timeout=RUN_TIMEOUT):
        panel.history.view.setCurrentIndex(panel.history.model.index(0, 0))
    view = panel.report_view
    assert view.isVisible() and view.stored is not None and view.stored.record.version == 1
    assert "Read back from the catalog of published" in view.summary.text()
    orders = [view.tables.item(2, c).text() for c in range(view.tables.columnCount())]
    assert orders == ["orders", "—", "2,143", "44", "—", "—"]
    assert json.loads(view.report_json())["rows_written"]["orders"] == 2143
    screenshot(panel, "run-panel-history")
    panel.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    screenshot(panel, "run-panel-history-dark")


def test_adding_and_removing_targets_are_undoable(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], tmp_path: Path
) -> None:
    module, folder = demo
    stack = QUndoStack()
    panel.set_undo_stack(stack)
    panel.set_module(module, folder)
    before = dumps_module(module)
    assert panel.add_folder_target(tmp_path / "copy") is None
    assert [panel.targets.item(r).text().split(" ")[0] for r in range(2)] == ["local", "copy"]
    assert stack.count() == 1 and stack.undoText() == "Add target copy"
    assert panel.targets.currentRow() == 1
    after_add = dumps_module(module)
    stack.undo()
    panel.set_module(module, folder)  # what the main window does on every editor change
    assert dumps_module(module) == before and panel.targets.count() == 1
    stack.redo()
    panel.set_module(module, folder)
    assert dumps_module(module) == after_add and panel.chosen_targets() == ["local", "copy"]

    panel.targets.setCurrentRow(0)
    qtbot.mouseClick(panel.run_targets.remove_button, Qt.MouseButton.LeftButton)
    assert [t.identifier for t in module.distribution] == ["copy"]
    assert panel.chosen_targets() == ["copy"] and stack.undoText() == "Remove target local"
    stack.undo()
    panel.set_module(module, folder)
    assert dumps_module(module) == after_add

    panel.targets.item(0).setCheckState(Qt.CheckState.Unchecked)  # as a click does
    assert stack.undoText() == "Publish to copy"
    assert module.upload is not None and module.upload.target == ["copy"]
    stack.undo()
    panel.set_module(module, folder)
    assert module.upload.target == ["local", "copy"] and panel.chosen_targets() == ["local", "copy"]

    assert panel.add_folder_target(tmp_path / "copy") is None  # the name is numbered
    assert module.distribution[-1].identifier == "copy-2"
    assert panel.run_targets.remove_target("nowhere") == "the module has no target named nowhere"
    assert "Cannot change the targets" in panel.status.text()


def test_remaining_time_shows_while_running(
    qtbot: QtBot, panel: RunPanel, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    module, folder = demo
    panel.set_module(module, folder)
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT):
        panel.start()  # version 1: its row counts tell the next run what to expect
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 1, timeout=RUN_TIMEOUT)
    assert "elapsed" in panel.overall.elapsed.text() and not panel.overall.bar.isVisible()
    panel.chunk_rows.setValue(40)
    with qtbot.waitSignal(panel.finished, timeout=RUN_TIMEOUT):
        panel.start()
        assert panel.overall.bar.isVisible()
        qtbot.waitUntil(lambda: "left" in panel.overall.remaining.text(), timeout=RUN_TIMEOUT)
        assert panel.overall.remaining.text().startswith("· about ")  # every size known
        assert 0 < panel.overall.bar.value() < panel.overall.bar.maximum()
        screenshot(panel, "run-panel-remaining")
        panel.cancel()
    assert not panel.overall.remaining.isVisible()
