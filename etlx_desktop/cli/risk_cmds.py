"""`etlx risk`: k-anonymity, uniques, l-diversity, foreign keys and leaks, without publishing.

`etlx risk TARGET NAME [--version N]` measures a published version with the privacy models in
its stored metadata; `etlx risk FILE` runs the module over all of its data (extraction, rules,
transformations, anonymization) and writes nothing, so the leak check runs too. Either form can
name the quasi-identifiers of a table on the command line. Exit 1 when a check fails.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

from ..core.anonymize.privacy import PrivacyCheckFailed, PrivacyCollector, PrivacyReport
from ..core.anonymize.privacy_leaks import SAME_ROW_MUST_BE_ZERO
from ..core.metadata.model import DataModule, PrivacyModel
from .common import EXIT_FAILED, EXIT_OK, BadInput, load_checked


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    risk = commands.add_parser(
        "risk",
        help="measure re-identification risk: k-anonymity, uniques, l-diversity, leaks, keys",
        description="Measure a published version (TARGET NAME) or a dry run of a module over "
        "all its data (FILE, nothing is written). Exit 1 when a privacy check fails.",
    )
    risk.add_argument(
        "source", metavar="TARGET|FILE", help="a target (folder, s3://, postgresql://) or a module"
    )
    risk.add_argument("name", nargs="?", metavar="NAME", help="module name in TARGET")
    risk.add_argument("--version", type=int, help="version number (default: the latest)")
    risk.add_argument("--table", help="table whose privacy model the options below replace")
    risk.add_argument(
        "--quasi-identifiers", metavar="A,B,...", help="quasi-identifier columns of --table"
    )
    risk.add_argument("--k", type=int, help="the k to compare with (below it: exit 1)")
    risk.add_argument("--sensitive", metavar="A,B,...", help="sensitive columns for l-diversity")
    risk.add_argument(
        "--l", type=int, dest="l_required", help="the l to compare with (below it: exit 1)"
    )
    risk.add_argument("--json", action="store_true", help="print only the JSON findings")
    risk.set_defaults(handler=cmd_risk)


def cmd_risk(args: argparse.Namespace) -> int:
    if args.name is None:
        heading, found = _dry_run(args)
    else:
        heading, found = _published(args)
    _judge_asked(args, found)
    if args.json:
        print(json.dumps({**heading, "privacy": dataclasses.asdict(found)}, indent=2))
    else:
        print_findings(heading, found)
    return EXIT_FAILED if found.failures else EXIT_OK


def _judge_asked(args: argparse.Namespace, found: PrivacyReport) -> None:
    """A k or l given on the command line is a gate: falling below it fails the check (the
    model's own k and l fail only when the model says `enforce`; otherwise they warn)."""
    figures = found.tables.get(args.table) if args.table else None
    if figures is None:
        return
    below: list[tuple[str, str]] = []
    k = figures.k_anonymity
    if args.k is not None and k.groups and k.k < args.k:
        over = ", ".join(k.quasi_identifiers)
        below.append((f"{args.table}: k-anonymity over ({over})", f"is {k.k}, below --k {args.k}"))
    if args.l_required is not None and k.groups:
        for column, value in figures.l_diversity.items():
            if value < args.l_required:
                below.append((f"{args.table}: l-diversity of {column}", f"is {value}, below --l"
                               f" {args.l_required}"))  # fmt: skip
    for subject, verdict in below:  # the gate's verdict replaces the model's on the same figure
        same = f"{subject} is "
        found.warnings[:] = [w for w in found.warnings if not w.startswith(same)]
        found.failures[:] = [f for f in found.failures if not f.startswith(same)]
        found.failures.append(f"{subject} {verdict}")


def _override(module: DataModule, args: argparse.Namespace) -> None:
    """Replace a table's privacy model with the one given on the command line."""
    given = [args.quasi_identifiers, args.k, args.sensitive, args.l_required]
    if args.table is None:
        if any(v is not None for v in given):
            raise BadInput("name the table those options are for with --table.")
        return
    try:
        table = module.table(args.table)
    except KeyError:
        names = ", ".join(t.table_name for t in module.tables)
        raise BadInput(f"the module has no table '{args.table}'; its tables: {names}.") from None
    model = copy.deepcopy(table.privacy) or PrivacyModel(quasi_identifiers=[])
    if args.quasi_identifiers:
        model.quasi_identifiers = _names(args.quasi_identifiers)
    if args.sensitive:
        model.sensitive = _names(args.sensitive)
    model.k = args.k if args.k is not None else model.k
    model.l_diversity = args.l_required if args.l_required is not None else model.l_diversity
    if not model.quasi_identifiers:
        raise BadInput(f"table '{args.table}' has no privacy model; give --quasi-identifiers.")
    columns = {c.name for c in table.table_schema.columns}
    unknown = [c for c in [*model.quasi_identifiers, *model.sensitive] if c not in columns]
    if unknown:
        raise BadInput(f"table '{args.table}' has no column(s) {', '.join(unknown)}.")
    table.privacy = model


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def _published(args: argparse.Namespace) -> tuple[dict[str, Any], PrivacyReport]:
    from ..core.metadata.io import module_from_json
    from ..core.storage import VersionNotFound, resolve_version, store_from_url

    try:
        store = store_from_url(args.source)
        version = resolve_version(
            store, args.name, "latest" if args.version is None else args.version, where="target"
        )
    except (ValueError, VersionNotFound) as exc:
        raise BadInput(str(exc)) from exc
    module, _ = module_from_json(json.loads(store.metadata(args.name, version)))
    _override(module, args)
    wanted = {t.table_name for t in module.tables if t.privacy is not None}
    for table in module.tables:
        for fk in table.table_schema.foreign_keys:
            wanted |= {table.table_name, *_table_named(module, fk.reference.resource)}
    collector = PrivacyCollector(module, {})  # the originals are not there: no leak check
    stored = set(store.tables(args.name, version))
    for name in sorted(wanted & stored):
        frame = store.read_table(args.name, version, name)
        collector.observe_chunk(name, frame, frame)
    heading = {"module": args.name, "version": version, "target": args.source}
    return heading, collector.report()


def _table_named(module: DataModule, resource: str) -> list[str]:
    return [t.table_name for t in module.tables if resource in (t.url, t.table_name)]


def _dry_run(args: argparse.Namespace) -> tuple[dict[str, Any], PrivacyReport]:
    from ..core.pipeline.engine import RunOptions, run_module

    if args.version is not None:
        raise BadInput("--version is for a published version: etlx risk TARGET NAME --version N")
    path = Path(args.source)
    if not path.is_file():
        raise BadInput(f"{path} is not a module file; for a target, name the module too.")
    module = load_checked(path)
    _override(module, args)
    module.upload = None  # no upload script: nothing leaves the run
    try:
        report = run_module(module, base_dir=path.parent, options=RunOptions(targets=[]))
    except PrivacyCheckFailed as failed:
        found = failed.report
    else:
        if report.privacy is None:
            raise RuntimeError("the run produced no privacy findings")
        found = report.privacy
    return {"module": module.identifier, "file": str(path), "dry_run": True}, found


def print_findings(heading: dict[str, Any], found: PrivacyReport) -> None:
    where = f"v{heading['version']} in {heading['target']}" if "version" in heading else ""
    print(f"Privacy of {heading['module']} {where or '(dry run, nothing written)'}")
    if not found.tables:
        print("  no table has a privacy model; name one with --table T --quasi-identifiers A,B")
    for name, table in found.tables.items():
        k = table.k_anonymity
        print(
            f"  {name}: k = {k.k} over ({', '.join(k.quasi_identifiers)}); {k.groups:,} "
            f"group(s) of {k.rows:,} row(s); {k.unique_rows:,} unique ({k.unique_share:.1%})"
            + (f"; {k.suppressed_rows:,} suppressed" if k.suppressed_rows else "")
        )
        if k.k_required is not None:
            print(f"    required k = {k.k_required}: {k.rows_below_k:,} row(s) in smaller groups")
        for column, value in table.l_diversity.items():
            required = f" (required {table.l_required})" if table.l_required else ""
            print(f"    l-diversity of {column}: {value}{required}")
    if found.leaks:
        print("Leak check (output values equal to an original value of the column):")
    for leak in found.leaks:
        rule = (
            "must be 0"
            if leak.must_be_zero
            else (
                "no row may keep its value" if leak.method in SAME_ROW_MUST_BE_ZERO else "reported"
            )
        )
        print(
            f"  {leak.table}.{leak.column} ({leak.method}, {rule}): {leak.surviving} "
            f"value(s), {leak.same_row} row(s) unchanged"
        )
    if found.foreign_keys:
        print("Foreign keys (rows whose key has no parent row):")
    for key in found.foreign_keys:
        state = f"{key.orphan_rows:,} orphan row(s)" if key.checked else f"not checked: {key.note}"
        print(f"  {key.name()}: {state}")
    for failure in found.failures:
        print(f"FAILED: {failure}")
    for warning in found.warnings:
        print(f"warning: {warning}")
