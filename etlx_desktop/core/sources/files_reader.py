"""Reading file tables in chunks: CSV (encoding and delimiter declared or detected), Parquet,
JSON lines and Excel. Files are named relative to the source's folder."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from ..metadata.model import DataSource, Table
from .reading import SourceAccess, SourceUnreadable

ENCODINGS = ("utf-8-sig", "cp1251")


def detect_encoding(path: Path) -> str:
    sample = path.open("rb").read(1 << 20)
    for encoding in ENCODINGS:
        try:
            sample.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(sample) - 4:
                return encoding  # a multibyte character cut by the sample's end
    return "latin-1"


def detect_delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as stream:
        sample = stream.read(1 << 16)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


class FileTableReader:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.table = table
        self.params: dict[str, Any] = dict(table.extraction.parameters or {})

    def estimate_rows(self) -> int | None:
        if self.path.suffix.lower() == ".parquet":
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        return None

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        suffix = self.path.suffix.lower()
        if suffix == ".parquet":
            parquet = pq.ParquetFile(self.path)
            for batch in parquet.iter_batches(batch_size=chunk_rows):
                yield batch.to_pandas()
        elif suffix in (".jsonl", ".ndjson"):
            yield from pd.read_json(self.path, lines=True, chunksize=chunk_rows, dtype=False)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            frame = pd.read_excel(self.path, sheet_name=self.params.get("sheet", 0), dtype=object)
            for start in range(0, len(frame), chunk_rows):
                yield frame.iloc[start : start + chunk_rows]
        else:
            yield from self._csv_chunks(chunk_rows)

    def _csv_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        encoding = self.params.get("encoding") or detect_encoding(self.path)
        delimiter = self.params.get("delimiter") or detect_delimiter(self.path, encoding)
        yield from pd.read_csv(
            self.path,
            sep=delimiter,
            encoding=encoding,
            dtype=str,
            keep_default_na=False,
            chunksize=chunk_rows,
        )


class FileSession:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def reader(self, table: Table) -> FileTableReader:
        name = table.extraction.file or ""
        path = self.folder / name
        if not path.is_file():
            raise SourceUnreadable(
                f"table {table.table_name}: file {name} does not exist in {self.folder}"
            )
        return FileTableReader(path, table)


@contextmanager
def open_file_session(source: DataSource, access: SourceAccess) -> Iterator[FileSession]:
    folder = Path(source.endpoint_url or ".")
    if str(folder).startswith("file:"):
        folder = Path(str(folder)[5:])
    folder = folder if folder.is_absolute() else access.base_dir / folder
    if not folder.is_dir():
        raise SourceUnreadable(f"source {source.identifier}: folder {folder} does not exist")
    yield FileSession(folder)
