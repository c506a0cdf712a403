"""The field rules as they were written before they worked on positions and numpy masks:
pandas Series throughout, reasons appended to an object Series, the quarantine made by
`astype("string")`. Kept only to check that the faster engine gives the same results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etlx_desktop.core.metadata.model import Column, NullStrategy, Table, ViolationAction
from etlx_desktop.core.pipeline.report import ColumnReport, TableReport
from etlx_desktop.core.rules import regex
from etlx_desktop.core.rules.checks import find_violations, typed_scalar
from etlx_desktop.core.rules.coerce import coerce
from etlx_desktop.core.rules.engine import RuleFailure, typed_fill


def clean_column(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values = raw
    if column.null and (raw.dtype == object or isinstance(raw.dtype, pd.StringDtype)):
        markers = pa.array([m.strip().casefold() for m in column.null], type=pa.large_string())
        folded = regex.casefold(regex.strip(regex.arrow_text(raw)))
        values = raw.where(~regex.to_mask(pc.is_in(folded, value_set=markers)))
    return coerce(values, column.datatype)


class ReferenceRules:
    """The previous `TableRules`, line for line."""

    def __init__(self, table: Table, fills: dict[str, Any] | None = None) -> None:
        self.table = table
        self.columns = table.table_schema.columns
        self.fills = dict(fills or {})
        self._carry: dict[str, Any] = {}

    def apply(
        self, chunk: pd.DataFrame, first_row: int, report: TableReport
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        index = chunk.index
        reasons = pd.Series("", index=index, dtype=object)
        dropped = pd.Series(False, index=index)
        out: dict[str, pd.Series] = {}
        for column in self.columns:
            raw = chunk[column.name] if column.name in chunk else pd.Series(None, index=index)
            stats = report.column(column.name)
            values = self._rules_for(column, raw, first_row, stats, reasons)
            out[column.name] = self._nulls(column, values, first_row, stats, reasons, dropped)
        clean = pd.DataFrame(out, index=index)
        rejected = reasons != ""
        keep = ~rejected & ~dropped
        report.rows_read += len(chunk)
        report.rows_quarantined += int(rejected.sum())
        report.rows_dropped += int((dropped & ~rejected).sum())
        quarantine = chunk[rejected].astype("string")
        quarantine["_reason"] = reasons[rejected].str.rstrip("; ")
        quarantine["_row"] = np.flatnonzero(rejected.to_numpy()) + first_row
        return clean[keep], quarantine.reset_index(drop=True)

    def _rules_for(
        self,
        column: Column,
        raw: pd.Series,
        first_row: int,
        stats: ColumnReport,
        reasons: pd.Series,
    ) -> pd.Series:
        values, failed = clean_column(raw, column)
        if failed.any():
            stats.coerce_failures += int(failed.sum())
            stats.rule_hits["datatype"] += int(failed.sum())
        action = column.on_violation or ViolationAction.REJECT
        for violation in find_violations(values, column):
            hits = violation.mask
            stats.rule_hits[violation.check] += int(hits.sum())
            if action is ViolationAction.FAIL:
                self._fail(column, hits, first_row, violation.reason)
            elif action is ViolationAction.REJECT:
                reasons[hits] += f"{column.name}: {violation.reason}; "
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
        reasons: pd.Series,
        dropped: pd.Series,
    ) -> pd.Series:
        nulls = values.isna()
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
            reasons[nulls] += f"{column.name}: null; "
            return values
        if strategy is NullStrategy.DROP_ROW:
            dropped[nulls] = True
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

    def _fail(self, column: Column, mask: pd.Series, first_row: int, reason: str) -> None:
        row = int(np.flatnonzero(mask.to_numpy())[0]) + first_row
        raise RuleFailure(
            f"table {self.table.table_name}, column {column.name}, row {row}: "
            f"{reason} (the rule's action is fail)"
        )
