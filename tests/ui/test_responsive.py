"""The window stays responsive while the demo module runs: a timer on the GUI thread keeps
firing at its interval, because the run lives on a worker thread."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.ui.main_window import MainWindow
from etlx_desktop.ui.settings import UiSettings

INTERVAL_MS = 10
# A GUI thread blocked by the run would miss its ticks for the run's whole length (seconds);
# this bound only catches that, it does not time the run.
LONGEST_GAP_S = 1.0


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.document, "dirty", False))
    assert window.open_path(prepare_demo(tmp_path / "demo"))
    window.show()
    yield window
    window.shutdown()


def test_a_timer_keeps_firing_during_a_run(qtbot: QtBot, window: MainWindow) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    events: list[object] = []
    window.run_panel.progressed.connect(events.append)
    timer.start()
    with qtbot.waitSignal(window.run_panel.finished, timeout=60000) as finished:
        assert window.run_panel.start()
        started = time.monotonic()
    timer.stop()
    ran = time.monotonic() - started
    during = [t for t in ticks if t >= started]
    assert finished.args == ["succeeded"]
    log = window.run_panel.log.toPlainText()
    assert "customers: " in log and "Succeeded in" in log.splitlines()[-1], log
    assert events, "progress reached the GUI thread while the run went on"
    assert len(during) >= 5, f"{len(during)} ticks in a {ran:.2f} s run"
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert max(gaps) < LONGEST_GAP_S, f"the GUI thread stalled {max(gaps):.2f} s"
