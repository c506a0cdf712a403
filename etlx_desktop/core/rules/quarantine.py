"""Why rows are rejected, and the quarantine frame of a chunk's rejected rows.

A chunk usually rejects a few rows out of tens of thousands, so the reasons are kept as one
boolean mask per (column, reason) while the rules run, and the reason texts are built only for
the rejected rows at the end. The quarantine holds the rejected rows' raw values as text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

Mask = npt.NDArray[np.bool_]
Positions = npt.NDArray[np.intp]

REASON_END = "; "  # each reason ends so; the joined text loses the last one


class Rejections:
    """The reasons found so far for rejecting rows of one chunk, in the order found."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self._masks: list[Mask] = []
        self._texts: list[str] = []

    def add(self, mask: Mask, column: str, reason: str) -> None:
        """Rows where `mask` is true are rejected because `column` breaks `reason`."""
        if mask.any():
            self._masks.append(mask)
            self._texts.append(f"{column}: {reason}{REASON_END}")

    def rejected(self) -> Mask:
        """Which rows have at least one reason."""
        if not self._masks:
            return np.zeros(self.rows, dtype=bool)
        rejected: Mask = np.logical_or.reduce(self._masks)
        return rejected

    def reasons(self, positions: Positions) -> npt.NDArray[np.object_]:
        """The reason text of each row at `positions`: its reasons in the order found, joined,
        without the trailing separator (as `str.rstrip("; ")` leaves it)."""
        joined = np.full(len(positions), "", dtype=object)
        for mask, text in zip(self._masks, self._texts, strict=True):
            hits = mask[positions]
            if hits.any():
                joined[hits] += text  # Python string concatenation, value by value
        stripped = [text.rstrip(REASON_END) for text in joined.tolist()]
        return np.array(stripped, dtype=object)


def quarantine_frame(
    chunk: pd.DataFrame, positions: Positions, reasons: npt.NDArray[np.object_], first_row: int
) -> pd.DataFrame:
    """The rows of `chunk` at `positions` as text ("string" dtype, as `astype("string")` makes
    them), numbered 0.., with `_reason` and `_row` (the source row, counted from 1)."""
    rows = chunk.iloc[positions]
    texts = {i: as_text(rows.iloc[:, i]) for i in range(rows.shape[1])}
    quarantine = pd.DataFrame(texts, index=pd.RangeIndex(len(positions)))
    quarantine.columns = chunk.columns
    quarantine["_reason"] = pd.Series(reasons, index=quarantine.index, dtype=object)
    quarantine["_row"] = positions.astype(np.int64) + first_row
    return quarantine


def as_text(values: pd.Series) -> pd.Series:
    """`values.astype("string")`, numbered 0..; zone-aware times take a faster way to the
    same text."""
    if isinstance(values.dtype, pd.DatetimeTZDtype) and len(values) > _FEW:
        text = _zoned_text(values)
    else:
        text = values.astype("string")
    return text.set_axis(pd.RangeIndex(len(values)))


_FEW = 40  # below this many, pandas' way costs less than the fast one's fixed part


def _zoned_text(values: pd.Series) -> pd.Series:
    """Zone-aware times as text, as `astype("string")` writes them.

    pandas writes such a time through its zone, value by value. The text holds only the wall
    time, the UTC offset, and the fractional digits the column's finest value needs (none, 3,
    6 or 9); so a column whose values all have one offset is spelled by numpy from the wall
    times and that offset, the same text at a fraction of the cost. A column whose offsets
    differ (summer time), or with a year outside 1-9999, is left to pandas.
    """
    wall = values.dt.tz_localize(None)
    offsets = (wall - values.dt.tz_convert(None)).dropna().unique()
    if len(offsets) != 1:
        return values.astype("string")
    local = wall.to_numpy()
    present = ~np.isnat(local)
    years = local[present].astype("datetime64[Y]").astype(np.int64) + 1970
    if years.size and (years.min() < 1 or years.max() > 9999):
        return values.astype("string")
    text = np.datetime_as_string(local, unit=_finest_unit(local[present]))
    spelled = np.char.add(np.char.replace(text, "T", " "), _offset_text(offsets[0]))
    result = pd.Series(spelled.astype(object), index=values.index, dtype="string")
    result[~present] = pd.NA
    return result


_TICKS_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def _finest_unit(times: npt.NDArray[np.datetime64]) -> Any:
    """The coarsest of s, ms, us and ns in which every time is whole (pandas' precision)."""
    unit = np.datetime_data(times.dtype)[0]
    ticks = times.astype(np.int64)
    per_second = _TICKS_PER_SECOND[unit]
    for name in ("s", "ms", "us"):
        step = per_second // _TICKS_PER_SECOND[name]
        if step < 1:
            break
        if not np.any(ticks % step):
            return name
    return unit


def _offset_text(offset: Any) -> str:
    """A UTC offset as +HH:MM, with :SS when it has seconds (as `isoformat` writes it)."""
    seconds = int(pd.Timedelta(offset).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
