"""Showing a widget in the offscreen tests without Qt warnings (which fail a test)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot


def shown_in_host(
    qtbot: QtBot, widget: QWidget, width: int, height: int, before_close: Callable[[], object]
) -> QWidget:
    """Show `widget` inside a fixed-size window and return the window (keep a reference).

    The offscreen platform warns "does not support propagateSizeHints()" when a shown
    top-level window's size constraints change, as a panel's do while it fills in; a host
    whose layout sets no constraint never changes them. `before_close` runs before qtbot
    closes the window (stop worker threads there)."""
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    host.resize(width, height)
    qtbot.addWidget(host, before_close_func=lambda _: before_close())
    host.show()
    qtbot.waitExposed(host)
    return host
