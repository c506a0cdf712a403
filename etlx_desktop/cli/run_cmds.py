"""`etlx run`, `preview` and `demo`: running modules and looking at what a run would do."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from ..core.metadata import DataModule
from ..core.pipeline.engine import RunOptions, run_module
from ..core.pipeline.report import RunReport
from ..core.pipeline.targets import target_from_url
from .common import EXIT_OK, BadInput, load_checked
from .terminal import TerminalProgress


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    run = commands.add_parser("run", help="run a module and publish a new version")
    run.add_argument("file", type=Path, metavar="FILE")
    run.add_argument(
        "--target",
        action="append",
        metavar="ID|URL",
        help="a target of the module, or postgresql://, s3://bucket/prefix, folder "
        "(repeatable; default: the module's upload targets)",
    )
    run.add_argument(
        "--chunk-rows",
        type=int,
        default=50_000,
        metavar="N",
        help="rows per chunk (memory is bounded by this; default 50000)",
    )
    run.add_argument("--json", action="store_true", help="print only the JSON run report")
    run.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local (default), or dask: partitions on the Dask cluster of --scheduler",
    )
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler")
    run.add_argument(
        "--scheduler-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for the Dask scheduler to answer (default 10)",
    )
    run.set_defaults(handler=cmd_run)

    preview = commands.add_parser("preview", help="show a table before and after its rules")
    preview.add_argument("file", type=Path, metavar="FILE")
    preview.add_argument("--table", required=True, help="table to preview")
    preview.add_argument("--rows", type=int, default=10, help="sample size (default 10)")
    preview.set_defaults(handler=cmd_preview)

    demo = commands.add_parser("demo", help="run the bundled demo module into a folder")
    demo.add_argument("--dir", type=Path, help="workspace folder (default: the user data folder)")
    demo.set_defaults(handler=cmd_demo)


def _run_options(
    module_targets: list[str], wanted: list[str] | None, chunk_rows: int
) -> RunOptions:
    if chunk_rows < 1:
        raise BadInput("--chunk-rows must be a positive number of rows.")
    options = RunOptions(chunk_rows=chunk_rows)
    if wanted:
        options.targets = [w for w in wanted if w in module_targets]
        for index, url in enumerate(w for w in wanted if w not in module_targets):
            try:
                options.extra_targets.append(target_from_url(url, f"cli-{index + 1}"))
            except ValueError as exc:
                raise BadInput(str(exc)) from exc
    return options


def cmd_run(args: argparse.Namespace) -> int:
    module = load_checked(args.file)
    known = [t.identifier for t in module.distribution]
    options = _run_options(known, args.target, args.chunk_rows)
    if (
        options.targets == []
        and not options.extra_targets
        and not (module.upload and module.upload.target)
    ):
        raise BadInput(f"{args.file} has no upload target; name one with --target.")
    if args.executor == "dask":
        report = _run_on_dask(module, args, options)
    else:
        progress = TerminalProgress()
        try:
            report = run_module(
                module, base_dir=args.file.parent, progress=progress, options=options
            )
        finally:
            progress.close()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print_report(report)
    return EXIT_OK


def _run_on_dask(module: DataModule, args: argparse.Namespace, options: RunOptions) -> RunReport:
    """The run on the Dask cluster at --scheduler (docs/scale-out.md)."""
    from ..core.pipeline.distributed import NotPartitionSafe, run_module_distributed
    from ..core.pipeline.distributed.cluster import BadSchedulerAddress, connect

    if not args.scheduler:
        raise BadInput("--executor dask needs --scheduler tcp://HOST:PORT.")
    try:
        client = connect(args.scheduler, args.scheduler_timeout)
    except BadSchedulerAddress as exc:
        raise BadInput(str(exc)) from None
    progress = TerminalProgress()
    try:
        return run_module_distributed(module, args.file.parent, options, client, progress=progress)
    except NotPartitionSafe as exc:
        raise BadInput(str(exc)) from None
    finally:
        progress.close()
        client.close()


def print_report(report: RunReport) -> None:
    print(f"Run {report.run_id} of {report.module}: {report.status}")
    width = max((len(n) for n in report.tables), default=5)
    print(f"  {'table':<{width}}  {'read':>9}  {'written':>9}  {'quarantined':>11}  {'dropped':>7}")
    for name, table in report.tables.items():
        print(
            f"  {name:<{width}}  {table.rows_read:>9,}  {table.rows_written:>9,}  "
            f"{table.rows_quarantined:>11,}  {table.rows_dropped:>7,}"
        )
    for version in report.published:
        print(
            f"Published version {version.version} to {version.target} ({version.kind}): "
            f"{version.location}"
        )
    for warning in report.warnings:
        print(f"warning: {warning}")


def cmd_preview(args: argparse.Namespace) -> int:
    from ..core.pipeline.preview import preview_table

    module = load_checked(args.file)
    if args.table not in [t.table_name for t in module.tables]:
        names = ", ".join(t.table_name for t in module.tables)
        raise BadInput(f"{args.file} has no table '{args.table}'; its tables: {names}.")
    if not 1 <= args.rows <= 10_000:
        raise BadInput("--rows must be between 1 and 10000.")
    preview = preview_table(module, args.table, base_dir=args.file.parent, rows=args.rows)
    with pd.option_context(
        "display.width", 160, "display.max_columns", 50, "display.max_colwidth", 28
    ):
        print(f"Before ({len(preview.before)} rows):")
        print(preview.before.to_string(index=False))
        print(f"\nAfter ({len(preview.after)} rows):")
        print(preview.after.to_string(index=False))
        if len(preview.quarantine):
            print(f"\nQuarantined ({len(preview.quarantine)} rows):")
            print(preview.quarantine[["_row", "_reason"]].to_string(index=False))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from ..core.demo import prepare_demo

    module_path = prepare_demo(args.dir)
    module = load_checked(module_path)
    progress = TerminalProgress()
    try:
        report = run_module(module, base_dir=module_path.parent, progress=progress)
    finally:
        progress.close()
    print_report(report)
    print(f"\nDemo workspace: {module_path.parent.resolve()}")
    print(f"Module file:    {module_path.resolve()}")
    return EXIT_OK
