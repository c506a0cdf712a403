"""Opening a source for a run: the session that reads its tables, chosen by the source kind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..metadata.model import DataSource, SourceKind
from .files_reader import open_file_session
from .reading import SourceAccess, SourceSession, SourceUnreadable
from .sql_reader import open_sql_session


@contextmanager
def open_source_session(source: DataSource, access: SourceAccess) -> Iterator[SourceSession]:
    """A session reading every table of `source` (one snapshot for a database)."""
    if source.kind in (SourceKind.POSTGRESQL, SourceKind.MYSQL, SourceKind.SQLITE):
        with open_sql_session(source, access) as sql:
            yield sql
    elif source.kind is SourceKind.FILE:
        with open_file_session(source, access) as files:
            yield files
    else:
        raise SourceUnreadable(
            f"source {source.identifier}: reading {source.kind} sources is not available yet"
        )
