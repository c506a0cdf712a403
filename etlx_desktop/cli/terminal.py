"""A one-line progress display for terminals (nothing is drawn when stderr is not a tty)."""

from __future__ import annotations

import sys
from typing import TextIO

from ..core.pipeline.progress import ProgressEvent


class TerminalProgress:
    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.active = stream.isatty()
        self._width = 0

    def __call__(self, event: ProgressEvent) -> None:
        if not self.active:
            return
        if event.table is None:
            line = f"{event.stage}: {event.message}"
        else:
            total = f"/{event.rows_total:,}" if event.rows_total else ""
            percent = (
                f" {100 * event.rows_done / event.rows_total:5.1f}%" if event.rows_total else ""
            )
            speed = f"  {event.rows_per_second:,.0f} rows/s" if event.rows_per_second else ""
            line = f"{event.table}: {event.rows_done:,}{total} rows{percent}{speed}"
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()

    def close(self) -> None:
        if self.active and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
