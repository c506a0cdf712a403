"""Local table files of a version being written: Parquet or CSV, streamed chunk by chunk.

Shared by the folder store (which writes straight into its partial directory) and the S3 store
(which writes to a temporary directory and uploads each finished file). Memory stays bounded by
one chunk: a Parquet file gets one row group per chunk, a CSV file one block of lines.

CSV files hold a header line; nulls are empty unquoted fields and text is always quoted, so an
empty string ("") stays distinct from null. Durations are written as whole microseconds and
binary values as lower-case hex.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..metadata.model import FileFormat, TableSchema
from .arrow import STORED_TYPES, ChunkEncoder, field_datatype, from_arrow, quarantine_to_arrow
from .common import WriterLifecycle
from .names import check_table_name

TABLES_DIR = "tables"
QUARANTINE_DIR = "quarantine"
METADATA_FILE = "metadata.jsonld"
MANIFEST_FILE = "manifest.json"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_path(path: Path) -> None:
    """Flush a file or directory to disk (directories only where the OS allows it)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def csv_text_table(table: pa.Table) -> pa.Table:
    """`table` with durations as whole microseconds and binary values as hex text."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for fld, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_duration(fld.type):
            column = column.cast(pa.int64())
        elif pa.types.is_binary(fld.type):
            column = pa.array(
                [None if v is None else v.hex() for v in column.to_pylist()], type=pa.string()
            )
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.schema.names)


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return csv_text_table(schema.empty_table()).schema


@dataclass
class WrittenFile:
    """A finished local file of a version: its path inside the version and its checksum."""

    name: str
    path: Path
    rows: int
    sha256: str
    size: int
    columns: list[dict[str, str]] = field(default_factory=list)


class TableFile:
    """One table (or quarantine) file, open until `close`."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: FileFormat) -> None:
        self.path = path
        self.schema = schema
        self.fmt = fmt
        self.rows = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pa_csv.CSVWriter | None = None
        if fmt is FileFormat.PARQUET:
            self._parquet = pq.ParquetWriter(path, schema, compression="zstd")
        else:
            self._csv = pa_csv.CSVWriter(path, _csv_schema(schema))

    def write(self, table: pa.Table) -> None:
        """Append one chunk (already cast to the file's schema)."""
        if self._parquet is not None:
            self._parquet.write_table(table)
        elif self._csv is not None:
            self._csv.write_table(csv_text_table(table))
        self.rows += table.num_rows

    def close(self) -> None:
        """Finish the file; safe to call more than once."""
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._csv is not None:
            self._csv.close()
            self._csv = None


class LocalVersionFiles:
    """The table and quarantine files of one version, written under a local directory."""

    def __init__(self, directory: Path, fmt: FileFormat) -> None:
        self.directory = directory
        self.fmt = fmt
        self._encoders: dict[str, ChunkEncoder] = {}
        self._open: dict[str, TableFile] = {}
        self._done: dict[str, WrittenFile] = {}

    def table_file(self, table: str) -> str:
        """Path of a table's file inside the version."""
        return f"{TABLES_DIR}/{table}.{self.fmt.value}"

    @staticmethod
    def quarantine_file(table: str) -> str:
        """Path of a table's quarantine file inside the version (always Parquet)."""
        return f"{QUARANTINE_DIR}/{table}.parquet"

    def write(self, table: str, frame: pd.DataFrame, schema: TableSchema) -> None:
        """Append a chunk of `table`."""
        check_table_name(table)
        name = self.table_file(table)
        encoder = self._encoders.get(table)
        if encoder is None:
            encoder = self._encoders[table] = ChunkEncoder(schema)
        chunk = encoder.encode(frame)
        self._file(name, chunk.schema, self.fmt).write(chunk)

    def write_quarantine(self, table: str, frame: pd.DataFrame) -> None:
        """Append rejected rows of `table`."""
        check_table_name(table)
        name = self.quarantine_file(table)
        current = self._open.get(name)
        chunk = quarantine_to_arrow(frame, current.schema if current else None)
        self._file(name, chunk.schema, FileFormat.PARQUET).write(chunk)

    def _file(self, name: str, schema: pa.Schema, fmt: FileFormat) -> TableFile:
        if name in self._done:
            raise ValueError(f"{name} was already ended; a table cannot be written again")
        handle = self._open.get(name)
        if handle is None:
            handle = self._open[name] = TableFile(self.directory / name, schema, fmt)
        return handle

    def end(self, table: str) -> list[WrittenFile]:
        """Close the files of `table` (table and quarantine); returns those just finished."""
        names = [self.table_file(table), self.quarantine_file(table)]
        return [self._finish(name) for name in names if name in self._open]

    def end_all(self) -> list[WrittenFile]:
        """Close every file still open; returns those just finished."""
        return [self._finish(name) for name in list(self._open)]

    def _finish(self, name: str) -> WrittenFile:
        handle = self._open.pop(name)
        handle.close()
        fsync_path(handle.path)
        columns = [_column_entry(f) for f in handle.schema]
        done = WrittenFile(
            name=name,
            path=handle.path,
            rows=handle.rows,
            sha256=sha256_file(handle.path),
            size=handle.path.stat().st_size,
            columns=columns,
        )
        self._done[name] = done
        return done

    def close_quietly(self) -> None:
        """Close every open file without checksums (used when aborting)."""
        for handle in self._open.values():
            # an abort must go on whatever state the writer was left in
            with contextlib.suppress(Exception):
                handle.close()
        self._open.clear()

    @property
    def finished(self) -> dict[str, WrittenFile]:
        """Every finished file by its path inside the version."""
        return dict(self._done)

    def manifest_part(self) -> dict[str, Any]:
        """The manifest entries describing the finished files."""
        tables: dict[str, Any] = {}
        quarantine: dict[str, Any] = {}
        for name, done in self._done.items():
            folder, _, file = name.partition("/")
            table = file.rsplit(".", 1)[0]
            entry = {"file": name, "rows": done.rows, "columns": done.columns}
            (tables if folder == TABLES_DIR else quarantine)[table] = entry
        return {
            "format": self.fmt.value,
            "tables": dict(sorted(tables.items())),
            "quarantine": dict(sorted(quarantine.items())),
            "row_counts": {t: e["rows"] for t, e in sorted(tables.items())},
            "files": {
                name: {"sha256": d.sha256, "bytes": d.size} for name, d in self._done.items()
            },
        }


def _column_entry(fld: pa.Field) -> dict[str, str]:
    entry = {"name": fld.name, "type": str(fld.type)}
    datatype = field_datatype(fld)
    if datatype is not None:
        entry["datatype"] = datatype.value
    return entry


def read_table_file(source: Path | bytes, entry: dict[str, Any], fmt: str) -> pd.DataFrame:
    """Read a stored table file back into pandas; `entry` is its manifest entry."""
    if fmt == FileFormat.PARQUET.value:
        data = io.BytesIO(source) if isinstance(source, bytes) else source
        return from_arrow(pq.read_table(data))
    schema = pa.schema([(c["name"], STORED_TYPES[c["type"]]) for c in entry["columns"]])
    text_schema = _csv_schema(schema)
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    table = pa_csv.read_csv(
        stream,
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict(zip(text_schema.names, text_schema.types, strict=True)),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    return from_arrow(csv_untext_table(table.select(schema.names), schema))


def csv_untext_table(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Undo `csv_text_table`: microseconds back to durations, hex back to bytes."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for fld, column in zip(schema, table.columns, strict=True):
        if pa.types.is_duration(fld.type):
            column = column.cast(pa.int64()).cast(fld.type)
        elif pa.types.is_binary(fld.type):
            column = pa.array(
                [None if v is None else bytes.fromhex(v) for v in column.to_pylist()],
                type=pa.binary(),
            )
        else:
            column = column.cast(fld.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


class SpooledWriter(WriterLifecycle):
    """A version writer whose chunks go to local files first (`self._files`)."""

    _files: LocalVersionFiles

    def write(self, table: str, frame: pd.DataFrame, schema: TableSchema) -> None:
        """Append a chunk of cleansed rows to `table`."""
        self._check_open()
        self._files.write(table, frame, schema)

    def write_quarantine(self, table: str, frame: pd.DataFrame) -> None:
        """Append rejected rows of `table`."""
        self._check_open()
        self._files.write_quarantine(table, frame)
