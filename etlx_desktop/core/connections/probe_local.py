"""Testing connections to files on this computer: an SQLite database file and a data folder.

A relative path starts at the current folder.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .model import Connection
from .proberesult import ProbeReason, ProbeResult, failure, first_line


def probe_sqlite(connection: Connection, timeout: float) -> ProbeResult:
    """The file exists, opens read-only and has a schema SQLite can read."""
    path = Path(connection.path or "")
    if not connection.path or not path.exists():
        return failure(connection, ProbeReason.UNKNOWN_DATABASE, timeout)
    if path.is_dir():
        return failure(connection, ProbeReason.OTHER, timeout, "it is a folder, not a file")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=timeout)
        try:
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            count = int(tables.fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error as exc:
        detail = first_line(exc, ())
        return failure(connection, ProbeReason.OTHER, timeout, f"SQLite says: {detail}")
    version = f"SQLite {sqlite3.sqlite_version}"
    return ProbeResult(
        ok=True,
        message=f"Opened the {connection.where()} read-only: {_count(count, 'table')}.",
        server_version=version,
    )


def probe_folder(connection: Connection, timeout: float) -> ProbeResult:
    """The folder exists and can be listed; counts the data files a module can read there."""
    from ..sources.files import SUPPORTED_SUFFIXES

    path = Path(connection.path or "")
    if not connection.path or not path.exists():
        return failure(connection, ProbeReason.UNKNOWN_DATABASE, timeout)
    if not path.is_dir():
        return failure(connection, ProbeReason.OTHER, timeout, "it is a file, not a folder")
    try:
        entries = list(os.scandir(path))
    except OSError as exc:
        why = exc.strerror or exc.__class__.__name__
        return failure(connection, ProbeReason.OTHER, timeout, f"it cannot be listed ({why})")
    data_files = sum(
        1
        for entry in entries
        if entry.is_file()
        and Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES
        and not entry.name.startswith((".", "~$"))
    )
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    return ProbeResult(
        ok=True,
        message=f"The {connection.where()} is readable: {_count(data_files, 'data file')} "
        f"({kinds}).",
        data_files=data_files,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
