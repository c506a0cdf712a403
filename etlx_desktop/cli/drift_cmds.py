"""`etlx drift`: how each table's source differs now from the module, before a run finds out."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.secretstore import resolve_secret
from ..core.sources.drift import DriftReport, NewColumn, TableDrift, detect_drift
from .common import EXIT_BAD_INPUT, EXIT_OK, load_checked


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    drift = commands.add_parser(
        "drift",
        help="compare a module's tables with their sources now (exit 2 if a run would stop)",
    )
    drift.add_argument("file", type=Path, metavar="FILE")
    drift.add_argument("--json", action="store_true", help="print the drift report as JSON")
    drift.set_defaults(handler=cmd_drift)


def cmd_drift(args: argparse.Namespace) -> int:
    """Exit 0 when a run would go on (no drift, or only drift the module allows), 2 when it
    would stop."""
    path: Path = args.file
    module = load_checked(path)
    base_dir = path.parent
    passwords = {
        s.identifier: resolve_secret(s.secret_ref, base_dir) if s.secret_ref else None
        for s in module.data_sources
    }
    report = detect_drift(module, base_dir, passwords)
    if args.json:
        summary = {"stops": report.stops, "errors": report.errors(), "warnings": report.warnings()}
        print(json.dumps({**report.as_dict(), **summary}, indent=2, ensure_ascii=False))
    else:
        print_drift(path, report)
    return EXIT_BAD_INPUT if report.stops else EXIT_OK


def print_drift(path: Path, report: DriftReport) -> None:
    print(f"{path}: module {report.module} against its sources now")
    for table in report.tables:
        print_table(table)
    warnings = report.warnings()
    if report.stops:
        print("\nA run would stop before any work:")
        for message in report.errors():
            print(f"  {message}")
    if warnings:
        print("\nWarnings:" if report.stops else "\nA run would go on, with these warnings:")
        for message in warnings:
            print(f"  {message}")
    if not report.drifted:
        print("\nNo drift.")


def print_table(table: TableDrift) -> None:
    heading = f"{table.table} ({table.source}; onUnknownColumns: {table.on_unknown_columns})"
    if table.error or table.note:
        print(f"  {heading}: {table.error or table.note}")
        return
    if not table.drifted:
        print(f"  {heading}: no drift")
        return
    print(f"  {heading}:")
    lines = {
        "new in the source": ", ".join(_new_column(c) for c in table.new),
        "missing from the source": ", ".join(table.missing),
        "type changed": "; ".join(c.describe() for c in table.type_changed),
    }
    for label, text in lines.items():
        print(f"    {label + ':':<25}{text or '-'}")


def _new_column(column: NewColumn) -> str:
    typed = f"{column.datatype} ({column.sql_type})" if column.sql_type else column.datatype
    return f"{column.name} {typed}"
