"""The live log: stage lines, the core's warnings from the worker thread, the end."""

from __future__ import annotations

import logging
import threading

from pytestqt.qtbot import QtBot

from etlx_desktop.core.pipeline.progress import ProgressEvent, Stage
from etlx_desktop.ui.widgets.run_log import RunLog


def event(table: str | None, stage: Stage, rows: int = 0) -> ProgressEvent:
    return ProgressEvent(table, stage, rows, None, 0.0)


def test_stages_warnings_from_a_worker_and_the_end(qtbot: QtBot) -> None:
    log = RunLog()
    qtbot.addWidget(log)
    log.start("Running demo-shop")
    log.add_event(event("customers", Stage.EXTRACT))
    log.add_event(event("customers", Stage.EXTRACT, 500))  # same stage: no new line
    log.add_event(event("customers", Stage.LOAD, 500))
    worker = threading.Thread(
        target=lambda: logging.getLogger("etlx_desktop.core.pipeline").warning("key changed")
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "key changed" in log.toPlainText(), timeout=5000)
    log.finish("Succeeded: version 1")
    logging.getLogger("etlx_desktop.core").warning("after the run")
    qtbot.wait(50)
    lines = [line.split("s  ", 1)[1] for line in log.toPlainText().splitlines()]
    assert lines == [
        "Running demo-shop",
        "customers: extract",
        "customers: load",
        "key changed",
        "Succeeded: version 1",
    ]
