"""What was read from a data file, before it becomes a module table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..metadata import Datatype

SAMPLE_ROWS = 10_000


@dataclass(frozen=True)
class FileColumn:
    """A column of a file: its name as written, its guessed type and how nulls appear."""

    name: str
    datatype: Datatype
    required: bool = False
    null_markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileTable:
    """One table found in a file (a CSV, a Parquet or JSON-lines file, or a sheet)."""

    file: str
    base_name: str
    columns: list[FileColumn]
    parameters: dict[str, Any] | None = None
