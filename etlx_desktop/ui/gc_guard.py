"""Python's cyclic garbage collector runs in whichever thread allocates when a threshold is
passed. When that is a worker thread (a run, a preview) and the garbage holds Qt objects made
on the GUI thread, their C++ side is deleted off the GUI thread, which can crash the process.
So the app collects on the GUI thread only: automatic collection is switched off, and a timer
there collects whenever the allocation counts pass the thresholds the collector would use."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250  # well within a run's chunk: garbage never piles up for long


class GuiThreadCollector(QObject):
    """Owns the collection of cyclic garbage while it lives (create it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (as the automatic
        collector would); the number of objects found unreachable."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return 0
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        return gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to Python (as it was before), after a last collection here."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
