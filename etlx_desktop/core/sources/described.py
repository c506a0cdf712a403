"""Readers that yield only the columns a table describes: undescribed data never goes further.

`described_only(opener)` wraps a run's session opener. Every chunk any reader yields (files,
queries, scripts, HTTP, S3; a database table's SELECT already names its columns) keeps only
the table's declared columns, so nothing undescribed reaches the rules, the quarantine, the
transform scripts or a target. The preflight drift check stops a run before any work when
columns appear (`onUnknownColumns: stop`) or adds them to the table (`copy`); a column that
appears only after it (a later page, a later JSON record) is dropped under `drop` and `copy`,
and stops the run under `stop` (the writers are aborted, so every target stays as it was).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from ..metadata.model import DataSource, Table, UnknownColumns
from .reading import SessionOpener, SourceAccess, SourceSession, SourceUnreadable, TableReader


class UndescribedColumns(SourceUnreadable):
    """Columns appeared in a table under `onUnknownColumns: stop` while it was being read."""


class DescribedReader:
    """A reader whose chunks hold only the table's declared columns."""

    def __init__(self, inner: TableReader, table: Table) -> None:
        self.inner = inner
        self.table = table
        self.declared = {c.name for c in table.table_schema.columns}
        self.stop = (table.on_unknown_columns or UnknownColumns.STOP) == UnknownColumns.STOP

    def estimate_rows(self) -> int | None:
        return self.inner.estimate_rows()

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        for chunk in self.inner.chunks(chunk_rows):
            yield self._described(chunk)

    def _described(self, chunk: pd.DataFrame) -> pd.DataFrame:
        extra = [c for c in chunk.columns if c not in self.declared]
        if not extra:
            return chunk
        if self.stop:
            names = ", ".join(str(c) for c in extra)
            raise UndescribedColumns(
                f"table {self.table.table_name}: the source returned column(s) the module does "
                f"not describe: {names}; the run stops (onUnknownColumns: stop). Add them to "
                'the table\'s columns, or set "onUnknownColumns" to "drop" or "copy".'
            )
        return chunk.drop(columns=extra)


class DescribedSession:
    def __init__(self, inner: SourceSession) -> None:
        self.inner = inner

    def reader(self, table: Table) -> TableReader:
        return DescribedReader(self.inner.reader(table), table)


def described_only(opener: SessionOpener) -> SessionOpener:
    """`opener`, with every reader of its sessions yielding only declared columns."""

    @contextmanager
    def open_described(source: DataSource, access: SourceAccess) -> Iterator[SourceSession]:
        with opener(source, access) as session:
            yield DescribedSession(session)

    return open_described
