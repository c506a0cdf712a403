"""Text ↔ values for the module editor's cells and fields (no widgets): numbers, lists, ranges.

A value typed by a person is parsed here; a parse failure raises `ValueProblem` with a message
worth showing under the field, in the app's language. What a value may be is decided by the
core (field rules, `ParamSpec.check`), not here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

from ...core.metadata.model import Datatype
from ...core.metadata.validate_tables import NUMERIC

# Qt's marker for text translated later, where it is shown (lupdate finds the calls by this
# name); typed, as it returns the text it is given
QT_TRANSLATE_NOOP = cast("Callable[[str, str], str]", QtCore.QT_TRANSLATE_NOOP)
RANGE_HINT = QT_TRANSLATE_NOOP(
    "EditorValues",
    "min – max, e.g. 0 – 100 or 1900-01-01 – 2030-12-31; leave a side empty for no bound",
)
_INTEGER = re.compile(r"[+-]?\d+")
_RANGE_SEPARATORS = ("..", "–", " - ")


class ValueProblem(ValueError):
    """Text that cannot be read as the value it stands for; the message says why."""


def range_hint() -> str:
    """How to write a range, in the app's language."""
    return QCoreApplication.translate("EditorValues", RANGE_HINT)


def format_value(value: Any) -> str:
    """How a value reads in a cell or field: lists comma-separated, floats without noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.12g}" if math.isfinite(value) else str(value)
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def parse_number(text: str) -> int | float:
    """`3` → 3, `0.5` → 0.5; anything else is a problem."""
    text = text.strip()
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        message = QCoreApplication.translate("EditorValues", "'{text}' is not a number")
        raise ValueProblem(message.format(text=text)) from None
    if not math.isfinite(number):
        message = QCoreApplication.translate("EditorValues", "'{text}' is not a finite number")
        raise ValueProblem(message.format(text=text))
    return number


def parse_scalar(text: str) -> str | int | float | bool:
    """A number, true/false, or else the text itself ("quoted" text stays text: "3")."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    try:
        return parse_number(text)
    except ValueProblem:
        return text


def parse_list(text: str, item: Callable[[str], Any] = str) -> list[Any]:
    """Comma-separated items, each read by `item`; an empty text is an empty list."""
    if not text.strip():
        return []
    parts = [part.strip() for part in text.split(",")]
    for index, part in enumerate(parts, start=1):
        if not part:
            message = QCoreApplication.translate(
                "EditorValues", "item {index} of the list is empty"
            )
            raise ValueProblem(message.format(index=index))
    return [item(part) for part in parts]


def parse_typed(text: str, datatype: Datatype) -> str | int | float | bool:
    """A value of a column of `datatype`: a number for numeric columns, else the text."""
    text = text.strip()
    if datatype in NUMERIC:
        return parse_number(text)
    if datatype is Datatype.BOOLEAN and text in ("true", "false"):
        return text == "true"
    return text


def format_range(minimum: Any, maximum: Any) -> str:
    if minimum is None and maximum is None:
        return ""
    return f"{format_value(minimum)} – {format_value(maximum)}".strip()


def parse_range(text: str, datatype: Datatype) -> tuple[Any, Any]:
    """`0 – 100` (or `0..100`, `0 - 100`) → (0, 100); an empty side is no bound."""
    if not text.strip():
        return None, None
    for separator in _RANGE_SEPARATORS:
        if separator in text:
            low, high = text.split(separator, 1)
            return _bound(low, datatype), _bound(high, datatype)
    message = QCoreApplication.translate("EditorValues", "write the range as {hint}")
    raise ValueProblem(message.format(hint=range_hint()))


def _bound(text: str, datatype: Datatype) -> Any:
    return parse_typed(text, datatype) if text.strip() else None
