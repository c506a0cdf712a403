"""Applies a table's field rules to a chunk, in this fixed order, counting every step:

1. null markers (`null`, e.g. '' and 'N/A') become null;
2. values are coerced to the declared datatype; an unparseable value becomes null (counted);
3. minimum/maximum, allowedValues and pattern checks; a breaking value is handled by the
   column's `onViolation` (reject the row, clip, set null, or fail the run);
4. the null strategy handles every null left (keep, reject, drop_row, fill_*, forward_fill, fail).

Rejected rows go to quarantine with every reason; dropped rows are only counted.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..metadata.model import Column, Datatype, NullStrategy, Table, ViolationAction
from ..pipeline.report import ColumnReport, TableReport
from . import regex
from .checks import find_violations, typed_scalar
from .coerce import INTEGERS, coerce
from .quarantine import Mask, Rejections, quarantine_frame

FILL_FROM_STATS = {NullStrategy.FILL_MEAN, NullStrategy.FILL_MEDIAN, NullStrategy.FILL_MODE}


class RuleFailure(Exception):
    """A rule whose action is `fail` was broken; the run stops and targets stay untouched."""


def typed_fill(value: Any, datatype: Datatype) -> Any:
    """A table-wide statistic as a value of the column's type: a mean or median of an integer
    column is rounded half away from zero (2.5 -> 3), so the column stays integer."""
    if value is None:
        return None
    if datatype in INTEGERS and isinstance(value, float) and math.isfinite(value):
        value = int(Decimal(repr(value)).to_integral_value(rounding=ROUND_HALF_UP))
    return typed_scalar(value, datatype)


def clean_column(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Steps 1-2 for one column: (typed values, mask of unparseable values)."""
    values = raw
    if column.null and (raw.dtype == object or isinstance(raw.dtype, pd.StringDtype)):
        marked = null_markers(raw, column.null)
        if marked.any():  # `where` copies the column even when it replaces nothing
            values = raw.where(~marked)
    return coerce(values, column.datatype)


def null_markers(raw: pd.Series, markers: list[str]) -> Mask:
    """Which values are one of `markers`, whatever the case and surrounding blanks: 'N/A',
    ' n/a ' and 'n/A' are all 'N/A'.

    Casefolding never shortens a text (each character folds to one or more), so only values
    no longer than the longest marker can be one, and only those are folded: most values of
    a column holding markers are longer (an e-mail, a phone number)."""
    folded_markers = [m.strip().casefold() for m in markers]
    stripped = regex.strip(regex.arrow_text(raw))
    longest = max(len(m) for m in folded_markers)
    short = np.flatnonzero(regex.to_mask(pc.less_equal(pc.utf8_length(stripped), longest)))
    marked = np.zeros(len(raw), dtype=bool)
    if len(short):
        folded = regex.casefold(stripped.take(short))
        value_set = pa.array(folded_markers, type=pa.large_string())
        marked[short] = regex.to_mask(pc.is_in(folded, value_set=value_set))
    return marked


class TableRules:
    """The field rules of one table; holds table-wide fills and the forward-fill carry."""

    def __init__(self, table: Table, fills: dict[str, Any] | None = None) -> None:
        self.table = table
        self.columns = table.table_schema.columns
        self.fills = dict(fills or {})
        self._carry: dict[str, Any] = {}

    def stat_columns(self) -> list[Column]:
        """Columns whose fill value is a statistic over the whole table (needs a first pass)."""
        return [c for c in self.columns if c.null_strategy in FILL_FROM_STATS]

    def apply(
        self, chunk: pd.DataFrame, first_row: int, report: TableReport
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(clean rows, quarantined rows) of one chunk; `first_row` numbers the rows from 1.

        Rows are told apart by position (masks are numpy arrays), never by index label."""
        index = chunk.index
        rejections = Rejections(len(chunk))
        dropped = np.zeros(len(chunk), dtype=bool)
        out: dict[str, pd.Series] = {}
        for column in self.columns:
            raw = chunk[column.name] if column.name in chunk else pd.Series(None, index=index)
            stats = report.column(column.name)
            values = self._rules_for(column, raw, first_row, stats, rejections)
            out[column.name] = self._nulls(column, values, first_row, stats, rejections, dropped)
        clean = pd.DataFrame(out, index=index)
        rejected = rejections.rejected()
        keep = ~rejected & ~dropped
        report.rows_read += len(chunk)
        report.rows_quarantined += int(rejected.sum())
        report.rows_dropped += int((dropped & ~rejected).sum())
        positions = np.flatnonzero(rejected)
        quarantine = quarantine_frame(chunk, positions, rejections.reasons(positions), first_row)
        return clean[keep], quarantine

    def _rules_for(
        self,
        column: Column,
        raw: pd.Series,
        first_row: int,
        stats: ColumnReport,
        rejections: Rejections,
    ) -> pd.Series:
        values, failed = clean_column(raw, column)
        failures = int(failed.sum())
        if failures:
            stats.coerce_failures += failures
            stats.rule_hits["datatype"] += failures
        action = column.on_violation or ViolationAction.REJECT
        for violation in find_violations(values, column):
            hits = violation.mask.to_numpy(dtype=bool)
            stats.rule_hits[violation.check] += int(hits.sum())
            if action is ViolationAction.FAIL:
                self._fail(column, hits, first_row, violation.reason)
            elif action is ViolationAction.REJECT:
                rejections.add(hits, column.name, violation.reason)
            elif action is ViolationAction.CLIP and violation.bound is not None:
                values = values.mask(hits, violation.bound)
            else:
                values = values.mask(hits)
        return values

    def _nulls(
        self,
        column: Column,
        values: pd.Series,
        first_row: int,
        stats: ColumnReport,
        rejections: Rejections,
        dropped: Mask,
    ) -> pd.Series:
        nulls: Mask = values.isna().to_numpy(dtype=bool)
        count = int(nulls.sum())
        stats.nulls_found += count
        strategy = column.null_strategy
        if strategy is NullStrategy.FORWARD_FILL:
            return self._forward_fill(column, values, stats)
        if count == 0 or strategy is NullStrategy.KEEP:
            return values
        if strategy is NullStrategy.FAIL:
            self._fail(column, nulls, first_row, "null")
        if strategy is NullStrategy.REJECT:
            rejections.add(nulls, column.name, "null")
            return values
        if strategy is NullStrategy.DROP_ROW:
            dropped |= nulls
            return values
        fill = self._fill_value(column)
        if fill is None or pd.isna(fill):
            return values
        stats.nulls_filled += count
        return values.fillna(fill)

    def _fill_value(self, column: Column) -> Any:
        if column.null_strategy is NullStrategy.FILL_DEFAULT:
            return typed_scalar(column.default, column.datatype)
        return typed_fill(self.fills.get(column.name), column.datatype)

    def _forward_fill(self, column: Column, values: pd.Series, stats: ColumnReport) -> pd.Series:
        before = int(values.isna().sum())
        carried = self._carry.get(column.name)
        if carried is not None and len(values) and pd.isna(values.iloc[0]):
            values = values.copy()
            values.iloc[0] = carried
        filled = values.ffill()
        last = filled.dropna()
        if len(last):
            self._carry[column.name] = last.iloc[-1]
        stats.nulls_filled += before - int(filled.isna().sum())
        return filled

    def _fail(self, column: Column, mask: Mask, first_row: int, reason: str) -> None:
        row = int(np.flatnonzero(mask)[0]) + first_row
        raise RuleFailure(
            f"table {self.table.table_name}, column {column.name}, row {row}: "
            f"{reason} (the rule's action is fail)"
        )
