"""The schema-drift step of a run's preflight: before any work, compare every table with its
source; stop on drift the module does not allow; take in the columns a table copies."""

from __future__ import annotations

import copy

from ..metadata.model import Column, DataModule, Datatype, UnknownColumns
from ..sources.drift import DriftReport, NewColumn, SchemaDrift, detect_drift
from ..sources.reading import SessionOpener
from .preflight import RunPlan


def check_drift(plan: RunPlan, opener: SessionOpener) -> DriftReport:
    """The drift of every table of the plan's module. Raises SchemaDrift (nothing begun) when a
    run must stop; adds the new columns of `copy` tables to `plan.module`, so they are read and
    written (and described in the published version), and the drift warnings to the plan's."""
    report = detect_drift(plan.module, plan.base_dir, plan.passwords, open_session=opener)
    if report.stops:
        raise SchemaDrift(plan.module, report)
    plan.module = with_copied_columns(plan.module, report)
    plan.warnings.extend(report.warnings())
    return report


def with_copied_columns(module: DataModule, report: DriftReport) -> DataModule:
    """`module` with each `copy` table's new source columns appended (a copy; `module` as is)."""
    copies = {
        t.table: t.new
        for t in report.tables
        if t.new and t.on_unknown_columns == UnknownColumns.COPY
    }
    if not copies:
        return module
    result = copy.deepcopy(module)
    for table in result.tables:
        table.table_schema.columns += [copied(c) for c in copies.get(table.table_name, [])]
    return result


def copied(new: NewColumn) -> Column:
    """A column copied unchanged: its source type when the source declares one (a database
    table), else string, since a type guessed from a sample could reject later rows."""
    declared = new.sql_type is not None
    return Column(
        name=new.name,
        datatype=Datatype(new.datatype) if declared else Datatype.STRING,
        sql_type=new.sql_type,
        title=f"{new.name} (copied unchanged: onUnknownColumns copy)",
    )
