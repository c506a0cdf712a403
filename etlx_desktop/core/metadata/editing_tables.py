"""Undoable edits that change a module's set of tables (no Qt).

`AddTable` puts a drafted table into a module, with the data source it reads from when the
module does not have it yet, and the foreign keys that tables already in the module hold to
the new one. Revert takes out exactly what apply put in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from .model import DataModule, DataSource, ForeignKey, Table

T = TypeVar("T")


class TableAlreadyInModule(ValueError):
    """The module already reads that table from that source."""


@dataclass(frozen=True)
class TableAddition:
    """What adding one table to a module brings: the table, its source when it is new to the
    module, and keys that tables already in the module gain to it."""

    table: Table
    source: DataSource | None = None
    foreign_keys: tuple[tuple[str, ForeignKey], ...] = ()  # (existing table's name, key)


@dataclass
class AddTable:
    """Add `addition.table` (and its new source and keys) as one undoable step."""

    addition: TableAddition
    _added_keys: list[tuple[Table, ForeignKey]] = field(default_factory=list, repr=False)

    def apply(self, module: DataModule) -> None:
        addition = self.addition
        if addition.source is not None:
            module.data_sources.append(addition.source)
        module.tables.append(addition.table)
        self._added_keys = []
        for name, key in addition.foreign_keys:
            owner = module.table(name)
            owner.table_schema.foreign_keys.append(key)
            self._added_keys.append((owner, key))

    def revert(self, module: DataModule) -> None:
        for owner, key in reversed(self._added_keys):
            _remove(owner.table_schema.foreign_keys, key)
        self._added_keys = []
        _remove(module.tables, self.addition.table)
        if self.addition.source is not None:
            _remove(module.data_sources, self.addition.source)

    def describe(self, module: DataModule) -> str:
        return f"Add table {self.addition.table.table_name}"


def _remove(items: list[T], item: T) -> None:
    """Remove `item` itself (by identity: an equal copy elsewhere in the list stays)."""
    for index, candidate in enumerate(items):
        if candidate is item:
            del items[index]
            return
