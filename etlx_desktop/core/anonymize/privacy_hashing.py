"""64-bit hashes of column values in a canonical text form, and sorted sets of them that grow
chunk by chunk.

The privacy checks compare values across chunks and tables without keeping the values: each
value becomes a 64-bit hash of its canonical text (`privacy_text`, as `as_text` spells it: 5,
5.0 and "5" are the same value, so an integer key still meets its decimal foreign key), hashed
from the text's UTF-8 bytes in numpy (`privacy_texthash`; no seed, so every process and chunk
agrees). Two different values share a hash with probability 2^-64 per pair: a check can report
a false match with probability about n·m/2^64 for n and m distinct values (under 10^-5 for ten
million of each), and never misses a real one, since equal values always hash alike.

Memory: a `HashBag` (`privacy_bags`) holds 16 bytes per distinct hash (hash and row count; 8
without counts), plus the hashes of the chunks since it last merged them (at most as many as it
holds, or 65,536); merging briefly takes about as much again. The bags of a run share one
budget (`privacy_spill.DEFAULT_BUDGET`, 16 MiB): past it the largest write their hashes to
temporary files, partitioned by the hash's top 8 bits, and the checks read them back one
partition at a time, so a run's checks take at most about the budget (plus a merge's copy)
whatever the table's size. The files hold hashes and counts only, never a value, in a
temporary folder removed once the checks have reported. A run under the budget never spills.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow.compute as pc

from .privacy_arrays import EMPTY_COUNTS as _EMPTY_COUNTS
from .privacy_arrays import EMPTY_HASHES as _EMPTY_HASHES
from .privacy_arrays import Counts as Counts
from .privacy_arrays import Hashes as Hashes
from .privacy_arrays import contains as contains
from .privacy_arrays import unique_counts as unique_counts
from .privacy_bags import HashBag as HashBag
from .privacy_text import canonical_arrow, text_column
from .privacy_texthash import NULL_HASH as NULL_HASH
from .privacy_texthash import hash_text
from .privacy_texthash import mix as _mix

_STEP = np.uint64(0x100000001B3)
_SAMPLE = 2048  # rows whose distinct values tell whether a column repeats its values


def canonical_text(values: pd.Series) -> npt.NDArray[np.object_]:
    """The values spelled as `as_text` spells them, in an object array (a null stays a null)."""
    text = canonical_arrow(values)
    out: npt.NDArray[np.object_] = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
    return out


class Hashed:
    """A column's hashes: per row, and per distinct non-null value with its row count (given,
    or found from the row hashes when first asked for)."""

    def __init__(
        self,
        rows: Hashes,
        present: npt.NDArray[np.bool_],
        distinct: Hashes | None = None,
        counts: Counts | None = None,
    ) -> None:
        self.rows = rows  # NULL_HASH where null
        self.present = present  # the non-null rows
        self._found = (distinct, counts) if distinct is not None and counts is not None else None

    @property
    def distinct(self) -> Hashes:
        """One hash per distinct value (two values spelled alike share a hash)."""
        return self._distinct_counts()[0]

    @property
    def counts(self) -> Counts:
        """Rows per entry of `distinct`."""
        return self._distinct_counts()[1]

    def _distinct_counts(self) -> tuple[Hashes, Counts]:
        if self._found is None:
            values = self.rows[self.present]
            if len(values) == 0:
                self._found = _EMPTY_HASHES, _EMPTY_COUNTS
            else:
                codes, uniques = pd.factorize(values)
                counts: Counts = np.bincount(codes, minlength=len(uniques)).astype(np.int64)
                self._found = np.asarray(uniques, dtype=np.uint64), counts
        return self._found

    def values(self) -> tuple[Hashes, Counts | None]:
        """(`distinct`, `counts`) if already found, else (the non-null rows' hashes, None):
        their set is the same, and a bag that sorts them anyway spares the hash table."""
        if self._found is not None:
            return self._found
        return self.rows[self.present], None


def hash_distinct(values: pd.Series) -> Hashed:
    """Hash every value's canonical text (`privacy_text`, `privacy_texthash`).

    Text and numbers with mostly distinct values are spelled and hashed row by row in Arrow
    and numpy; a column that repeats its values (a sample of its first rows says so), and one
    of Python objects or datetimes, is factorized first, so each distinct value is spelled and
    hashed once."""
    if text_column(values) and not _repeats(values):
        text = canonical_arrow(values)
        present = np.asarray(pc.is_valid(text).to_numpy(zero_copy_only=False), dtype=bool)
        return Hashed(hash_text(text), present)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable values (lists, dicts): each row's text stands alone
        text_values = values.map(lambda v: v if v is None else str(v)).astype(object)
        codes, uniques = pd.factorize(text_values, use_na_sentinel=True)
    distinct = hash_text(canonical_arrow(pd.Series(uniques))) if len(uniques) else _EMPTY_HASHES
    present = codes >= 0
    rows = np.full(len(codes), NULL_HASH, dtype=np.uint64)
    rows[present] = distinct[codes[present]]
    counts = np.bincount(codes[present], minlength=len(distinct)).astype(np.int64)
    return Hashed(rows, present, distinct, counts)


def _repeats(values: pd.Series) -> bool:
    """Whether the first rows of a long column repeat their values (half or more repeats)."""
    if len(values) < 2 * _SAMPLE:
        return True
    return len(pd.unique(values.iloc[:_SAMPLE])) <= _SAMPLE // 2


def hash_column(values: pd.Series) -> Hashes:
    """One hash per row of the value's canonical text; nulls hash to NULL_HASH."""
    return hash_distinct(values).rows


class ChunkHashes:
    """The hashes of one chunk's columns before and after anonymization, each computed once; an
    output column equal to its original reuses the original's hashes."""

    def __init__(self, before: pd.DataFrame, after: pd.DataFrame) -> None:
        self.frames = {"before": before, "after": after}
        self._cache: dict[tuple[str, str], Hashed] = {}

    def column(self, stage: str, name: str) -> Hashed:
        key = (stage, name)
        found = self._cache.get(key)
        if found is None:
            before, frame = self.frames["before"], self.frames[stage]
            same = stage == "after" and name in before and before[name].equals(frame[name])
            found = self.column("before", name) if same else hash_distinct(frame[name])
            self._cache[key] = found
        return found

    def rows(self, stage: str, names: list[str]) -> Hashes:
        """One hash per row of the tuple of `names`, nulls included."""
        return combine([self.column(stage, n).rows for n in names])


def combine(columns: list[Hashes]) -> Hashes:
    """One hash per row of a tuple of columns (order matters); one column keeps its hash."""
    if not columns:
        raise ValueError("combine() needs at least one column")
    combined = columns[0]
    for column in columns[1:]:
        combined = _mix(combined * _STEP + column)
    return combined


def hash_rows(frame: pd.DataFrame, columns: list[str]) -> Hashes:
    """One hash per row of the values of `columns`, nulls included."""
    return ChunkHashes(frame, frame).rows("before", columns)
