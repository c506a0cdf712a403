"""The run history of a module: the versions its checked targets hold, newest first.

The catalogs are read on a worker thread (`core.storage.history.read_history`); a newer read
replaces an older one, whose answer is dropped. Selecting a version reads its report back from
its catalog, on a second worker, and hands it on through `reportRead`. A target that cannot be
reached shows its reason under the list; the others still show their versions.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.model import Target
from ...core.pipeline.cancel import CancelToken
from ...core.storage.history import TargetHistory, newest_first, read_history
from ...core.storage.stored_report import StoredReport, read_stored_report
from ..errors import last_line
from ..models.history_model import HistoryModel
from ..workers import Progress, TaskRunner

_Key = tuple[str, str, str]


class RunHistory(QWidget):
    """Versions of the module in the targets given to `show_targets`; call `shutdown()`."""

    loaded = Signal()  # a read of the catalogs ended: its versions and reasons are shown
    reportRead = Signal(object)  # the StoredReport of the version selected
    reportFailed = Signal(str)  # why the selected version's report could not be read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._module = ""
        self._targets: dict[str, Target] = {}
        self._base_dir = Path()
        self._key: _Key | None = None
        self._closed = False
        self.model = HistoryModel(self)
        self._lister = TaskRunner(self)
        self._lister.succeeded.connect(self._on_lister_succeeded)
        self._lister.failed.connect(self._on_lister_failed)
        self._reader = TaskRunner(self)
        self._reader.succeeded.connect(self._on_reader_succeeded)
        self._reader.failed.connect(self._on_reader_failed)
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("History"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.refresh_button = QToolButton()
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the targets' catalogs again."))
        self.refresh_button.clicked.connect(self.reload)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A stretched last column never gets narrower than it was when stretching was switched
        # on (100 px, by QTreeView): switch it on again at the width sizeHint counts for Target,
        # so longer titles of the other columns (in Russian) cause no scroll bar.
        self.view.header().setStretchLastSection(False)
        self.view.header().setDefaultSectionSize(self._column_widths()[-1])
        self.view.header().setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._problem_icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._problem_icon.setPixmap(warning.pixmap(size, size))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        problems = QHBoxLayout()
        problems.addWidget(self._problem_icon, 0, Qt.AlignmentFlag.AlignTop)
        problems.addWidget(self.problems, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addLayout(problems)
        self._show_problems([])

    def sizeHint(self) -> QSize:
        """Wide enough for every column of a typical row, no wider: the report needs the room."""
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = sum(self._column_widths()) + scroll + 2 * self.view.frameWidth()
        return QSize(width, super().sizeHint().height())

    def _column_widths(self) -> list[int]:
        """Each column's width for a typical row, or for its title if that is wider."""
        metrics = self.view.fontMetrics()
        header = self.view.header()
        samples = ("999", "2030-12-31 23:59", "1,000,000", "10,000", "target")
        return [
            max(metrics.horizontalAdvance(text) + 12, header.sectionSizeHint(c))
            for c, text in enumerate(samples)
        ]

    # --- public API ------------------------------------------------------------------------

    def show_targets(self, module: str | None, targets: list[Target], base_dir: Path) -> None:
        """List `module`'s versions in `targets`; read again only when one of them changed."""
        key = (module or "", repr(targets), str(base_dir))
        if key == self._key:
            return
        self._key = key
        self._module, self._base_dir = module or "", base_dir
        self._targets = {t.identifier: copy.deepcopy(t) for t in targets}  # edits go on
        self.reload()

    def reload(self) -> None:
        """Read the targets' catalogs again (after a run, or when asked)."""
        if self._closed:
            return
        self._reader.cancel()
        if not self._module or not self._targets:
            self._lister.cancel()
            self.model.set_records([])
            self._show_problems([])
            self.note.setText(self.tr("Check a target to see the versions it holds."))
            self.note.show()
            return
        module, targets, base_dir = self._module, list(self._targets.values()), self._base_dir

        def task(cancel: CancelToken, _progress: Progress) -> list[TargetHistory]:
            return read_history(module, targets, base_dir, cancel=cancel)

        self._lister.start(task)
        reading = self.tr("Reading the versions in {targets}…")
        self.note.setText(reading.format(targets=", ".join(self._targets)))
        self.note.show()

    def latest_rows(self) -> dict[str, int]:
        """Rows per table of the newest version shown ({} when none): what to expect next."""
        records = self.model.records()
        return records[0].rows_seen() if records else {}

    def clear_selection(self) -> None:
        self._reader.cancel()
        self.view.selectionModel().clear()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop both worker threads; False if one did not stop in time."""
        self._closed = True
        listed = self._lister.shutdown(timeout_ms)
        return self._reader.shutdown(timeout_ms) and listed

    # --- reacting ----------------------------------------------------------------------------

    def _on_lister_succeeded(self, histories: object) -> None:
        assert isinstance(histories, list)
        records = newest_first(histories)
        self.model.set_records(records)
        self._show_problems([h for h in histories if h.error or h.left_out])
        if records:
            self.note.hide()
        else:
            self.note.setText(self.tr("No versions yet. A successful run publishes version 1."))
            self.note.show()
        self.loaded.emit()

    def _on_lister_failed(self, trace: str) -> None:
        self.model.set_records([])
        self.note.setText(
            self.tr("Cannot read the history: {reason}").format(reason=last_line(trace))
        )
        self.note.show()
        self.loaded.emit()

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._closed:
            return
        record = self.model.record(current.row())
        target = self._targets.get(record.target)
        if target is None:
            return
        module, base_dir = self._module, self._base_dir

        def task(_cancel: CancelToken, _progress: Progress) -> StoredReport:
            return read_stored_report(module, target, base_dir, record.version)

        self._reader.start(task)

    def _on_reader_succeeded(self, stored: object) -> None:
        self.reportRead.emit(stored)

    def _on_reader_failed(self, trace: str) -> None:
        self.reportFailed.emit(last_line(trace))

    def _show_problems(self, histories: list[TargetHistory]) -> None:
        lines = []
        for history in histories:
            if history.error:  # the core's reason, in English
                lines.append(f"{history.target}: {history.error}")
            elif history.left_out:
                left_out = self.tr("{target}: %n older versions not listed", "", history.left_out)
                lines.append(left_out.format(target=history.target))
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self._problem_icon.setVisible(bool(lines))
