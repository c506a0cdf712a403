"""What the run panel shows beside its History: a hint before anything ran, the progress of a
run, then its report or its error, or the report of a version picked in History."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.pipeline.report import RunReport
from ...core.storage.stored_report import StoredReport
from .report_view import ErrorView, ReportView
from .run_progress import ProgressTable


class RunOutcome(QWidget):
    """One of: the hint, the progress table, the error (over where the run stopped), a report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(
            self.tr(
                "Run the module to publish a new version of it to the checked targets; its "
                "report shows here. Select a version under History to see what its run published."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.progress_table = ProgressTable()
        self.error_view = ErrorView()
        self.report_view = ReportView()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.hint)
        self._layout.addWidget(self.progress_table, 1)
        self._layout.addWidget(self.error_view)
        self._layout.addWidget(self.report_view, 2)
        self._layout.addStretch(0)  # takes the room the hidden parts leave
        self._show_only(self.hint)
        self.error_view.details_button.toggled.connect(self._on_error_details_toggled)

    def show_running(self, tables: list[str]) -> None:
        """A waiting row per table of the run that starts."""
        self.progress_table.start(tables)
        self.report_view.clear()
        self._show_only(self.progress_table)

    def show_report(self, report: RunReport) -> None:
        self.report_view.show_report(report)
        self._show_only(self.report_view)

    def show_stored(self, stored: StoredReport) -> None:
        self.report_view.show_stored(stored)
        self._show_only(self.report_view)

    def show_error(self, message: str, details: str) -> None:
        """The error, over the progress table when some table got going (where it stopped)."""
        self.error_view.show_error(message, details)
        self._show_only(self.error_view)
        self.progress_table.setVisible(self.progress_table.has_progress())

    def _show_only(self, shown: QWidget) -> None:
        for widget in (self.hint, self.progress_table, self.error_view, self.report_view):
            widget.setVisible(widget is shown)

    def _on_error_details_toggled(self, opened: bool) -> None:
        self._layout.setStretchFactor(self.error_view, 1 if opened else 0)  # grow only when open
