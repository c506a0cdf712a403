"""Testing a connection off the GUI thread, a newer test cancelling the one before it.

`test_connection` blocks for up to its timeout and cannot be interrupted, so `probe_task` runs
it in a thread of its own (a daemon: it ends by its timeout) and waits for it in short steps,
checking the cancel token: a cancelled test frees the runner for the next one at once, and its
result is dropped. `ConnectionTester` runs these tasks on a `TaskRunner` and reports on the GUI
thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..core.connections import Connection, ProbeResult, test_connection
from ..core.pipeline.cancel import CancelToken
from .workers import Progress, Task, TaskRunner

POLL_SECONDS = 0.05


def probe_task(connection: Connection, password: str | None) -> Task:
    """A task testing `connection` with `password`; its result is a `ProbeResult`."""

    def run(cancel: CancelToken, progress: Progress) -> ProbeResult:
        box: list[ProbeResult] = []
        thread = threading.Thread(
            target=lambda: box.append(test_connection(connection, password)),
            name=f"etlx-connection-test-{connection.id}",
            daemon=True,
        )
        thread.start()
        while thread.is_alive():
            cancel.raise_if_cancelled()
            thread.join(POLL_SECONDS)
        if not box:
            raise RuntimeError("the connection test ended without a result")
        return box[0]

    return run


def failure_text(trace: str) -> str:
    """What to say when a test task raised: the error's type only, since its message could
    repeat a secret."""
    last = trace.strip().splitlines()[-1] if trace.strip() else "error"
    kind = last.split(":", 1)[0].rsplit(".", 1)[-1]
    return QCoreApplication.translate(
        "ConnectionTester", "The test stopped on an unexpected error ({kind})."
    ).format(kind=kind)


def result_text(result: ProbeResult) -> str:
    """The probe's sentence (the core's, in English), and how long a successful connection
    took (in the app's language)."""
    if not result.ok:
        return result.message
    answered = QCoreApplication.translate(
        "ConnectionTester", "{message} — answered in {seconds} s."
    )
    return answered.format(message=result.message.rstrip("."), seconds=f"{result.elapsed:.2f}")


class ConnectionTester(QObject):
    """Tests one connection at a time; `shutdown()` at the end (a later `test` starts anew)."""

    finished = Signal(bool, str, str)  # the newest test: connected?, what it found, details

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None

    def test(self, connection: Connection, password: str | None) -> None:
        """Start testing; a test still running is cancelled and its result dropped."""
        if self._runner is None:
            self._runner = TaskRunner(self)
            self._runner.succeeded.connect(self._on_runner_succeeded)
            self._runner.failed.connect(self._on_runner_failed)
        self._runner.start(probe_task(connection, password))

    def is_busy(self) -> bool:
        return self._runner is not None and self._runner.is_busy()

    def shutdown(self) -> None:
        """Cancel a running test and stop the thread; safe to call twice."""
        if self._runner is not None:
            self._runner.shutdown()
            self._runner = None

    def _on_runner_succeeded(self, result: object) -> None:
        assert isinstance(result, ProbeResult)
        self.finished.emit(result.ok, result_text(result), result.detail or "")

    def _on_runner_failed(self, trace: str) -> None:
        self.finished.emit(False, failure_text(trace), "")
