"""The contract of extraction: a session per source, one reader per table, chunks of rows.

All tables of one database source are read inside one read-only REPEATABLE READ transaction,
so they come from one consistent snapshot and foreign keys agree across tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from ..metadata.model import DataSource, Table


class TableReader(Protocol):
    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The table's rows, `chunk_rows` at a time, raw (no type coercion yet)."""

    def estimate_rows(self) -> int | None:
        """How many rows to expect, when cheap to know (for progress)."""


class SourceSession(Protocol):
    def reader(self, table: Table) -> TableReader:
        """A reader of one table of this source (as its extraction step says)."""


@dataclass(frozen=True)
class SourceAccess:
    """What opening a source needs besides its metadata."""

    base_dir: Path
    password: str | None = None


class SourceUnreadable(Exception):
    """A source cannot be read (unreachable, missing table, bad file); names it, not secrets."""


class SessionOpener(Protocol):
    def __call__(
        self, source: DataSource, access: SourceAccess
    ) -> AbstractContextManager[SourceSession]: ...
