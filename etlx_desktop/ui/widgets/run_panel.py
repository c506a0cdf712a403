"""Run a module from the GUI: targets, chunk size, Run/Cancel, live progress, the outcome.

`run_module` runs on a `TaskRunner` thread. The core's (throttled) progress events reach the
GUI thread through a `ProgressRelay` (run_worker.py), so no widget is touched from the worker.
Cancel sets the run's
CancelToken at once; the core stops at its next chunk and leaves every target as it was.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.model import DataModule
from ...core.pipeline.engine import RunOptions
from ...core.pipeline.progress import ProgressEvent, Stage
from ...core.pipeline.report import RunReport
from ..run_worker import ProgressRelay, RunAttempt, run_task
from ..workers import TaskRunner
from .report_view import ErrorView, ProgressTable, ReportView

CANCELLED_TEXT = "cancelled — targets left as they were"
_TARGET_ID = Qt.ItemDataRole.UserRole


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
        self.module_label = QLabel("No module open.")
        self.module_label.setTextFormat(Qt.TextFormat.PlainText)
        self.targets = QListWidget()
        self.targets.itemChanged.connect(self._on_targets_item_changed)
        self._fit_targets()
        self.chunk_rows = QSpinBox()
        self.chunk_rows.setRange(1, 10_000_000)
        self.chunk_rows.setSingleStep(10_000)
        self.chunk_rows.setValue(RunOptions().chunk_rows)
        self.chunk_rows.setGroupSeparatorShown(True)
        self.chunk_rows.setSuffix(" rows")
        self.chunk_rows.setToolTip("Rows read and processed at a time; memory grows with it.")
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self._on_run_button_clicked)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.elapsed = QLabel()
        self.progress_table = ProgressTable()
        self.error_view = ErrorView()
        self.report_view = ReportView()
        top = QGridLayout()
        top.addWidget(self.module_label, 0, 0, 1, 3)
        top.addWidget(QLabel("Targets"), 1, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.targets, 1, 1, 3, 1)
        top.addWidget(QLabel("Chunk size"), 1, 2)
        top.addWidget(self.chunk_rows, 1, 3)
        top.addWidget(self.run_button, 2, 2)
        top.addWidget(self.cancel_button, 2, 3)
        top.setColumnStretch(1, 1)
        status = QGridLayout()
        status.addWidget(self.status, 0, 0)
        status.addWidget(
            self.elapsed, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        status.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status)
        layout.addWidget(self.progress_table, 1)
        layout.addWidget(self.error_view)
        layout.addWidget(self.report_view, 2)
        layout.addStretch(0)  # takes the room the hidden parts leave, keeping the top compact
        for widget in (self.progress_table, self.error_view, self.report_view):
            widget.hide()
        self.error_view.details_button.toggled.connect(self._on_error_details_toggled)

    # --- public API ------------------------------------------------------------------------

    def set_module(self, module: DataModule | None, base_dir: Path) -> None:
        """Show `module` (targets checked as its upload step says); a running run is cancelled."""
        if self.is_running():
            self._runner.cancel()
        self._module, self._base_dir = module, base_dir
        wanted = set(module.upload.target) if module and module.upload else set()
        self.targets.blockSignals(True)
        self.targets.clear()
        for target in module.distribution if module else []:
            item = QListWidgetItem(f"{target.identifier} — {target.kind}: {target.access_url}")
            item.setData(_TARGET_ID, target.identifier)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = target.identifier in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.targets.addItem(item)
        self.targets.blockSignals(False)
        self._fit_targets()
        self.module_label.setText(_module_text(module))
        if not self.is_running():
            self._set_running(False)

    def _fit_targets(self) -> None:
        """One line per target, two to four lines high."""
        line = self.targets.sizeHintForRow(0)
        line = line if line > 0 else self.fontMetrics().height() + 4
        rows = min(max(self.targets.count(), 2), 4)
        self.targets.setFixedHeight(rows * line + 2 * self.targets.frameWidth() + 2)

    def chosen_targets(self) -> list[str]:
        items = [self.targets.item(i) for i in range(self.targets.count())]
        checked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
        return [str(i.data(_TARGET_ID)) for i in checked]

    def is_running(self) -> bool:
        return self._runner.is_busy()

    def cancel(self) -> None:
        """Ask the running run to stop after its current chunk (the token is set at once)."""
        if self.is_running():
            self._runner.cancel()
            self.status.setText("Cancelling after the current chunk…")
            self.cancel_button.setEnabled(False)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel any run and stop the worker thread; False if it did not stop in time."""
        self._ticker.stop()
        return self._runner.shutdown(timeout_ms)

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
        self.progress_table.start([t.table_name for t in module.tables])
        self.report_view.clear()
        self.error_view.hide()
        self.report_view.hide()
        self.progress_table.show()
        self.status.setText(f"Running {attempt.module}: preparing (reading sources, checks)…")
        self._clock.start()
        self._ticker.start()
        self._on_ticker_timeout()
        self._runner.start(task)
        self._set_running(True)
        self.started.emit()
        return True

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()

    @Slot(int, object)
    def _on_relay_progressed(self, number: int, event: ProgressEvent) -> None:
        attempt = self._attempt
        if attempt is None or number != attempt.number or self._outcome:
            return  # a stale event of an earlier run
        if event.table is None:
            what = f"publishing to {event.message}" if event.stage is Stage.PUBLISH else ""
            self.status.setText(f"Running {attempt.module}: {what or event.stage.value}…")
            self.progressed.emit(event)
            return
        self.progress_table.show_progress(event)
        position = f"table {self.progress_table.position(event.table)} of {attempt.tables}"
        self.status.setText(f"Running {attempt.module}: {position}, {event.table}…")
        self.progressed.emit(event)

    def _on_ticker_timeout(self) -> None:
        self.elapsed.setText(f"elapsed {_duration(self._clock.elapsed())}")

    def _on_runner_succeeded(self, report: object) -> None:
        assert isinstance(report, RunReport)
        self._show_success(report)

    def _on_runner_failed(self, trace: str) -> None:
        attempt = self._attempt
        message = (attempt.error if attempt else None) or trace.strip().splitlines()[-1]
        self._outcome = "failed"
        self.status.setText(f"Failed after {_duration(self._clock.elapsed())}.")
        self.error_view.show_error(message, trace)
        self.error_view.show()
        self.progress_table.setVisible(self.progress_table.has_progress())  # where it stopped

    def _on_runner_cancelled(self) -> None:
        attempt = self._attempt
        if attempt is not None and attempt.report is not None:
            # Cancel came after the run had published: say what really happened.
            self._show_success(attempt.report, note=" (Cancel came too late to stop it)")
            return
        self._outcome = "cancelled"
        self.status.setText(f"Run {CANCELLED_TEXT}.")

    def _on_runner_finished(self) -> None:
        self._ticker.stop()
        self._on_ticker_timeout()
        self._set_running(False)
        self.finished.emit(self._outcome or "failed")

    def _show_success(self, report: RunReport, note: str = "") -> None:
        self._outcome = "succeeded"
        versions = ", ".join(f"version {p.version} to {p.target}" for p in report.published)
        published = f"published {versions}" if versions else "nothing published"
        took = _duration(self._clock.elapsed())
        self.status.setText(f"Succeeded in {took}{note}: {published}.")
        self.report_view.show_report(report)
        self.progress_table.hide()
        self.report_view.show()

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running and self._module is not None and self._has_target())
        self.cancel_button.setEnabled(running)
        self.targets.setEnabled(not running)
        self.chunk_rows.setEnabled(not running)
        if not running and self._module is not None and not self._has_target():
            self.status.setText("Check at least one target to run the module.")

    def _has_target(self) -> bool:
        return bool(self.chosen_targets())

    def _on_error_details_toggled(self, opened: bool) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.setStretchFactor(self.error_view, 1 if opened else 0)  # grow only when opened

    def _on_targets_item_changed(self, _item: QListWidgetItem) -> None:
        if not self.is_running():
            self._set_running(False)


def _module_text(module: DataModule | None) -> str:
    if module is None:
        return "No module open."
    return f"Module {module.identifier}: {len(module.tables)} tables"


def _duration(milliseconds: int) -> str:
    """`4.2 s` under a minute, then `12:05` (minutes:seconds)."""
    if milliseconds < 60_000:
        return f"{max(0, milliseconds) / 1000:.1f} s"
    seconds = milliseconds // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"
