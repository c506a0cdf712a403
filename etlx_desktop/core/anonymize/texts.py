"""Values as text: the one canonical spelling every keyed method hashes or masks, and the
Arrow array behind such a text column."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa


def as_text(values: pd.Series) -> pd.Series:
    """The values as text in one canonical spelling, decided value by value.

    pandas spells a datetime column date-only when every value in it is at midnight, and a
    whole float as '1.0'; either would make the text (and so a hash or mask) depend on the
    other values in the chunk, or break joins between an integer and a decimal key column.
    """
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype("string")
    codes, uniques = pd.factorize(values)
    texts = np.asarray([*(_canonical(u) for u in uniques), None], dtype=object)
    return pd.Series(texts[codes], index=values.index, dtype="string")


def _canonical(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating, Decimal)):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and abs(number) < 2**63:
            return str(int(value))
        return repr(number)
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        if stamp == stamp.normalize():
            return stamp.date().isoformat()
        return stamp.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def arrow_text(text: pd.Series) -> pa.Array:
    """The Arrow array behind a text column (`as_text` output), in one chunk."""
    data = getattr(text.array, "_pa_array", None)
    if data is None:
        return pa.array(np.asarray(text, dtype=object), type=pa.large_string(), from_pandas=True)
    return data.combine_chunks() if isinstance(data, pa.ChunkedArray) else data
