"""Schema drift: how each table's source differs now from what the module describes.

`detect_drift(module, base_dir, passwords)` compares every table with its source as it is now
(see `livecolumns` for how the source is read) and reports, per table:

* **new** columns: in the source, not in the module. What a run does with them is the table's
  `onUnknownColumns`: stop (the default), drop them, or copy them unchanged;
* **missing** columns: in the module, gone from the source. A run stops;
* **type changed**: a column of a database table whose type maps to another datatype than the
  module's (unless the module still records the same sqlType: the author chose the datatype),
  or, for sampled sources, a column whose sampled values no longer parse as its datatype.
  A run warns.

Everything here is JSON-serialisable (`DriftReport.as_dict`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..metadata.model import Column, DataModule, Table, UnknownColumns
from ..problems import ModuleInvalid, Problem, Severity
from ..rules.coerce import FLOATS
from .livecolumns import LiveColumn, LiveTable, SourceProbe
from .reading import SessionOpener, SourceAccess


@dataclass
class NewColumn:
    """A source column the module does not describe. `sql_type` is the source's declared type
    (database tables); without it, `datatype` is guessed from sampled values."""

    name: str
    datatype: str
    sql_type: str | None = None


@dataclass
class TypeChange:
    """A column whose source type no longer maps to the module's datatype (`detail` says how
    many sampled values do not parse, for sources without declared types)."""

    column: str
    module_datatype: str
    source_datatype: str
    module_sql_type: str | None = None
    source_sql_type: str | None = None
    detail: str | None = None

    def describe(self) -> str:
        before = _typed(self.module_datatype, self.module_sql_type)
        after = _typed(self.source_datatype, self.source_sql_type)
        detail = f"; {self.detail}" if self.detail else ""
        return f"{self.column}: {before} -> {after}{detail}"


@dataclass
class TableDrift:
    """How one table's source differs from the module now."""

    table: str
    source: str
    on_unknown_columns: str
    new: list[NewColumn] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    type_changed: list[TypeChange] = field(default_factory=list)
    error: str | None = None  # the source table itself is gone
    note: str | None = None  # why the columns were not checked

    @property
    def drifted(self) -> bool:
        return bool(self.new or self.missing or self.type_changed or self.error)

    @property
    def stops(self) -> bool:
        """True if a run must stop before any work."""
        stop_on_new = self.on_unknown_columns == UnknownColumns.STOP
        return bool(self.error or self.missing or (self.new and stop_on_new))

    def errors(self) -> list[str]:
        """Why a run stops, with what to do about it."""
        found: list[str] = []
        if self.error:
            found.append(f"table {self.table}: {self.error} ({self.source}).")
        if self.new and self.on_unknown_columns == UnknownColumns.STOP:
            found.append(_stop_on_new(self))
        if self.missing:
            found.append(
                f"table {self.table}: {_count(self.missing, 'column')} of the module "
                f"{'is' if len(self.missing) == 1 else 'are'} gone from the source "
                f"({self.source}): {', '.join(self.missing)}. Remove "
                f"{'it' if len(self.missing) == 1 else 'them'} from the module, or restore the "
                "source."
            )
        return found

    def warnings(self) -> list[str]:
        """Drift a run goes on with, said once per kind."""
        found: list[str] = []
        names = ", ".join(c.name for c in self.new)
        if self.new and self.on_unknown_columns == UnknownColumns.DROP:
            found.append(
                f"table {self.table}: new source column(s) {names} are not described by the "
                "module and are left out (onUnknownColumns: drop)."
            )
        if self.new and self.on_unknown_columns == UnknownColumns.COPY:
            found.append(
                f"table {self.table}: new source column(s) {names} are copied unchanged, "
                "without rules or anonymization (onUnknownColumns: copy)."
            )
        for change in self.type_changed:
            found.append(
                f"table {self.table}: column type changed in the source: {change.describe()}."
            )
        return found


@dataclass
class DriftReport:
    """The drift of every table of a module."""

    module: str
    tables: list[TableDrift] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return any(t.drifted for t in self.tables)

    @property
    def stops(self) -> bool:
        return any(t.stops for t in self.tables)

    def errors(self) -> list[str]:
        return [message for t in self.tables for message in t.errors()]

    def warnings(self) -> list[str]:
        return [message for t in self.tables for message in t.warnings()]

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class SchemaDrift(ModuleInvalid):
    """The sources no longer match the module in a way a run must not go on with: an error per
    reason and a warning per other drift, tied to its table. Raised before any work, so every
    target is untouched."""

    def __init__(self, module: DataModule, report: DriftReport) -> None:
        paths = {t.table_name: f"tables[{i}]" for i, t in enumerate(module.tables)}
        problems = [
            Problem(paths.get(table.table, "tables"), message, severity)
            for table in report.tables
            for severity, messages in (
                (Severity.ERROR, table.errors()),
                (Severity.WARNING, table.warnings()),
            )
            for message in messages
        ]
        super().__init__(module.identifier, problems)
        self.report = report


def detect_drift(
    module: DataModule,
    base_dir: Path,
    passwords: dict[str, str | None],
    *,
    open_session: SessionOpener | None = None,
) -> DriftReport:
    """Compare every table of `module` with its source now. `passwords` holds each source's
    resolved secret by identifier; `open_session` reads sampled sources (default: the run's).
    Raises SourceUnreadable or SourceUnavailable when a source cannot be read."""
    if open_session is None:
        from .sessions import open_source_session

        open_session = open_source_session
    found: dict[str, TableDrift] = {}
    for source in module.data_sources:
        tables = [t for t in module.tables if t.extraction.from_source == source.identifier]
        if not tables:
            continue
        access = SourceAccess(base_dir, passwords.get(source.identifier))
        with SourceProbe(source, access, open_session, tables) as probe:
            for table in tables:
                found[table.table_name] = compare(table, probe.live(table))
    return DriftReport(
        module.identifier, [found[t.table_name] for t in module.tables if t.table_name in found]
    )


def compare(table: Table, live: LiveTable) -> TableDrift:
    """The drift of `table` against what its source holds now."""
    policy = table.on_unknown_columns or UnknownColumns.STOP
    drift = TableDrift(table.table_name, live.where, str(policy), error=live.error, note=live.note)
    if live.columns is None:
        return drift
    described = {c.name: c for c in table.table_schema.columns}
    present = {c.name: c for c in live.columns}
    drift.new = [
        NewColumn(c.name, str(c.datatype), c.sql_type)
        for c in live.columns
        if c.name not in described
    ]
    drift.missing = [name for name in described if name not in present]
    for name, column in described.items():
        if name in present:
            change = _type_change(column, present[name], live.sample, table)
            if change is not None:
                drift.type_changed.append(change)
    return drift


def _type_change(
    column: Column, live: LiveColumn, sample: pd.DataFrame | None, table: Table
) -> TypeChange | None:
    if sample is None:  # a catalog: the declared type
        if column.sql_type is not None and column.sql_type == live.sql_type:
            return None  # the source is as drafted; the datatype is the author's choice
        if column.datatype == live.datatype:
            return None
        return TypeChange(
            column.name, str(column.datatype), str(live.datatype), column.sql_type, live.sql_type
        )
    failed = _unparsed(sample[column.name], column, table)
    if not failed:
        return None
    detail = f"{failed} of {len(sample)} sampled values are not {column.datatype}"
    return TypeChange(column.name, str(column.datatype), str(live.datatype), detail=detail)


def _unparsed(values: pd.Series, column: Column, table: Table) -> int:
    """How many sampled values the run could not read as the column's datatype (its null
    markers and the table's decimal mark and thousands separator applied first, as a run does)."""
    from ..rules.engine import clean_column  # the rules import the pipeline's report

    parameters = table.extraction.parameters or {}
    decimal, thousands = str(parameters.get("decimal") or "."), parameters.get("thousands")
    textual = pd.api.types.is_string_dtype(values.dtype)
    if column.datatype in FLOATS and textual and (decimal != "." or thousands):
        text = values.astype("string")
        if thousands:
            text = text.str.replace(str(thousands), "", regex=False)
        values = text.str.replace(decimal, ".", regex=False)
    _, failed = clean_column(values, column)
    return int(failed.sum())


def _stop_on_new(drift: TableDrift) -> str:
    names = ", ".join(c.name for c in drift.new)
    one = len(drift.new) == 1
    return (
        f"table {drift.table}: the source ({drift.source}) has "
        f"{_count(drift.new, 'column')} the module does not describe: {names}. "
        "The run stops so that undescribed data cannot leak. Either add "
        f"{'it' if one else 'them'} to the table's columns (with rules and anonymization), "
        'or set "onUnknownColumns" on the table to "drop" (leave '
        f'{"it" if one else "them"} out) or "copy" (copy {"it" if one else "them"} '
        "unchanged, not anonymized)."
    )


def _count(items: list[Any], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _typed(datatype: str, sql_type: str | None) -> str:
    return f"{datatype} ({sql_type})" if sql_type else datatype
