"""One table's chunks through the stages: normalize -> field rules -> transform -> anonymize."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..anonymize.apply import apply, output_table
from ..anonymize.context import AnonymizeContext
from ..metadata.model import Table, TransformStep
from ..metadata.scripts import resolve_script
from ..rules.engine import TableRules
from ..scripting import call_script, load_entry_point
from ..transform.normalizers import NORMALIZERS, Deduplicator
from .preflight import RunPlan
from .report import TableReport

WITHHELD = "[withheld]"


@dataclass
class TransformContext:
    """What a `transform(df, context)` script gets besides the rows."""

    module: str
    table: str
    run_id: str
    chunk: int
    first_row: int
    parameters: dict[str, Any]


class ChunkProcessor:
    """Holds one table's per-run state (fills, forward-fill carry, seen keys) across chunks."""

    def __init__(self, table: Table, plan: RunPlan, run_id: str) -> None:
        self.table = table
        self.rules = {c: r for (t, c), r in plan.rules.items() if t == table.table_name}
        self.origins = {c: o for (t, c), o in plan.origins.items() if t == table.table_name}
        self.output = output_table(table, plan.rules)
        self.field_rules = TableRules(table)
        self.key = plan.key
        self.module_id, self.run_id = plan.module.identifier, run_id
        self._steps = [self._prepare(step, plan.base_dir) for step in table.transformation]
        self._chunk = 0
        self._column_state: dict[str, dict[str, object]] = {}
        # fake birth dates are aged from New Year's Day, so they stay put within a year
        self.reference_date = datetime.date(datetime.date.today().year, 1, 1)

    def _prepare(self, step: TransformStep, base_dir: Path) -> Any:
        if step.script is not None:
            function = load_entry_point(step.script, base_dir, "transform")
            return ("script", resolve_script(step.script, base_dir), function, step)
        if step.normalizer == "deduplicate":
            keys = step.applies_to or self.table.table_schema.primary_key
            return ("dedupe", Deduplicator(keys), None, step)
        return ("normalize", NORMALIZERS[step.normalizer or ""], None, step)

    def process(
        self, raw: pd.DataFrame, first_row: int, report: TableReport
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(rows for the target, quarantined rows) of one raw chunk."""
        started = time.perf_counter()
        raw = self._normalize(raw, report)
        clean, quarantine = self.field_rules.apply(raw, first_row, report)
        report.add_time("rules", time.perf_counter() - started)
        started = time.perf_counter()
        clean = self._run_scripts(clean, first_row)
        report.add_time("transform", time.perf_counter() - started)
        started = time.perf_counter()
        clean = self._anonymize(clean, first_row)
        quarantine = self._withhold(quarantine)
        report.add_time("anonymize", time.perf_counter() - started)
        report.rows_written += len(clean)
        self._chunk += 1
        return clean, quarantine

    def normalized(self, raw: pd.DataFrame) -> pd.DataFrame:
        """A raw chunk after the stateless normalizers only (for the statistics pass)."""
        frame = raw.copy(deep=False)  # copy-on-write: columns are copied only if written
        for kind, action, _, step in self._steps:
            if kind == "normalize":
                for name in step.applies_to:
                    frame[name] = action(frame[name], dict(step.parameters or {}))
        return frame

    def _normalize(self, raw: pd.DataFrame, report: TableReport) -> pd.DataFrame:
        frame = raw
        for kind, action, _, step in self._steps:
            if kind == "normalize":
                # a new frame, so replacing its columns leaves `raw` as it was; the columns
                # are shared until written (copy-on-write), not copied up front
                frame = frame.copy(deep=False) if frame is raw else frame
                for name in step.applies_to:
                    frame[name] = action(frame[name], dict(step.parameters or {}))
            elif kind == "dedupe":
                frame, duplicates = action(frame)
                report.rows_dropped += duplicates
                report.rows_read += duplicates
        return frame

    def _run_scripts(self, frame: pd.DataFrame, first_row: int) -> pd.DataFrame:
        for kind, path, function, step in self._steps:
            if kind != "script":
                continue
            context = TransformContext(
                self.module_id,
                self.table.table_name,
                self.run_id,
                self._chunk,
                first_row,
                dict(step.parameters or {}),
            )
            result = call_script(path, function, frame, context)
            if not isinstance(result, pd.DataFrame):
                raise TypeError(
                    f"{step.script.path if step.script else 'script'}: transform() "
                    "must return a pandas DataFrame"
                )
            frame = result
        return frame

    def _anonymize(self, frame: pd.DataFrame, first_row: int) -> pd.DataFrame:
        if not self.rules:
            return frame
        out = frame.copy()
        columns = {c.name: c for c in self.table.table_schema.columns}
        for name, rule in self.rules.items():
            if name not in out:
                continue
            # `extra` lives as long as the run: a method keeps state across chunks there
            state = self._column_state.setdefault(name, {})
            ctx = AnonymizeContext(
                self.table,
                columns[name],
                self.key,
                frame,
                first_row,
                extra=state,
                domain_column=self.origins.get(name),
                reference_date=self.reference_date,
            )
            out[name] = apply(rule, frame[name], ctx)
        return out

    def _withhold(self, quarantine: pd.DataFrame) -> pd.DataFrame:
        """Quarantined rows keep their raw values, except in columns that are anonymized."""
        for name, rule in self.rules.items():
            if rule.method != "keep" and name in quarantine:
                quarantine[name] = quarantine[name].where(quarantine[name].isna(), WITHHELD)
        return quarantine


class ObservedProcessor(ChunkProcessor):
    """Keeps a chunk's rows as they were before anonymization, for the privacy checks."""

    before: pd.DataFrame | None = None

    def _anonymize(self, frame: pd.DataFrame, first_row: int) -> pd.DataFrame:
        self.before = frame
        return super()._anonymize(frame, first_row)

    def take_before(self, name: str) -> pd.DataFrame:
        """The last chunk as it was before anonymization (each chunk's is taken once)."""
        before, self.before = self.before, None
        if before is None:
            raise RuntimeError(f"{name}: a chunk bypassed the privacy checks")
        return before
