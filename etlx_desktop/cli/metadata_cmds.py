"""`etlx draft`, `validate`, `show` and `approve`: making and checking module files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.metadata import Severity, read_module, save_module
from ..core.metadata.model import DataModule, Script
from ..core.metadata.scripts import file_checksum, resolve_script
from ..core.metadata.summary import summarize
from .common import EXIT_BAD_INPUT, EXIT_OK, BadInput, load_checked, print_problems


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    draft = commands.add_parser("draft", help="draft a module from a database or files")
    draft.add_argument(
        "source",
        metavar="SOURCE",
        help="SQLAlchemy URL (postgresql://, mysql://, sqlite:///) or a file/folder",
    )
    draft.add_argument("--schema", help="database schema to read (default: the default schema)")
    draft.add_argument("--tables", help="comma-separated tables to include (default: all)")
    draft.add_argument("--name", help="module identifier (default: from the source)")
    draft.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="module file to write"
    )
    draft.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    draft.set_defaults(handler=cmd_draft)

    validate = commands.add_parser("validate", help="check a module file, listing every problem")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.set_defaults(handler=cmd_validate)

    show = commands.add_parser("show", help="print a readable summary of a module")
    show.add_argument("file", type=Path, metavar="FILE")
    show.set_defaults(handler=cmd_show)

    approve = commands.add_parser("approve", help="record the checksums of the module's scripts")
    approve.add_argument("file", type=Path, metavar="FILE")
    approve.set_defaults(handler=cmd_approve)


def cmd_draft(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.exists() and not args.force:
        raise BadInput(f"{output} exists; choose another file or pass --force to replace it.")
    from ..core.sources import draft_module

    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    try:
        module = draft_module(args.source, schema=args.schema, tables=tables, name=args.name)
    except (ValueError, FileNotFoundError) as exc:
        raise BadInput(str(exc)) from exc
    save_module(module, output)
    columns = sum(len(t.table_schema.columns) for t in module.tables)
    print(
        f"Wrote {output}: module '{module.identifier}', {len(module.tables)} table(s), "
        f"{columns} column(s)."
    )
    print(f"Next: add field and anonymization rules, then `etlx validate {output}`.")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    _, problems = read_module(args.file)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if args.json:
        report = {
            "file": str(args.file),
            "valid": not errors,
            "problems": [p.as_dict() for p in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_problems(args.file, problems)
        if not errors:
            print(f"{args.file}: valid" + (f" ({len(problems)} warning(s))" if problems else ""))
    return EXIT_BAD_INPUT if errors else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    module = load_checked(args.file)
    print(summarize(module), end="")
    return EXIT_OK


def _scripts(module: DataModule) -> list[Script]:
    found = [t.extraction.script for t in module.tables if t.extraction.script]
    found += [s.script for t in module.tables for s in t.transformation if s.script]
    if module.upload and module.upload.script:
        found.append(module.upload.script)
    return found


def cmd_approve(args: argparse.Namespace) -> int:
    module, problems = read_module(args.file)
    blocking = [
        p for p in problems if p.severity is Severity.ERROR and not p.path.endswith(".checksum")
    ]
    if module is None or blocking:
        print_problems(args.file, problems)
        raise BadInput(f"{args.file} has problems other than script checksums; fix them first.")
    base = args.file.parent
    scripts = _scripts(module)
    for script in scripts:
        new = file_checksum(resolve_script(script, base))
        state = (
            "unchanged"
            if new == script.checksum
            else ("approved" if script.checksum is None else "re-approved (the file changed)")
        )
        script.checksum = new
        print(f"{script.path}: {state} {new}")
    if not scripts:
        print(f"{args.file} names no scripts; nothing to approve.")
        return EXIT_OK
    save_module(module, args.file)
    return EXIT_OK
