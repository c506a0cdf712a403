"""Drafting a data module from data files: a CSV, Parquet, JSON-lines or .xlsx file, or a folder.

The source is the folder (for a single file, the folder holding it), written as given; each
table's extraction names its file relative to that folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..metadata import (
    Column,
    DataModule,
    DataSource,
    ExtractStep,
    NullStrategy,
    SourceKind,
    Table,
    TableSchema,
)
from .csvfile import read_csv_table
from .errors import DraftError, UnknownTable, UnsupportedSource
from .filetables import FileColumn, FileTable
from .naming import check_source_id, module_identifier, table_name, title_of, unique_names
from .selection import wanted_names
from .typedfiles import read_jsonl_table, read_parquet_table, read_workbook_tables

DEFAULT_SOURCE_ID = "files"
Reader = Callable[[Path, str], list[FileTable]]
_READERS: dict[str, Reader] = {
    ".csv": lambda path, rel: [read_csv_table(path, rel)],
    ".tsv": lambda path, rel: [read_csv_table(path, rel)],
    ".parquet": lambda path, rel: [read_parquet_table(path, rel)],
    ".jsonl": lambda path, rel: [read_jsonl_table(path, rel)],
    ".ndjson": lambda path, rel: [read_jsonl_table(path, rel)],
    ".xlsx": read_workbook_tables,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def draft_from_file(
    path: str | Path,
    *,
    name: str | None = None,
    tables: Sequence[str] | None = None,
    source_id: str = DEFAULT_SOURCE_ID,
) -> DataModule:
    """A draft module from a data file, or from every supported file of a folder.

    Column types are guessed from the first rows (CSV, JSON lines, sheets) or read from the
    schema (Parquet). A folder's unreadable files are skipped and named in the description.
    `tables` keeps only the tables of those names (table or file names).
    """
    check_source_id(source_id)
    given = os.fspath(path)
    target = Path(given)
    if target.is_dir():
        folder, files = given, _folder_files(target)
    elif target.is_file():
        folder, files = os.path.dirname(given) or ".", [_supported(target)]
    else:
        raise UnsupportedSource(f"no such file or folder: {given}")
    found, skipped = _read_all(files, strict=not target.is_dir())
    chosen = _pick(_named(found), wanted_names(tables))
    stem = Path(given).resolve().name if target.is_dir() else target.stem
    description = f"Drafted from {len(files)} file(s) in {folder}."
    if skipped:
        description += " Skipped: " + "; ".join(skipped) + "."
    return DataModule(
        identifier=module_identifier(name or stem),
        title=name or title_of(stem),
        description=description,
        version=1,
        data_sources=[
            DataSource(
                identifier=source_id,
                kind=SourceKind.FILE,
                title=f"Files in {folder}",
                endpoint_url=folder,
            )
        ],
        tables=_tables(chosen, source_id),
    )


def _supported(file: Path) -> Path:
    if file.suffix.lower() not in _READERS:
        raise UnsupportedSource(
            f"{file.name}: unsupported file type; supported: {', '.join(SUPPORTED_SUFFIXES)}."
        )
    return file


def _folder_files(folder: Path) -> list[Path]:
    files = sorted(
        entry
        for entry in folder.iterdir()
        if entry.is_file()
        and entry.suffix.lower() in _READERS
        and not entry.name.startswith((".", "~$"))
    )
    if not files:
        raise UnsupportedSource(
            f"{folder} holds no supported files ({', '.join(SUPPORTED_SUFFIXES)})."
        )
    return files


def _read_all(files: list[Path], *, strict: bool) -> tuple[list[FileTable], list[str]]:
    """The tables of every file; with `strict` off, a file that cannot be read is skipped."""
    found: list[FileTable] = []
    skipped: list[str] = []
    for file in files:
        try:
            found += _READERS[file.suffix.lower()](file, file.name)
        except (DraftError, OSError) as exc:
            if strict:
                raise
            skipped.append(f"{file.name} ({exc})")
    if not found:
        raise UnsupportedSource("no table could be read: " + "; ".join(skipped))
    return found, skipped


def _named(found: list[FileTable]) -> list[tuple[str, FileTable]]:
    """Each table with its table name: sanitized from its file (and sheet), made unique."""
    names = unique_names(table_name(t.base_name) for t in found)
    return list(zip(names, found, strict=True))


def _pick(
    named: list[tuple[str, FileTable]], wanted: list[str] | None
) -> list[tuple[str, FileTable]]:
    """The tables called (or read from a file called) one of `wanted`, in that order."""
    if wanted is None:
        return named
    picked: list[tuple[str, FileTable]] = []
    for word in wanted:
        matches = [pair for pair in named if word in (pair[0], pair[1].file)]
        if not matches:
            listed = ", ".join(name for name, _ in named)
            raise UnknownTable(f"unknown table '{word}'. Tables: {listed}.")
        picked += [pair for pair in matches if pair not in picked]
    return picked


def _tables(named: list[tuple[str, FileTable]], source_id: str) -> list[Table]:
    return [
        Table(
            url=f"tables/{name}",
            table_name=name,
            title=title_of(name),
            extraction=ExtractStep(
                from_source=source_id, file=table.file, parameters=table.parameters
            ),
            table_schema=TableSchema(columns=[_column(c) for c in table.columns]),
        )
        for name, table in named
    ]


def _column(column: FileColumn) -> Column:
    return Column(
        name=column.name,
        datatype=column.datatype,
        required=True if column.required else None,
        null=list(column.null_markers),
        null_strategy=NullStrategy.REJECT if column.required else NullStrategy.KEEP,
    )
