"""Why rows are rejected, and the quarantine frame of a chunk's rejected rows.

A chunk usually rejects a few rows out of tens of thousands, so the reasons are kept as one
boolean mask per (column, reason) while the rules run, and the reason texts are built only for
the rejected rows at the end. The quarantine holds the rejected rows' raw values as text.
"""

from __future__ import annotations

import datetime

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
    if isinstance(values.dtype, pd.DatetimeTZDtype) and len(values):
        text = _zoned_text(values)
    else:
        text = values.astype("string")
    return text.set_axis(pd.RangeIndex(len(values)))


def _zoned_text(values: pd.Series) -> pd.Series:
    """Zone-aware times as text, as `astype("string")` writes them.

    pandas writes such a time through its zone, which costs microseconds a value for a zone
    from the tz database. The text holds only the wall time, the UTC offset and as many
    fractional digits as the column's finest value needs; so a column whose values all have
    one offset is written through the fixed zone of that offset, several times faster, and
    the same. A column whose offsets differ (summer time) is left to pandas.
    """
    offsets = (values.dt.tz_localize(None) - values.dt.tz_convert(None)).dropna().unique()
    if len(offsets) != 1:
        return values.astype("string")
    zone = datetime.timezone(pd.Timedelta(offsets[0]).to_pytimedelta())
    fixed: pd.Series = values.dt.tz_convert(zone)
    return fixed.astype("string")
