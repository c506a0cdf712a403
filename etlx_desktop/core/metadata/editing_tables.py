"""Undoable edits that change a module's set of tables (no Qt).

`AddTable` puts a drafted table into a module, with the data source it reads from when the
module does not have it yet, and the foreign keys that tables already in the module hold to
the new one. Revert takes out exactly what apply put in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from .editing import EditError
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
        _check_fits(module, addition)
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


def _check_fits(module: DataModule, addition: TableAddition) -> None:
    """Refuse (EditError) an addition drafted for a module that has changed since."""
    table = addition.table
    if any(t.table_name == table.table_name or t.url == table.url for t in module.tables):
        raise EditError(f"the module already has a table {table.table_name}; add it again.")
    source = addition.source
    if source is not None and any(s.identifier == source.identifier for s in module.data_sources):
        raise EditError(f"the module already has a source {source.identifier}; add it again.")
    names = {t.table_name for t in module.tables}
    missing = sorted({name for name, _ in addition.foreign_keys} - names)
    if missing:
        raise EditError(f"table {', '.join(missing)} is no longer in the module; add it again.")


def _remove(items: list[T], item: T) -> None:
    """Remove `item` itself (by identity: an equal copy elsewhere in the list stays)."""
    for index, candidate in enumerate(items):
        if candidate is item:
            del items[index]
            return
