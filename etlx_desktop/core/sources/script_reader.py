"""Reading a table through an extraction script: a Python file named in the metadata.

A table whose extraction names a `script` is read by calling the script's entry point
(``entryPoint``, default ``extract``) with one argument, an `ExtractContext`::

    def extract(context):
        for page in fetch_pages(context.parameters["url"]):
            yield pandas.DataFrame(page)

It may return one DataFrame (sliced into chunks) or be a generator / return an iterator of
DataFrames of any sizes (regrouped into chunks of ``context.chunk_rows`` rows; yielding about
that many at a time keeps memory bounded). The script runs only while its sha256 matches the
approved checksum (`load_entry_point`); an exception inside it is a ScriptFailed naming the
script, the line and the message. It is called again each time the table is read (the run
reads a table twice when fill statistics are needed), so it should return the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import pandas as pd

from ..metadata.model import DataSource, Table
from ..metadata.scripts import resolve_script
from ..scripting import ScriptFailed, call_script, load_entry_point
from .reading import SourceAccess, SourceUnreadable, check_chunk_rows, rechunk, slice_frame

_DONE = object()


@dataclass(frozen=True)
class ExtractContext:
    """What an extraction script gets: its parameters, the table, the chunk size, the source and
    its resolved secret (for the script's own connection; never log it)."""

    parameters: dict[str, Any]
    table: str
    chunk_rows: int
    source: str
    endpoint_url: str | None
    base_dir: Path
    secret: str | None = field(default=None, repr=False)


class ScriptTableReader:
    """One table produced by an approved extraction script."""

    def __init__(self, source: DataSource, access: SourceAccess, table: Table) -> None:
        script = table.extraction.script
        if script is None:
            raise SourceUnreadable(f"table {table.table_name}: its extraction names no script")
        self.source, self.access, self.table = source, access, table
        self.path = resolve_script(script, access.base_dir)
        self.name = script.path
        self.entry = script.entry_point or "extract"
        self.function = load_entry_point(script, access.base_dir, "extract")

    def estimate_rows(self) -> int | None:
        """Unknown: a script says nothing before it runs."""
        return None

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The script's rows, `chunk_rows` at a time."""
        check_chunk_rows(chunk_rows)
        context = ExtractContext(
            parameters=dict(self.table.extraction.parameters or {}),
            table=self.table.table_name,
            chunk_rows=chunk_rows,
            source=self.source.identifier,
            endpoint_url=self.source.endpoint_url,
            base_dir=self.access.base_dir,
            secret=self.access.password,
        )
        result = call_script(self.path, self.function, context)
        if isinstance(result, pd.DataFrame):
            return slice_frame(result, chunk_rows)
        if isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
            return rechunk(self._frames(iter(result)), chunk_rows)
        raise ScriptFailed(
            f"script {self.name}: {self.entry}() returned {type(result).__name__}; "
            "it must return a pandas DataFrame or yield DataFrames"
        )

    def _frames(self, produced: Iterator[Any]) -> Iterator[pd.DataFrame]:
        for number in count(1):
            item = call_script(self.path, next, produced, _DONE)
            if item is _DONE:
                return
            if not isinstance(item, pd.DataFrame):
                raise ScriptFailed(
                    f"script {self.name}: item {number} it yielded is a {type(item).__name__}, "
                    "not a pandas DataFrame"
                )
            yield item


class ScriptSession:
    """A source whose tables come from extraction scripts."""

    def __init__(self, source: DataSource, access: SourceAccess) -> None:
        self.source = source
        self.access = access

    def reader(self, table: Table) -> ScriptTableReader:
        """A reader calling the table's approved extraction script."""
        return ScriptTableReader(self.source, self.access, table)


@contextmanager
def open_script_session(source: DataSource, access: SourceAccess) -> Iterator[ScriptSession]:
    """A session for a `script` source (each table names its own script)."""
    yield ScriptSession(source, access)
