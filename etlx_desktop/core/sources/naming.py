"""Names of drafted modules, tables and environment variables."""

from __future__ import annotations

import re
from collections.abc import Iterable

_LATIN = [
    "a",
    "b",
    "v",
    "g",
    "d",
    "e",
    "e",
    "zh",
    "z",
    "i",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "r",
    "s",
    "t",
    "u",
    "f",
    "kh",
    "ts",
    "ch",
    "sh",
    "shch",
    "-",
    "y",
    "-",
    "e",
    "yu",
    "ya",
]
_CYRILLIC = {
    cyr: ("" if lat == "-" else lat)
    for cyr, lat in zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN, strict=True)
}
_MAX_IDENTIFIER = 63


def _ascii_words(text: str) -> str:
    lowered = text.strip().lower()
    return "".join(_CYRILLIC.get(char, char) for char in lowered)


def module_identifier(text: str) -> str:
    """A module identifier made from `text`: 1-63 of `[a-z0-9_-]`, starting alphanumeric."""
    word = re.sub(r"[^a-z0-9_-]+", "_", _ascii_words(text)).strip("_-")
    word = word[:_MAX_IDENTIFIER].strip("_-")
    return word or "module"


def table_name(text: str) -> str:
    """A table name made from `text` matching `[a-z_][a-z0-9_]*` (file tables)."""
    word = re.sub(r"[^a-z0-9_]+", "_", _ascii_words(text)).strip("_")
    word = re.sub(r"_{2,}", "_", word)
    if not word:
        return "table"
    return f"t_{word}" if word[0].isdigit() else word


def unique_names(names: Iterable[str]) -> list[str]:
    """`names` in order, a repeated one suffixed `_2`, `_3`, ... until every name is unique."""
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}_{number}"
        taken.add(candidate)
        result.append(candidate)
    return result


def unique_column_names(names: Iterable[str]) -> list[str]:
    """File header names kept as written; a blank one becomes `column_N`, a repeat gets `_2`."""
    filled = [name if name.strip() else f"column_{index}" for index, name in enumerate(names, 1)]
    return unique_names(filled)


def password_variable(source_id: str) -> str:
    """`env:ETLX_<SOURCEID>_PASSWORD`, the secretRef of a source whose URL had a password."""
    word = re.sub(r"[^A-Z0-9]+", "_", source_id.upper()).strip("_")
    return f"env:ETLX_{word or 'SOURCE'}_PASSWORD"


def title_of(name: str) -> str:
    """A readable title for a table or module name: `order_items` -> `Order items`."""
    words = re.sub(r"[_\s]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else name


def check_source_id(source_id: str) -> str:
    """`source_id` if it is a usable data-source identifier; else a ValueError."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", source_id):
        raise ValueError(
            f"source_id {source_id!r} must be letters, digits, '_' or '-', "
            "starting with a letter or digit."
        )
    return source_id
