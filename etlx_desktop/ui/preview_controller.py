"""Recompute a table's preview off the GUI thread whenever asked, newest request wins."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ..core.metadata import DataModule
from ..core.metadata.model import Table
from ..core.pipeline.cancel import CancelToken
from ..core.pipeline.preview import preview_table
from ..core.pipeline.preview_privacy import default_quasi_identifiers
from ..core.pipeline.preview_stats import PreviewSummary, summarize_preview
from .widgets.preview_panel import PreviewPanel
from .widgets.report_view import count_text
from .workers import Progress, TaskRunner

DEBOUNCE_MS = 300  # a burst of rule edits costs one preview, started when the typing pauses


@dataclass(frozen=True)
class PreviewRequest:
    """What to preview. The module is a snapshot: the editor may change the original meanwhile."""

    module: DataModule
    table: str
    base_dir: Path
    rows: int
    quasi_identifiers: tuple[str, ...] | None = None  # None: the table's defaults


def run_preview(request: PreviewRequest, cancel: CancelToken, progress: Progress) -> PreviewSummary:
    """The task: a plain function, so it is testable without widgets; its steps are worded in
    the app's language (translating is safe on any thread)."""
    cancel.raise_if_cancelled()
    reading = QCoreApplication.translate(
        "PreviewController", "reading {rows} rows of {table}", "", request.rows
    )
    progress(0, reading.format(rows=count_text(request.rows), table=request.table))
    preview = preview_table(
        request.module, request.table, base_dir=request.base_dir, rows=request.rows
    )
    cancel.raise_if_cancelled()
    progress(80, QCoreApplication.translate("PreviewController", "comparing before and after"))
    summary = summarize_preview(
        request.table, preview, request.quasi_identifiers, module=request.module
    )
    progress(100, QCoreApplication.translate("PreviewController", "done"))
    return summary


class PreviewController(QObject):
    """Feeds a PreviewPanel: debounces requests, runs them on a TaskRunner, drops stale ones."""

    shown = Signal(object)  # the PreviewSummary now on screen

    def __init__(
        self,
        panel: PreviewPanel,
        runner: TaskRunner | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._panel = panel
        self._runner = runner or TaskRunner(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._module: DataModule | None = None
        self._table = ""
        self._base_dir = Path()
        self._chosen: tuple[str, ...] | None = None  # quasi-identifiers the user picked
        self._timer.timeout.connect(self._on_timer_timeout)
        self._runner.succeeded.connect(self._on_runner_succeeded)
        self._runner.failed.connect(self._on_runner_failed)
        self._runner.cancelled.connect(self._on_runner_cancelled)
        self._runner.progress.connect(self._on_runner_progress)
        panel.rows_changed.connect(self._on_panel_rows_changed)
        strip = panel.privacy_strip
        strip.quasi_identifiers_changed.connect(self._on_strip_quasi_identifiers_changed)

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def panel(self) -> PreviewPanel:
        return self._panel

    def set_table(self, module: DataModule, table: str, base_dir: Path) -> None:
        """Preview `table` of `module` (files relative to `base_dir`) as soon as possible."""
        if module is not self._module or table != self._table:
            self._chosen = None  # another table: its own defaults again
        self._module, self._table, self._base_dir = module, table, base_dir
        self.refresh()

    def request(self) -> None:
        """Something changed (a rule, the sample size): preview again once edits pause."""
        if self._module is None:
            return
        self._panel.show_busy()
        self._timer.start()  # restarting the timer is the debounce

    def refresh(self) -> None:
        """Preview again now, cancelling any preview still running."""
        self._timer.stop()
        self._on_timer_timeout()

    def shutdown(self) -> bool:
        self._timer.stop()
        return self._runner.shutdown()

    def _on_timer_timeout(self) -> None:
        if self._module is None:
            return
        request = PreviewRequest(
            copy.deepcopy(self._module),
            self._table,
            self._base_dir,
            self._panel.sample_size(),
            self._quasi_identifiers(),
        )
        self._panel.show_busy()
        self._runner.start(functools.partial(run_preview, request))

    def _quasi_identifiers(self) -> tuple[str, ...] | None:
        """The user's choice, else the defaults; the picker lists the table's columns as they
        are now, since an edit may have added one or changed the privacy model."""
        table = _table_of(self._module, self._table)
        if table is None:
            return self._chosen
        columns = [column.name for column in table.table_schema.columns]
        defaults = default_quasi_identifiers(table)
        picked = self._chosen if self._chosen is not None else defaults
        chosen = tuple(name for name in picked if name in columns)  # an edit may drop one
        self._panel.privacy_strip.picker.set_choices(columns, chosen, defaults)
        return chosen

    def _on_runner_succeeded(self, summary: object) -> None:
        if isinstance(summary, PreviewSummary):
            self._panel.show_summary(summary)
            self.shown.emit(summary)

    def _on_runner_failed(self, trace: str) -> None:
        self._panel.show_error(trace)

    def _on_runner_cancelled(self) -> None:
        self._panel.show_busy(self.tr("cancelled"))

    def _on_runner_progress(self, _percent: int, message: str) -> None:
        self._panel.show_busy(self.tr("computing… {step}").format(step=message))

    def _on_panel_rows_changed(self, _rows: int) -> None:
        self.request()

    def _on_strip_quasi_identifiers_changed(self, names: list[str]) -> None:
        self._chosen = tuple(names)
        self.request()


def _table_of(module: DataModule | None, name: str) -> Table | None:
    tables = [] if module is None else [t for t in module.tables if t.table_name == name]
    return tables[0] if tables else None
