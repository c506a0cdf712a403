"""PreviewController on the real demo: debounce, busy state, stale results dropped, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.pipeline.preview_stats import PreviewSummary
from etlx_desktop.ui.preview_controller import PreviewController
from etlx_desktop.ui.widgets.preview_panel import PreviewPanel

from .conftest import Screenshot

WAIT_MS = 60_000


@pytest.fixture
def controller(qtbot) -> Iterator[PreviewController]:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 800)
    controller = PreviewController(panel, debounce_ms=50)
    yield controller
    assert controller.shutdown(), "the preview thread did not stop"


def test_a_table_is_previewed_off_the_gui_thread(
    qtbot, controller: PreviewController, demo: tuple[DataModule, Path], screenshot: Screenshot
) -> None:
    panel = controller.panel
    module, folder = demo
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        controller.set_table(module, "orders", folder)
        assert panel.status_label.text().startswith("computing…")
        screenshot(panel, "preview-computing")
    summary = shown.args[0]
    assert isinstance(summary, PreviewSummary) and summary.table == "orders"
    assert panel.title_label.text() == "orders — first 100 rows"
    assert panel.status_label.text() == ""


def test_a_burst_of_requests_costs_one_preview(
    qtbot, controller: PreviewController, demo: tuple[DataModule, Path]
) -> None:
    module, folder = demo
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS):
        controller.set_table(module, "customers", folder)
    started = controller.runner.generation
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS):
        for _ in range(5):  # e.g. typing in a rule's parameter field
            controller.request()
    assert controller.runner.generation == started + 1


def test_a_replaced_preview_never_reaches_the_panel(
    qtbot, controller: PreviewController, demo: tuple[DataModule, Path]
) -> None:
    panel = controller.panel
    module, folder = demo
    shown: list[PreviewSummary] = []
    controller.shown.connect(shown.append)
    panel.set_sample_size(10_000)
    controller.set_table(module, "orders", folder)  # a big sample starts at once...
    panel.set_sample_size(100)
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS):
        controller.refresh()  # ...and is replaced before it could finish
    qtbot.waitUntil(lambda: not controller.runner.is_busy(), timeout=WAIT_MS)
    assert [len(s.preview.before) for s in shown] == [100]
    assert panel.title_label.text() == "orders — first 100 rows"


def test_the_sample_size_box_asks_for_a_new_preview(
    qtbot, controller: PreviewController, demo: tuple[DataModule, Path]
) -> None:
    panel = controller.panel
    module, folder = demo
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS):
        controller.set_table(module, "orders", folder)
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        panel.sample_box.setCurrentIndex(1)
    assert len(shown.args[0].preview.before) == 1000


def test_a_failing_preview_shows_why(
    qtbot, controller: PreviewController, demo: tuple[DataModule, Path]
) -> None:
    panel = controller.panel
    module, folder = demo
    with qtbot.waitSignal(controller.runner.failed, timeout=WAIT_MS):
        controller.set_table(module, "no_such_table", folder)
    assert panel.status_label.text() == "Preview failed: KeyError: 'no_such_table'"
    assert "Traceback" in panel.status_label.toolTip()
