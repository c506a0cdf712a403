"""Reading a CSV file's shape: its encoding, its delimiter and a sample of its rows."""

from __future__ import annotations

import csv
import io
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import UnsupportedSource
from .filetables import SAMPLE_ROWS, FileColumn, FileTable
from .infer import guess_texts
from .naming import unique_column_names

DELIMITERS = (",", ";", "\t", "|")
_BOM = b"\xef\xbb\xbf"
_HEAD_BYTES = 64 * 1024
_SNIFF_RECORDS = 50


def read_csv_table(path: Path, relative: str) -> FileTable:
    """The columns of a CSV file, typed from its first rows, with its encoding and delimiter."""
    head = _head(path)
    encoding = "utf-8-sig" if head.startswith(_BOM) else _text_encoding(head)
    try:
        return _read(path, relative, encoding, head)
    except UnicodeDecodeError:
        if encoding == "cp1251":
            raise UnsupportedSource(f"{relative} is not UTF-8 or cp1251 text.") from None
        return _read(path, relative, "cp1251", head)


def _read(path: Path, relative: str, encoding: str, head: bytes) -> FileTable:
    complete = len(head) < _HEAD_BYTES
    delimiter = detect_delimiter(head.decode(encoding, errors="replace"), complete=complete)
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise UnsupportedSource(f"{relative} is empty.")
        rows = [row for row in islice(reader, SAMPLE_ROWS) if row]
    parameters: dict[str, Any] = {"encoding": encoding, "delimiter": delimiter}
    columns = []
    for index, name in enumerate(unique_column_names(header)):
        guess = guess_texts(
            (row[index] if index < len(row) else "" for row in rows),
            comma_decimals=delimiter != ",",
        )
        if guess.comma_decimal:
            parameters["decimal"] = ","
        markers = ("",) if guess.has_nulls else ()
        columns.append(FileColumn(name, guess.datatype, null_markers=markers))
    return FileTable(relative, Path(relative).stem, columns, parameters)


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(_HEAD_BYTES)


def _text_encoding(head: bytes) -> str:
    """utf-8 if the first bytes decode as UTF-8 (a cut last character allowed), else cp1251."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut_at_end = exc.reason == "unexpected end of data" and exc.end == len(head)
        return "utf-8" if cut_at_end else "cp1251"
    return "utf-8"


def detect_delimiter(text: str, *, complete: bool = True) -> str:
    """The delimiter among `, ; tab |`: csv.Sniffer's choice, checked against the rows.

    The Sniffer may prefer `,` in `1;12,50` (the decimal comma is as regular as the `;`), so
    its choice is kept only if it splits the first records into as many fields as the best
    candidate, every record alike.
    """
    widths = {d: _width(text, d, complete) for d in DELIMITERS}
    best = max(widths.values())
    try:
        sniffed = csv.Sniffer().sniff(text[:_HEAD_BYTES], delimiters="".join(DELIMITERS))
        choice: str | None = sniffed.delimiter
    except csv.Error:
        choice = None
    if choice is not None and widths.get(choice) == best:
        return choice
    if best == 0:
        return choice or ","
    return next(d for d in DELIMITERS if widths[d] == best)


def _width(text: str, delimiter: str, complete: bool) -> int:
    """Fields per record if every sampled record has the same number (more than one), else 0."""
    records = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
    if not complete and len(records) > 1:
        records = records[:-1]  # the head may end inside the last record
    counts = {len(r) for r in records[:_SNIFF_RECORDS]}
    if len(counts) != 1:
        return 0
    width = counts.pop()
    return width if width > 1 else 0
