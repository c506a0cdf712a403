"""`etlx rule`: set or clear one column's anonymization rule in a module file, from scripts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..core.metadata import AnonymizationRule, ModuleInvalid, Severity, read_module, save_module
from ..core.metadata.validate import validate_module
from ..core.words import unknown_word
from .common import EXIT_OK, BadInput, print_problems


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rule = commands.add_parser(
        "rule",
        help="set or clear one column's anonymization rule",
        description="Set TABLE.COLUMN's rule to METHOD with name=value parameters (values are "
        "read as JSON when they parse: 3, true, [0, 18, 65]; else as text), or "
        "--clear it. The module is validated before it is written.",
    )
    rule.add_argument("file", type=Path, metavar="FILE")
    rule.add_argument("column", metavar="TABLE.COLUMN")
    rule.add_argument("method", nargs="?", metavar="METHOD")
    rule.add_argument("parameters", nargs="*", metavar="NAME=VALUE")
    rule.add_argument("--key-domain", metavar="DOMAIN", help="key domain (joins across tables)")
    rule.add_argument("--personal-data", metavar="CATEGORY", help="DPV category, e.g. pd:Name")
    rule.add_argument("--clear", action="store_true", help="remove the column's rule")
    rule.set_defaults(handler=cmd_rule)


def parse_parameters(pairs: list[str]) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise BadInput(f"parameter {pair!r} is not NAME=VALUE (e.g. keep_last=2).")
        try:
            parameters[name] = json.loads(text)
        except json.JSONDecodeError:
            parameters[name] = text
    return parameters


def cmd_rule(args: argparse.Namespace) -> int:
    module, problems = read_module(args.file)
    if module is None:
        raise ModuleInvalid(str(args.file), problems)
    table_name, _, column_name = args.column.partition(".")
    tables = [t.table_name for t in module.tables]
    if table_name not in tables:
        raise BadInput(unknown_word("table", table_name, tables))
    columns = module.table(table_name).table_schema.columns
    column = next((c for c in columns if c.name == column_name), None)
    if column is None:
        raise BadInput(
            unknown_word(f"column of {table_name}", column_name, [c.name for c in columns])
        )
    if args.clear == bool(args.method):
        raise BadInput("give either METHOD (with its NAME=VALUE parameters) or --clear.")
    if args.clear:
        column.anonymization = None
    else:
        column.anonymization = AnonymizationRule(
            method=args.method,
            key_domain=args.key_domain,
            parameters=parse_parameters(args.parameters) or None,
        )
    if args.personal_data:
        column.personal_data = args.personal_data
    found = validate_module(module, base_dir=args.file.parent)
    if any(p.severity is Severity.ERROR for p in found):
        raise ModuleInvalid(str(args.file), found)  # nothing written
    save_module(module, args.file)
    print_problems(args.file, found)
    what = "cleared" if args.clear else f"set to {args.method}"
    print(f"{args.file}: {table_name}.{column_name} rule {what}.")
    return EXIT_OK
