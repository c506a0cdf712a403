"""Where the bundled resources (JSON-LD contexts, the demo workspace, icons) live."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources` folder shipped with the package (a source checkout links it in)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        # a PyInstaller bundle: its spec puts the folder here, beside the frozen package
        return Path(bundle) / "etlx_desktop" / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def demo_dir() -> Path:
    return resources_dir() / "demo"
