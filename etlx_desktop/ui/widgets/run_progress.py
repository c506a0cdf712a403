"""Progress of a running run: one bar per table, and the overall bar with elapsed and
remaining time (estimated by `core.pipeline.remaining.RunEstimate`), in the app's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.pipeline.progress import ProgressEvent, Stage
from ...core.pipeline.remaining import Remaining, RunEstimate
from .editor_values import QT_TRANSLATE_NOOP
from .report_view import count_text

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BAR_STEPS = 1000
# the core's stage names, as the progress table and the status line show them
_STAGES = {
    Stage.PREPARE: QT_TRANSLATE_NOOP("RunStage", "prepare"),
    Stage.EXTRACT: QT_TRANSLATE_NOOP("RunStage", "extract"),
    Stage.RULES: QT_TRANSLATE_NOOP("RunStage", "rules"),
    Stage.TRANSFORM: QT_TRANSLATE_NOOP("RunStage", "transform"),
    Stage.ANONYMIZE: QT_TRANSLATE_NOOP("RunStage", "anonymize"),
    Stage.LOAD: QT_TRANSLATE_NOOP("RunStage", "load"),
    Stage.PUBLISH: QT_TRANSLATE_NOOP("RunStage", "publish"),
}


def stage_text(stage: Stage) -> str:
    """A run stage's name in the app's language (the core's own name if it is a new one)."""
    return QCoreApplication.translate("RunStage", _STAGES.get(stage, stage.value))


def duration_text(milliseconds: float) -> str:
    """`4.2 s` under a minute, then `12:05` (minutes:seconds), then `1:02:05`."""
    if milliseconds < 60_000:
        shown = QLocale().toString(max(0.0, milliseconds) / 1000, "f", 1)
        return QCoreApplication.translate("RunProgress", "{seconds} s").format(seconds=shown)
    seconds = int(milliseconds // 1000)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}:{seconds:02d}"
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"


def remaining_text(remaining: Remaining | None) -> str:
    """ "about 0:42 left", "at least 12.0 s left", or "" while it cannot be told."""
    if remaining is None:
        return ""
    if remaining.seconds < 1 and not remaining.at_least:
        return QCoreApplication.translate("RunProgress", "almost done")
    if remaining.at_least:
        text = QCoreApplication.translate("RunProgress", "at least {duration} left")
    else:
        text = QCoreApplication.translate("RunProgress", "about {duration} left")
    return text.format(duration=duration_text(remaining.seconds * 1000))


class OverallProgress(QWidget):
    """The whole run in one bar, with the time it has taken and the time it may still take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._estimate = RunEstimate([])
        self.bar = QProgressBar()
        self.bar.setRange(0, _BAR_STEPS)
        self.bar.setFormat("%p%")
        self.bar.setMaximumWidth(220)
        self.bar.setToolTip(
            self.tr("All tables; rows when their sizes are known, else table by table.")
        )
        self.bar.hide()  # until a run starts
        self.elapsed = QLabel()
        self.remaining = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.remaining)

    def start(self, tables: Sequence[str], expected: Mapping[str, int]) -> None:
        """A new run of `tables`; `expected` rows per table, from an earlier version."""
        self._estimate = RunEstimate(tables, expected)
        self.bar.setValue(0)
        self.bar.show()
        self.elapsed.clear()
        self.remaining.clear()

    def observe(self, event: ProgressEvent, elapsed_ms: int) -> None:
        self._estimate.observe(event, elapsed_ms / 1000)
        self.bar.setValue(round(self._estimate.fraction() * _BAR_STEPS))

    def tick(self, elapsed_ms: int, running: bool) -> None:
        """Show the time at `elapsed_ms`; once the run ended, only how long it took."""
        self.elapsed.setText(
            self.tr("elapsed {duration}").format(duration=duration_text(elapsed_ms))
        )
        left = self._estimate.remaining(elapsed_ms / 1000) if running else None
        self.remaining.setText(f"· {remaining_text(left)}" if left is not None else "")
        self.remaining.setVisible(left is not None)
        self.bar.setVisible(running)


class ProgressTable(QTreeWidget):
    """One row per table: stage, rows done / total, a bar, rows per second."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(
            [
                self.tr("Table"),
                self.tr("Stage"),
                self.tr("Rows"),
                self.tr("Progress"),
                self.tr("Rows/s"),
            ]
        )
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to pick: no focus frame
        self._row_height = self.fontMetrics().height() + 10  # room around each bar
        header = self.header()
        header.setStretchLastSection(False)
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._rows: dict[str, tuple[QTreeWidgetItem, QProgressBar]] = {}
        self._going: set[str] = set()  # tables past "waiting"

    def start(self, tables: list[str]) -> None:
        """One waiting row per table of the module, in the order they will run."""
        self.clear()
        self._rows.clear()
        self._going.clear()
        for table in tables:
            self._row(table)[0].setText(1, self.tr("waiting"))

    def has_progress(self) -> bool:
        """Whether any table got past "waiting"."""
        return bool(self._going)

    def position(self, table: str) -> int:
        """1 for the first table's row, 2 for the second's, …"""
        return list(self._rows).index(table) + 1 if table in self._rows else 0

    def show_progress(self, event: ProgressEvent) -> None:
        assert event.table is not None
        item, bar = self._row(event.table)
        self._going.add(event.table)
        done = event.message == "done"  # the core's word for a finished table
        item.setText(1, self.tr("done") if done else stage_text(event.stage))
        total = event.rows_total
        rows = count_text(event.rows_done)
        item.setText(2, rows if total is None or done else f"{rows} / {count_text(total)}")
        rate = "" if done or event.rows_per_second <= 0 else count_text(int(event.rows_per_second))
        item.setText(4, rate)
        if done:
            bar.setRange(0, 100)
            bar.setValue(100)
        elif total:
            bar.setRange(0, _BAR_STEPS)
            bar.setValue(min(_BAR_STEPS, event.rows_done * _BAR_STEPS // total))
        else:
            bar.setRange(0, 0)  # unknown total: a busy bar

    def _row(self, table: str) -> tuple[QTreeWidgetItem, QProgressBar]:
        if table not in self._rows:
            item = QTreeWidgetItem(self, [table, "", "", "", ""])
            item.setSizeHint(3, QSize(self._row_height, self._row_height))  # the bar column
            for column in (2, 4):
                item.setTextAlignment(column, _RIGHT)
            bar = QProgressBar()
            bar.setTextVisible(False)
            cell = QWidget()  # centres the bar in its row, with a margin around it
            margins = QVBoxLayout(cell)
            margins.setContentsMargins(2, 4, 8, 4)
            margins.addWidget(bar)
            self.setItemWidget(item, 3, cell)
            self._rows[table] = (item, bar)
        return self._rows[table]
