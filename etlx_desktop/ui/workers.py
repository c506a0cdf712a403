"""Long work off the GUI thread: a plain task function, a worker in a QThread, a runner.

A task is `fn(cancel, progress) -> result`, testable without Qt. `TaskRunner` lives in the GUI
thread, owns the QThread and re-emits the worker's signals from its own slots, so every handler
connected to the runner (lambdas too) runs on the GUI thread. A lambda connected straight to a
worker's signal would run in the worker thread.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from ..core.pipeline.cancel import CancelToken, RunCancelled

Progress = Callable[[int, str], None]
Task = Callable[[CancelToken, Progress], object]

_PROGRESS_INTERVAL = 0.05  # seconds: a task may report per row; the GUI needs ~20 updates/s


class TaskWorker(QObject):
    """Runs one task in the runner's thread; every signal carries the task's generation."""

    progress = Signal(int, int, str)  # generation, percent, message
    succeeded = Signal(int, object)  # generation, result
    failed = Signal(int, str)  # generation, traceback
    cancelled = Signal(int)
    finished = Signal(int)  # always last

    def __init__(self, task: Task, token: CancelToken, generation: int, home: QThread) -> None:
        super().__init__()
        self._task = task
        self._token = token
        self._generation = generation
        self._home = home  # the GUI thread, where the runner drops this worker afterwards
        self._last_progress = 0.0

    @Slot()
    def run(self) -> None:
        generation = self._generation
        try:
            self._token.raise_if_cancelled()  # cancelled while it waited for the thread
            result = self._task(self._token, self._report)
            self._token.raise_if_cancelled()  # a result that came too late is not wanted
            self.succeeded.emit(generation, result)
        except RunCancelled:
            self.cancelled.emit(generation)
        except BaseException:  # anything a task raises is reported, never lost in the thread
            self.failed.emit(generation, traceback.format_exc())
        finally:
            self._task = _done  # let the task's closure (and its data) go now
            # Only the owning thread may push an object to another: hand it back for deletion.
            self.moveToThread(self._home)
            self.finished.emit(generation)

    def _report(self, percent: int, message: str) -> None:
        now = time.monotonic()
        if percent < 100 and now - self._last_progress < _PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self.progress.emit(self._generation, percent, message)


def _done(cancel: CancelToken, progress: Progress) -> object:
    return None


class TaskRunner(QObject):
    """Runs one task at a time in its own thread; a new task cancels the one before it.

    Only the newest task's signals are re-emitted: results of a task that was replaced
    (stale) are dropped, so a slow old preview can never overwrite a newer one.
    """

    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)  # the traceback
    cancelled = Signal()
    finished = Signal()  # after each of the three above

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("etlx-task-runner")
        self._generation = 0
        self._token: CancelToken | None = None
        self._workers: dict[int, TaskWorker] = {}
        self._closed = False

    @property
    def generation(self) -> int:
        """Number of the newest task started (0 before the first)."""
        return self._generation

    def is_busy(self) -> bool:
        """Whether the newest task has not finished yet."""
        return self._generation in self._workers

    def start(self, task: Task) -> int:
        """Cancel the running task (if any) and queue `task`; returns its generation."""
        if self._closed:
            raise RuntimeError("the task runner was shut down")
        self.cancel()
        self._generation += 1
        self._token = CancelToken()
        worker = TaskWorker(task, self._token, self._generation, self.thread())
        worker.moveToThread(self._thread)
        worker.progress.connect(self._on_worker_progress)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.cancelled.connect(self._on_worker_cancelled)
        worker.finished.connect(self._on_worker_finished)
        self._workers[self._generation] = worker
        if not self._thread.isRunning():
            self._thread.start()
        # Queued: run() starts in the worker thread once the task before it has returned.
        QMetaObject.invokeMethod(worker, "run", Qt.ConnectionType.QueuedConnection)
        return self._generation

    def cancel(self) -> None:
        """Ask the running task to stop; it stops at its next check of the token."""
        if self._token is not None:
            self._token.cancel()  # a threading.Event: seen at once, unlike a queued signal

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel, stop the thread and wait for it; False if it did not stop in time."""
        self._closed = True
        self.cancel()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._closed

    @Slot(int, int, str)
    def _on_worker_progress(self, generation: int, percent: int, message: str) -> None:
        if self._current(generation):
            self.progress.emit(percent, message)

    @Slot(int, object)
    def _on_worker_succeeded(self, generation: int, result: object) -> None:
        if self._current(generation):
            self.succeeded.emit(result)

    @Slot(int, str)
    def _on_worker_failed(self, generation: int, trace: str) -> None:
        if self._current(generation):
            self.failed.emit(trace)

    @Slot(int)
    def _on_worker_cancelled(self, generation: int) -> None:
        if self._current(generation):
            self.cancelled.emit()

    @Slot(int)
    def _on_worker_finished(self, generation: int) -> None:
        self._workers.pop(generation, None)  # back in this thread: safe to delete here
        if self._current(generation):
            self.finished.emit()
