"""`k_anonymize`: generalize quasi-identifiers level by level, then suppress what is left,
until every combination occurs at least k times.

Planning works on the table's distinct quasi-identifier combinations with their counts (one
pass over the data), so trying a generalization never re-reads the table. The search is
Sweeney's Datafly over full-domain generalization hierarchies: while too many rows sit in groups
smaller than k, the column with the most distinct values is coarsened by one level; once those
rows fit in the allowed suppression share they are suppressed (quasi-identifiers set to null).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..rules.coerce import parse_datetimes

_NUMBER_WIDTHS = (1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000)
_DATE_LEVELS = ("day", "month", "year", "5 years", "decade")


def _kind(values: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        return "number"
    return "text"


@dataclass(frozen=True)
class Hierarchy:
    """The generalization levels of one quasi-identifier; the last level is suppression."""

    kind: str
    width: int = 0  # longest text, for prefix levels

    @property
    def top(self) -> int:
        if self.kind == "date":
            return len(_DATE_LEVELS)
        if self.kind == "number":
            return len(_NUMBER_WIDTHS)
        return max(self.width, 1)

    def describe(self, level: int) -> str:
        if level >= self.top:
            return "suppressed"
        if self.kind == "date":
            return _DATE_LEVELS[level]
        if self.kind == "number":
            return "exact" if level == 0 else f"multiples of {_NUMBER_WIDTHS[level]}"
        return "exact" if level == 0 else f"first {self.width - level} character(s)"

    def apply(self, values: pd.Series, level: int) -> pd.Series:
        if level >= self.top:
            return pd.Series(pd.NA, index=values.index, dtype=values.dtype)
        if level == 0:
            return values
        if self.kind == "date":
            return _date_level(values, level)
        if self.kind == "number":
            width = _NUMBER_WIDTHS[level]
            floored: pd.Series = (values.astype("Float64") // width) * width
            return floored.astype(values.dtype)
        keep = self.width - level
        text = values.astype("string")
        return (text.str[:keep] + "*").where(text.str.len() > keep, text)


def _date_level(values: pd.Series, level: int) -> pd.Series:
    dates = parse_datetimes(values)
    if level == 1:
        result = dates.dt.to_period("M").dt.start_time
    else:
        years = dates.dt.year
        span = {2: 1, 3: 5, 4: 10}[level]
        starts = (years // span * span).astype("Int64")
        result = pd.to_datetime(starts.astype("string") + "-01-01", errors="coerce")
    typed: pd.Series = result.astype(dates.dtype)
    return typed


@dataclass
class KAnonymityPlan:
    quasi_identifiers: list[str]
    k: int
    hierarchies: dict[str, Hierarchy]
    levels: dict[str, int]
    suppressed_keys: set[int] = field(default_factory=set)
    suppressed_rows: int = 0
    total_rows: int = 0
    reached: bool = True

    def summary(self) -> dict[str, object]:
        return {
            "k": self.k,
            "levels": {c: self.hierarchies[c].describe(lvl) for c, lvl in self.levels.items()},
            "suppressed_rows": self.suppressed_rows,
            "rows": self.total_rows,
            "reached": self.reached,
        }

    def generalize(self, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                c: self.hierarchies[c].apply(frame[c], self.levels[c])
                for c in self.quasi_identifiers
            },
            index=frame.index,
        )

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Generalize a chunk's quasi-identifiers and suppress the rows of small groups."""
        general = self.generalize(frame)
        out = frame.copy()
        for column in self.quasi_identifiers:
            out[column] = general[column]
        if self.suppressed_keys:
            keys = pd.util.hash_pandas_object(general, index=False).to_numpy()
            small = np.isin(keys, np.fromiter(self.suppressed_keys, dtype=np.uint64))
            for column in self.quasi_identifiers:
                out.loc[small, column] = None
        return out


def combination_counts(frame: pd.DataFrame, quasi_identifiers: list[str]) -> pd.DataFrame:
    """Distinct combinations of a chunk with a `_count` column (merge chunks with `merge`)."""
    counts = frame.groupby(quasi_identifiers, dropna=False, sort=False).size()
    return counts.rename("_count").reset_index()


def merge(counts: list[pd.DataFrame], quasi_identifiers: list[str]) -> pd.DataFrame:
    joined = pd.concat(counts, ignore_index=True)
    merged = joined.groupby(quasi_identifiers, dropna=False, sort=False)["_count"].sum()
    return merged.reset_index()


def plan_k_anonymity(
    combos: pd.DataFrame, quasi_identifiers: list[str], k: int, max_suppression: float = 0.05
) -> KAnonymityPlan:
    """The least generalization (greedily) after which suppressing the rows of groups smaller
    than k stays within `max_suppression` of the table."""
    hierarchies = {
        c: Hierarchy(_kind(combos[c]), int(combos[c].astype("string").str.len().max() or 0))
        for c in quasi_identifiers
    }
    plan = KAnonymityPlan(quasi_identifiers, k, hierarchies, dict.fromkeys(quasi_identifiers, 0))
    total = int(combos["_count"].sum())
    plan.total_rows = total
    allowed = max_suppression * total
    while _small_rows(plan, combos) > allowed:
        general = plan.generalize(combos)
        raisable = [c for c in quasi_identifiers if plan.levels[c] < hierarchies[c].top]
        if not raisable:
            break
        # Datafly: coarsen the column that still has the most distinct values
        column = max(
            raisable, key=lambda c: (general[c].nunique(dropna=False), -quasi_identifiers.index(c))
        )
        plan.levels[column] += 1
    general = plan.generalize(combos)
    sizes = (
        general.assign(_count=combos["_count"])
        .groupby(quasi_identifiers, dropna=False, sort=False)["_count"]
        .transform("sum")
    )
    tiny = (sizes < k).to_numpy()
    keys = pd.util.hash_pandas_object(general[tiny], index=False).to_numpy()
    plan.suppressed_keys = {int(x) for x in keys}
    plan.suppressed_rows = int(combos["_count"][tiny].sum())
    plan.reached = plan.suppressed_rows <= allowed
    return plan


def _small_rows(plan: KAnonymityPlan, combos: pd.DataFrame) -> int:
    general = plan.generalize(combos)
    sizes = (
        general.assign(_count=combos["_count"])
        .groupby(plan.quasi_identifiers, dropna=False, sort=False)["_count"]
        .transform("sum")
    )
    return int(combos["_count"][(sizes < plan.k).to_numpy()].sum())
