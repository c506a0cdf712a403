"""The bridge from core module edits to Qt's undo stack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.metadata.editing import Edit, EditError
from ...core.metadata.model import DataModule

_MERGE_ID = 0x45544C58  # any constant: only mergeable EditCommands share it


class EditCommand(QUndoCommand):
    """One core `Edit` on the undo stack: redo applies it, undo reverts it.

    A mergeable command (typing in a parameter field) merges with the next one that changes
    the same thing, so one field edited key by key is one undo step.
    """

    def __init__(
        self, module: DataModule, edit: Edit, refused: list[str], *, mergeable: bool = False
    ) -> None:
        super().__init__(edit.describe(module))
        self.module = module
        self.edit = edit
        self._refused = refused
        self._mergeable = mergeable

    def redo(self) -> None:
        try:
            self.edit.apply(self.module)
        except EditError as exc:  # an edit that does not fit leaves no trace, nor an undo step
            self._refused.append(str(exc))
            self.setObsolete(True)

    def undo(self) -> None:
        self.edit.revert(self.module)

    def id(self) -> int:
        return _MERGE_ID if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.module is not self.module:
            return False
        merge = getattr(self.edit, "merged_with", None)
        merged = merge(other.edit) if merge is not None else None
        if merged is None:
            return False
        self.edit = merged
        return True


def push_edit(
    stack: QUndoStack, module: DataModule, edit: Edit, *, mergeable: bool = False
) -> str | None:
    """Apply `edit` to `module` through `stack` (so it can be undone); the reason if the edit
    did not fit the module (then nothing changed)."""
    refused: list[str] = []
    stack.push(EditCommand(module, edit, refused, mergeable=mergeable))
    return refused[0] if refused else None
