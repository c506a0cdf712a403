"""A strip under the preview's toolbar with the sample's privacy figures (k, uniques,
l-diversity, the leak check) and the quasi-identifier picker."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...core.pipeline.preview_privacy import SampleLeak, SamplePrivacy
from .quasi_identifier_picker import QuasiIdentifierPicker

SHOWN_ROWS = 10  # row numbers a tooltip lists before it says "..."
MIN_FIGURE_WIDTH = 80  # a figure squeezed narrower than this would say nothing


class State(Enum):
    """How a figure reads: each badge is dark text on a light tint, readable in both themes."""

    NEUTRAL = ""
    PASSED = "#c6efc6"
    WARNING = "#ffe9a8"
    FAILED = "#f6c4c4"

    def style(self) -> str:
        if self is State.NEUTRAL:
            return ""
        return f"color: #1e1e1e; border-radius: 3px; padding: 1px 6px; background: {self.value}"


class Figure(NamedTuple):
    text: str
    state: State = State.NEUTRAL
    tooltip: str = ""


SAMPLE_NOTE = (
    "Figures of the preview sample, not of the whole table: a sample forms smaller classes "
    "than the table it comes from."
)


def k_figure(privacy: SamplePrivacy) -> Figure:
    """k over the chosen quasi-identifiers, against the privacy model's k."""
    if not privacy.quasi_identifiers:
        return Figure("no quasi-identifiers chosen")
    if privacy.missing:
        names = ", ".join(privacy.missing)
        return Figure(f"k not computed: the output has no {names}", State.WARNING)
    figures = privacy.k_anonymity
    if figures is None or figures.groups == 0:
        return Figure("k: no row of the sample is in a class", State.WARNING)
    text = f"k = {figures.k} over {', '.join(privacy.quasi_identifiers)}"
    target = privacy.k_target
    state = State.NEUTRAL if target is None else State.PASSED
    if target is not None and not privacy.k_passed:
        state = State.WARNING if privacy.enforced else State.FAILED
        text += f" (target {target}, {privacy.classes_below_k:,} classes below"
        text += "; the run generalizes to reach it)" if privacy.enforced else ")"
    elif target is not None:
        text += f" (target {target})"
    tip = [f"{figures.groups:,} classes of equal quasi-identifiers in {figures.rows:,} rows."]
    if target is not None:
        tip.append(f"{figures.rows_below_k:,} rows in classes smaller than {target}.")
    if figures.suppressed_rows:
        tip.append(f"{figures.suppressed_rows:,} rows have every quasi-identifier null.")
    return Figure(text, state, " ".join([*tip, SAMPLE_NOTE]))


def unique_figure(privacy: SamplePrivacy) -> Figure | None:
    figures = privacy.k_anonymity
    if figures is None or figures.groups == 0:
        return None
    return Figure(
        f"unique rows {figures.unique_share:.1%}",
        tooltip=f"{figures.unique_rows:,} of {figures.rows:,} rows are alone in their class.",
    )


def l_figure(privacy: SamplePrivacy) -> Figure | None:
    if not privacy.l_diversity:
        return None
    text = ", ".join(f"l = {value} of {name}" for name, value in privacy.l_diversity.items())
    if privacy.l_target is None:
        return Figure(text)
    state = State.PASSED if privacy.l_passed else State.FAILED
    return Figure(f"{text} (target {privacy.l_target})", state)


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row + 1) for row in rows[:SHOWN_ROWS])  # as the grids number them
    return shown + (", …" if len(rows) > SHOWN_ROWS else "")


def _leak_line(leak: SampleLeak) -> str:
    line = f"{leak.column} ({leak.method}): {leak.matching_cells:,} cells equal an original value"
    if leak.own_value_rows:
        line += f"; rows {_rows_text(leak.own_value_rows)} keep their own value"
    return line + ("" if leak.passed else " — must be none")


def leak_figure(privacy: SamplePrivacy) -> Figure:
    """Passed, or the columns that leak with how many cells."""
    if not privacy.leaks:
        return Figure("leak check: no anonymized columns")
    tip = "\n".join(_leak_line(leak) for leak in privacy.leaks)
    failed = privacy.failed_leaks
    if not failed:
        return Figure("leak check: passed", State.PASSED, tip)
    cells = sum(leak.leaked_cells for leak in failed)
    names = ", ".join(leak.column for leak in failed)
    return Figure(f"leak check: {cells:,} cells leaked in {names}", State.FAILED, tip)


class FigureLabel(QLabel):
    """A badge that elides its text rather than widen the whole preview: the dock it sits in
    may be narrower than the figures, and the tooltip keeps the details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._hint = QSize()

    def show_figure(self, figure: Figure) -> None:
        self.setStyleSheet(figure.state.style())
        self.setToolTip(figure.tooltip)
        self.ensurePolished()  # the badge's padding counts in the size hint
        self._full = figure.text
        super().setText(figure.text)
        self._hint = super().sizeHint()
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        return self._hint if self._hint.isValid() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(min(hint.width(), MIN_FIGURE_WIDTH), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            super().setText(text)


class PrivacyStrip(QWidget):
    """k, uniques, l-diversity and the leak check of the sample, each a badge, and the picker."""

    quasi_identifiers_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.k_label = FigureLabel()
        self.unique_label = FigureLabel()
        self.l_label = FigureLabel()
        self.leak_label = FigureLabel()
        self.picker = QuasiIdentifierPicker()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Privacy of the sample:")
        title.setStyleSheet("font-weight: bold")
        layout.addWidget(title)
        for label in self.figure_labels():
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(self.picker)
        self.picker.changed.connect(self.quasi_identifiers_changed)
        self.show_privacy(None)

    def figure_labels(self) -> list[FigureLabel]:
        return [self.k_label, self.unique_label, self.l_label, self.leak_label]

    def text(self) -> str:
        """What the strip says, as one line (the figures joined by ' · ')."""
        shown = [label.full_text() for label in self.figure_labels() if not label.isHidden()]
        return " · ".join(shown)

    def show_privacy(self, privacy: SamplePrivacy | None) -> None:
        if privacy is None:
            figures: list[Figure | None] = [Figure("not computed for this preview"), None]
            figures += [None, None]
        else:
            figures = [k_figure(privacy), unique_figure(privacy)]
            figures += [l_figure(privacy), leak_figure(privacy)]
        for label, figure in zip(self.figure_labels(), figures, strict=True):
            label.setHidden(figure is None)
            if figure is not None:
                label.show_figure(figure)
