"""What a preview shows: cell text, the cells the rules changed, and per-column statistics.

Qt-free and vectorised, so the desktop grid, the CLI and the tests all compare the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..anonymize.apply import rules_and_origins
from ..metadata.model import DataModule
from .preview import Preview
from .preview_privacy import SamplePrivacy, default_quasi_identifiers, sample_privacy

BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]
FrameText = Sequence[tuple[ObjectArray, BoolArray]]  # (text, nulls) per column, by position


class RowOutcome(IntEnum):
    """What the rules did with one source row of the sample."""

    KEPT = 0
    QUARANTINED = 1
    DROPPED = 2  # removed without a reason: a null strategy `drop_row` or deduplication


def cell_text(series: pd.Series) -> tuple[ObjectArray, BoolArray]:
    """(text of every value, null mask); nulls get "" so the text arrays stay plain strings."""
    nulls = series.isna().to_numpy(dtype=bool)
    text = series.astype(str).to_numpy(dtype=object)
    text[nulls] = ""
    return text, nulls


def frame_text(frame: pd.DataFrame) -> list[tuple[ObjectArray, BoolArray]]:
    """`cell_text` of every column by position; the costly part of showing 100k rows, so a
    worker thread can do it before the grid is loaded."""
    return [cell_text(frame.iloc[:, position]) for position in range(frame.shape[1])]


def changed_cells(before: pd.DataFrame, after: pd.DataFrame) -> BoolArray:
    """Cells of `after` whose text or nullness differs from the same row and column of `before`.

    `after` must already be aligned row for row with `before` (see `compare_preview`); columns
    that `before` lacks (added by a transform) are not marked.
    """
    changed = np.zeros(after.shape, dtype=bool)
    for position, name in enumerate(after.columns):
        if name not in before.columns:
            continue
        old_text, old_null = cell_text(before[name])
        new_text, new_null = cell_text(after[name])
        changed[:, position] = (old_null != new_null) | (old_text != new_text)
    return changed


@dataclass(frozen=True)
class PreviewComparison:
    """A preview laid out for side-by-side display: row i of `after` is row i of `before`."""

    after: pd.DataFrame  # `after` reindexed on `before`'s rows; removed rows are all null
    changed: BoolArray | None  # (rows, after columns); None when rows could not be aligned
    outcomes: npt.NDArray[np.int8]  # RowOutcome per `before` row
    reasons: ObjectArray  # quarantine reason per `before` row, "" for the others
    aligned: bool

    @property
    def quarantined(self) -> int:
        return int((self.outcomes == RowOutcome.QUARANTINED).sum())

    @property
    def dropped(self) -> int:
        return int((self.outcomes == RowOutcome.DROPPED).sum())


def compare_preview(
    before: pd.DataFrame, after: pd.DataFrame, quarantine: pd.DataFrame
) -> PreviewComparison:
    """Align `after` with `before` by index label and mark changed cells and removed rows.

    Preview keeps the index labels of the rows it writes; a transform script that rebuilds the
    index (or adds rows) makes alignment impossible, and then `after` is returned as it is.
    """
    rows = len(before)
    outcomes = np.zeros(rows, dtype=np.int8)
    reasons = np.full(rows, "", dtype=object)
    if "_row" in quarantine and "_reason" in quarantine:
        positions = quarantine["_row"].to_numpy(dtype=np.int64) - 1  # `_row` counts from 1
        inside = (positions >= 0) & (positions < rows)
        outcomes[positions[inside]] = RowOutcome.QUARANTINED
        reasons[positions[inside]] = quarantine["_reason"].astype(str).to_numpy()[inside]
    aligned = after.index.is_unique and bool(after.index.isin(before.index).all())
    if not aligned:
        return PreviewComparison(after, None, outcomes, reasons, False)
    laid_out = after.reindex(before.index)
    kept = before.index.isin(after.index)
    outcomes[~kept & (outcomes == RowOutcome.KEPT)] = RowOutcome.DROPPED
    changed = changed_cells(before, laid_out)
    changed[~kept] = False  # a removed row is marked as a whole, not cell by cell
    return PreviewComparison(laid_out, changed, outcomes, reasons, True)


STAT_COLUMNS = (
    "column",
    "nulls before",
    "nulls after",
    "distinct before",
    "distinct after",
    "min before",
    "min after",
    "max before",
    "max after",
)


def _extremes(series: pd.Series) -> tuple[str | None, str | None]:
    """Text of the smallest and largest value, compared in the column's own type."""
    text, nulls = cell_text(series)
    values, shown = series[~nulls], text[~nulls]
    if values.empty:
        return None, None
    try:
        low, high = int(values.argmin()), int(values.argmax())
    except TypeError:  # mixed types in an object column: compare their text instead
        low, high = int(np.argmin(shown)), int(np.argmax(shown))
    return str(shown[low]), str(shown[high])


def _side(frame: pd.DataFrame, name: object) -> tuple[object, object, object, object]:
    if name not in frame.columns:
        return (pd.NA, pd.NA, None, None)
    series = frame[name]
    nulls = int(series.isna().sum())
    try:
        distinct = int(series.nunique(dropna=True))
    except TypeError:  # unhashable values (lists, dicts from a JSON source): count their text
        distinct = int(series.dropna().astype(str).nunique())
    low, high = _extremes(series)
    return (nulls, distinct, low, high)


def column_stats(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Per column: nulls, distinct values, min and max, before and after the rules.

    One row per column of `before`, then any column only `after` has; a side that lacks the
    column shows NA. Min and max compare values of the column's own type (dates as dates) and
    are given as the text the preview grid shows for them.
    """
    names = list(before.columns) + [c for c in after.columns if c not in before.columns]
    rows: list[tuple[object, ...]] = []
    for name in names:
        old_nulls, old_distinct, old_min, old_max = _side(before, name)
        new_nulls, new_distinct, new_min, new_max = _side(after, name)
        counts = (old_nulls, new_nulls, old_distinct, new_distinct)
        rows.append((str(name), *counts, old_min, new_min, old_max, new_max))
    # object dtype: no inference may turn an integer minimum into 1.0 or mix columns' types
    stats = pd.DataFrame(rows, columns=list(STAT_COLUMNS), dtype=object)
    for counted in STAT_COLUMNS[1:5]:
        stats[counted] = stats[counted].astype("Int64")
    return stats


@dataclass(frozen=True)
class PreviewSummary:
    """A preview with everything a side-by-side view shows, computed off the GUI thread."""

    table: str
    preview: Preview
    comparison: PreviewComparison
    stats: pd.DataFrame
    privacy: SamplePrivacy | None = None  # with the module only: the model and rules are there


def summarize_preview(
    table: str,
    preview: Preview,
    quasi_identifiers: Sequence[str] | None = None,
    *,
    module: DataModule | None = None,
) -> PreviewSummary:
    """Compare before and after and count per-column statistics for one table's preview; with
    the `module`, also the sample's privacy figures over `quasi_identifiers` (by default
    `default_quasi_identifiers` of the table)."""
    comparison = compare_preview(preview.before, preview.after, preview.quarantine)
    stats = column_stats(preview.before, preview.after)
    privacy = None
    if module is not None:
        described = module.table(table)
        if quasi_identifiers is None:
            quasi_identifiers = default_quasi_identifiers(described)
        rules = {c: r for (t, c), r in rules_and_origins(module)[0].items() if t == table}
        privacy = sample_privacy(
            described, preview.before, preview.after, quasi_identifiers, rules=rules
        )
    return PreviewSummary(table, preview, comparison, stats, privacy)
