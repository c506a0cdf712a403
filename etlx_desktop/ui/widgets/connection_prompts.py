"""The modal questions of the connection manager, kept apart so its actions run without them
(tests call the actions; the manager's slots ask these first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

_JSON = "Connections (*.json);;All files (*)"


def ask_master_password(parent: QWidget, prompt: str) -> str | None:
    """The master password typed (hidden) in a dialog; None if cancelled or empty."""
    text, ok = QInputDialog.getText(parent, "Master password", prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def confirm_delete(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Delete connection",
        f"Delete the connection '{name}' and its saved password?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def export_path(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export connections (without passwords)", "connections-export.json", _JSON
    )
    return Path(path) if path else None


def import_path(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import connections", "", _JSON)
    return Path(path) if path else None
