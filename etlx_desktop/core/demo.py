"""The bundled demo workspace: a small Russian shop in SQLite and a module describing it."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from .resources import demo_dir

DEMO_FILES = ("shop.sqlite", "shop.jsonld")
DEMO_MODULE = "shop.jsonld"
DEMO_KEY = "shop.key"  # the module's keyRef; made per workspace, never shipped


def default_workspace() -> Path:
    """Where the demo is unpacked for a user: `$XDG_DATA_HOME/etlx-desktop/demo`."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "etlx-desktop" / "demo"


def prepare_demo(workspace: Path | None = None) -> Path:
    """Copy the demo files into `workspace` (keeping any the user changed); return the module."""
    target = workspace or default_workspace()
    target.mkdir(parents=True, exist_ok=True)
    for name in DEMO_FILES:
        if not (target / name).exists():
            shutil.copy2(demo_dir() / name, target / name)
    key = target / DEMO_KEY
    if not key.exists():
        key.touch(mode=0o600)
        key.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    return target / DEMO_MODULE
