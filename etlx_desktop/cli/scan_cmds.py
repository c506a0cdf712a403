"""`etlx scan`: find the columns that hold personal data and suggest how to anonymize them."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from ..core.anonymize.detect import (
    ColumnScan,
    ScanResult,
    TableScan,
    apply_suggestions,
    scan_module,
)
from ..core.anonymize.detect.apply import DEFAULT_MIN_CONFIDENCE
from ..core.anonymize.detect.scan import DEFAULT_ROWS, scan_source
from ..core.anonymize.module_key import create_module_key, needs_new_key
from ..core.metadata import DataModule, ModuleInvalid, Severity, save_module, validate_module
from .common import EXIT_FAILED, EXIT_OK, BadInput, load_checked

MODULE_SUFFIXES = (".jsonld",)
# methods that need the module's anonymization key (as the run's preflight counts them)
_KEYED = {"hash", "noise", "pseudonymize", "fake", "date_shift", "shuffle"}


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scan = commands.add_parser(
        "scan", help="find personal data in a source and suggest anonymization rules"
    )
    scan.add_argument(
        "source",
        metavar="SOURCE",
        help="database URL (postgresql://, mysql://, sqlite:///), a data file or folder, "
        "or a module file (.jsonld: its own sources are scanned)",
    )
    scan.add_argument("--schema", help="database schema to scan (default: the default schema)")
    scan.add_argument("--tables", help="comma-separated tables to scan (default: all)")
    scan.add_argument(
        "--rows",
        type=int,
        default=DEFAULT_ROWS,
        metavar="N",
        help=f"rows sampled per table (default {DEFAULT_ROWS})",
    )
    scan.add_argument("--json", action="store_true", help="print the findings as JSON")
    scan.add_argument(
        "--apply",
        type=Path,
        metavar="FILE",
        help="write the suggestions into this module file, only into columns without a rule "
        "(a new FILE gets the scanned module)",
    )
    scan.add_argument(
        "--min-confidence",
        type=float,
        default=DEFAULT_MIN_CONFIDENCE,
        metavar="X",
        help=f"smallest confidence --apply writes (default {DEFAULT_MIN_CONFIDENCE})",
    )
    scan.set_defaults(handler=cmd_scan)


def cmd_scan(args: argparse.Namespace) -> int:
    if args.rows < 1:
        raise BadInput("--rows must be a positive number of rows.")
    if not 0 <= args.min_confidence <= 1:
        raise BadInput("--min-confidence must be between 0 and 1.")
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    result, whole = _scan(args.source, args.schema, tables, args.rows)
    report: dict[str, Any] = result.as_dict()
    if not args.json:
        print(render(result), end="")
    for table, error in result.errors.items():
        print(
            f"etlx: table {table} could not be read (judged by its names only): {error}",
            file=sys.stderr,
        )
    if args.apply is not None:
        if result.errors:
            print(
                "etlx: nothing was applied: a scan that could not read every table is incomplete.",
                file=sys.stderr,
            )
        else:
            report["applied"] = _apply(args.apply, whole, result, args.min_confidence, args.json)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return EXIT_FAILED if result.errors else EXIT_OK


def _scan(
    source: str, schema: str | None, tables: list[str] | None, rows: int
) -> tuple[ScanResult, DataModule]:
    """The scan, and the whole module scanned (before any --tables selection)."""
    path = Path(source)
    if path.suffix.lower() in MODULE_SUFFIXES:
        if schema is not None:
            raise BadInput("--schema applies to a database URL, not to a module file.")
        if not path.is_file():
            raise BadInput(f"{path} does not exist.")
        module = load_checked(path)
        chosen = _chosen_tables(module, tables)
        return scan_module(chosen, path.parent, sample_rows=rows), module
    try:
        result = scan_source(source, schema, tables, sample_rows=rows)
    except (ValueError, FileNotFoundError) as exc:
        raise BadInput(str(exc)) from exc
    return result, result.module


def _chosen_tables(module: DataModule, wanted: list[str] | None) -> DataModule:
    if not wanted:
        return module
    names = [t.table_name for t in module.tables]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise BadInput(f"no table {', '.join(unknown)} in the module; it has {', '.join(names)}.")
    return dataclasses.replace(module, tables=[t for t in module.tables if t.table_name in wanted])


def _apply(
    file: Path, whole: DataModule, result: ScanResult, min_confidence: float, quiet: bool
) -> dict[str, Any]:
    target = load_checked(file) if file.exists() else whole
    changes = apply_suggestions(target, result, min_confidence=min_confidence)
    key_file = None
    if changes and needs_new_key(target):  # the new rules need a key: make one beside it
        file.parent.mkdir(parents=True, exist_ok=True)
        target.key_ref = create_module_key(target, file.parent, beside=file.parent)
        key_file = target.key_ref.removeprefix("file:")
    problems = validate_module(target, base_dir=file.parent)
    if any(p.severity is Severity.ERROR for p in problems):
        raise ModuleInvalid(str(file), problems)  # nothing is saved
    if changes or not file.exists():
        save_module(target, file)
    needs_key = target.key_ref is None and any(
        c.anonymization is not None and c.anonymization.method in _KEYED
        for t in target.tables
        for c in t.table_schema.columns
    )
    if not quiet:
        print(f"\n{file}: {len(changes)} change(s)" + (":" if changes else "; nothing to do."))
        for change in changes:
            print(f"  {change}")
        if key_file:
            print(
                f"Made a new anonymization key in {key_file} (keyRef): keep it secret and out "
                "of version control; the same key gives the same pseudonyms in every version."
            )
        if needs_key:
            print(
                "Note: these rules need an anonymization key: set keyRef "
                "(env:NAME, keyring:SERVICE/NAME or file:PATH) before running."
            )
        print(f"Next: review the rules, then `etlx validate {file}`.")
    return {"file": str(file), "changes": changes, "needsKeyRef": needs_key, "keyFile": key_file}


def render(result: ScanResult) -> str:
    """The findings as text: a table of columns per scanned table."""
    parts = [f"Module '{result.module.identifier}': up to {result.sample_rows} rows per table.\n"]
    for table in result.tables:
        parts.append(_render_table(table))
    found = len(result.suggestions)
    parts.append(f"\n{found} personal column(s) found.\n")
    return "".join(parts)


_HEADER = ("column", "category", "suggested rule", "conf", "QI", "evidence")


def _render_table(table: TableScan) -> str:
    sampled = f"{table.rows_sampled} row(s) sampled" if table.error is None else "not read"
    lines = [f"\n{table.table} ({sampled})"]
    rows = [_row(column) for column in table.columns if column.suggestion is not None]
    if rows:
        widths = [max(len(r[i]) for r in [_HEADER, *rows]) for i in range(len(_HEADER) - 1)]
        for row in [_HEADER, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  " + "  ".join([*cells, row[-1]]).rstrip())
    plain = [c.column for c in table.columns if c.suggestion is None]
    if plain:
        lines.append(f"  not personal: {', '.join(plain)}")
    return "\n".join(lines) + "\n"


def _row(column: ColumnScan) -> tuple[str, ...]:
    found = column.suggestion
    assert found is not None
    rule = found.rule
    params = " ".join(str(v) for k, v in (rule.parameters or {}).items() if k != "gender_column")
    method = f"{rule.method} {params}".strip()
    if rule.key_domain:
        method += f" @{rule.key_domain}"
    gender = (rule.parameters or {}).get("gender_column")
    if gender:
        method += f" (gender: {gender})"
    if column.current_method:
        method += f" [has: {column.current_method}]"
    evidence = "; ".join(signal.detail for signal in found.evidence)
    flag = "yes" if found.quasi_identifier else ""
    return (column.column, found.category, method, f"{found.confidence:.2f}", flag, evidence)
