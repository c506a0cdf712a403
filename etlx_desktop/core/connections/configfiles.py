"""Where the desktop app keeps its files, and writing them so a crash never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

APP_DIR = "etlx-desktop"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/etlx-desktop``, or ``~/.config/etlx-desktop`` when it is unset.

    As the XDG spec says, an empty or relative ``XDG_CONFIG_HOME`` is ignored.
    """
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / APP_DIR


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` as a whole or not at all, readable by the owner only (0600).

    The text goes to a temporary file beside `path` (created 0600), is flushed to disk, then
    replaces `path` in one rename. A missing parent folder is created (0700).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, PRIVATE_FILE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder, nor needs to."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
