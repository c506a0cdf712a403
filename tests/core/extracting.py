"""Small builders shared by the extraction tests (test_extract_*.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from etlx_desktop.core.metadata.model import (
    Column,
    DataSource,
    Datatype,
    ExtractStep,
    Script,
    SourceKind,
    Table,
    TableSchema,
)
from etlx_desktop.core.sources.reading import SourceAccess, SourceSession
from etlx_desktop.core.sources.sessions import open_source_session


def source(
    kind: SourceKind,
    url: str | None,
    *,
    identifier: str = "src",
    options: dict[str, Any] | None = None,
) -> DataSource:
    return DataSource(identifier=identifier, kind=kind, endpoint_url=url, options=options)


def table(
    name: str,
    columns: Sequence[str | tuple[str, Datatype]] = (),
    *,
    source_id: str = "src",
    source_table: str | None = None,
    query: str | None = None,
    file: str | None = None,
    script: Script | None = None,
    parameters: dict[str, Any] | None = None,
) -> Table:
    cols = [
        Column(name=c) if isinstance(c, str) else Column(name=c[0], datatype=c[1]) for c in columns
    ]
    return Table(
        url=f"{name}.csv",
        table_name=name,
        extraction=ExtractStep(
            from_source=source_id,
            source_table=source_table,
            query=query,
            file=file,
            script=script,
            parameters=parameters,
        ),
        table_schema=TableSchema(columns=cols),
    )


def read_chunks(session: SourceSession, tab: Table, chunk_rows: int) -> list[pd.DataFrame]:
    return list(session.reader(tab).chunks(chunk_rows))


def read_table(
    src: DataSource,
    tab: Table,
    chunk_rows: int = 1000,
    *,
    base_dir: Path,
    password: str | None = None,
) -> list[pd.DataFrame]:
    """Every chunk of `tab`, read in a session of its own."""
    with open_source_session(src, SourceAccess(base_dir, password)) as session:
        return read_chunks(session, tab, chunk_rows)


def assert_chunked(chunks: list[pd.DataFrame], total: int, chunk_rows: int) -> pd.DataFrame:
    """ceil(total / chunk_rows) chunks, all full but the last; returns them joined."""
    assert len(chunks) == math.ceil(total / chunk_rows)
    assert [len(c) for c in chunks[:-1]] == [chunk_rows] * (len(chunks) - 1)
    joined = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
    assert len(joined) == total
    return joined
