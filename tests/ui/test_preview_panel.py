"""PreviewPanel on the real demo: highlights, quarantine marks, grids in step, screenshots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from etlx_desktop.core.metadata import DataModule
from etlx_desktop.core.pipeline.preview import preview_table
from etlx_desktop.core.pipeline.preview_stats import PreviewSummary, summarize_preview
from etlx_desktop.ui.widgets.preview_panel import PreviewPanel

from .conftest import Screenshot

BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def summary_of(demo: tuple[DataModule, Path], table: str, rows: int) -> PreviewSummary:
    module, folder = demo
    return summarize_preview(table, preview_table(module, table, base_dir=folder, rows=rows))


@pytest.fixture
def panel(qtbot) -> PreviewPanel:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(1600, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def expected_changes(before: pd.DataFrame, after: pd.DataFrame) -> int:
    """The diff the slow, obvious way: text or nullness of every cell, by row label.

    Nullness counts: an empty string that a null marker turns into NULL is a change.
    """
    laid_out = after.reindex(before.index)
    before = before[after.columns]
    shown_before = before.astype(str).where(before.notna(), "")
    shown_after = laid_out.astype(str).where(laid_out.notna(), "")
    differs = (shown_before != shown_after) | (before.isna() != laid_out.isna())
    kept = before.index.isin(after.index)
    return int(differs[kept].to_numpy().sum())


def highlighted(panel: PreviewPanel) -> int:
    model = panel.after_model
    amber = model.colors.changed
    return sum(
        model.data(model.index(row, column), BACKGROUND) == amber
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    )


def test_customers_changed_cells_are_highlighted(
    qtbot, panel: PreviewPanel, demo, screenshot: Screenshot
) -> None:
    summary = summary_of(demo, "customers", 100)
    panel.show_summary(summary)
    before, after = summary.preview.before, summary.preview.after
    changes = expected_changes(before, after)
    assert changes > 100  # the demo masks names, emails, phones...: a real diff
    assert highlighted(panel) == changes == int(summary.comparison.changed.sum())
    assert panel.title_label.text() == "customers — first 100 rows"
    assert panel.quarantine_label.text() == "0 of 100 rows quarantined"
    assert panel.stats_model.rowCount() == len(before.columns)
    screenshot(panel, "preview-customers")


def test_orders_quarantined_rows_are_marked_with_their_reason(
    qtbot, panel: PreviewPanel, demo, screenshot: Screenshot
) -> None:
    summary = summary_of(demo, "orders", 1000)
    panel.set_sample_size(1000)
    panel.show_summary(summary)
    quarantine = summary.preview.quarantine
    dropped = summary.comparison.dropped
    assert len(quarantine) > 0
    assert panel.quarantine_label.text() == (
        f"{len(quarantine)} of 1,000 rows quarantined"
        + (f" · {dropped} dropped" if dropped else "")
    )
    model = panel.before_model
    red = model.colors.marks[1]
    marked = [
        r for r in range(model.rowCount()) if model.data(model.index(r, 0), BACKGROUND) == red
    ]
    assert [r + 1 for r in marked] == sorted(quarantine["_row"])
    first = marked[0]
    reason = quarantine.loc[quarantine["_row"] == first + 1, "_reason"].iloc[0]
    header_tip = model.headerData(first, Qt.Orientation.Vertical, TOOLTIP)
    assert header_tip == f"quarantined: {reason}"
    assert reason in model.data(model.index(first, 2), TOOLTIP)
    after = panel.after_model
    assert after.data(after.index(first, 2), Qt.ItemDataRole.DisplayRole) == ""  # not NULL
    assert after.data(after.index(first, 2), TOOLTIP) == f"quarantined: {reason}"
    panel.before_view.scrollTo(model.index(first, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
    screenshot(panel, "preview-orders-quarantine")


def test_the_two_grids_scroll_select_sort_and_filter_together(
    qtbot, panel: PreviewPanel, demo
) -> None:
    panel.show_summary(summary_of(demo, "customers", 100))
    before_bar = panel.before_view.verticalScrollBar()
    after_bar = panel.after_view.verticalScrollBar()
    assert before_bar.maximum() > 20
    before_bar.setValue(20)
    assert after_bar.value() == 20
    after_bar.setValue(7)
    assert before_bar.value() == 7
    panel.before_view.setCurrentIndex(panel.before_model.index(12, 3))
    assert panel.after_view.currentIndex().row() == 12
    assert panel.after_view.selectionModel().isRowSelected(12)
    email = panel.before_model.column_names().index("email")
    panel.before_view.sortByColumn(email, Qt.SortOrder.DescendingOrder)
    assert np.array_equal(panel.after_model.visible_rows(), panel.before_model.visible_rows())
    assert panel.after_view.horizontalHeader().sortIndicatorSection() == -1
    panel.after_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the masked ids
    assert np.array_equal(panel.after_model.visible_rows(), panel.before_model.visible_rows())
    panel.filter_edit.setText("example.net")
    qtbot.waitUntil(lambda: panel.before_model.rowCount() < 100, timeout=5000)
    assert panel.before_model.rowCount() > 0
    assert np.array_equal(panel.after_model.visible_rows(), panel.before_model.visible_rows())


def test_columns_fit_their_headers_and_sample(qtbot, panel: PreviewPanel, demo) -> None:
    panel.show_summary(summary_of(demo, "customers", 100))
    for view in (panel.before_view, panel.after_view, panel.stats_view):
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        model = view.model()
        for column in range(model.columnCount()):
            name = model.headerData(column, Qt.Orientation.Horizontal)
            assert view.columnWidth(column) > metrics.horizontalAdvance(name), name
    rows = panel.before_view.verticalHeader()
    assert rows.sectionSize(0) == rows.sectionSize(50) == rows.defaultSectionSize()


def test_a_new_sample_size_is_asked_for(qtbot, panel: PreviewPanel) -> None:
    with qtbot.waitSignal(panel.rows_changed, timeout=1000) as blocker:
        panel.sample_box.setCurrentIndex(1)
    assert blocker.args == [1000]
    assert panel.sample_size() == 1000


def test_an_error_is_shown_with_its_traceback(qtbot, panel: PreviewPanel) -> None:
    trace = "Traceback (most recent call last):\n  ...\nKeyError: 'nope'\n"
    panel.show_error(trace)
    assert panel.status_label.text() == "Preview failed: KeyError: 'nope'"
    assert panel.status_label.toolTip() == trace


def test_marks_stay_readable_in_the_dark_theme(
    qtbot, panel: PreviewPanel, demo, screenshot: Screenshot
) -> None:
    import qdarkstyle

    panel.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))  # this panel only
    panel.set_sample_size(1000)
    panel.show_summary(summary_of(demo, "orders", 1000))
    model = panel.after_model
    changed = np.argwhere(summary_of(demo, "orders", 1000).comparison.changed)[0]
    index = model.index(int(changed[0]), int(changed[1]))
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == model.colors.tinted_text
    assert "background" in panel.quarantine_label.styleSheet()  # a badge, not red-on-dark text
    panel.before_view.scrollTo(
        panel.before_model.index(123, 0), QAbstractItemView.ScrollHint.PositionAtCenter
    )
    screenshot(panel, "preview-orders-dark")
