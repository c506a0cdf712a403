"""A fresh demo workspace per test: the shop database, its module and a key of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from etlx_desktop.core.demo import prepare_demo
from etlx_desktop.core.metadata import DataModule, load_module

from .pg import execute


@pytest.fixture
def demo(tmp_path: Path) -> tuple[DataModule, Path]:
    """(module, its folder) of a freshly unpacked demo workspace."""
    module_path = prepare_demo(tmp_path / "demo")
    return load_module(module_path), module_path.parent


@pytest.fixture
def target_database() -> Iterator[str]:
    """A second scratch PostgreSQL database, the target of the runs."""
    name = f"etlx_t_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    execute(admin, f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
