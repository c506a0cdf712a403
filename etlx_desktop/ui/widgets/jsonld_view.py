"""The module's JSON-LD exactly as it will be saved, read-only, with JSON colouring."""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

# Colours that read on light and on dark backgrounds alike
_KEY, _STRING_COLOUR, _NUMBER, _LITERAL = "#3b82c4", "#2e9e5b", "#c0792a", "#a95ec9"
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BARE = re.compile(r"(?P<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|\b(?:true|false|null)\b")


def _format(colour: str, bold: bool = False) -> QTextCharFormat:
    form = QTextCharFormat()
    form.setForeground(QColor(colour))
    if bold:
        form.setFontWeight(QFont.Weight.DemiBold)
    return form


class JsonHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and true/false/null, a line at a time (indented JSON has no
    token spanning lines)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._key = _format(_KEY, bold=True)
        self._string = _format(_STRING_COLOUR)
        self._number = _format(_NUMBER)
        self._literal = _format(_LITERAL, bold=True)

    def highlightBlock(self, text: str) -> None:
        covered: list[tuple[int, int]] = []
        for match in _STRING.finditer(text):
            start, end = match.span()
            is_key = text[end:].lstrip().startswith(":")
            self.setFormat(start, end - start, self._key if is_key else self._string)
            covered.append((start, end))
        for match in _BARE.finditer(text):
            start, end = match.span()
            if any(s <= start < e for s, e in covered):
                continue  # digits or `true` inside a string stay string-coloured
            form = self._number if match.group("number") else self._literal
            self.setFormat(start, end - start, form)


class JsonLdView(QPlainTextEdit):
    """Shows a text; replacing it keeps the scroll position, so edits can be watched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = JsonHighlighter(self.document())

    def set_text(self, text: str) -> None:
        if text == self.toPlainText():
            return
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        top, left = vertical.value(), horizontal.value()
        self.setPlainText(text)
        vertical.setValue(top)
        horizontal.setValue(left)
