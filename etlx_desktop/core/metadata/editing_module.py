"""Undoable edits of the module's own fields: its identifier, title, description and key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .editing import EditError, _Replace
from .model import DataModule

# the module fields the desktop app edits, with the words it shows for them
MODULE_FIELDS = {
    "identifier": "identifier",
    "title": "title",
    "description": "description",
    "key_ref": "anonymization key (keyRef)",
}


@dataclass
class SetModuleField(_Replace):
    """Set one of `MODULE_FIELDS`; an empty text clears an optional field. Typing in one
    field merges into one undo step."""

    field: str
    value: str | None

    def __post_init__(self) -> None:
        if self.field not in MODULE_FIELDS:
            raise EditError(f"'{self.field}' is not a module field the editor sets.")

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return module, self.field

    def _new(self, module: DataModule) -> Any:
        text = (self.value or "").strip()
        if self.field == "identifier" and not text:
            raise EditError("a module needs an identifier.")
        return text or None

    def merge_key(self) -> tuple[Any, ...] | None:
        return ("module", self.field)

    def describe(self, module: DataModule) -> str:
        return f"Set module {MODULE_FIELDS[self.field]}"
