"""The modal questions of the connection manager, kept apart so its actions run without them
(tests call the actions; the manager's slots ask these first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

EXPORT_FILE = "connections-export.json"  # a file name: the same in every language


def _json_filter() -> str:
    return QCoreApplication.translate("ConnectionPrompts", "Connections (*.json);;All files (*)")


def ask_master_password(parent: QWidget, prompt: str) -> str | None:
    """The master password typed (hidden) in a dialog; None if cancelled or empty."""
    title = QCoreApplication.translate("ConnectionPrompts", "Master password")
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def confirm_delete(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("ConnectionPrompts", "Delete connection"),
        QCoreApplication.translate(
            "ConnectionPrompts", "Delete the connection '{name}' and its saved password?"
        ).format(name=name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def export_path(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate(
        "ConnectionPrompts", "Export connections (without passwords)"
    )
    path, _ = QFileDialog.getSaveFileName(parent, title, EXPORT_FILE, _json_filter())
    return Path(path) if path else None


def import_path(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("ConnectionPrompts", "Import connections")
    path, _ = QFileDialog.getOpenFileName(parent, title, "", _json_filter())
    return Path(path) if path else None
