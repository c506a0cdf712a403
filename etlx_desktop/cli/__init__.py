"""`etlx`: the command line over the core. Exit 0 ok, 2 bad input or usage, 1 failure."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..core.anonymize.apply import MethodUnavailable
from ..core.anonymize.context import KeyRequired
from ..core.metadata import ModuleInvalid, Severity
from ..core.pipeline.preflight import KeyMismatch
from ..core.scripting import ScriptRefused
from ..core.secretstore import MissingSecret
from . import (
    drift_cmds,
    metadata_cmds,
    modules_cmds,
    risk_cmds,
    rule_cmds,
    run_cmds,
    scan_cmds,
)
from .common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, BadInput, print_problems


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etlx",
        description="ETL-Express: describe, check and run anonymized, versioned data modules.",
    )
    parser.add_argument("--version", action="version", version=f"etlx {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    metadata_cmds.add_commands(commands)
    rule_cmds.add_commands(commands)
    run_cmds.add_commands(commands)
    modules_cmds.add_commands(commands)
    scan_cmds.add_commands(commands)
    risk_cmds.add_commands(commands)
    drift_cmds.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # NAME=VALUE parameters after an option (etlx rule ... --key-domain D k=v)
        if not hasattr(args, "parameters") or not all("=" in e for e in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.parameters += extra
    try:
        code: int = args.handler(args)
        return code
    except ModuleInvalid as exc:
        print_problems(Path(exc.source), exc.problems)
        errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
        print(f"etlx: {exc.source} has {errors} problem(s); nothing was done.", file=sys.stderr)
        _json_failure(args, "refused", f"{exc.source} has {errors} problem(s)", EXIT_BAD_INPUT)
        return EXIT_BAD_INPUT
    except (
        BadInput,
        MissingSecret,
        ScriptRefused,
        KeyMismatch,
        MethodUnavailable,
        KeyRequired,
    ) as exc:  # fixed by changing the module or its environment
        print(f"etlx: {exc}", file=sys.stderr)
        _json_failure(args, "refused", str(exc), EXIT_BAD_INPUT)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and closed early: not a failure
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter shutdown quiet
        return EXIT_OK
    except KeyboardInterrupt:
        print("etlx: interrupted; every target was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: a message, a traceback only on --debug
        if args.debug:
            traceback.print_exc()
        print(f"etlx: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        if not args.debug:
            print("etlx: run again with --debug for details.", file=sys.stderr)
        _json_failure(args, "failed", f"{exc.__class__.__name__}: {exc}", EXIT_FAILED)
        return EXIT_FAILED


def _json_failure(args: argparse.Namespace, status: str, error: str, code: int) -> None:
    """With `etlx run --json`, a failed or refused run still prints one JSON object on
    standard output, so a scheduler reading it always has something to parse."""
    if getattr(args, "command", None) != "run" or not getattr(args, "json", False):
        return
    document = {"status": status, "error": error, "exit_code": code, "module_file": str(args.file)}
    print(json.dumps(document, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
