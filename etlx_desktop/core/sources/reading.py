"""The contract of extraction: a session per source, one reader per table, chunks of rows.

All tables of one database source are read inside one read-only REPEATABLE READ transaction,
so they come from one consistent snapshot and foreign keys agree across tables.

Every reader yields chunks of at most `chunk_rows` rows (the last one may be shorter), in
source order, and no chunk at all for an empty table; memory holds about one chunk at a time.
The helpers below are shared by the readers: re-chunking a stream of frames and turning JSON
records into a frame.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from ..metadata.model import DataSource, Table


class TableReader(Protocol):
    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The table's rows, `chunk_rows` at a time, raw (no type coercion yet)."""

    def estimate_rows(self) -> int | None:
        """How many rows to expect, when cheap to know (for progress)."""


class SourceSession(Protocol):
    def reader(self, table: Table) -> TableReader:
        """A reader of one table of this source (as its extraction step says)."""


@dataclass(frozen=True)
class SourceAccess:
    """What opening a source needs besides its metadata: the module file's folder and the
    resolved secret of the source (a password, a token or ``ACCESS:SECRET``), never shown."""

    base_dir: Path
    password: str | None = field(default=None, repr=False)
    # whole tables in bulk (PostgreSQL: COPY), for a run; a preview's reads stop early
    bulk: bool = False


class SourceUnreadable(Exception):
    """A source cannot be read (unreachable, missing table, bad file); names it, not secrets."""


class SessionOpener(Protocol):
    def __call__(
        self, source: DataSource, access: SourceAccess
    ) -> AbstractContextManager[SourceSession]: ...


def check_chunk_rows(chunk_rows: int) -> int:
    """`chunk_rows` if it is a positive integer; else a ValueError."""
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise ValueError(f"chunk_rows must be a positive integer, not {chunk_rows!r}")
    return chunk_rows


def slice_frame(frame: pd.DataFrame, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """`frame` in consecutive slices of `chunk_rows` rows (none if it is empty)."""
    for start in range(0, len(frame), chunk_rows):
        yield frame.iloc[start : start + chunk_rows].reset_index(drop=True)


def rechunk(frames: Iterable[pd.DataFrame], chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Frames of any sizes regrouped into chunks of exactly `chunk_rows` rows (the last one may
    be shorter), rows in order; holds at most one chunk plus one incoming frame."""
    pending: list[pd.DataFrame] = []
    held = 0
    for frame in frames:
        if len(frame) == 0:
            continue
        pending.append(frame)
        held += len(frame)
        if held < chunk_rows:
            continue
        combined = _concat(pending)
        whole = (held // chunk_rows) * chunk_rows
        yield from slice_frame(combined.iloc[:whole], chunk_rows)
        rest = combined.iloc[whole:]
        pending, held = ([rest], len(rest)) if len(rest) else ([], 0)
    if held:
        yield _concat(pending)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)


def records_frame(records: Sequence[Any], columns: Sequence[str] = ()) -> pd.DataFrame:
    """A frame of JSON records: one column per key (`columns` first, then keys in order of
    appearance); nested objects and arrays become JSON text; a record that is not an object
    goes into a column `value`."""
    rows = [r if isinstance(r, dict) else {"value": r} for r in records]
    names = list(dict.fromkeys([*columns, *(key for row in rows for key in row)]))
    data = {name: [_flat(row.get(name)) for row in rows] for name in names}
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in data.items()})


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def _json_default(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else str(value)
