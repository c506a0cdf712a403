"""Run a module from the GUI: targets, chunk size, Run/Cancel, live progress, the outcome, and
the versions earlier runs published.

`run_module` runs on a `TaskRunner` thread. The core's (throttled) progress events reach the
GUI thread through a `ProgressRelay` (run_worker.py), so no widget is touched from the worker.
Cancel sets the run's CancelToken at once; the core stops at its next chunk and leaves every
target as it was. The targets (`run_targets.py`) are edited as undoable edits of the module;
the history (`run_history.py`) reads the checked targets' catalogs on workers of its own.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QLocale, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.model import DataModule
from ...core.pipeline.engine import RunOptions
from ...core.pipeline.progress import ProgressEvent, Stage
from ...core.pipeline.report import RunReport
from ...core.storage.stored_report import StoredReport
from ..run_worker import ProgressRelay, RunAttempt, run_task
from ..workers import TaskRunner
from .editor_values import QT_TRANSLATE_NOOP
from .run_history import RunHistory
from .run_log import RunLog
from .run_outcome import RunOutcome
from .run_progress import OverallProgress, duration_text, stage_text
from .run_targets import RunTargets

CANCELLED_TEXT = QT_TRANSLATE_NOOP("RunPanel", "cancelled — targets left as they were")


class RunPanel(QWidget):
    """Runs the module given to `set_module()`; call `shutdown()` before the app quits."""

    started = Signal()
    progressed = Signal(object)  # each ProgressEvent of the running run, on the GUI thread
    finished = Signal(str)  # "succeeded", "failed" or "cancelled"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._module: DataModule | None = None
        self._base_dir = Path()
        self._attempt: RunAttempt | None = None
        self._outcome = ""
        self._runner = TaskRunner(self)
        self._runner.succeeded.connect(self._on_runner_succeeded)
        self._runner.failed.connect(self._on_runner_failed)
        self._runner.cancelled.connect(self._on_runner_cancelled)
        self._runner.finished.connect(self._on_runner_finished)
        self._relay = ProgressRelay(self)
        self._relay.progressed.connect(self._on_relay_progressed)
        self._clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._build()
        self._set_running(False)

    def _build(self) -> None:
        self.module_label = QLabel(_module_text(None))
        self.module_label.setTextFormat(Qt.TextFormat.PlainText)
        self.run_targets = RunTargets()
        self.run_targets.edited.connect(self._on_run_targets_edited)
        self.run_targets.refused.connect(self._on_run_targets_refused)
        self.targets = self.run_targets.list  # the checkable list itself
        self.chunk_rows = QSpinBox()
        self.chunk_rows.setRange(1, 10_000_000)
        self.chunk_rows.setSingleStep(10_000)
        self.chunk_rows.setValue(RunOptions().chunk_rows)
        self.chunk_rows.setGroupSeparatorShown(True)
        self.chunk_rows.setSuffix(self.tr(" rows"))
        self.chunk_rows.setToolTip(
            self.tr("Rows read and processed at a time; memory grows with it.")
        )
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.clicked.connect(self._on_run_button_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.overall = OverallProgress()
        self.history = RunHistory()
        self.history.reportRead.connect(self._on_history_report_read)
        self.history.reportFailed.connect(self._on_history_report_failed)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(self._top())
        layout.addLayout(self._status_row())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.outcome = RunOutcome()
        # the parts, for callers that look inside (tests)
        self.progress_table = self.outcome.progress_table
        self.error_view = self.outcome.error_view
        self.report_view = self.outcome.report_view
        self.log = RunLog()
        self.log.setMinimumHeight(60)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.outcome)
        left.addWidget(self.log)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.history)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)  # the history keeps its width; the report grows
        layout.addWidget(self.splitter, 1)
        self._history_moved = False
        self.splitter.splitterMoved.connect(self._on_splitter_splitter_moved)

    def _top(self) -> QGridLayout:
        top = QGridLayout()
        top.addWidget(self.module_label, 0, 0, 1, 4)
        top.addWidget(QLabel(self.tr("Targets")), 1, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.run_targets, 1, 1, 2, 1)
        top.addWidget(QLabel(self.tr("Chunk size")), 1, 2)
        top.addWidget(self.chunk_rows, 1, 3)
        top.addWidget(self.run_button, 2, 2, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.cancel_button, 2, 3, Qt.AlignmentFlag.AlignTop)
        top.setColumnStretch(1, 1)
        return top

    def _status_row(self) -> QGridLayout:
        status = QGridLayout()
        status.addWidget(self.status, 0, 0)
        status.addWidget(
            self.overall, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        status.setColumnStretch(0, 1)
        return status

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._history_moved:
            return  # the user chose the widths
        # A splitter shares its first width evenly; History needs only its columns' width.
        margins = self.contentsMargins() + self._layout.contentsMargins()
        total = event.size().width() - margins.left() - margins.right()
        total -= self.splitter.handleWidth()
        history = min(self.history.sizeHint().width(), total // 2)
        self.splitter.setSizes([total - history, history])

    def _on_splitter_splitter_moved(self, _position: int, _index: int) -> None:
        self._history_moved = True

    # --- public API ------------------------------------------------------------------------

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        """Push the panel's edits of the module (its targets) on `stack`, the module editor's,
        so Edit › Undo takes them back; without one they are applied directly."""
        self.run_targets.set_undo_stack(stack)

    def set_module(self, module: DataModule | None, base_dir: Path) -> None:
        """Show `module` (targets checked as its upload step says). Another module cancels a
        running run; an edit of the same one does not, as the run has a copy of its own."""
        if self.is_running() and (module is not self._module or base_dir != self._base_dir):
            self._runner.cancel()
        self._module, self._base_dir = module, base_dir
        self.run_targets.set_module(module, base_dir)
        self.module_label.setText(_module_text(module))
        self._show_history()
        if not self.is_running():
            self._set_running(False)

    def chosen_targets(self) -> list[str]:
        return self.run_targets.chosen_targets()

    def add_folder_target(self, folder: Path) -> str | None:
        """Add a Parquet folder target and check it; why not, or None when added."""
        return self.run_targets.add_folder_target(folder)

    def is_running(self) -> bool:
        return self._runner.is_busy()

    def cancel(self) -> None:
        """Ask the running run to stop after its current chunk (the token is set at once)."""
        if self.is_running():
            self._runner.cancel()
            self.status.setText(self.tr("Cancelling after the current chunk…"))
            self.cancel_button.setEnabled(False)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel any run, stop the worker threads; False if one did not stop in time."""
        self._ticker.stop()
        self.log.bridge.detach()
        history = self.history.shutdown(timeout_ms)
        return self._runner.shutdown(timeout_ms) and history

    # --- running ---------------------------------------------------------------------------

    def _on_run_button_clicked(self) -> None:
        self.start()

    def start(self) -> bool:
        """Run the module with the chosen targets (the Run button); False if it cannot run."""
        if self._module is None or self.is_running() or not self._has_target():
            return False
        number = (self._attempt.number + 1) if self._attempt else 1
        module = self._module
        self._attempt = attempt = RunAttempt(number, module.identifier, len(module.tables))
        options = RunOptions(chunk_rows=self.chunk_rows.value(), targets=self.chosen_targets())
        # a copy: the module editor may change its module while this one runs
        task = run_task(copy.deepcopy(module), self._base_dir, options, attempt, self._relay)
        self._outcome = ""
        tables = [t.table_name for t in module.tables]
        self.outcome.show_running(tables)
        self.overall.start(tables, self.history.latest_rows())
        self.history.clear_selection()
        preparing = self.tr("Running {module}: preparing (reading sources, checks)…")
        self.status.setText(preparing.format(module=attempt.module))
        targets = ", ".join(options.targets or []) or self.tr("the module's targets")
        started = self.tr("Run {number} of {module} to {targets}, {rows} rows a chunk")
        rows = QLocale().toString(options.chunk_rows)
        self.log.start(
            started.format(number=number, module=attempt.module, targets=targets, rows=rows)
        )
        self._clock.start()
        self._ticker.start()
        self._runner.start(task)
        self._set_running(True)
        self._on_ticker_timeout()
        self.started.emit()
        return True

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()

    @Slot(int, object)
    def _on_relay_progressed(self, number: int, event: ProgressEvent) -> None:
        attempt = self._attempt
        if attempt is None or number != attempt.number or self._outcome:
            return  # a stale event of an earlier run
        self.log.add_event(event)
        if event.table is None:
            self.status.setText(self._stage_status(attempt, event))
            self.progressed.emit(event)
            return
        self.progress_table.show_progress(event)
        self.overall.observe(event, self._clock.elapsed())
        running = self.tr("Running {module}: table {position} of {tables}, {table}…")
        position = self.progress_table.position(event.table)
        self.status.setText(
            running.format(
                module=attempt.module, position=position, tables=attempt.tables, table=event.table
            )
        )
        self.progressed.emit(event)

    def _stage_status(self, attempt: RunAttempt, event: ProgressEvent) -> str:
        """The status of a step of the whole run (no table): publishing names its target."""
        if event.stage is Stage.PUBLISH:
            text = self.tr("Running {module}: publishing to {target}…")
            return text.format(module=attempt.module, target=event.message)
        text = self.tr("Running {module}: {stage}…")
        return text.format(module=attempt.module, stage=stage_text(event.stage))

    def _on_ticker_timeout(self) -> None:
        self.overall.tick(self._clock.elapsed(), self.is_running())

    def _on_runner_succeeded(self, report: object) -> None:
        assert isinstance(report, RunReport)
        self._show_success(report)

    def _on_runner_failed(self, trace: str) -> None:
        attempt = self._attempt
        message = (attempt.error if attempt else None) or trace.strip().splitlines()[-1]
        self._outcome = "failed"
        took = duration_text(self._clock.elapsed())
        self.status.setText(self.tr("Failed after {duration}.").format(duration=took))
        self.outcome.show_error(message, trace)
        self.log.finish(self.tr("Failed: {message}").format(message=message), logging.ERROR)

    def _on_runner_cancelled(self) -> None:
        attempt = self._attempt
        if attempt is not None and attempt.report is not None:
            # Cancel came after the run had published: say what really happened.
            self._show_success(attempt.report, too_late=True)
            return
        self._outcome = "cancelled"
        cancelled = self.tr(CANCELLED_TEXT)
        self.status.setText(self.tr("Run {cancelled}.").format(cancelled=cancelled))
        self.log.finish(self.status.text(), logging.WARNING)

    def _on_runner_finished(self) -> None:
        self._ticker.stop()
        self._set_running(False)
        self._on_ticker_timeout()
        self.finished.emit(self._outcome or "failed")

    def _show_success(self, report: RunReport, too_late: bool = False) -> None:
        """`too_late`: Cancel was pressed after the run had published."""
        self._outcome = "succeeded"
        version = self.tr("version {version} to {target}")
        versions = ", ".join(
            version.format(version=p.version, target=p.target) for p in report.published
        )
        published = (
            self.tr("published {versions}").format(versions=versions)
            if versions
            else self.tr("nothing published")
        )
        if too_late:
            text = self.tr(
                "Succeeded in {duration} (Cancel came too late to stop it): {published}."
            )
        else:
            text = self.tr("Succeeded in {duration}: {published}.")
        took = duration_text(self._clock.elapsed())
        self.status.setText(text.format(duration=took, published=published))
        self.outcome.show_report(report)
        for warning in report.warnings:
            self.log.add(warning, logging.WARNING)
        self.log.finish(self.status.text())
        self.history.reload()  # the new version is in the catalogs now

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running and self._module is not None and self._has_target())
        self.cancel_button.setEnabled(running)
        self.run_targets.setEnabled(not running)
        self.chunk_rows.setEnabled(not running)
        if not running and self._module is not None and not self._has_target():
            self.status.setText(
                self.tr("Check at least one target to run the module.")
                if self._module.distribution
                else self.tr("Add a target (Add target…) to say where the module's versions go.")
            )

    def _has_target(self) -> bool:
        return bool(self.chosen_targets())

    # --- targets and history ---------------------------------------------------------------

    def _show_history(self) -> None:
        module, chosen = self._module, set(self.chosen_targets())
        targets = [t for t in module.distribution if t.identifier in chosen] if module else []
        self.history.show_targets(module.identifier if module else None, targets, self._base_dir)

    def _on_run_targets_edited(self) -> None:
        self.set_module(self._module, self._base_dir)  # the main window may not have yet

    def _on_run_targets_refused(self, reason: str) -> None:
        self.status.setText(self.tr("Cannot change the targets: {reason}.").format(reason=reason))

    def _on_history_report_read(self, stored: object) -> None:
        assert isinstance(stored, StoredReport)
        if self.is_running():
            return  # the run's progress stays in view
        self.outcome.show_stored(stored)

    def _on_history_report_failed(self, reason: str) -> None:
        text = self.tr("Cannot read that version's report: {reason}")
        self.status.setText(text.format(reason=reason))


def _module_text(module: DataModule | None) -> str:
    if module is None:
        return QCoreApplication.translate("RunPanel", "No module open.")
    count = len(module.tables)
    text = QCoreApplication.translate("RunPanel", "Module {module}: %n tables", "", count)
    return text.format(module=module.identifier)
