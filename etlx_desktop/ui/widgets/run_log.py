"""The run's live log: a line per stage a table enters, what the core logs while it runs
(warnings and up), and how the run ended, each with the time since the start.

The core logs from the run's worker thread; `LogBridge` turns each record into a signal, which
Qt queues to the GUI thread, so no widget is touched from the worker.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QElapsedTimer, QObject, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ...core.pipeline.progress import ProgressEvent
from .run_progress import stage_text

MAX_LINES = 5000
CORE_LOGGER = "etlx_desktop"
_ERROR_COLOUR = "#d93025"
_WARNING_COLOUR = "#b06000"


class LogBridge(QObject):
    """A logging handler (by composition) whose records come out as the `record` signal."""

    record = Signal(str, int)  # the formatted message, the level

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handler = _SignalHandler(self)

    def attach(self, level: int = logging.WARNING) -> None:
        self.handler.setLevel(level)
        logger = logging.getLogger(CORE_LOGGER)
        logger.addHandler(self.handler)
        if logger.getEffectiveLevel() > level:
            logger.setLevel(level)

    def detach(self) -> None:
        logging.getLogger(CORE_LOGGER).removeHandler(self.handler)


class _SignalHandler(logging.Handler):
    def __init__(self, bridge: LogBridge) -> None:
        super().__init__()
        self._bridge = bridge
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        # RuntimeError: the bridge was deleted while the worker still logged
        with contextlib.suppress(RuntimeError):
            self._bridge.record.emit(self.format(record), record.levelno)


class RunLog(QPlainTextEdit):
    """Read-only, newest line last, at most `MAX_LINES` lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText(self.tr("What the run does appears here, line by line."))
        self.bridge = LogBridge(self)
        self.bridge.record.connect(self._on_bridge_record)
        self._clock = QElapsedTimer()
        self._stages: dict[str | None, str] = {}

    def start(self, text: str) -> None:
        """A new run: clear, start the clock, listen to the core's log."""
        self.clear()
        self._stages.clear()
        self._clock.start()
        self.bridge.attach()
        self.add(text)

    def finish(self, text: str, level: int = logging.INFO) -> None:
        self.add(text, level)
        self.bridge.detach()

    def add_event(self, event: ProgressEvent) -> None:
        """A line when a table (or the run) enters a stage; counts go to the progress bars."""
        stage = stage_text(event.stage)
        if self._stages.get(event.table) == stage:
            return
        self._stages[event.table] = stage
        where = event.table or self.tr("run")
        detail = f" — {event.message}" if event.message else ""
        self.add(f"{where}: {stage}{detail}")

    def add(self, text: str, level: int = logging.INFO) -> None:
        seconds = self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        line = QTextCharFormat()
        if level >= logging.ERROR:
            line.setForeground(QColor(_ERROR_COLOUR))
        elif level >= logging.WARNING:
            line.setForeground(QColor(_WARNING_COLOUR))
        prefix = "" if self.document().isEmpty() else "\n"
        cursor.insertText(f"{prefix}{seconds:7.1f} s  {text}", line)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _on_bridge_record(self, message: str, level: int) -> None:
        self.add(message, level)
