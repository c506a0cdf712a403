"""TaskRunner: results, failures, cancellation, stale results and shutdown, on the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread

from etlx_desktop.core.pipeline.cancel import CancelToken
from etlx_desktop.ui.workers import Progress, TaskRunner

WAIT_MS = 10_000


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(), "the worker thread did not stop"


def busy_until_cancelled(started: threading.Event) -> object:
    """A task that works in small steps and checks the token between them, as the core does."""

    def task(cancel: CancelToken, progress: Progress) -> object:
        started.set()
        for step in range(100_000):
            cancel.raise_if_cancelled()
            progress(step % 100, f"step {step}")
            time.sleep(0.002)  # one chunk of "work"
        return "never"

    return task


def test_a_task_result_arrives_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[str, bool]] = []
    runner.progress.connect(lambda percent, message: seen.append((message, gui_thread(gui))))
    runner.succeeded.connect(lambda result: seen.append((result, gui_thread(gui))))

    def task(cancel: CancelToken, progress: Progress) -> object:
        assert QThread.currentThread() is not gui
        progress(100, "halfway there")
        return "42"

    with qtbot.waitSignals([runner.succeeded, runner.finished], order="strict", timeout=WAIT_MS):
        generation = runner.start(task)
    assert generation == 1
    assert seen == [("halfway there", True), ("42", True)]
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)


def gui_thread(gui: QThread) -> bool:
    return QThread.currentThread() is gui


def test_a_failing_task_reports_its_traceback(qtbot, runner: TaskRunner) -> None:
    def task(cancel: CancelToken, progress: Progress) -> object:
        raise ValueError("the sample has no rows")

    traces: list[str] = []
    runner.failed.connect(traces.append)
    with qtbot.waitSignals([runner.failed, runner.finished], order="strict", timeout=WAIT_MS):
        runner.start(task)
    [trace] = traces
    assert trace.startswith("Traceback")
    assert "ValueError: the sample has no rows" in trace


def test_cancel_stops_a_running_task(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    outcomes: list[str] = []
    runner.succeeded.connect(lambda _: outcomes.append("succeeded"))
    runner.cancelled.connect(lambda: outcomes.append("cancelled"))
    runner.start(busy_until_cancelled(started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignals([runner.cancelled, runner.finished], order="strict", timeout=WAIT_MS):
        runner.cancel()
    assert outcomes == ["cancelled"]


def test_a_new_task_cancels_the_old_one_and_its_result_is_dropped(
    qtbot, runner: TaskRunner
) -> None:
    started = threading.Event()
    results: list[object] = []
    runner.succeeded.connect(results.append)
    runner.cancelled.connect(lambda: results.append("cancelled"))
    runner.start(busy_until_cancelled(started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(lambda cancel, progress: "fresh")
    assert results == ["fresh"]  # the old task's "cancelled" is stale too: not re-emitted
    qtbot.waitUntil(lambda: not runner._workers, timeout=WAIT_MS)  # both workers let go


def test_late_signals_of_a_replaced_task_are_ignored(qtbot, runner: TaskRunner) -> None:
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(lambda cancel, progress: "first")
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(lambda cancel, progress: "second")
    stale = runner.generation - 1
    with qtbot.assertNotEmitted(runner.succeeded), qtbot.assertNotEmitted(runner.finished):
        runner._on_worker_succeeded(stale, "first, delivered late")
        runner._on_worker_failed(stale, "Traceback: late")
        runner._on_worker_finished(stale)


def test_tasks_started_in_a_burst_deliver_only_the_last(qtbot, runner: TaskRunner) -> None:
    results: list[object] = []
    runner.succeeded.connect(results.append)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        for number in range(5):
            runner.start(lambda cancel, progress, number=number: number)
    assert results == [4]


def test_shutdown_while_a_task_runs_does_not_deadlock(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    runner.start(busy_until_cancelled(started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    runner.start(busy_until_cancelled(threading.Event()))  # queued behind the first
    assert runner.shutdown(timeout_ms=5000)
    assert runner._thread.isFinished()
    with pytest.raises(RuntimeError, match="shut down"):
        runner.start(lambda cancel, progress: None)


def test_shutdown_of_a_runner_that_never_ran(qtbot) -> None:
    assert TaskRunner().shutdown()
