"""Where the bundled resources (JSON-LD contexts, the demo workspace) live."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The `resources` folder shipped with the package (a source checkout links it in)."""
    return Path(__file__).resolve().parent.parent / "resources"


def demo_dir() -> Path:
    return resources_dir() / "demo"
