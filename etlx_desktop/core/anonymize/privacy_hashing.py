"""64-bit hashes of column values in a canonical text form, and sorted sets of them that grow
chunk by chunk.

The privacy checks compare values across chunks and tables without keeping the values: each
value becomes a 64-bit hash of its canonical text (`as_text`: 5, 5.0 and "5" are the same
value, so an integer key still meets its decimal foreign key). Two different values share a
hash with probability 2^-64 per pair: a check can report a false match with probability about
n·m/2^64 for n and m distinct values (under 10^-5 for ten million of each), and never misses a
real one, since equal values always hash alike.

Memory: a `HashBag` (`privacy_bags`) holds 16 bytes per distinct hash (hash and row count; 8
without counts), plus the distinct hashes of the chunks since it last merged them (a quarter
as many, or at least 65,536); merging briefly takes about as much again. The bags of a run
share one budget (`privacy_spill.DEFAULT_BUDGET`, 16 MiB): past it the largest write their
hashes to temporary files, partitioned by the hash's top 8 bits, and the checks read them back
one partition at a time, so a run's checks take at most about the budget (plus a merge's copy)
whatever the table's size. The files hold hashes and counts only, never a value, in a
temporary folder removed once the checks have reported. A run under the budget never spills.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .basic import as_text
from .privacy_arrays import EMPTY_HASHES as _EMPTY_HASHES
from .privacy_arrays import Counts as Counts
from .privacy_arrays import Hashes as Hashes
from .privacy_arrays import contains as contains
from .privacy_arrays import unique_counts as unique_counts
from .privacy_bags import HashBag as HashBag

NULL_HASH = np.uint64(0x9E3779B97F4A7C15)  # what a null hashes to: "nulls count as a value"
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_STEP = np.uint64(0x100000001B3)


def canonical_text(values: pd.Series) -> npt.NDArray[np.object_]:
    """The values spelled as `as_text` spells them, in an object array (a null stays a null).

    Text, integers, floats and naive datetimes are spelled vectorised (floats and datetimes
    through Arrow, with Python's spelling restored where Arrow's differs); anything else goes
    value by value over its distinct values, as `as_text` does.
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        text = values
    elif pd.api.types.is_integer_dtype(dtype):
        text = values.astype("str")
    elif pd.api.types.is_float_dtype(dtype):
        return _float_text(values)
    elif isinstance(dtype, np.dtype) and dtype.kind == "M" and not _has_nanoseconds(values):
        return _datetime_text(values)
    else:
        inferred = (
            pd.api.types.infer_dtype(values, skipna=True)
            if pd.api.types.is_object_dtype(dtype)
            else ""
        )
        if inferred == "string":
            text = values
        elif inferred == "date":
            return _datetime_text(values.astype("datetime64[us]"))  # dates: all at midnight
        else:
            text = as_text(values)
    out: npt.NDArray[np.object_] = np.asarray(text.to_numpy(dtype=object), dtype=object)
    return out


def _float_text(values: pd.Series) -> npt.NDArray[np.object_]:
    """Whole numbers as integers ('5'), the rest as Python's repr ('2.5', '1e-05')."""
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(numbers), None, dtype=object)
    finite = np.isfinite(numbers)
    whole = finite & (numbers == np.floor(numbers)) & (np.abs(numbers) < 2.0**63)
    if whole.any():
        out[whole] = pd.Series(numbers[whole].astype(np.int64)).astype("str").to_numpy(object)
    rest = ~whole & ~np.isnan(numbers)
    if rest.any():
        spelled = pc.cast(pa.array(numbers[rest]), pa.string())
        text = np.asarray(spelled.to_numpy(zero_copy_only=False), dtype=object)
        # Arrow writes exponents and tiny numbers its own way: Python's repr for those
        odd = np.asarray(pc.match_substring(spelled, "e"), dtype=bool)
        odd |= np.abs(numbers[rest]) < 1e-4
        text[odd] = [repr(x) for x in numbers[rest][odd].tolist()]
        out[rest] = text
    return out


def _has_nanoseconds(values: pd.Series) -> bool:
    return values.dtype == np.dtype("datetime64[ns]") and bool(
        (values.dt.nanosecond.fillna(0) != 0).any()
    )


def _datetime_text(values: pd.Series) -> npt.NDArray[np.object_]:
    """'2024-05-01' at midnight, '2024-05-01 10:00:00', or with '.123000' microseconds."""
    stamps = values.astype("datetime64[us]")
    full = pc.cast(pa.array(stamps.to_numpy(), from_pandas=True), pa.string())
    midnight = (stamps == stamps.dt.normalize()).to_numpy()
    whole = (stamps.dt.microsecond == 0).to_numpy()
    seconds = pc.if_else(whole, pc.utf8_slice_codeunits(full, 0, 19), full)
    text = pc.if_else(midnight, pc.utf8_slice_codeunits(full, 0, 10), seconds)
    out: npt.NDArray[np.object_] = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
    return out


@dataclass(frozen=True)
class Hashed:
    """A column's hashes: per row, and per distinct non-null value with its row count."""

    rows: Hashes  # NULL_HASH where null
    present: npt.NDArray[np.bool_]  # the non-null rows
    distinct: Hashes  # one per distinct value (two values spelled alike share a hash)
    counts: Counts  # rows per entry of `distinct`


def hash_distinct(values: pd.Series) -> Hashed:
    """Hash each distinct value's canonical text once (pandas factorizes the column first, so
    a key repeated across rows or a constant costs one hash)."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable values (lists, dicts): each row's text stands alone
        text = values.map(lambda v: v if v is None else str(v)).astype(object)
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
    texts = canonical_text(pd.Series(uniques))
    distinct = pd.util.hash_array(texts, categorize=False) if len(texts) else _EMPTY_HASHES
    present = codes >= 0
    rows = np.full(len(codes), NULL_HASH, dtype=np.uint64)
    rows[present] = distinct[codes[present]]
    counts = np.bincount(codes[present], minlength=len(distinct)).astype(np.int64)
    return Hashed(rows, present, distinct.astype(np.uint64), counts)


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


def _mix(hashes: Hashes) -> Hashes:
    """The splitmix64 finaliser, vectorised (uint64 arithmetic wraps around)."""
    z = hashes ^ (hashes >> np.uint64(30))
    z = z * _MIX_1
    z = z ^ (z >> np.uint64(27))
    z = z * _MIX_2
    mixed: Hashes = z ^ (z >> np.uint64(31))
    return mixed


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
