"""A read-only view of a script file: fixed-width text, line numbers, Python/SQL colouring."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from .script_highlighter import DARK, LIGHT, ScriptHighlighter

_GUTTER_PADDING = 6  # pixels either side of the line numbers


class _LineNumbers(QWidget):
    """The gutter; the viewer paints it (it knows where each line is)."""

    def __init__(self, viewer: ScriptViewer) -> None:
        super().__init__(viewer)
        self._viewer = viewer

    def sizeHint(self) -> QSize:
        return QSize(self._viewer.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._viewer.paint_line_numbers(event)


class ScriptViewer(QPlainTextEdit):
    """Shows a script's text (`show_script`) or a note in place of it (`show_note`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.highlighter = ScriptHighlighter(self.document())
        self._gutter = _LineNumbers(self)
        self._numbered = True
        self.blockCountChanged.connect(self._on_document_block_count_changed)
        self.updateRequest.connect(self._on_viewer_update_requested)
        self._update_gutter_width()

    def show_script(self, text: str, language: str | None) -> None:
        """Show `text` coloured as `language`, from its first line."""
        self._numbered = True
        self.highlighter.set_colours(DARK if self.is_dark() else LIGHT)
        self.highlighter.set_language(language)
        self.setPlainText(text)
        self._update_gutter_width()

    def show_note(self, note: str) -> None:
        """Show a plain message instead of a script (no file chosen, file missing...)."""
        self._numbered = False
        self.highlighter.set_language(None)
        self.setPlainText(note)
        self._update_gutter_width()

    def is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    # --- the gutter -------------------------------------------------------------------------

    def gutter_width(self) -> int:
        if not self._numbered:
            return 0
        digits = len(str(max(1, self.blockCount())))
        return self.fontMetrics().horizontalAdvance("9") * max(digits, 2) + 2 * _GUTTER_PADDING

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        background, numbers = self._gutter_colours()
        painter.fillRect(event.rect(), background)
        painter.setPen(numbers)
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        width = self._gutter.width() - _GUTTER_PADDING
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = str(block.blockNumber() + 1)
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, number)
            block, top = block.next(), bottom
        painter.end()

    def _gutter_colours(self) -> tuple[QColor, QColor]:
        """A shade off the text's background, and numbers halfway to the text colour: from
        the palette, because a style sheet theme (qdarkstyle) sets only Base and Text."""
        base = self.palette().color(QPalette.ColorRole.Base)
        text = self.palette().color(QPalette.ColorRole.Text)
        background = base.lighter(125) if self.is_dark() else base.darker(106)
        numbers = QColor(
            (text.red() + background.red()) // 2,
            (text.green() + background.green()) // 2,
            (text.blue() + background.blue()) // 2,
        )
        return background, numbers

    def _update_gutter_width(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self._gutter.setVisible(self._numbered)

    def _on_document_block_count_changed(self, _count: int) -> None:
        self._update_gutter_width()

    def _on_viewer_update_requested(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    # --- Qt overrides -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A theme switch (qdarkstyle is a style sheet) arrives as a palette or style change
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.highlighter.set_colours(DARK if self.is_dark() else LIGHT)
