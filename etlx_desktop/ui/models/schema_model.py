"""A lazily loaded tree of database catalogs: connection → schema → table → column.

Nothing is read until a node is expanded (`canFetchMore`/`fetchMore`). Each level is read by
`core.sources.browse` on the connection's own worker thread (a `TaskQueue`), one read at a time,
so a slow or unreachable server never blocks the GUI thread or the other connections. Until the
answer comes, the node shows a "loading…" child; a failure becomes a child saying why.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ...core.sources.browse_tree import (
    CatalogNode,
    Cells,
    LoadState,
    NodeKind,
    node_cells,
    read_level,
)
from ..run_worker import TaskQueue
from ..widgets.editor_values import QT_TRANSLATE_NOOP

__all__ = ["HEADERS", "ConnectionEntry", "NodeKind", "SchemaModel", "header_text"]

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invisible root (a shared default, never changed)
ConnectionEntry = tuple[str, str, str | None]  # name, URL without password, password
HEADERS = (
    QT_TRANSLATE_NOOP("SchemaModel", "Name"),
    QT_TRANSLATE_NOOP("SchemaModel", "Type"),
    QT_TRANSLATE_NOOP("SchemaModel", "Null"),
    QT_TRANSLATE_NOOP("SchemaModel", "Key"),
    QT_TRANSLATE_NOOP("SchemaModel", "Rows (est.)"),
)

_ICONS = {
    NodeKind.CONNECTION: QStyle.StandardPixmap.SP_DriveNetIcon,
    NodeKind.SCHEMA: QStyle.StandardPixmap.SP_DirIcon,
    NodeKind.TABLE: QStyle.StandardPixmap.SP_FileDialogDetailedView,
}


def header_text(section: int) -> str:
    """The header of column `section`, in the app's language."""
    return QCoreApplication.translate("SchemaModel", HEADERS[section])


class SchemaModel(QAbstractItemModel):
    """The catalogs of the connections given to `set_connections()`; `shutdown()` at the end."""

    loaded = Signal(QModelIndex)  # a node's children (or its error) are in

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ConnectionEntry] = []
        self._root = CatalogNode(NodeKind.MESSAGE, "", None, -1)
        self._queues: dict[int, TaskQueue] = {}
        self._retired: list[TaskQueue] = []  # replaced, stopping once their read returns
        self._pending = 0  # levels asked for and not answered yet
        self._italic, self._bold = QFont(), QFont()
        self._italic.setItalic(True)
        self._bold.setBold(True)
        self._icons: dict[str, QIcon] = {}

    # --- public API ------------------------------------------------------------------------

    def set_connections(self, entries: list[ConnectionEntry]) -> None:
        """Show these connections, none of them read yet; pending reads are dropped."""
        self.beginResetModel()
        for queue in self._queues.values():
            queue.retire()
        self._retired = [q for q in [*self._retired, *self._queues.values()] if not _gone(q)]
        self._queues.clear()
        self._entries = list(entries)
        self._pending = 0
        self._root.children = [
            CatalogNode(NodeKind.CONNECTION, name, self._root, i, state=LoadState.NOT_LOADED)
            for i, (name, _, _) in enumerate(self._entries)
        ]
        self.endResetModel()

    def pending(self) -> int:
        """How many levels are being read."""
        return self._pending

    def kind(self, index: Index) -> NodeKind | None:
        return self._node(index).kind if index.isValid() else None

    def failure(self, index: Index) -> str | None:
        """The text of a "could not …" child, with its connection's name; None for others."""
        node = self._node(index) if index.isValid() else None
        if node is None or not node.failed:
            return None
        return f"{self._entries[node.connection][0]}: {node.name}"

    def table_of(self, index: Index) -> tuple[str, str, str] | None:
        """(connection URL without password, schema, table) of a table or one of its columns."""
        node = self._node(index) if index.isValid() else None
        if node is not None and node.kind is NodeKind.COLUMN:
            node = node.parent
        if node is None or node.kind is not NodeKind.TABLE:
            return None
        return self._entries[node.connection][1], node.schema, node.name

    def reload(self, index: Index) -> QModelIndex:
        """Forget what was read under `index` (or its expandable parent) and read it again;
        returns the index of the node read again (invalid if none)."""
        node = self._node(index) if index.isValid() else None
        while node is not None and not node.expandable:
            node = node.parent
        if node is None or node.state is LoadState.LOADING:
            return QModelIndex()
        where = self._index_of(node)
        if node.children:
            self.beginRemoveRows(where, 0, len(node.children) - 1)
            node.children = []
            self.endRemoveRows()
        node.state = LoadState.NOT_LOADED
        self.fetchMore(where)
        return where

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop every connection's worker thread."""
        for queue in [*self._queues.values(), *self._retired]:
            queue.shutdown(timeout_ms)
        self._queues.clear()
        self._retired.clear()

    # --- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _TOP) -> QModelIndex:
        node = self._node(parent) if parent.isValid() else self._root
        if not (0 <= row < len(node.children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, child: Index = _TOP) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent = self._node(child).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = _TOP) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent) if parent.isValid() else self._root
        return len(node.children)

    def columnCount(self, parent: Index = _TOP) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: Index = _TOP) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent) if parent.isValid() else self._root
        return bool(node.children) or node.state is LoadState.NOT_LOADED

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid() or parent.column() != 0:
            return False
        return self._node(parent).state is LoadState.NOT_LOADED

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        node = self._node(parent)
        node.state = LoadState.LOADING
        self._pending += 1
        _, url, password = self._entries[node.connection]
        self._queue(node.connection).submit(node, lambda: read_level(node, url, password))
        # Not inside fetchMore: a view (or the model tester) may call it while it handles
        # another insertion, and rows inserted then would nest in that one.
        QTimer.singleShot(0, self, lambda: self._show_loading(node))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._node(index).kind is NodeKind.MESSAGE:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation is Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return header_text(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(node)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of an elided cell
            column = index.column()
            return self._tooltip(node) if column == 0 else self._cells(node)[column]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icon(node)
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            return self._font(node)
        if role == Qt.ItemDataRole.ForegroundRole and node.kind is NodeKind.MESSAGE:
            # mid tones that read on the light and on the dark (qdarkstyle) theme
            return QBrush(QColor("#d9534f") if node.failed else QColor("#858585"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- loading ---------------------------------------------------------------------------

    def _show_loading(self, node: CatalogNode) -> None:
        loading = node.state is LoadState.LOADING
        if loading and not node.children and node.attached_to(self._root):
            self.beginInsertRows(self._index_of(node), 0, 0)
            node.children = [node.message(self.tr("loading…"))]
            self.endInsertRows()

    def _queue(self, connection: int) -> TaskQueue:
        if connection not in self._queues:
            queue = TaskQueue(self)
            queue.done.connect(self._on_queue_done)
            queue.failed.connect(self._on_queue_failed)
            self._queues[connection] = queue
        return self._queues[connection]

    def _on_queue_failed(self, node: object, message: str) -> None:
        failed = self.tr("could not read the catalog: {error}").format(error=message)
        self._on_queue_done(node, ([], failed))

    def _on_queue_done(self, node: object, answer: object) -> None:
        assert isinstance(node, CatalogNode) and isinstance(answer, tuple)
        children, error = answer
        if not node.attached_to(self._root) or node.state is not LoadState.LOADING:
            return  # the tree was reset or reloaded meanwhile: a stale answer
        self._pending -= 1
        where = self._index_of(node)
        if node.children:  # "loading…"
            self.beginRemoveRows(where, 0, len(node.children) - 1)
            node.children = []
            self.endRemoveRows()
        found: list[CatalogNode] = [node.message(error, failed=True)] if error else children
        node.state = LoadState.LOADED
        if found:
            self.beginInsertRows(where, 0, len(found) - 1)
            node.children = found
            self.endInsertRows()
        self.loaded.emit(where)

    # --- helpers ---------------------------------------------------------------------------

    def _node(self, index: Index) -> CatalogNode:
        node = index.internalPointer()
        assert isinstance(node, CatalogNode)
        return node

    def _index_of(self, node: CatalogNode) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row(), 0, node)

    def _cells(self, node: CatalogNode) -> Cells:
        return node_cells(node, self._entries[node.connection][1], _count)

    def _font(self, node: CatalogNode) -> QFont | None:
        if node.kind is NodeKind.MESSAGE:
            return self._italic
        primary = node.column is not None and node.column.primary_key
        return self._bold if primary else None

    def _tooltip(self, node: CatalogNode) -> str | None:
        if node.kind is NodeKind.CONNECTION:
            return self._entries[node.connection][1]
        if node.kind is NodeKind.MESSAGE:
            return node.name
        # the whole row, for a dock too narrow to show its other columns
        name, type_, null, key, rows = self._cells(node)
        parts = [name, type_, null, key, self.tr("{rows} rows").format(rows=rows) if rows else ""]
        return " · ".join(part for part in parts if part)

    def _icon(self, node: CatalogNode) -> QIcon | None:
        if node.failed:
            name, pixmap = "failed", QStyle.StandardPixmap.SP_MessageBoxWarning
        elif node.kind in _ICONS:
            name, pixmap = node.kind.name, _ICONS[node.kind]
        else:
            return None
        if name not in self._icons:
            self._icons[name] = QApplication.style().standardIcon(pixmap)
        return self._icons[name]


def _count(value: int) -> str:
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)


def _gone(queue: TaskQueue) -> bool:
    """Delete a replaced queue once its thread is stopped; True if it was."""
    if queue.stopped:
        queue.deleteLater()
    return queue.stopped
