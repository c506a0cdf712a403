"""A strip under the preview's toolbar with the sample's privacy figures (k, uniques,
l-diversity, the leak check) and the quasi-identifier picker."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...core.pipeline.preview_privacy import SampleLeak, SamplePrivacy
from .editor_values import QT_TRANSLATE_NOOP
from .quasi_identifier_picker import QuasiIdentifierPicker
from .report_view import count_text

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


SAMPLE_NOTE = QT_TRANSLATE_NOOP(
    "PreviewPrivacy",
    "Figures of the preview sample, not of the whole table: a sample forms smaller classes "
    "than the table it comes from.",
)


def k_figure(privacy: SamplePrivacy) -> Figure:
    """k over the chosen quasi-identifiers, against the privacy model's k."""
    if not privacy.quasi_identifiers:
        return Figure(QCoreApplication.translate("PreviewPrivacy", "no quasi-identifiers chosen"))
    if privacy.missing:
        text = QCoreApplication.translate(
            "PreviewPrivacy", "k not computed: the output has no {columns}"
        )
        return Figure(text.format(columns=", ".join(privacy.missing)), State.WARNING)
    figures = privacy.k_anonymity
    if figures is None or figures.groups == 0:
        text = QCoreApplication.translate("PreviewPrivacy", "k: no row of the sample is in a class")
        return Figure(text, State.WARNING)
    text, state = _k_text(privacy, figures.k)
    classes = QCoreApplication.translate(
        "PreviewPrivacy", "{classes} classes of equal quasi-identifiers in {rows} rows."
    )
    tips = [classes.format(classes=count_text(figures.groups), rows=count_text(figures.rows))]
    if privacy.k_target is not None:
        below = QCoreApplication.translate(
            "PreviewPrivacy", "{rows} rows in classes smaller than {target}."
        )
        tips.append(below.format(rows=count_text(figures.rows_below_k), target=privacy.k_target))
    if figures.suppressed_rows:
        nulls = QCoreApplication.translate(
            "PreviewPrivacy", "{rows} rows have every quasi-identifier null."
        )
        tips.append(nulls.format(rows=count_text(figures.suppressed_rows)))
    tips.append(QCoreApplication.translate("PreviewPrivacy", SAMPLE_NOTE))
    return Figure(text, state, " ".join(tips))


def _k_text(privacy: SamplePrivacy, k: int) -> tuple[str, State]:
    """ "k = 3 over a, b", with the privacy model's k and how far the sample misses it."""
    target = privacy.k_target
    if target is None:
        text = QCoreApplication.translate("PreviewPrivacy", "k = {k} over {columns}")
        state = State.NEUTRAL
    elif privacy.k_passed:
        text = QCoreApplication.translate(
            "PreviewPrivacy", "k = {k} over {columns} (target {target})"
        )
        state = State.PASSED
    elif privacy.enforced:
        text = QCoreApplication.translate(
            "PreviewPrivacy",
            "k = {k} over {columns} (target {target}, {classes} classes below; "
            "the run generalizes to reach it)",
        )
        state = State.WARNING
    else:
        text = QCoreApplication.translate(
            "PreviewPrivacy", "k = {k} over {columns} (target {target}, {classes} classes below)"
        )
        state = State.FAILED
    columns = ", ".join(privacy.quasi_identifiers)
    classes = count_text(privacy.classes_below_k)
    return text.format(k=k, columns=columns, target=target, classes=classes), state


def unique_figure(privacy: SamplePrivacy) -> Figure | None:
    figures = privacy.k_anonymity
    if figures is None or figures.groups == 0:
        return None
    share = QLocale().toString(figures.unique_share * 100, "f", 1)
    text = QCoreApplication.translate("PreviewPrivacy", "unique rows {share}%")
    alone = QCoreApplication.translate(
        "PreviewPrivacy", "{unique} of {rows} rows are alone in their class."
    )
    tip = alone.format(unique=count_text(figures.unique_rows), rows=count_text(figures.rows))
    return Figure(text.format(share=share), tooltip=tip)


def l_figure(privacy: SamplePrivacy) -> Figure | None:
    if not privacy.l_diversity:
        return None
    each = QCoreApplication.translate("PreviewPrivacy", "l = {l} of {column}")
    diversity = privacy.l_diversity.items()
    text = ", ".join(each.format(l=value, column=name) for name, value in diversity)
    if privacy.l_target is None:
        return Figure(text)
    state = State.PASSED if privacy.l_passed else State.FAILED
    targeted = QCoreApplication.translate("PreviewPrivacy", "{figures} (target {target})")
    return Figure(targeted.format(figures=text, target=privacy.l_target), state)


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row + 1) for row in rows[:SHOWN_ROWS])  # as the grids number them
    return shown + (", …" if len(rows) > SHOWN_ROWS else "")


def _leak_line(leak: SampleLeak) -> str:
    line = QCoreApplication.translate(
        "PreviewPrivacy", "{column} ({method}): {cells} cells equal an original value"
    )
    cells = count_text(leak.matching_cells)
    line = line.format(column=leak.column, method=leak.method, cells=cells)
    if leak.own_value_rows:
        own = QCoreApplication.translate(
            "PreviewPrivacy", "{line}; rows {rows} keep their own value"
        )
        line = own.format(line=line, rows=_rows_text(leak.own_value_rows))
    if leak.passed:
        return line
    return QCoreApplication.translate("PreviewPrivacy", "{line} — must be none").format(line=line)


def leak_figure(privacy: SamplePrivacy) -> Figure:
    """Passed, or the columns that leak with how many cells."""
    if not privacy.leaks:
        text = QCoreApplication.translate("PreviewPrivacy", "leak check: no anonymized columns")
        return Figure(text)
    tip = "\n".join(_leak_line(leak) for leak in privacy.leaks)
    failed = privacy.failed_leaks
    if not failed:
        passed = QCoreApplication.translate("PreviewPrivacy", "leak check: passed")
        return Figure(passed, State.PASSED, tip)
    cells = sum(leak.leaked_cells for leak in failed)
    names = ", ".join(leak.column for leak in failed)
    leaked = QCoreApplication.translate(
        "PreviewPrivacy", "leak check: {cells} cells leaked in {columns}", "", cells
    )
    return Figure(leaked.format(cells=count_text(cells), columns=names), State.FAILED, tip)


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
        title = QLabel(self.tr("Privacy of the sample:"))
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
            figures: list[Figure | None] = [Figure(self.tr("not computed for this preview")), None]
            figures += [None, None]
        else:
            figures = [k_figure(privacy), unique_figure(privacy)]
            figures += [l_figure(privacy), leak_figure(privacy)]
        for label, figure in zip(self.figure_labels(), figures, strict=True):
            label.setHidden(figure is None)
            if figure is not None:
                label.show_figure(figure)
