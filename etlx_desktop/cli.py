"""`etlx`: the command line over the core. Exit 0 ok, 2 bad input or usage, 1 failure."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.metadata import ModuleInvalid, Problem, Severity, read_module, save_module
from .core.metadata.summary import summarize

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """The user's input cannot be used; the message says why and what is allowed."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etlx",
        description="ETL-Express: describe, check and run anonymized, versioned data modules.",
    )
    parser.add_argument("--version", action="version", version=f"etlx {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    draft = commands.add_parser("draft", help="draft a module from a database or files")
    draft.add_argument("source", metavar="SOURCE",
                       help="SQLAlchemy URL (postgresql://, mysql://, sqlite:///) or a file/folder")
    draft.add_argument("--schema", help="database schema to read (default: the default schema)")
    draft.add_argument("--tables", help="comma-separated tables to include (default: all)")
    draft.add_argument("--name", help="module identifier (default: from the source)")
    draft.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                       help="module file to write")
    draft.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    draft.set_defaults(handler=cmd_draft)

    validate = commands.add_parser("validate", help="check a module file, listing every problem")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.set_defaults(handler=cmd_validate)

    show = commands.add_parser("show", help="print a readable summary of a module")
    show.add_argument("file", type=Path, metavar="FILE")
    show.set_defaults(handler=cmd_show)

    demo = commands.add_parser("demo", help="unpack and check the bundled demo workspace")
    demo.add_argument("--dir", type=Path, help="workspace folder (default: the user data folder)")
    demo.set_defaults(handler=cmd_demo)
    return parser


def cmd_draft(args: argparse.Namespace) -> int:
    from .core.sources import draft_module

    output: Path = args.output
    if output.exists() and not args.force:
        raise BadInput(f"{output} exists; choose another file or pass --force to replace it.")
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    try:
        module = draft_module(args.source, schema=args.schema, tables=tables, name=args.name)
    except (ValueError, FileNotFoundError) as exc:
        raise BadInput(str(exc)) from exc
    save_module(module, output)
    columns = sum(len(t.table_schema.columns) for t in module.tables)
    print(f"Wrote {output}: module '{module.identifier}', {len(module.tables)} table(s), "
          f"{columns} column(s).")
    print(f"Next: add field and anonymization rules, then `etlx validate {output}`.")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    _, problems = read_module(args.file)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if args.json:
        report = {"file": str(args.file), "valid": not errors,
                  "problems": [p.as_dict() for p in problems]}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_problems(args.file, problems)
        if not errors:
            print(f"{args.file}: valid" + (f" ({len(problems)} warning(s))" if problems else ""))
    return EXIT_BAD_INPUT if errors else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    module, problems = read_module(args.file)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if module is None or errors:
        raise ModuleInvalid(str(args.file), problems)
    print(summarize(module), end="")
    _print_problems(args.file, problems)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import prepare_demo

    module_path = prepare_demo(args.dir)
    module, problems = read_module(module_path)
    if module is None or any(p.severity is Severity.ERROR for p in problems):
        raise ModuleInvalid(str(module_path), problems)
    print(summarize(module), end="")
    print(f"\nDemo workspace: {module_path.parent.resolve()}")
    print(f"Module file:    {module_path.resolve()}")
    return EXIT_OK


def _print_problems(file: Path, problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"{file}: {problem.severity}: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except ModuleInvalid as exc:
        _print_problems(Path(exc.source), exc.problems)
        errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
        print(f"etlx: {exc.source} has {errors} problem(s); nothing was done.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as exc:
        print(f"etlx: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and closed early: not a failure
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter shutdown quiet
        return EXIT_OK
    except KeyboardInterrupt:
        print("etlx: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a message, a traceback only on --debug
        if args.debug:
            traceback.print_exc()
        print(f"etlx: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        if not args.debug:
            print("etlx: run again with --debug for details.", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
