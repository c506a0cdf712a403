"""The preview's privacy strip on the real demo: figures, the quasi-identifier picker, a real
recompute when the choice changes, leaks named in red, screenshots in both themes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.metadata.model import AnonymizationRule
from etlx_desktop.core.pipeline.cancel import CancelToken
from etlx_desktop.core.pipeline.preview import preview_table
from etlx_desktop.core.pipeline.preview_stats import PreviewSummary, summarize_preview
from etlx_desktop.ui.preview_controller import PreviewController, PreviewRequest, run_preview
from etlx_desktop.ui.widgets.preview_panel import PreviewPanel
from etlx_desktop.ui.widgets.preview_privacy import State

from .conftest import Screenshot

WAIT_MS = 60_000
CUSTOMER_COLUMNS = 12


@pytest.fixture
def controller(qtbot) -> Iterator[PreviewController]:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 800)
    panel.show()
    qtbot.waitExposed(panel)
    controller = PreviewController(panel, debounce_ms=50)
    yield controller
    assert controller.shutdown(), "the preview thread did not stop"


def show_table(qtbot, controller: PreviewController, demo, table: str) -> PreviewSummary:
    module, folder = demo
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        controller.set_table(module, table, folder)
    summary = shown.args[0]
    assert isinstance(summary, PreviewSummary)
    return summary


def test_the_strip_shows_k_of_the_demo_customers(
    qtbot, controller: PreviewController, demo, screenshot: Screenshot
) -> None:
    summary = show_table(qtbot, controller, demo, "customers")
    privacy = summary.privacy
    assert privacy is not None and privacy.k is not None and privacy.k_anonymity is not None
    strip = controller.panel.privacy_strip
    k_text = f"k = {privacy.k} over birth_date, city, gender (target 5"
    assert strip.k_label.full_text().startswith(k_text)
    unique = f"unique rows {privacy.k_anonymity.unique_share:.1%}"
    assert strip.text() == f"{strip.k_label.full_text()} · {unique} · leak check: passed"
    assert strip.leak_label.styleSheet() == State.PASSED.style()
    picker = strip.picker
    assert picker.model.rowCount() == CUSTOMER_COLUMNS
    assert picker.chosen() == ["gender", "birth_date", "city"]  # the model's, in column order
    screenshot(controller.panel, "preview-privacy")


def test_ticking_quasi_identifiers_recomputes_k(qtbot, controller: PreviewController, demo) -> None:
    summary = show_table(qtbot, controller, demo, "customers")
    picker = controller.panel.privacy_strip.picker
    started = controller.runner.generation
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        picker.set_checked("birth_date", False)  # two ticks in a burst: one preview
        picker.set_checked("city", False)
        assert controller.panel.status_label.text().startswith("computing…")
    assert controller.runner.generation == started + 1
    privacy = shown.args[0].privacy
    genders = summary.preview.after["gender"].value_counts(dropna=False)
    assert privacy.quasi_identifiers == ("gender",)
    assert privacy.k == int(genders.min()) > 1
    strip = controller.panel.privacy_strip
    assert strip.k_label.full_text().startswith(f"k = {privacy.k} over gender (target 5")
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        picker.reset_button.click()
    assert shown.args[0].privacy.quasi_identifiers == ("gender", "birth_date", "city")


def test_the_request_carries_the_chosen_quasi_identifiers(demo) -> None:
    module, folder = demo
    request = PreviewRequest(module, "customers", folder, 100, ("gender", "city"))
    summary = run_preview(request, CancelToken(), lambda _percent, _message: None)
    assert summary.privacy is not None
    assert summary.privacy.quasi_identifiers == ("gender", "city")
    assert summary.privacy.enforced  # k over some of the model's columns: the run covers it


def test_the_choice_survives_edits_and_resets_with_another_table(
    qtbot, controller: PreviewController, demo
) -> None:
    show_table(qtbot, controller, demo, "customers")
    picker = controller.panel.privacy_strip.picker
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS):
        picker.set_checked("city", False)
    with qtbot.waitSignal(controller.shown, timeout=WAIT_MS) as shown:
        controller.request()  # e.g. a rule edit
    assert shown.args[0].privacy.quasi_identifiers == ("gender", "birth_date")
    show_table(qtbot, controller, demo, "orders")
    summary = show_table(qtbot, controller, demo, "customers")
    assert summary.privacy is not None and len(summary.privacy.quasi_identifiers) == 3


def test_a_table_without_quasi_identifiers_says_so(
    qtbot, controller: PreviewController, demo
) -> None:
    show_table(qtbot, controller, demo, "products")
    strip = controller.panel.privacy_strip
    assert strip.k_label.full_text() == "no quasi-identifiers chosen"
    assert strip.unique_label.isHidden() and strip.l_label.isHidden()
    assert strip.picker.chosen() == [] and strip.picker.model.rowCount() > 0


# the offscreen platform says these whenever a menu pops up; they are not about our code
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_the_picker_is_a_sound_model_ticked_by_a_click(
    qtbot, qtmodeltester, screenshot: Screenshot
) -> None:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.show()
    picker = panel.privacy_strip.picker
    qtmodeltester.check(picker.model)
    picker.set_choices(["id", "birth_date", "city", "gender"], ["city"], ["city"])
    qtmodeltester.check(picker.model)
    menu = picker.menu()
    menu.popup(picker.mapToGlobal(picker.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    view = picker.column_list
    box = view.visualRect(picker.model.index(3))  # the check box sits at the row's left edge
    with qtbot.waitSignal(picker.changed, timeout=1000) as changed:
        QTest.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(box.left() + 10, box.center().y()),
        )
    assert changed.args == [["city", "gender"]]
    assert menu.isVisible()  # ticking does not close the menu
    screenshot(menu, "preview-privacy-picker")
    with qtbot.waitSignal(picker.changed, timeout=1000) as changed:
        picker.reset_button.click()
    assert changed.args == [["city"]]
    qtmodeltester.check(picker.model)
    menu.close()


def leaking_summary(demo: tuple[DataModule, Path]) -> PreviewSummary:
    """The metadata says redact and pseudonymize; the rows were made without either rule."""
    module, folder = demo
    unmasked = copy.deepcopy(module)
    for column in unmasked.table("customers").table_schema.columns:
        if column.name in ("email", "id"):
            column.anonymization = None
    preview = preview_table(unmasked, "customers", base_dir=folder, rows=100)
    for column in module.table("customers").table_schema.columns:
        if column.name == "email":
            column.anonymization = AnonymizationRule(method="redact")
    return summarize_preview("customers", preview, module=module)


def test_leaks_are_named_in_red_in_the_dark_theme_too(qtbot, demo, screenshot: Screenshot) -> None:
    import qdarkstyle

    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 700)
    panel.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    panel.show()
    qtbot.waitExposed(panel)
    summary = leaking_summary(demo)
    panel.show_summary(summary)
    assert summary.privacy is not None
    cells = sum(leak.leaked_cells for leak in summary.privacy.failed_leaks)
    label = panel.privacy_strip.leak_label
    assert label.full_text() == f"leak check: {cells} cells leaked in id, email"
    assert label.styleSheet() == State.FAILED.style()
    assert "rows 1, 2, 3" in label.toolTip() and "must be none" in label.toolTip()
    screenshot(panel, "preview-privacy-dark")


def test_long_figures_elide_rather_than_widen_the_panel(qtbot, demo) -> None:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    narrow = panel.minimumSizeHint().width()
    panel.show_summary(leaking_summary(demo))
    assert panel.minimumSizeHint().width() <= narrow + 100  # a dock may be narrow
    panel.resize(700, 500)
    panel.show()
    qtbot.waitExposed(panel)
    label = panel.privacy_strip.k_label
    qtbot.waitUntil(lambda: label.text().endswith("…"), timeout=5000)
    assert label.full_text().startswith("k = ") and label.toolTip()
    panel.resize(1900, 500)
    qtbot.waitUntil(lambda: label.text() == label.full_text(), timeout=5000)


def test_a_summary_without_figures_says_so(qtbot) -> None:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    assert panel.privacy_strip.text() == "not computed for this preview"
