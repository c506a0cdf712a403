"""Walking the schema browser's tree in tests: load a level, find a child by name."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from etlx_desktop.ui.models.schema_model import SchemaModel

LOAD_TIMEOUT = 30000  # ms: a level is read from a real database on a worker thread


def load_children(qtbot: QtBot, model: SchemaModel, index: QModelIndex) -> None:
    """Read `index`'s children (if not read yet) and wait until they are in."""
    if model.canFetchMore(index):
        with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT):
            model.fetchMore(index)


def child_named(model: SchemaModel, parent: QModelIndex, name: str) -> QModelIndex:
    found = model.match(model.index(0, 0, parent), Qt.ItemDataRole.DisplayRole, name, 1)
    assert found, f"{name} not under {parent.data()}"
    return found[0]
