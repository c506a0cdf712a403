"""Worker-side pieces of the run panel and the schema browser, over `workers.TaskRunner`.

* `run_task` wraps `run_module` as a TaskRunner task. Its progress events travel through a
  `ProgressRelay`, a QObject of the GUI thread: the worker emits its signal, the slots connected
  to it run queued on the GUI thread.
* `TaskQueue` runs short read-only tasks one at a time, in order, on one TaskRunner thread,
  and hands each answer back with the tag it was submitted with.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.metadata.model import DataModule
from ..core.pipeline.cancel import CancelToken, RunCancelled
from ..core.pipeline.engine import RunOptions, run_module
from ..core.pipeline.progress import ProgressEvent
from ..core.pipeline.report import RunReport
from .workers import Progress, Task, TaskRunner


class ProgressRelay(QObject):
    """Lives in the GUI thread; the worker emits `progressed`; connected slots run queued."""

    progressed = Signal(int, object)  # run number, ProgressEvent (not `event`: QObject.event)


@dataclass
class RunAttempt:
    """One click of Run. The worker sets `report` or `error` before its signal is queued, so
    the GUI thread reads them safely in the slot of that signal."""

    number: int
    module: str
    tables: int
    report: RunReport | None = None
    error: str | None = None


def run_task(
    module: DataModule,
    base_dir: Path,
    options: RunOptions,
    attempt: RunAttempt,
    relay: ProgressRelay,
) -> Task:
    """A TaskRunner task running `module`; the caller must not change `module` meanwhile."""

    def sink(event: ProgressEvent) -> None:
        relay.progressed.emit(attempt.number, event)

    def task(cancel: CancelToken, _progress: Progress) -> RunReport:
        try:
            attempt.report = run_module(
                module, base_dir=base_dir, progress=sink, cancel=cancel, options=options
            )
        except RunCancelled:
            raise
        except Exception as exc:
            attempt.error = str(exc).strip() or type(exc).__name__
            raise
        return attempt.report

    return task


@dataclass(eq=False)
class _Queued:
    tag: object
    read: Callable[[], object]


class TaskQueue(QObject):
    """Short tasks, one at a time and in order, on a thread of their own."""

    done = Signal(object, object)  # tag, result
    failed = Signal(object, str)  # tag, the exception's last line

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(self)
        self._runner.succeeded.connect(self._on_runner_succeeded)
        self._runner.failed.connect(self._on_runner_failed)
        self._runner.finished.connect(self._on_runner_finished)
        self._waiting: deque[_Queued] = deque()
        self._current: _Queued | None = None
        self._retired = False
        self._stopped = False

    @property
    def stopped(self) -> bool:
        """Its thread is stopped: it may be deleted."""
        return self._stopped

    def submit(self, tag: object, read: Callable[[], object]) -> None:
        self._waiting.append(_Queued(tag, read))
        self._start_next()

    def retire(self) -> None:
        """Drop what waits; stop the thread now, or when the running task returns."""
        self._retired = True
        self._waiting.clear()
        if self._current is None:
            self.shutdown()
        else:
            self._runner.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the thread (waiting for a running task); False if it did not stop in time."""
        self._retired = True
        self._waiting.clear()
        if not self._stopped:
            self._stopped = self._runner.shutdown(timeout_ms)
        return self._stopped

    def _start_next(self) -> None:
        if self._current is not None or not self._waiting or self._retired:
            return
        self._current = queued = self._waiting.popleft()
        self._runner.start(lambda _cancel, _progress: queued.read())

    def _on_runner_succeeded(self, result: object) -> None:
        if self._current is not None and not self._retired:
            self.done.emit(self._current.tag, result)

    def _on_runner_failed(self, trace: str) -> None:
        if self._current is not None and not self._retired:
            last = trace.strip().splitlines()[-1] if trace.strip() else self.tr("unknown error")
            self.failed.emit(self._current.tag, last)

    def _on_runner_finished(self) -> None:
        self._current = None
        if self._retired:
            self.shutdown()
        else:
            self._start_next()
