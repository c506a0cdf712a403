"""Range, allowed-values and pattern checks: which values of a column break which rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..metadata.model import Column, Datatype
from .coerce import coerce


@dataclass(frozen=True)
class Violation:
    """Values of one column that break one check (mask aligned with the chunk)."""

    check: str  # minimum, maximum, allowedValues, pattern
    mask: pd.Series
    reason: str
    bound: Any = None


def typed_scalar(value: Any, datatype: Datatype) -> Any:
    """A metadata value (default, bound, allowed value) coerced to the column's type."""
    coerced, _ = coerce(pd.Series([value], dtype=object), datatype)
    return coerced.iloc[0]


def find_violations(values: pd.Series, column: Column) -> list[Violation]:
    """Every check of `column` that some non-null value of `values` breaks."""
    present = values.notna()
    found: list[Violation] = []
    if column.minimum is not None:
        bound = typed_scalar(column.minimum, column.datatype)
        mask = present & (values < bound).fillna(False)
        found.append(Violation("minimum", mask, f"below minimum {column.minimum}", bound))
    if column.maximum is not None:
        bound = typed_scalar(column.maximum, column.datatype)
        mask = present & (values > bound).fillna(False)
        found.append(Violation("maximum", mask, f"above maximum {column.maximum}", bound))
    if column.allowed_values:
        allowed = [typed_scalar(v, column.datatype) for v in column.allowed_values]
        mask = present & ~values.isin(allowed).fillna(False)
        found.append(Violation("allowedValues", mask, "not an allowed value"))
    if column.pattern is not None:
        text = values.astype("string")
        matches = text.str.fullmatch(column.pattern).fillna(False).astype(bool)
        found.append(Violation("pattern", present & ~matches, "does not match the pattern"))
    return [v for v in found if bool(v.mask.any())]
