"""Scanning a module or a source: read a sample of each table, detect, suggest.

`scan_frames` is the pure part (samples in, suggestions out); `scan_module` reads the samples
through the sources' sessions (one snapshot per source, the first `sample_rows` rows of each
table); `scan_source` drafts a module from a database URL or files first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from ...metadata.model import Column, DataModule, DataSource, Table
from ...secretstore import MissingSecret, resolve_secret
from ...sources.reading import SessionOpener, SourceAccess, SourceUnreadable
from .combine import Detection, detect_column
from .keys import Ref, key_map
from .result import ColumnScan, ScanResult, TableScan
from .sample import DEFAULT_VALUES, column_sample
from .suggest import ColumnFacts, suggest_table

DEFAULT_ROWS = 1000
Resolver = Callable[[str, Path | None], str]


def scan_frames(
    module: DataModule,
    frames: Mapping[str, pd.DataFrame],
    *,
    errors: Mapping[str, str] | None = None,
    sample_rows: int = DEFAULT_ROWS,
    today: date | None = None,
) -> ScanResult:
    """Suggestions for `module` from a sample frame per table (a table without one, or with an
    error, is judged by its column names alone)."""
    errors = errors or {}
    today = today or date.today()
    facts: dict[str, dict[str, ColumnFacts]] = {}
    for table in module.tables:
        frame = frames.get(table.table_name, pd.DataFrame())
        facts[table.table_name] = {
            column.name: _facts(column, frame, today) for column in table.table_schema.columns
        }
    detections: dict[Ref, Detection] = {
        (t, c): fact.detection
        for t, columns in facts.items()
        for c, fact in columns.items()
        if fact.detection is not None
    }
    keys = key_map(module, detections)
    scans = []
    for table in module.tables:
        table_facts = facts[table.table_name]
        found = suggest_table(module, table, table_facts, keys)
        columns = tuple(
            ColumnScan(
                column=name,
                values_sampled=len(fact.sample),
                suggestion=found.get(name),
                current_method=fact.column.anonymization.method
                if fact.column.anonymization
                else None,
                current_category=fact.column.personal_data,
            )
            for name, fact in table_facts.items()
        )
        rows = len(frames.get(table.table_name, ()))
        scans.append(TableScan(table.table_name, rows, columns, errors.get(table.table_name)))
    return ScanResult(module, sample_rows, scans)


def _facts(column: Column, frame: pd.DataFrame, today: date) -> ColumnFacts:
    values = frame[column.name] if column.name in frame.columns else pd.Series([], dtype=object)
    sample = column_sample(values, null_markers=column.null, limit=DEFAULT_VALUES)
    return ColumnFacts(column, sample, detect_column(column.name, sample, today=today))


def scan_module(
    module: DataModule,
    base_dir: Path,
    *,
    sample_rows: int = DEFAULT_ROWS,
    open_session: SessionOpener | None = None,
    passwords: Mapping[str, str | None] | None = None,
    resolve: Resolver = resolve_secret,
    today: date | None = None,
) -> ScanResult:
    """Read the first `sample_rows` rows of every table of `module` and suggest categories and
    rules for its personal columns. A source's password comes from `passwords` (by source
    identifier) or else from its secretRef. A table that cannot be read is reported in its
    TableScan's `error` and judged by its column names alone."""
    if sample_rows < 1:
        raise ValueError(f"sample_rows must be at least 1, not {sample_rows}")
    if open_session is None:
        from ...sources.sessions import open_source_session

        open_session = open_source_session
    frames: dict[str, pd.DataFrame] = {}
    errors: dict[str, str] = {}
    for source in module.data_sources:
        tables = [t for t in module.tables if t.extraction.from_source == source.identifier]
        if tables:
            access = _access(source, base_dir, passwords or {}, resolve, tables, errors)
            if access is not None:
                _read(source, access, tables, sample_rows, open_session, frames, errors)
    return scan_frames(module, frames, errors=errors, sample_rows=sample_rows, today=today)


def _access(
    source: DataSource,
    base_dir: Path,
    passwords: Mapping[str, str | None],
    resolve: Resolver,
    tables: Sequence[Table],
    errors: dict[str, str],
) -> SourceAccess | None:
    if source.identifier in passwords or not source.secret_ref:
        return SourceAccess(base_dir, passwords.get(source.identifier))
    try:
        return SourceAccess(base_dir, resolve(source.secret_ref, base_dir))
    except MissingSecret as exc:
        errors.update({t.table_name: str(exc) for t in tables})
        return None


def _read(
    source: DataSource,
    access: SourceAccess,
    tables: Sequence[Table],
    sample_rows: int,
    open_session: SessionOpener,
    frames: dict[str, pd.DataFrame],
    errors: dict[str, str],
) -> None:
    """The first `sample_rows` rows of each table of one source, in one session."""
    try:
        with open_session(source, access) as session:
            for table in tables:
                try:
                    first = next(iter(session.reader(table).chunks(sample_rows)), None)
                except (SourceUnreadable, OSError, ValueError) as exc:
                    errors[table.table_name] = str(exc)
                    continue
                frames[table.table_name] = (
                    pd.DataFrame() if first is None else first.head(sample_rows)
                )
    except (SourceUnreadable, OSError) as exc:
        errors.update({t.table_name: str(exc) for t in tables if t.table_name not in frames})


def scan_source(
    source: str,
    schema: str | None = None,
    tables: Sequence[str] | None = None,
    *,
    sample_rows: int = DEFAULT_ROWS,
    today: date | None = None,
) -> ScanResult:
    """Draft a module from a database URL or a data file/folder (`draft_module`), then scan it.

    The URL's password, if any, is used to read the sample and kept nowhere else.
    """
    from ...sources import draft_module
    from ...sources.dburl import is_database_url, parse_database_url

    module = draft_module(source, schema=schema, tables=tables)
    passwords: dict[str, str | None] = {}
    if is_database_url(source):
        password = parse_database_url(source).url.password
        passwords = {s.identifier: password for s in module.data_sources}
    return scan_module(
        module, Path.cwd(), sample_rows=sample_rows, passwords=passwords, today=today
    )
