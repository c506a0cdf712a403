"""Paints a saved connection as two lines: its name in bold, where it points below it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..models.connection_list_model import WHERE_ROLE

Index = QModelIndex | QPersistentModelIndex
_PADDING = 5  # pixels around and between the two lines


class ConnectionListDelegate(QStyledItemDelegate):
    """Name and place, each elided to the list's width (a long S3 endpoint never scrolls)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            option.text = ""  # the panel and the focus frame only; the text is ours
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = option.rect.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        bold = QFont(option.font)
        bold.setBold(True)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        where = str(index.data(WHERE_ROLE) or "")
        painter.save()
        try:
            painter.setPen(palette.color(text_role))
            painter.setFont(bold)
            top = QFontMetrics(bold)
            name_rect = QRect(rect.left(), rect.top(), rect.width(), top.height())
            elided = top.elidedText(name, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft, elided)
            painter.setFont(option.font)
            if not selected:  # the place reads as secondary: the palette's placeholder grey
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            bottom = QFontMetrics(option.font)
            where_rect = QRect(rect.left(), name_rect.bottom() + 2, rect.width(), bottom.height())
            elided = bottom.elidedText(where, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(where_rect, Qt.AlignmentFlag.AlignLeft, elided)
        finally:
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        bold = QFont(option.font)
        bold.setBold(True)
        height = QFontMetrics(bold).height() + QFontMetrics(option.font).height()
        return QSize(120, height + 2 * _PADDING + 2)
