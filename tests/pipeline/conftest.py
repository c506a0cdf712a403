"""A fresh demo workspace per test: the shop database, its module and a key of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module


@pytest.fixture
def demo(tmp_path: Path) -> tuple[DataModule, Path]:
    """(module, its folder) of a freshly unpacked demo workspace."""
    module_path = prepare_demo(tmp_path / "demo")
    return load_module(module_path), module_path.parent
