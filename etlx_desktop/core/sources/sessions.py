"""Opening a source for a run: the session that reads its tables, chosen by the source kind.

| kind                        | session                                  | a table names     |
|-----------------------------|------------------------------------------|-------------------|
| postgresql, mysql, sqlite   | one read-only snapshot (`sql_reader`)    | sourceTable/query |
| file                        | a folder (`files_reader`)                | file              |
| http                        | a JSON API (`http_reader`)               | parameters.path   |
| s3                          | s3://bucket/prefix (`s3_reader`)         | file              |
| script                      | extraction scripts (`script_reader`)     | script            |

A table of any source whose extraction names a `script` is read by that script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from ..metadata.model import DataSource, SourceKind, Table
from .files_reader import open_file_session
from .http_reader import open_http_session
from .reading import SourceAccess, SourceSession, SourceUnreadable, TableReader
from .s3_reader import open_s3_session
from .script_reader import ScriptTableReader, open_script_session
from .sql_reader import open_sql_session

Opener = Callable[[DataSource, SourceAccess], AbstractContextManager[SourceSession]]

OPENERS: dict[SourceKind, Opener] = {
    SourceKind.POSTGRESQL: open_sql_session,
    SourceKind.MYSQL: open_sql_session,
    SourceKind.SQLITE: open_sql_session,
    SourceKind.FILE: open_file_session,
    SourceKind.HTTP: open_http_session,
    SourceKind.S3: open_s3_session,
    SourceKind.SCRIPT: open_script_session,
}


class _ScriptsFirst:
    """A session whose tables with an extraction script are read by the script."""

    def __init__(self, inner: SourceSession, source: DataSource, access: SourceAccess) -> None:
        self.inner, self.source, self.access = inner, source, access

    def reader(self, table: Table) -> TableReader:
        if table.extraction.script is not None:
            return ScriptTableReader(self.source, self.access, table)
        return self.inner.reader(table)


@contextmanager
def open_source_session(source: DataSource, access: SourceAccess) -> Iterator[SourceSession]:
    """A session reading every table of `source` (one snapshot for a database)."""
    try:
        opener = OPENERS[SourceKind(source.kind)]
    except (KeyError, ValueError):
        raise SourceUnreadable(
            f"source {source.identifier}: reading {source.kind} sources is not supported"
        ) from None
    with opener(source, access) as session:
        yield _ScriptsFirst(session, source, access)
