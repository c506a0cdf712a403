"""Reading file tables in chunks: CSV (encoding and delimiter declared or detected), Parquet,
JSON lines and Excel workbooks. Files are named relative to the source's folder.

Extraction `parameters` a file table may carry (the draft writes the detected ones):

* CSV: ``encoding`` (else detected: a BOM, UTF-8, or cp1251), ``delimiter`` (else detected
  among ``, ; tab |``), ``decimal`` (``","`` for a decimal comma), ``thousands`` (a grouping
  mark to drop from numbers), ``quotechar``. Every field stays text (no NA guessing: the
  column's `null` markers decide what is null); only columns declared decimal/double/float
  get their decimal mark made ``.``, since ``read_csv`` ignores ``decimal`` for text columns.
* Excel (.xlsx, .xlsm): ``sheet`` (a name or a 0-based index; default the first sheet). The
  first row is the header. Rows are streamed by openpyxl's read-only mode.
* JSON lines (.jsonl, .ndjson): one object a line; nested values become JSON text and
  non-integral numbers Decimal.
* Parquet: record batches of `chunk_rows` rows.

Memory holds one chunk (plus, for Parquet, one row group's decompressed pages).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd
import pyarrow.parquet as pq

from ..metadata.model import DataSource, Datatype, Table
from .csvfile import detect_delimiter as detect_text_delimiter
from .naming import unique_column_names
from .reading import SourceAccess, SourceUnreadable, check_chunk_rows, records_frame

ENCODINGS = ("utf-8-sig", "cp1251")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_NUMBERS = {Datatype.DECIMAL, Datatype.DOUBLE, Datatype.FLOAT}
_SAMPLE = 1 << 20


def detect_encoding(path: Path) -> str:
    """utf-8-sig (any UTF-8, with or without BOM) if the first MiB decodes, else cp1251."""
    with path.open("rb") as stream:
        sample = stream.read(_SAMPLE)
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        cut = exc.reason == "unexpected end of data" and len(sample) == _SAMPLE
        return "utf-8-sig" if cut else "cp1251"  # a character cut by the sample's end
    return "utf-8-sig"


def detect_delimiter(path: Path, encoding: str) -> str:
    """The delimiter among `, ; tab |` that splits the first records alike."""
    with path.open(encoding=encoding, errors="replace", newline="") as stream:
        sample = stream.read(1 << 16)
    return detect_text_delimiter(sample, complete=len(sample) < 1 << 16)


class FileTableReader:
    """One file of a file source (or a downloaded S3 object)."""

    def __init__(self, path: Path, table: Table, label: str | None = None) -> None:
        self.path = path
        self.table = table
        self.label = label or path.name
        self.params: dict[str, Any] = dict(table.extraction.parameters or {})
        self.suffix = path.suffix.lower()

    def estimate_rows(self) -> int | None:
        """The row count of a Parquet file (from its footer); None for the others."""
        if self.suffix == ".parquet":
            try:
                return int(pq.ParquetFile(self.path).metadata.num_rows)
            except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
                raise self._unreadable(exc) from None
        return None

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The rows, `chunk_rows` at a time, as the file holds them (CSV: all text)."""
        check_chunk_rows(chunk_rows)
        if self.suffix == ".parquet":
            read = self._parquet_chunks
        elif self.suffix in JSONL_SUFFIXES:
            read = self._jsonl_chunks
        elif self.suffix in EXCEL_SUFFIXES:
            read = self._excel_chunks
        elif self.suffix == ".xls":
            raise SourceUnreadable(f"{self.label}: .xls is not supported; save it as .xlsx")
        else:
            read = self._csv_chunks
        try:
            yield from read(chunk_rows)
        except SourceUnreadable:
            raise
        except (OSError, ValueError, KeyError, IndexError) as exc:
            raise self._unreadable(exc) from None
        except Exception as exc:  # pyarrow / openpyxl errors have no common base
            if type(exc).__module__.split(".")[0] in ("pyarrow", "openpyxl", "zipfile"):
                raise self._unreadable(exc) from None
            raise

    def _unreadable(self, exc: BaseException) -> SourceUnreadable:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return SourceUnreadable(f"table {self.table.table_name}: {self.label}: {text}")

    def _parquet_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        parquet = pq.ParquetFile(self.path)
        try:
            for batch in parquet.iter_batches(batch_size=chunk_rows):
                if batch.num_rows:
                    yield batch.to_pandas()
        finally:
            parquet.close()

    def _jsonl_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        encoding = self.params.get("encoding") or "utf-8-sig"
        columns = [c.name for c in self.table.table_schema.columns]
        with self.path.open(encoding=encoding) as stream:
            numbered = ((n, line) for n, line in enumerate(stream, 1) if line.strip())
            while batch := list(islice(numbered, chunk_rows)):
                yield records_frame([self._record(n, line) for n, line in batch], columns)

    def _record(self, number: int, line: str) -> Any:
        try:
            return json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise SourceUnreadable(
                f"table {self.table.table_name}: {self.label}, line {number}: not JSON ({exc.msg})"
            ) from None

    def _excel_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        # openpyxl's read-only mode streams the sheet's rows, so a chunk is all that is held of
        # them; the workbook's shared-strings table is still loaded whole when it opens.
        import openpyxl  # type: ignore[import-untyped, unused-ignore]

        book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            rows = _sheet(book, self.params.get("sheet"), self.label).iter_rows(values_only=True)
            header = list(next(rows, None) or [])
            while header and header[-1] is None:
                header.pop()
            names = unique_column_names("" if h is None else str(h) for h in header)
            width = len(names)
            data = (r[:width] for r in rows if any(v is not None for v in r))
            while batch := list(islice(data, chunk_rows)):
                padded = [tuple(r) + (None,) * (width - len(r)) for r in batch]
                yield pd.DataFrame.from_records(padded, columns=names, coerce_float=False)
        finally:
            book.close()

    def _csv_chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        encoding = self.params.get("encoding") or detect_encoding(self.path)
        delimiter = self.params.get("delimiter") or detect_delimiter(self.path, encoding)
        quotechar = str(self.params.get("quotechar") or '"')
        header = self._csv_header(encoding, delimiter, quotechar)
        if header is None:
            return  # an empty file: no rows
        reader = pd.read_csv(
            self.path,
            sep=delimiter,
            quotechar=quotechar,
            encoding=encoding,
            header=0,
            names=unique_column_names(header),  # as the draft named them (no `a.1`)
            index_col=False,  # a trailing delimiter must not shift the columns
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            chunksize=chunk_rows,
        )
        with reader:
            for chunk in reader:
                yield self._decimal_points(chunk)

    def _csv_header(self, encoding: str, delimiter: str, quotechar: str) -> list[str] | None:
        with self.path.open(encoding=encoding, newline="") as stream:
            return next(csv.reader(stream, delimiter=delimiter, quotechar=quotechar), None)

    def _decimal_points(self, chunk: pd.DataFrame) -> pd.DataFrame:
        """Numeric columns with a declared decimal comma (or thousands mark) in `.` form."""
        decimal = str(self.params.get("decimal") or ".")
        thousands = self.params.get("thousands")
        if decimal == "." and not thousands:
            return chunk
        for column in self.table.table_schema.columns:
            if column.datatype in _NUMBERS and column.name in chunk:
                text = chunk[column.name]
                if thousands:
                    text = text.str.replace(str(thousands), "", regex=False)
                if decimal != ".":
                    text = text.str.replace(decimal, ".", regex=False)
                chunk[column.name] = text
        return chunk


def _sheet(book: Any, wanted: Any, label: str) -> Any:
    if wanted is None:
        return book.worksheets[0]
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        if 0 <= wanted < len(book.worksheets):
            return book.worksheets[wanted]
    elif str(wanted) in book.sheetnames:
        return book[str(wanted)]
    raise SourceUnreadable(f"{label}: no sheet {wanted!r}; it has {', '.join(book.sheetnames)}")


class FileSession:
    """The files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def reader(self, table: Table) -> FileTableReader:
        """A reader of the table's `file` (relative to the folder)."""
        name = table.extraction.file or ""
        path = self.folder / name
        if not name or not path.is_file():
            raise SourceUnreadable(
                f"table {table.table_name}: file {name!r} does not exist in {self.folder}"
            )
        return FileTableReader(path, table, name)


@contextmanager
def open_file_session(source: DataSource, access: SourceAccess) -> Iterator[FileSession]:
    """The folder of a file source; a relative path starts at the module file's folder."""
    url = source.endpoint_url or "."
    folder = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    folder = folder if folder.is_absolute() else access.base_dir / folder
    if not folder.is_dir():
        raise SourceUnreadable(f"source {source.identifier}: folder {folder} does not exist")
    yield FileSession(folder)
