"""The schema browser's tree, without Qt: connection → schema → table → column nodes, each
level read on demand by `read_level` (in a worker thread) and shown as text by `node_cells`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from pathlib import Path

from ..metadata.model import DataModule, DataSource, SourceKind
from ..secretstore import MissingSecret, resolve_secret
from .browse import BrowsedColumn, BrowsedTable, browse_columns, browse_schemas, browse_tables
from .dburl import scheme_of
from .errors import SourceUnavailable
from .reading import SourceAccess, SourceUnreadable
from .sql_reader import sqlite_path

DATABASE_KINDS = {"postgresql": "PostgreSQL", "postgres": "PostgreSQL", "mysql": "MySQL"}
DATABASE_KINDS |= {"mariadb": "MariaDB", "sqlite": "SQLite"}
Cells = tuple[str, str, str, str, str]  # name, type, null, key, rows
Connection = tuple[str, str, str | None]  # name, URL without password, password
_DATABASES = (SourceKind.POSTGRESQL, SourceKind.MYSQL, SourceKind.SQLITE)


class NodeKind(Enum):
    CONNECTION = auto()
    SCHEMA = auto()
    TABLE = auto()
    COLUMN = auto()
    MESSAGE = auto()  # "loading…", or why a level could not be read


class LoadState(Enum):
    NOT_LOADED = auto()
    LOADING = auto()
    LOADED = auto()


@dataclass(eq=False)
class CatalogNode:
    """One row of the tree; `connection` indexes the browser's list of connections."""

    kind: NodeKind
    name: str
    parent: CatalogNode | None
    connection: int
    schema: str = ""
    table: BrowsedTable | None = None
    column: BrowsedColumn | None = None
    failed: bool = False  # a MESSAGE saying why a level could not be read
    children: list[CatalogNode] = field(default_factory=list)
    state: LoadState = LoadState.LOADED

    @property
    def expandable(self) -> bool:
        return self.kind in (NodeKind.CONNECTION, NodeKind.SCHEMA, NodeKind.TABLE)

    def row(self) -> int:
        siblings = self.parent.children if self.parent else []
        return next(i for i, node in enumerate(siblings) if node is self)

    def attached_to(self, root: CatalogNode) -> bool:
        """Still in the tree under `root` (not dropped by a reset or a reload)."""
        node = self
        while node.parent is not None:
            if not any(child is node for child in node.parent.children):
                return False
            node = node.parent
        return node is root

    def message(self, text: str, *, failed: bool = False) -> CatalogNode:
        """A MESSAGE child of this node (not added to `children`)."""
        return CatalogNode(NodeKind.MESSAGE, text, self, self.connection, failed=failed)


def read_level(node: CatalogNode, url: str, password: str | None) -> tuple[list[CatalogNode], str]:
    """The children of `node` read from the database, or ([], why not); never raises.

    The children are new nodes, not yet in `node.children`: the caller adds them."""
    try:
        return _read(node, url, password), ""
    except SourceUnavailable as exc:
        return [], f"could not connect: {exc.reason}"
    except Exception as exc:  # a driver's or the catalog's own error: shown, not raised
        return [], f"could not read the catalog: {str(exc).strip() or type(exc).__name__}"


def _read(node: CatalogNode, url: str, password: str | None) -> list[CatalogNode]:
    c, lazy = node.connection, LoadState.NOT_LOADED
    if node.kind is NodeKind.CONNECTION:
        schemas = browse_schemas(url, password)
        return [CatalogNode(NodeKind.SCHEMA, s, node, c, s, state=lazy) for s in schemas]
    if node.kind is NodeKind.SCHEMA:
        tables = browse_tables(url, password, node.schema)
        return [
            CatalogNode(NodeKind.TABLE, t.name, node, c, t.schema, t, state=lazy) for t in tables
        ]
    if node.kind is NodeKind.TABLE:
        columns = browse_columns(url, password, node.schema, node.name)
        return [
            CatalogNode(NodeKind.COLUMN, col.name, node, c, node.schema, column=col)
            for col in columns
        ]
    return []


def node_cells(node: CatalogNode, url: str, count: Callable[[int], str] = str) -> Cells:
    """The texts of a node's row; `count` formats a row estimate (the user's locale)."""
    if node.kind is NodeKind.CONNECTION:
        scheme = scheme_of(url) or ""
        return node.name, DATABASE_KINDS.get(scheme, scheme), "", "", ""
    if node.table is not None:
        rows = node.table.row_estimate
        return node.name, str(node.table.kind), "", "", "" if rows is None else count(rows)
    if node.column is not None:
        column = node.column
        null = "NULL" if column.nullable else "NOT NULL"
        keys = ["PK"] if column.primary_key else ["UNIQUE"] if column.unique else []
        keys += [f"FK → {column.references}"] if column.references else []
        return node.name, column.sql_type, null, ", ".join(keys), ""
    return node.name, "", "", "", ""


def module_connections(module: DataModule, base_dir: Path) -> list[Connection]:
    """The database sources of `module` as connections to browse: a relative SQLite file
    starts at `base_dir`; the password is the source's env: or file: secret if it resolves
    (keyring secrets are left out: reading one may wait on the desktop's keyring)."""
    found: list[Connection] = []
    for source in module.data_sources:
        if source.kind in _DATABASES and source.endpoint_url:
            name = source.title or source.identifier
            found.append((name, _source_url(source, base_dir), _password(source, base_dir)))
    return found


def _source_url(source: DataSource, base_dir: Path) -> str:
    url = source.endpoint_url or ""
    if source.kind is not SourceKind.SQLITE:
        return url
    try:
        return f"sqlite:///{sqlite_path(source, SourceAccess(base_dir)).resolve()}"
    except SourceUnreadable:
        return url  # the browser says what is wrong with it when it is expanded


def _password(source: DataSource, base_dir: Path) -> str | None:
    ref = source.secret_ref
    if not ref or ref.startswith("keyring:"):
        return None
    try:
        return resolve_secret(ref, base_dir)
    except MissingSecret:
        return None
