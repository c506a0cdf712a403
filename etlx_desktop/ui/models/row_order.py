"""Row permutations and masks for the grid models: numpy only, nothing per row in Python."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def sort_ranks(series: pd.Series, text: npt.NDArray[np.object_]) -> FloatArray:
    """Sort keys of a column: ranks of its values in their own type (numbers as numbers,
    dates as dates), or of its shown text when the values cannot be compared (mixed types)."""
    try:
        ranked = series.rank(method="min", na_option="keep")
    except TypeError:
        ranked = pd.Series(text).rank(method="min")
    return np.asarray(ranked.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def sort_permutation(ranks: FloatArray, nulls: BoolArray, descending: bool) -> IntArray:
    """Stable order of all rows by `ranks`; null rows last in either direction."""
    valid = np.flatnonzero(~nulls)
    keys = ranks[valid]
    if descending:  # sort the reversed keys and reverse back: equal keys keep their order
        ordered = valid[::-1][np.argsort(keys[::-1], kind="stable")][::-1]
    else:
        ordered = valid[np.argsort(keys, kind="stable")]
    return np.concatenate([ordered, np.flatnonzero(nulls)]).astype(np.intp)


def fold(text: npt.NDArray[np.object_]) -> np.ndarray:
    """Lower-cased text as a numpy string array, for vectorised case-insensitive search."""
    return np.strings.lower(np.asarray(text, dtype=np.dtypes.StringDType()))


def contains(folded: np.ndarray, needle: str) -> BoolArray:
    """Rows whose folded text contains `needle` (already lower-cased)."""
    return np.asarray(np.strings.find(folded, needle) >= 0, dtype=bool)
