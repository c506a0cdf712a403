"""`python -m etlx_desktop.docgen [--root DIR]`: write the generated references."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import references, write_references
from .images import prune_images


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etlx_desktop.docgen", description="Write the generated references."
    )
    parser.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: this folder)"
    )
    parser.add_argument(
        "--prune-images",
        action="store_true",
        help="only delete the PNG files in docs/images that no guide references",
    )
    args = parser.parse_args(argv)
    if args.prune_images:
        docs = args.root / "docs"
        for png in prune_images(docs, docs / "images"):
            print(f"{png}: removed, no guide references it")
        return 0
    changed = write_references(args.root)
    for path in references():
        print(f"{path}: {'written' if path in changed else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
