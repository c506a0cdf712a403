"""The saved connections as a list: the name of each, and where it points (`WHERE_ROLE`)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...core.connections import Connection

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole  # the connection's id
WHERE_ROLE = Qt.ItemDataRole.UserRole + 1  # where it points, never a secret
_TOP = QModelIndex()


class ConnectionListModel(QAbstractListModel):
    """A read-only list of connections; `set_connections` replaces them all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connections: list[Connection] = []

    def set_connections(self, connections: list[Connection]) -> None:
        self.beginResetModel()
        self._connections = list(connections)
        self.endResetModel()

    def connection(self, row: int) -> Connection:
        return self._connections[row]

    def row_of(self, connection_id: str) -> int:
        """The row of the connection with this id, or -1."""
        for row, connection in enumerate(self._connections):
            if connection.id == connection_id:
                return row
        return -1

    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self._connections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._connections):
            return None
        connection = self._connections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return connection.name
        if role in (Qt.ItemDataRole.ToolTipRole, WHERE_ROLE):
            return connection.where()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{connection.name}: {connection.where()}"
        if role == ID_ROLE:
            return connection.id
        return None
