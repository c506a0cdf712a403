"""Before | after grids of one table's preview, kept in step, with per-column statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.pipeline.preview_stats import PreviewSummary, RowOutcome
from ..errors import last_line
from ..models.frame_model import FrameModel, GridColors
from .editor_values import QT_TRANSLATE_NOOP
from .grid import column_widths, make_grid, set_column_widths
from .preview_privacy import PrivacyStrip
from .report_view import count_text

SAMPLE_SIZES = (100, 1_000, 10_000)
FILTER_DELAY_MS = 150
# a min or max that is "" must not look like a missing value
EMPTY_TEXT = QT_TRANSLATE_NOOP("PreviewPanel", "(empty text)")
# the statistics' columns (`preview_stats.STAT_COLUMNS`), as the grid's header shows them
STAT_HEADERS = {
    "column": QT_TRANSLATE_NOOP("PreviewPanel", "column"),
    "nulls before": QT_TRANSLATE_NOOP("PreviewPanel", "nulls before"),
    "nulls after": QT_TRANSLATE_NOOP("PreviewPanel", "nulls after"),
    "distinct before": QT_TRANSLATE_NOOP("PreviewPanel", "distinct before"),
    "distinct after": QT_TRANSLATE_NOOP("PreviewPanel", "distinct after"),
    "min before": QT_TRANSLATE_NOOP("PreviewPanel", "min before"),
    "min after": QT_TRANSLATE_NOOP("PreviewPanel", "min after"),
    "max before": QT_TRANSLATE_NOOP("PreviewPanel", "max before"),
    "max after": QT_TRANSLATE_NOOP("PreviewPanel", "max after"),
}
# Badges (dark text on a light tint) read the same in a light and a dark (qdarkstyle) theme,
# where plain red or amber text on the dark background does not.
_BADGE = "color: #1e1e1e; border-radius: 3px; padding: 1px 6px; background: "
BUSY_STYLE = _BADGE + "#ffe9a8"
ERROR_STYLE = _BADGE + "#f6c4c4"


def _legend(colors: GridColors) -> str:
    """The tints the grids use, named, so nobody has to guess what amber means."""
    text = colors.tinted_text.name()
    names = (
        "",
        QCoreApplication.translate("PreviewPanel", "quarantined"),
        QCoreApplication.translate("PreviewPanel", "dropped"),
    )
    swatches = [(colors.changed, QCoreApplication.translate("PreviewPanel", "changed"))]
    swatches += [
        (color, name) for color, name in zip(colors.marks, names, strict=True) if color is not None
    ]
    spans = [
        f'<span style="background:{color.name()}; color:{text}">&nbsp;{name}&nbsp;</span>'
        for color, name in swatches
    ]
    spans.append(f'<span style="color:{colors.null_text.name()}"><i>NULL</i></span>')
    return "&nbsp;".join(spans)


def _pane(title: str, view: QTableView) -> QWidget:
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setStyleSheet("font-weight: bold")
    layout.addWidget(label)
    layout.addWidget(view)
    return pane


def _readable_stats(summary: PreviewSummary) -> pd.DataFrame:
    """The core's statistics with the headers and the empty text in the app's language."""
    stats = summary.stats.copy()
    empty = QCoreApplication.translate("PreviewPanel", EMPTY_TEXT)
    for name in ("min before", "min after", "max before", "max after"):
        stats[name] = stats[name].mask(stats[name] == "", empty)
    headers = {n: QCoreApplication.translate("PreviewPanel", h) for n, h in STAT_HEADERS.items()}
    return stats.rename(columns=headers)


class PreviewPanel(QWidget):
    """Shows a `PreviewSummary`; asks for another sample size through `rows_changed`."""

    rows_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before_model = FrameModel(self)
        self.after_model = FrameModel(self)
        self.stats_model = FrameModel(self, null_text="—")
        self.before_view = make_grid(self.before_model)
        self.after_view = make_grid(self.after_model)
        self.stats_view = make_grid(self.stats_model)
        self.stats_view.verticalHeader().hide()  # one row per column: row numbers mean nothing
        self.title_label = QLabel(self.tr("No preview yet"))
        self.title_label.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.quarantine_label = QLabel("")
        self.status_label = QLabel("")
        self.privacy_strip = PrivacyStrip()
        self.sample_box = QComboBox()
        for size in SAMPLE_SIZES:
            rows = self.tr("{rows} rows", "", size).format(rows=count_text(size))
            self.sample_box.addItem(rows, size)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter rows…"))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)  # filtering 100k rows takes ~0.1 s: not per keystroke
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._aligned = False  # row i of "after" is row i of "before"
        self._same_columns = False  # ... and column j is column j: scroll sideways together
        self._following = False  # set while one grid copies the other, so they do not ping-pong
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.title_label)
        bar.addSpacing(12)
        bar.addWidget(self.quarantine_label)
        bar.addStretch(1)
        bar.addWidget(self.status_label)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Sample:")))
        bar.addWidget(self.sample_box)
        bar.addWidget(self.filter_edit)
        grids = QSplitter(Qt.Orientation.Horizontal)
        grids.addWidget(_pane(self.tr("Before — source rows"), self.before_view))
        grids.addWidget(_pane(self.tr("After — as the rules would write them"), self.after_view))
        grids.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(grids)
        body.addWidget(_pane(self.tr("Column statistics"), self.stats_view))
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        legend = QLabel(_legend(self.before_model.colors))
        legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(legend)
        layout.addWidget(self.privacy_strip)
        layout.addWidget(body, 1)

    def _connect(self) -> None:
        self.before_view.verticalScrollBar().valueChanged.connect(self._on_before_scrolled)
        self.after_view.verticalScrollBar().valueChanged.connect(self._on_after_scrolled)
        before_sideways = self.before_view.horizontalScrollBar()
        before_sideways.valueChanged.connect(self._on_before_scrolled_sideways)
        after_sideways = self.after_view.horizontalScrollBar()
        after_sideways.valueChanged.connect(self._on_after_scrolled_sideways)
        before_rows = self.before_view.selectionModel()
        before_rows.currentRowChanged.connect(self._on_before_current_changed)
        self.after_view.selectionModel().currentRowChanged.connect(self._on_after_current_changed)
        self.before_model.rows_sorted.connect(self._on_before_sorted)
        self.after_model.rows_sorted.connect(self._on_after_sorted)
        self.sample_box.currentIndexChanged.connect(self._on_sample_box_changed)
        self.filter_edit.textChanged.connect(self._on_filter_edit_changed)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)

    # --- what the controller calls ----------------------------------------------------------

    def sample_size(self) -> int:
        return int(self.sample_box.currentData())

    def set_sample_size(self, rows: int) -> None:
        """Show `rows` as the chosen sample size without asking for a new preview."""
        index = self.sample_box.findData(rows)
        if index >= 0:
            self.sample_box.blockSignals(True)
            self.sample_box.setCurrentIndex(index)
            self.sample_box.blockSignals(False)

    def show_busy(self, message: str | None = None) -> None:
        """A busy badge saying `message` (by default, that the preview is being computed)."""
        self.status_label.setText(self.tr("computing…") if message is None else message)
        self.status_label.setToolTip("")
        self.status_label.setStyleSheet(BUSY_STYLE)

    def show_error(self, trace: str) -> None:
        failed = self.tr("Preview failed: {reason}").format(reason=last_line(trace))
        self.status_label.setText(failed)
        self.status_label.setToolTip(trace)
        self.status_label.setStyleSheet(ERROR_STYLE)

    def show_summary(self, summary: PreviewSummary) -> None:
        preview, comparison = summary.preview, summary.comparison
        rows = len(preview.before)
        self._aligned = comparison.aligned
        marks = comparison.outcomes
        notes = np.full(rows, "", dtype=object)
        quarantined = marks == RowOutcome.QUARANTINED
        # the reason is the core's (English); only the frame around it is translated
        note = self.tr("quarantined: {reason}")
        notes[quarantined] = [note.format(reason=r) for r in comparison.reasons[quarantined]]
        notes[marks == RowOutcome.DROPPED] = self.tr("dropped by the rules (no reason recorded)")
        self.before_model.set_frame(preview.before, row_marks=marks, row_notes=notes)
        if comparison.aligned:
            self.after_model.set_frame(
                comparison.after,
                changed=comparison.changed,
                row_marks=marks,
                row_notes=notes,
                absent_rows=marks != RowOutcome.KEPT,
            )
        else:
            self.after_model.set_frame(comparison.after)
        self.stats_model.set_frame(_readable_stats(summary))
        self._size_columns()
        title = self.tr("{table} — first {rows} rows", "", rows)
        self.title_label.setText(title.format(table=summary.table, rows=count_text(rows)))
        self._show_counts(rows, comparison.quarantined, comparison.dropped)
        self.privacy_strip.show_privacy(summary.privacy)
        self.status_label.setText("")
        self.status_label.setToolTip("")
        self.status_label.setStyleSheet("")
        self._on_filter_timer_timeout()

    def _size_columns(self) -> None:
        """Size from a sample; with the same columns both sides, the same widths both sides."""
        before_names = self.before_model.column_names()
        self._same_columns = self._aligned and before_names == self.after_model.column_names()
        before = column_widths(self.before_view)
        after = column_widths(self.after_view)
        if self._same_columns:
            before = after = [max(pair) for pair in zip(before, after, strict=True)]
        set_column_widths(self.before_view, before)
        set_column_widths(self.after_view, after)
        set_column_widths(self.stats_view, column_widths(self.stats_view))
        for view in (self.before_view, self.after_view, self.stats_view):
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _show_counts(self, rows: int, quarantined: int, dropped: int) -> None:
        text = self.tr("{quarantined} of {rows} rows quarantined", "", rows).format(
            quarantined=count_text(quarantined), rows=count_text(rows)
        )
        if dropped:
            text = self.tr("{counts} · {dropped} dropped", "", dropped).format(
                counts=text, dropped=count_text(dropped)
            )
        self.quarantine_label.setText(text)
        self.quarantine_label.setStyleSheet(ERROR_STYLE if quarantined else "")

    # --- keeping the two grids in step -------------------------------------------------------

    def _follow_scroll(self, target: QScrollBar, value: int) -> None:
        if not self._following:
            self._following = True
            target.setValue(value)
            self._following = False

    def _on_before_scrolled(self, value: int) -> None:
        self._follow_scroll(self.after_view.verticalScrollBar(), value)

    def _on_after_scrolled(self, value: int) -> None:
        self._follow_scroll(self.before_view.verticalScrollBar(), value)

    def _on_before_scrolled_sideways(self, value: int) -> None:
        if self._same_columns:
            self._follow_scroll(self.after_view.horizontalScrollBar(), value)

    def _on_after_scrolled_sideways(self, value: int) -> None:
        if self._same_columns:
            self._follow_scroll(self.before_view.horizontalScrollBar(), value)

    def _follow_current(self, target: QTableView, current: QModelIndex) -> None:
        model = target.model()
        if self._following or not current.isValid() or current.row() >= model.rowCount():
            return
        self._following = True
        column = min(max(current.column(), 0), max(model.columnCount() - 1, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        target.selectionModel().setCurrentIndex(model.index(current.row(), column), flags)
        self._following = False

    def _on_before_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._follow_current(self.after_view, current)

    def _on_after_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._follow_current(self.before_view, current)

    def _follow_order(self, leader: FrameModel, follower: FrameModel, view: QTableView) -> None:
        if not self._aligned or self._following:
            return
        self._following = True
        follower.set_row_order(leader.row_order())
        header = view.horizontalHeader()
        header.blockSignals(True)  # clearing the indicator must not sort the follower again
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()
        self._following = False

    def _on_before_sorted(self) -> None:
        self._follow_order(self.before_model, self.after_model, self.after_view)

    def _on_after_sorted(self) -> None:
        self._follow_order(self.after_model, self.before_model, self.before_view)

    def _on_filter_edit_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def _on_filter_timer_timeout(self) -> None:
        self._filter_timer.stop()
        text = self.filter_edit.text()
        if self._aligned:  # a row shows in both grids if either side has the text
            keep = self.before_model.match_mask(text) | self.after_model.match_mask(text)
            self.before_model.set_row_filter(keep)
            self.after_model.set_row_filter(keep)
        else:
            self.before_model.filter_text(text)
            self.after_model.filter_text(text)

    def _on_sample_box_changed(self, _index: int) -> None:
        self.rows_changed.emit(self.sample_size())
