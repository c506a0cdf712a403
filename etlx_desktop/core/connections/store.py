"""The saved connections: one versioned JSON file in the user's config folder.

``{"version": 1, "connections": [...]}`` at ``$XDG_CONFIG_HOME/etlx-desktop/connections.json``
(``~/.config/...`` by default), written atomically and readable by the owner only (0600). Every
call reads the file again, so two windows (or the CLI) do not undo each other's changes.

A file that is not valid JSON, not in this shape, or written by a newer version is never
overwritten: every call raises `StoreFileUnreadable` naming the file until the user repairs it
or `set_aside` moves it away (kept, renamed). No password is ever in the file, nor in an export:
a `Connection` has no password field, and `extra` parameters that look like secrets are refused.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .codec import connection_from_json, connection_to_json
from .configfiles import atomic_write_text, config_dir
from .model import Connection, connection_problems, new_id, utc_now

FORMAT_VERSION = 1
STORE_FILE = "connections.json"


class ConnectionStoreError(Exception):
    """A store operation that cannot be done; the message says why, for the user."""


class StoreFileUnreadable(ConnectionStoreError):
    """The connections (or import) file cannot be read; it has been left untouched."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        super().__init__(f"The connections file {path} {why}. It has been left as it is.")


class UnknownConnection(ConnectionStoreError, LookupError):
    """No saved connection has this id."""


class InvalidConnection(ConnectionStoreError):
    """A connection that cannot be saved: its problems, one sentence each."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"The connection '{name}' cannot be saved: {' '.join(problems)}")


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/etlx-desktop/connections.json`` (``~/.config/...`` by default)."""
    return config_dir(environ) / STORE_FILE


class ConnectionStore:
    """The user's saved connections, in one JSON file (`default_store_path()` by default)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = default_store_path() if path is None else Path(path)

    def connections(self) -> list[Connection]:
        """Every saved connection, in the order they were added."""
        return read_connections_file(self.path, missing_ok=True)

    def get(self, connection_id: str) -> Connection:
        """The connection with this id; `UnknownConnection` if there is none."""
        for connection in self.connections():
            if connection.id == connection_id:
                return connection
        raise UnknownConnection(f"There is no saved connection with id {connection_id}.")

    def add(self, connection: Connection) -> Connection:
        """Save a new connection (its id and name must be new); returns it as saved."""
        saved = self.connections()
        if any(c.id == connection.id for c in saved):
            raise ConnectionStoreError(f"A connection with id {connection.id} is already saved.")
        now = utc_now()
        added = dataclasses.replace(connection, created=now, updated=now)
        self._write([*saved, self._checked(added, saved)])
        return added

    def update(self, connection: Connection) -> Connection:
        """Replace the saved connection of the same id; keeps its created time."""
        saved = self.connections()
        old = self._find(saved, connection.id)
        changed = dataclasses.replace(connection, created=old.created, updated=utc_now())
        others = [c for c in saved if c.id != connection.id]
        self._checked(changed, others)
        self._write([changed if c.id == connection.id else c for c in saved])
        return changed

    def duplicate(self, connection_id: str) -> Connection:
        """Save a copy named "copy of <name>" (with a new id; its password is not copied)."""
        saved = self.connections()
        original = self._find(saved, connection_id)
        name = unique_name(f"copy of {original.name}", (c.name for c in saved))
        now = utc_now()
        copy = dataclasses.replace(original, id=new_id(), name=name, created=now, updated=now)
        self._write([*saved, copy])
        return copy

    def delete(self, connection_id: str) -> Connection:
        """Remove a connection and return it. Its password is the vault's to forget."""
        saved = self.connections()
        removed = self._find(saved, connection_id)
        self._write([c for c in saved if c.id != connection_id])
        return removed

    def export_connections(self, ids: Iterable[str], path: Path) -> list[Connection]:
        """Write the chosen connections to `path` (the store's format, 0600, no password)."""
        saved = self.connections()
        chosen = [self._find(saved, i) for i in dict.fromkeys(ids)]
        write_connections_file(Path(path), chosen)
        return chosen

    def import_connections(self, path: Path) -> list[Connection]:
        """Add the connections of an export file; returns them as saved.

        A name already in use gets a suffix (`crm (2)`); an id already in use gets a new id.
        Nothing is added unless every connection of the file can be.
        """
        incoming = read_connections_file(Path(path), missing_ok=False)
        saved = self.connections()
        names = [c.name for c in saved]
        ids = {c.id for c in saved}
        added: list[Connection] = []
        for connection in incoming:
            name = unique_name(connection.name, names)
            fresh = new_id() if connection.id in ids else connection.id
            imported = dataclasses.replace(connection, id=fresh, name=name, updated=utc_now())
            problems = connection_problems(imported)
            if problems:
                raise InvalidConnection(imported.name, problems)
            names.append(name)
            ids.add(fresh)
            added.append(imported)
        self._write([*saved, *added])
        return added

    def set_aside(self) -> Path:
        """Rename an unreadable connections file (kept, never deleted) so a new list can
        start; returns where it went."""
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{counter}")
        os.replace(self.path, target)
        return target

    def _find(self, saved: list[Connection], connection_id: str) -> Connection:
        for connection in saved:
            if connection.id == connection_id:
                return connection
        raise UnknownConnection(f"There is no saved connection with id {connection_id}.")

    def _checked(self, connection: Connection, others: list[Connection]) -> Connection:
        problems = connection_problems(connection)
        key = connection.name.strip().casefold()
        if any(c.name.strip().casefold() == key for c in others):
            problems.append(f"Another connection is already named '{connection.name}'.")
        if problems:
            raise InvalidConnection(connection.name, problems)
        return connection

    def _write(self, connections: list[Connection]) -> None:
        write_connections_file(self.path, connections)


def unique_name(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name (2)`, `name (3)`, ... whichever no connection has (ignoring case)."""
    used = {t.strip().casefold() for t in taken}
    candidate, counter = name, 1
    while candidate.strip().casefold() in used:
        counter += 1
        candidate = f"{name} ({counter})"
    return candidate


def write_connections_file(path: Path, connections: list[Connection]) -> None:
    """Write connections in the versioned format, atomically, readable by the owner only."""
    document = {
        "version": FORMAT_VERSION,
        "connections": [connection_to_json(c) for c in connections],
    }
    atomic_write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def read_connections_file(path: Path, *, missing_ok: bool) -> list[Connection]:
    """The connections of a file in the versioned format; `StoreFileUnreadable` otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return []
        raise StoreFileUnreadable(path, "does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreFileUnreadable(path, f"cannot be read ({exc.__class__.__name__})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise StoreFileUnreadable(path, f"is not valid JSON ({where})") from None
    return _decode(path, document)


def _decode(path: Path, document: Any) -> list[Connection]:
    if not isinstance(document, dict) or not isinstance(document.get("version"), int):
        raise StoreFileUnreadable(path, 'has no "version" number: it is not a connections file')
    version = document["version"]
    if version > FORMAT_VERSION:
        raise StoreFileUnreadable(
            path,
            f"was written by a newer ETL-Express Desktop (format version {version}; this "
            f"version reads {FORMAT_VERSION}); update the application to use it",
        )
    if version < 1 or not isinstance(document.get("connections"), list):
        raise StoreFileUnreadable(path, 'has no "connections" list: it is not a connections file')
    connections: list[Connection] = []
    for index, item in enumerate(document["connections"], start=1):
        try:
            connection = connection_from_json(item)
        except ValueError as exc:
            raise StoreFileUnreadable(path, f"has a bad connection #{index} ({exc})") from None
        if any(c.id == connection.id for c in connections):
            raise StoreFileUnreadable(path, f"has the id {connection.id} twice")
        connections.append(connection)
    return connections
