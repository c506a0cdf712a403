"""Which images the guides use, so that docs/images holds exactly those and no other.

Screenshots come from the Qt tests (`make docs-screenshots`), which save every screen they
take; the ones no guide references are removed afterwards.
"""

from __future__ import annotations

import re
from pathlib import Path

# ![alt](path) and <img src="path">, the two ways the guides embed an image
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\s[^>]*src=\"([^\"]+)\"", re.IGNORECASE)


def image_references(markdown: Path) -> list[str]:
    """The image paths one Markdown file embeds, as written, in order."""
    text = markdown.read_text(encoding="utf-8")
    found = [
        (m.start(), m.group(1)) for p in (_MARKDOWN_IMAGE, _HTML_IMAGE) for m in p.finditer(text)
    ]
    return [reference for _, reference in sorted(found)]


def referenced_images(docs: Path) -> dict[Path, list[Path]]:
    """Every local image referenced from a Markdown file under `docs` → the files using it."""
    found: dict[Path, list[Path]] = {}
    for markdown in sorted(docs.rglob("*.md")):
        for reference in image_references(markdown):
            if "://" in reference:
                continue
            image = (markdown.parent / reference).resolve()
            found.setdefault(image, []).append(markdown)
    return found


def unreferenced_images(docs: Path, folder: Path) -> list[Path]:
    """PNG files in `folder` that no Markdown file under `docs` references."""
    used = referenced_images(docs)
    return [png for png in sorted(folder.glob("*.png")) if png.resolve() not in used]


def prune_images(docs: Path, folder: Path) -> list[Path]:
    """Delete the unreferenced PNG files of `folder`; the deleted paths."""
    removed = unreferenced_images(docs, folder)
    for png in removed:
        png.unlink()
    return removed
