"""A column's sample as the validators see it: the non-null values as stripped text."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

DEFAULT_VALUES = 1000


@dataclass(frozen=True)
class ColumnSample:
    """Up to `limit` non-null values of one column: as read, and as text."""

    raw: tuple[object, ...]
    texts: tuple[str, ...]
    integers: bool  # every value was a number without a fraction (leading zeros are lost)

    def __len__(self) -> int:
        return len(self.texts)


def column_sample(
    values: pd.Series | Iterable[object],
    *,
    null_markers: Iterable[str] = (),
    limit: int = DEFAULT_VALUES,
) -> ColumnSample:
    """The first `limit` values that are not null, blank or one of `null_markers`."""
    markers = {m.strip().lower() for m in null_markers}
    raw: list[object] = []
    texts: list[str] = []
    integers = True
    items = values.tolist() if isinstance(values, pd.Series) else values
    for value in items:
        text, integral = _as_text(value)
        if text is None or text.lower() in markers:
            continue
        raw.append(value)
        texts.append(text)
        integers = integers and integral
        if len(texts) >= limit:
            break
    return ColumnSample(tuple(raw), tuple(texts), integers and bool(texts))


def _as_text(value: object) -> tuple[str | None, bool]:
    """The value as stripped text (None for a null or blank), and whether it is an integer."""
    if value is None or value is pd.NA or value is pd.NaT or isinstance(value, bytes | bool):
        return None, False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, date):
        return value.isoformat(), False
    text = str(value).strip()
    return (text or None), False


def _number_text(value: float | Decimal) -> tuple[str | None, bool]:
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        return None, False
    if value == int(value):
        return str(int(value)), True
    return str(value), False
