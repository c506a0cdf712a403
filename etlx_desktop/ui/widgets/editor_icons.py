"""Small icons of the module editor, painted (no image files, no emoji font needed)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap

UNPROTECTED_COLOR = QColor("#d93025")  # reads on light and dark backgrounds alike
WARNING_COLOR = QColor("#e8a317")
KEY_COLOR = QColor("#c99a06")
_SIZE = 32  # painted at 2x; Qt scales it down to the 16 px cells crisply


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _badge(color: QColor, mark: str) -> QIcon:
    pixmap, painter = _canvas()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    painter.drawEllipse(QRectF(2, 2, _SIZE - 4, _SIZE - 4))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(22)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, _SIZE, _SIZE), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return QIcon(pixmap)


@cache
def unprotected_icon() -> QIcon:
    """A red '!' badge: personal data without a rule."""
    return _badge(UNPROTECTED_COLOR, "!")


@cache
def warning_icon() -> QIcon:
    return _badge(WARNING_COLOR, "!")


@cache
def error_icon() -> QIcon:
    return _badge(UNPROTECTED_COLOR, "×")


@cache
def blank_icon() -> QIcon:
    """Room for an icon, so rows with and without one line up."""
    pixmap, painter = _canvas()
    painter.end()
    return QIcon(pixmap)


@cache
def key_icon() -> QIcon:
    """A small key: a ring, a shaft and two teeth."""
    pixmap, painter = _canvas()
    pen = QPen(KEY_COLOR, 4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(3, 9, 13, 13))
    painter.drawLine(QPointF(16, 15.5), QPointF(29, 15.5))
    painter.drawLine(QPointF(25, 15.5), QPointF(25, 22))
    painter.drawLine(QPointF(29, 15.5), QPointF(29, 21))
    painter.end()
    return QIcon(pixmap)
