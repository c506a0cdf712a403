"""`etlx modules list|show|diff`: the published versions in a target."""

from __future__ import annotations

import argparse
import json

from .common import EXIT_OK, BadInput


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    modules = commands.add_parser("modules", help="list, show and compare published versions")
    actions = modules.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="modules and versions in a target")
    listing.add_argument(
        "target",
        metavar="TARGET",
        help="postgresql://..., s3://bucket/prefix?endpoint_url=... or a folder",
    )
    listing.set_defaults(handler=cmd_list)
    show = actions.add_parser("show", help="the metadata of one version")
    show.add_argument("target", metavar="TARGET")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--version", type=int, help="version number (default: the latest)")
    show.set_defaults(handler=cmd_show)
    diff = actions.add_parser("diff", help="compare two versions: schema, rules, row counts")
    diff.add_argument("target", metavar="TARGET")
    diff.add_argument("name", metavar="NAME")
    diff.add_argument("a", type=int, metavar="A")
    diff.add_argument("b", type=int, metavar="B")
    diff.set_defaults(handler=cmd_diff)


def _store(url: str):  # type: ignore[no-untyped-def]
    from ..core.storage import store_from_url

    try:
        return store_from_url(url)
    except ValueError as exc:
        raise BadInput(str(exc)) from exc


def cmd_list(args: argparse.Namespace) -> int:
    versions = _store(args.target).versions()
    if not versions:
        print(f"{args.target}: no published versions")
    for info in versions:
        rows = sum(info.row_counts.values())
        print(
            f"{info.module:<24} v{info.version:<4} {info.created_at:<26} {rows:>12,} rows  "
            f"{info.location}"
        )
    return EXIT_OK


def _latest(store, name: str, version: int | None) -> int:  # type: ignore[no-untyped-def]
    numbers: list[int] = [v.version for v in store.versions(name)]
    if not numbers:
        raise BadInput(f"the target holds no versions of module '{name}'.")
    if version is None:
        return max(numbers)
    if version not in numbers:
        raise BadInput(
            f"module '{name}' has no version {version}; it has {', '.join(map(str, numbers))}."
        )
    return version


def cmd_show(args: argparse.Namespace) -> int:
    store = _store(args.target)
    version = _latest(store, args.name, args.version)
    print(store.metadata(args.name, version), end="")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from ..core.storage import diff_versions

    store = _store(args.target)
    a, b = (_latest(store, args.name, v) for v in (args.a, args.b))
    print(json.dumps(diff_versions(store, args.name, a, b), indent=2, ensure_ascii=False))
    return EXIT_OK
