"""The module's own fields: identifier, title, description and the anonymization key's
reference, each edit an undoable step (typing in one field is one step)."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ...core.metadata.editing_module import SetModuleField
from ...core.metadata.model import DataModule
from .editor_undo import push_edit

_FIELDS = ("identifier", "title", "description", "key_ref")
_PATHS = {"identifier": "identifier", "title": "title", "description": "description"}
_PATHS |= {"keyRef": "key_ref", "keyFingerprint": "key_ref"}


class ModuleProperties(QWidget):
    """Edits the fields of the module given to `set_module`; `refresh()` after undo/redo."""

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.module: DataModule | None = None
        self.edits = {name: QLineEdit() for name in _FIELDS}
        self.edits["identifier"].setToolTip(
            self.tr("The name others open the module's versions by: a-z, 0-9, - and _.")
        )
        self.edits["key_ref"].setPlaceholderText(
            self.tr("env:NAME, keyring:SERVICE/NAME or file:PATH")
        )
        self.edits["key_ref"].setToolTip(
            self.tr(
                "Where the anonymization key is kept. The same key gives the same pseudonyms "
                "in every version; the key itself never goes into the module."
            )
        )
        self.message = QLabel()
        self.message.setStyleSheet("color: #d93025")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        labels = (self.tr("&Identifier"), self.tr("&Title"), self.tr("&Description"))
        for label, name in zip((*labels, self.tr("Anonymization &key")), _FIELDS, strict=True):
            form.addRow(label, self.edits[name])
            self.edits[name].textEdited.connect(
                lambda text, field=name: self._on_field_edited(field, text)
            )
        form.addRow(self.message)

    def set_module(self, module: DataModule | None) -> None:
        self.module = module
        self.setEnabled(module is not None)
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        """Show the module's values (a field being typed in keeps its cursor)."""
        for name, edit in self.edits.items():
            value = getattr(self.module, name, None) if self.module is not None else None
            if edit.text().strip() != (value or ""):
                edit.setText(value or "")

    def focus_path(self, path: str) -> bool:
        """Put the cursor in the field a problem's JSON path names; False if none does."""
        name = _PATHS.get(path)
        if name is None:
            return False
        self.edits[name].setFocus()
        return True

    def _on_field_edited(self, field: str, text: str) -> None:
        if self.module is None:
            return
        refused = push_edit(
            self.undo_stack, self.module, SetModuleField(field, text), mergeable=True
        )
        self.message.setText(refused or "")
