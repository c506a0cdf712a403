"""The few Markdown shapes the references use: headings, tables and code spans."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

_LIST_ITEM = re.compile(r"\s*(\d+\.|[-*]) ")


def code(text: str) -> str:
    """`text` as a code span, with a longer fence when the text holds backticks."""
    fence = "``" if "`" in text else "`"
    padded = f" {text} " if fence == "``" else text
    return f"{fence}{padded}{fence}"


def literal(value: Any) -> str:
    """A value as it is written in a JSON document, as a code span."""
    return code(json.dumps(value, ensure_ascii=False))


def cell(text: str) -> str:
    """Text made safe for one table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def link(heading: str) -> str:
    return f"[{heading}](#{anchor(heading)})"


def paragraphs(docstring: str | None) -> str:
    """A docstring as Markdown: wrapped lines re-joined, paragraphs and list items kept."""
    if not docstring:
        return ""
    blocks = [_unwrap(block) for block in inspect.cleandoc(docstring).split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def _unwrap(block: str) -> str:
    items: list[str] = []
    for line in block.splitlines():
        if not items or _LIST_ITEM.match(line):
            items.append(line.strip())
        else:
            items[-1] += " " + line.strip()
    return "\n".join(" ".join(item.split()) for item in items if item.strip())


def first_paragraph(docstring: str | None) -> str:
    text = paragraphs(docstring)
    return text.split("\n\n", 1)[0]


def document(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line, ending in exactly one newline."""
    return "\n\n".join(b.strip("\n") for b in blocks if b) + "\n"
