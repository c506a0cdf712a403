"""Range, allowed-values and pattern checks: which values of a column break which rule."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..metadata.model import Column, Datatype
from .coerce import INTEGERS, coerce
from .regex import fullmatch


@dataclass(frozen=True)
class Violation:
    """Values of one column that break one check (mask aligned with the chunk)."""

    check: str  # minimum, maximum, allowedValues, pattern
    mask: pd.Series
    reason: str
    bound: Any = None


def typed_scalar(value: Any, datatype: Datatype) -> Any:
    """A metadata value (default, bound, allowed value) coerced to the column's type.

    Every chunk asks again for the same few values, and coercing one value costs pandas'
    whole-column overhead (about a millisecond), so the answers are kept."""
    try:
        key = (type(value), repr(value), datatype)  # by repr: -0.0 == 0.0, yet not the same
        return _TYPED[key]
    except KeyError:
        if len(_TYPED) >= _TYPED_KEPT:
            _TYPED.clear()
        typed = _TYPED[key] = _typed(value, datatype)
        return typed


def _typed(value: Any, datatype: Datatype) -> Any:
    coerced, _ = coerce(pd.Series([value], dtype=object), datatype)
    return coerced.iloc[0]


_TYPED: dict[tuple[type, str, Datatype], Any] = {}
_TYPED_KEPT = 4096


def _bound(value: Any, datatype: Datatype, to_whole: Callable[[float], int]) -> Any:
    """A minimum/maximum as a value of the column's type.

    For integer columns a fractional bound is moved inwards to the nearest whole number
    (minimum 0.5 is minimum 1), which checks the same values and clips to an integer.
    """
    if datatype in INTEGERS:
        number = typed_scalar(value, Datatype.DOUBLE)
        return number if pd.isna(number) else to_whole(float(number))
    return typed_scalar(value, datatype)


def find_violations(values: pd.Series, column: Column) -> list[Violation]:
    """Every check of `column` that some non-null value of `values` breaks."""
    present = values.notna()
    found: list[Violation] = []
    if column.minimum is not None:
        bound = _bound(column.minimum, column.datatype, math.ceil)
        mask = present & (values < bound).fillna(False)
        found.append(Violation("minimum", mask, f"below minimum {column.minimum}", bound))
    if column.maximum is not None:
        bound = _bound(column.maximum, column.datatype, math.floor)
        mask = present & (values > bound).fillna(False)
        found.append(Violation("maximum", mask, f"above maximum {column.maximum}", bound))
    if column.allowed_values:
        allowed = [typed_scalar(v, column.datatype) for v in column.allowed_values]
        mask = present & ~values.isin(allowed).fillna(False)
        found.append(Violation("allowedValues", mask, "not an allowed value"))
    if column.pattern is not None:
        matches = fullmatch(values, column.pattern)  # Python's `re`, run by RE2 where exact
        found.append(Violation("pattern", present & ~matches, "does not match the pattern"))
    return [v for v in found if bool(v.mask.any())]
