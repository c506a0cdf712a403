"""Reading the shape of typed data files: Parquet, JSON lines and Excel workbooks."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from ..metadata import Datatype
from .errors import UnsupportedSource
from .filetables import SAMPLE_ROWS, FileColumn, FileTable
from .infer import guess_values
from .naming import unique_column_names

# (test, datatype): the first test a Parquet column's Arrow type passes decides its datatype.
_ARROW_TYPES: tuple[tuple[str, Datatype], ...] = (
    ("is_boolean", Datatype.BOOLEAN),
    ("is_int8", Datatype.SHORT),
    ("is_int16", Datatype.SHORT),
    ("is_uint8", Datatype.SHORT),
    ("is_int32", Datatype.INTEGER),
    ("is_uint16", Datatype.INTEGER),
    ("is_int64", Datatype.LONG),
    ("is_uint32", Datatype.LONG),
    ("is_uint64", Datatype.INTEGER),
    ("is_float16", Datatype.FLOAT),
    ("is_float32", Datatype.FLOAT),
    ("is_float64", Datatype.DOUBLE),
    ("is_decimal", Datatype.DECIMAL),
    ("is_date", Datatype.DATE),
    ("is_timestamp", Datatype.DATETIME),
    ("is_time", Datatype.TIME),
    ("is_duration", Datatype.DURATION),
    ("is_nested", Datatype.JSON),
    ("is_binary", Datatype.BINARY),
    ("is_large_binary", Datatype.BINARY),
    ("is_fixed_size_binary", Datatype.BINARY),
)


def read_parquet_table(path: Path, relative: str) -> FileTable:
    """The columns of a Parquet file, typed from its schema."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as exc:
        raise UnsupportedSource(f"{relative} is not a readable Parquet file: {exc}") from None
    names = unique_column_names(str(field.name) for field in schema)
    columns = [
        FileColumn(name, arrow_datatype(field.type), required=not field.nullable)
        for name, field in zip(names, schema, strict=True)
    ]
    return FileTable(relative, Path(relative).stem, columns)


def arrow_datatype(arrow_type: Any) -> Datatype:
    """The datatype of an Arrow type (a dictionary-encoded column by its values)."""
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        return arrow_datatype(arrow_type.value_type)
    for test, datatype in _ARROW_TYPES:
        if getattr(pa.types, test)(arrow_type):
            return datatype
    return Datatype.STRING


def read_jsonl_table(path: Path, relative: str) -> FileTable:
    """The columns of a JSON-lines file (one object a line), typed from its first records."""
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                records.append(_record(line, relative, number))
            if len(records) >= SAMPLE_ROWS:
                break
    if not records:
        raise UnsupportedSource(f"{relative} holds no JSON records.")
    keys = list(dict.fromkeys(key for record in records for key in record))
    columns = [
        FileColumn(name, guess_values(record.get(key) for record in records).datatype)
        for name, key in zip(unique_column_names(keys), keys, strict=True)
    ]
    return FileTable(relative, Path(relative).stem, columns)


def _record(line: str, relative: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(line, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise UnsupportedSource(f"{relative}, line {number}: not JSON ({exc.msg}).") from None
    if not isinstance(value, dict):
        raise UnsupportedSource(f"{relative}, line {number}: a JSON object is expected.")
    return value


def read_workbook_tables(path: Path, relative: str) -> list[FileTable]:
    """One table per non-empty sheet of an .xlsx workbook, typed from its first rows."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnsupportedSource(f"{relative} is not a readable .xlsx workbook: {exc}") from None
    try:
        sheets = list(book.worksheets)
        stem = Path(relative).stem
        tables = []
        for sheet in sheets:
            base = stem if len(sheets) == 1 else f"{stem}_{sheet.title}"
            table = _sheet_table(sheet, relative, base)
            if table is not None:
                tables.append(table)
        return tables
    finally:
        book.close()


def _sheet_table(sheet: Any, relative: str, base: str) -> FileTable | None:
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows, None) or [])
    while header and header[-1] is None:
        header.pop()
    if not header:
        return None
    sample = [row for row in islice(rows, SAMPLE_ROWS) if any(v is not None for v in row)]
    names = unique_column_names("" if h is None else str(h) for h in header)
    columns = []
    for index, name in enumerate(names):
        values = (row[index] if index < len(row) else None for row in sample)
        columns.append(FileColumn(name, guess_values(values).datatype))
    return FileTable(relative, base, columns, {"sheet": sheet.title})
