"""The views of a run: its progress per table, its report (per-table figures, published
versions, warnings, privacy) or its error.

The report view only shows what `RunReport` holds (as `core.pipeline.report_rows` lays it
out); copying gives exactly `RunReport.as_dict()` as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.pipeline.progress import ProgressEvent
from ...core.pipeline.report import RunReport
from ...core.pipeline.report_rows import (
    Cell,
    privacy_rows,
    summary_lines,
    table_rows,
    version_rows,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _small_table(headers: Sequence[str], figures: Sequence[int]) -> QTableWidget:
    """A read-only table for a handful of rows (a report, never a data grid); the columns
    numbered in `figures` hold figures (right-aligned)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    table.setProperty("figures", list(figures))
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[Cell]]) -> None:
    figures = set(table.property("figures"))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(_text(value))
            if c in figures:
                item.setTextAlignment(_RIGHT)
            table.setItem(r, c, item)


def count_text(value: int) -> str:
    """A count grouped as the user's locale does it: 5,524 or 5 524 (the C locale too)."""
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)


def _text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return count_text(value)
    if isinstance(value, float):
        return QLocale().toString(value, "f", 2)
    return value


class ReportView(QWidget):
    """Shows one RunReport; `show_report()` replaces what was shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: RunReport | None = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tables = _small_table(
            ["Table", "Read", "Written", "Quarantined", "Dropped", "Time (s)"], range(1, 6)
        )
        self.versions = _small_table(["Target", "Kind", "Version", "Location"], [2])
        self.versions.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.privacy = _small_table(
            ["Table", "k", "k required", "Rows below k", "Leak checks passed", "Joins kept"],
            range(1, 6),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tables, "Tables")
        self.tabs.addTab(self.versions, "Published")
        self.tabs.addTab(self.warnings, "Warnings")
        self.tabs.addTab(self.privacy, "Privacy")
        self.copy_button = QPushButton("Copy report as JSON")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    @property
    def report(self) -> RunReport | None:
        return self._report

    def show_report(self, report: RunReport) -> None:
        self._report = report
        self.summary.setText("\n".join(summary_lines(report, count_text)))
        _fill(self.tables, table_rows(report))
        _fill(self.versions, version_rows(report))
        self._show_warnings(report.warnings)
        _fill(self.privacy, privacy_rows(report))
        self.copy_button.setEnabled(True)

    def clear(self) -> None:
        self._report = None
        self.summary.clear()
        for table in (self.tables, self.versions, self.privacy):
            table.setRowCount(0)
        self.warnings.clear()
        self.tabs.setTabText(2, "Warnings")
        self.copy_button.setEnabled(False)

    def report_json(self) -> str:
        """The shown report as indented JSON ("" before any report)."""
        if self._report is None:
            return ""
        return json.dumps(self._report.as_dict(), indent=2, ensure_ascii=False)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for warning in warnings:
            self.warnings.addItem(QListWidgetItem(icon, warning))
        if not warnings:
            item = QListWidgetItem("No warnings: no drift, no privacy or key-change notes.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.warnings.addItem(item)
        self.tabs.setTabText(2, f"Warnings ({len(warnings)})" if warnings else "Warnings")

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_json())


class ErrorView(QFrame):
    """A failed run's message; the traceback only when "Details" is opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        critical = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        icon.setPixmap(critical.pixmap(size, size))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QToolButton()
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._on_details_button_toggled)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)
        self._fit(opened=False)

    def show_error(self, message: str, details: str) -> None:
        self.message.setText(message)
        self.details.setPlainText(details)
        self.details_button.setChecked(False)

    def _on_details_button_toggled(self, opened: bool) -> None:
        self.details.setVisible(opened)
        self._fit(opened)
        arrow = Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow
        self.details_button.setArrowType(arrow)

    def _fit(self, opened: bool) -> None:
        """Only as tall as the message, until the details are opened."""
        vertical = QSizePolicy.Policy.Expanding if opened else QSizePolicy.Policy.Maximum
        self.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)


class ProgressTable(QTreeWidget):
    """One row per table: stage, rows done / total, a bar, rows per second."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Table", "Stage", "Rows", "Progress", "Rows/s"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to pick: no focus frame
        self._row_height = self.fontMetrics().height() + 10  # room around each bar
        header = self.header()
        header.setStretchLastSection(False)
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._rows: dict[str, tuple[QTreeWidgetItem, QProgressBar]] = {}

    def start(self, tables: list[str]) -> None:
        """One waiting row per table of the module, in the order they will run."""
        self.clear()
        self._rows.clear()
        for table in tables:
            self._row(table)[0].setText(1, "waiting")

    def has_progress(self) -> bool:
        """Whether any table got past "waiting"."""
        return any(item.text(1) != "waiting" for item, _ in self._rows.values())

    def position(self, table: str) -> int:
        """1 for the first table's row, 2 for the second's, …"""
        return list(self._rows).index(table) + 1 if table in self._rows else 0

    def show_progress(self, event: ProgressEvent) -> None:
        assert event.table is not None
        item, bar = self._row(event.table)
        done = event.message == "done"
        item.setText(1, "done" if done else event.stage.value)
        total = event.rows_total
        rows = count_text(event.rows_done)
        item.setText(2, rows if total is None or done else f"{rows} / {count_text(total)}")
        rate = "" if done or event.rows_per_second <= 0 else count_text(int(event.rows_per_second))
        item.setText(4, rate)
        if done:
            bar.setRange(0, 100)
            bar.setValue(100)
        elif total:
            bar.setRange(0, 1000)
            bar.setValue(min(1000, event.rows_done * 1000 // total))
        else:
            bar.setRange(0, 0)  # unknown total: a busy bar

    def _row(self, table: str) -> tuple[QTreeWidgetItem, QProgressBar]:
        if table not in self._rows:
            item = QTreeWidgetItem(self, [table, "", "", "", ""])
            item.setSizeHint(3, QSize(self._row_height, self._row_height))  # the bar column
            for column in (2, 4):
                item.setTextAlignment(column, _RIGHT)
            bar = QProgressBar()
            bar.setTextVisible(False)
            cell = QWidget()  # centres the bar in its row, with a margin around it
            margins = QVBoxLayout(cell)
            margins.setContentsMargins(2, 4, 8, 4)
            margins.addWidget(bar)
            self.setItemWidget(item, 3, cell)
            self._rows[table] = (item, bar)
        return self._rows[table]
