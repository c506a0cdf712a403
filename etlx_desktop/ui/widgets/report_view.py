"""The views of a run's outcome: its report (per-table figures, published versions, warnings,
privacy) or its error. The progress of a running run is in `run_progress.py`.

The report view only shows what `RunReport` holds (as `core.pipeline.report_rows` lays it
out); copying gives exactly `RunReport.as_dict()` as JSON. A version's report read back from
its catalog (`StoredReport`) shows only what the catalog keeps, and says so. The frame is in the
app's language; the report's own lines come from the core, in English.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
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
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.pipeline.report import RunReport
from ...core.pipeline.report_rows import (
    Cell,
    privacy_rows,
    summary_lines,
    table_rows,
    version_rows,
)
from ...core.storage.stored_report import (
    StoredReport,
    stored_as_dict,
    stored_summary_lines,
    stored_table_rows,
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
        if value:
            return QCoreApplication.translate("ReportView", "yes")
        return QCoreApplication.translate("ReportView", "no")
    if isinstance(value, int):
        return count_text(value)
    if isinstance(value, float):
        return QLocale().toString(value, "f", 2)
    return value


def when_text(created_at: str) -> str:
    """A store's ISO 8601 time in local time, to the minute (the text itself if unreadable)."""
    moment = QDateTime.fromString(created_at, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        return created_at or "—"
    return moment.toLocalTime().toString("yyyy-MM-dd HH:mm")


class ReportView(QWidget):
    """Shows one RunReport; `show_report()` replaces what was shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: RunReport | None = None
        self._stored: StoredReport | None = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tables = [self.tr("Table"), self.tr("Read"), self.tr("Written"), self.tr("Quarantined")]
        self.tables = _small_table([*tables, self.tr("Dropped"), self.tr("Time (s)")], range(1, 6))
        versions = [self.tr("Target"), self.tr("Kind"), self.tr("Version"), self.tr("Location")]
        self.versions = _small_table(versions, [2])
        self.versions.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        privacy = [self.tr("Table"), "k", self.tr("k required"), self.tr("Rows below k")]
        privacy += [self.tr("Leak checks passed"), self.tr("Joins kept")]
        self.privacy = _small_table(privacy, range(1, 6))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tables, self.tr("Tables"))
        self.tabs.addTab(self.versions, self.tr("Published"))
        self.tabs.addTab(self.warnings, self.tr("Warnings"))
        self.tabs.addTab(self.privacy, self.tr("Privacy"))
        self.copy_button = QPushButton(self.tr("Copy report as JSON"))
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

    @property
    def stored(self) -> StoredReport | None:
        """The version read back from a catalog that is shown, if that is what is shown."""
        return self._stored

    def show_report(self, report: RunReport) -> None:
        self._report, self._stored = report, None
        self.summary.setText("\n".join(summary_lines(report, count_text)))
        _fill(self.tables, table_rows(report))
        _fill(self.versions, version_rows(report))
        self._show_warnings(report.warnings)
        _fill(self.privacy, privacy_rows(report))
        self.copy_button.setEnabled(True)

    def show_stored(self, stored: StoredReport) -> None:
        """A version's report as its catalog keeps it: figures it does not keep show as —."""
        self._report, self._stored = stored.report, stored
        lines = stored_summary_lines(stored, count_text, when_text)
        self.summary.setText("\n".join(lines))
        _fill(self.tables, stored_table_rows(stored))
        _fill(self.versions, version_rows(stored.report))
        self.warnings.clear()
        self._add_note(self.warnings, self.tr("The catalog does not keep a run's warnings."))
        self.tabs.setTabText(2, self.tr("Warnings"))
        self.privacy.setRowCount(0)
        self.copy_button.setEnabled(True)

    def clear(self) -> None:
        self._report = self._stored = None
        self.summary.clear()
        for table in (self.tables, self.versions, self.privacy):
            table.setRowCount(0)
        self.warnings.clear()
        self.tabs.setTabText(2, self.tr("Warnings"))
        self.copy_button.setEnabled(False)

    def report_json(self) -> str:
        """The shown report as indented JSON ("" before any report)."""
        if self._stored is not None:
            data = stored_as_dict(self._stored)
        elif self._report is not None:
            data = self._report.as_dict()
        else:
            return ""
        return json.dumps(data, indent=2, ensure_ascii=False)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for warning in warnings:  # the core's, in English
            self.warnings.addItem(QListWidgetItem(icon, warning))
        if not warnings:
            none = self.tr("No warnings: no drift, no privacy or key-change notes.")
            self._add_note(self.warnings, none)
        counted = self.tr("Warnings ({count})").format(count=len(warnings))
        self.tabs.setTabText(2, counted if warnings else self.tr("Warnings"))

    @staticmethod
    def _add_note(view: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # a note, not a warning to pick
        view.addItem(item)

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
        self.details_button.setText(self.tr("Details"))
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
