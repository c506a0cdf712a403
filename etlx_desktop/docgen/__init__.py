"""Generated reference documentation, built from the code so that it cannot drift.

`python -m etlx_desktop.docgen` (or `make docs`) writes `docs/reference/metadata.md` from the
metadata model, the method registry, the normalizers and the shipped JSON-LD context, and
`docs/reference/cli.md` from the `etlx` argument parser. The output is deterministic: it holds
no timestamps and follows the order the code declares things in.
"""

from __future__ import annotations

from pathlib import Path

from .cli_ref import cli_reference
from .metadata_ref import metadata_reference

METADATA_REFERENCE = Path("docs/reference/metadata.md")
CLI_REFERENCE = Path("docs/reference/cli.md")


def references() -> dict[Path, str]:
    """Every generated file (path relative to the project root) and its content."""
    return {METADATA_REFERENCE: metadata_reference(), CLI_REFERENCE: cli_reference()}


def write_references(root: Path) -> list[Path]:
    """Write every reference under `root`; the paths whose content changed."""
    changed = []
    for relative, text in references().items():
        path = root / relative
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(relative)
    return changed


__all__ = ["cli_reference", "metadata_reference", "references", "write_references"]
