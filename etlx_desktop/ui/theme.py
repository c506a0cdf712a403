"""Light and dark themes (dark via qdarkstyle)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def apply_theme(app: QApplication, dark: bool) -> None:
    app.setStyle("Fusion")
    if dark:
        import qdarkstyle

        app.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    else:
        app.setStyleSheet("")
