"""Table-wide statistics for fill_mean, fill_median and fill_mode, gathered in a first pass.

Computed over the whole table, not per chunk, so every chunk is filled with the same value. The
median keeps the non-null values of that one column (8 bytes a value); mean and mode stream.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from ..metadata.model import Column, NullStrategy, ViolationAction
from .checks import find_violations
from .engine import clean_column


class FillStatistics:
    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self._sums: dict[str, float] = {}
        self._counts: dict[str, int] = {}
        self._values: dict[str, list[np.ndarray]] = {}
        self._modes: dict[str, Counter[Any]] = {}

    def add(self, chunk: pd.DataFrame) -> None:
        for column in self.columns:
            if column.name not in chunk:
                continue  # a missing column is all null, as in TableRules.apply
            values, _ = clean_column(chunk[column.name], column)
            # the values as the clean output holds them: clipped ones at the bound, the rest
            # of the breaking ones (rejected, set null or failing) left out
            clip = column.on_violation is ViolationAction.CLIP
            for violation in find_violations(values, column):
                bound = violation.bound if clip else None
                values = values.mask(violation.mask, bound)
            values = values.dropna()
            name = column.name
            if column.null_strategy is NullStrategy.FILL_MODE:
                self._modes.setdefault(name, Counter()).update(values.tolist())
            elif column.null_strategy is NullStrategy.FILL_MEDIAN:
                self._values.setdefault(name, []).append(values.to_numpy(dtype=float))
            else:
                self._sums[name] = self._sums.get(name, 0.0) + float(values.sum())
                self._counts[name] = self._counts.get(name, 0) + len(values)

    def fills(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for column in self.columns:
            name = column.name
            if column.null_strategy is NullStrategy.FILL_MODE and self._modes.get(name):
                # ties broken by the smallest value, so the fill does not depend on chunking
                counts = self._modes[name]
                top = max(counts.values())
                result[name] = min(v for v, c in counts.items() if c == top)
            elif column.null_strategy is NullStrategy.FILL_MEDIAN:
                # chunks without a value add empty arrays: no value at all means no fill
                present = np.concatenate(self._values.get(name) or [np.empty(0)])
                if len(present):
                    result[name] = float(np.median(present))
            elif self._counts.get(name):
                result[name] = self._sums[name] / self._counts[name]
        return result
