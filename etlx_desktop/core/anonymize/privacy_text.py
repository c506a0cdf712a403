"""Column values spelled in their canonical text, as Arrow string arrays.

The privacy checks compare values by the text `as_text` gives them (5, 5.0 and "5" are the same
value; a date and a midnight datetime spell alike), so a hash of that text
(`privacy_texthash`) makes an integer key meet its decimal foreign key. Text columns are used as
they are (no copy for Arrow-backed strings); integers, floats and naive datetimes are spelled
vectorised by Arrow, with Python's spelling restored where Arrow's differs; anything else goes
value by value through `as_text`. A null stays a null (NaN included).
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .basic import as_text

TextArray: TypeAlias = Any  # a pyarrow text Array or ChunkedArray (pyarrow is untyped)


def canonical_arrow(values: pd.Series) -> TextArray:
    """The values as `as_text` spells them, in an Arrow text array (nulls stay null)."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        return _arrow(values)
    if pd.api.types.is_integer_dtype(dtype):
        return pc.cast(_arrow(values), pa.string())
    if pd.api.types.is_float_dtype(dtype):
        return _float_text(values)
    if isinstance(dtype, np.dtype) and dtype.kind == "M" and not _has_nanoseconds(values):
        return _datetime_text(values)
    inferred = (
        pd.api.types.infer_dtype(values, skipna=True) if pd.api.types.is_object_dtype(dtype) else ""
    )
    if inferred == "string":
        return pa.array(values.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    if inferred == "date":
        return _datetime_text(values.astype("datetime64[us]"))  # dates: all at midnight
    return _arrow(as_text(values))


def text_column(values: pd.Series) -> bool:
    """Whether `canonical_arrow` spells `values` without a Python call per value (text, also
    in an object column, and numbers), so hashing every row costs about what finding its
    distinct values first would."""
    dtype = values.dtype
    if pd.api.types.is_object_dtype(dtype):
        return pd.api.types.infer_dtype(values, skipna=True) == "string"
    return (
        isinstance(dtype, pd.StringDtype)
        or pd.api.types.is_integer_dtype(dtype)
        or pd.api.types.is_float_dtype(dtype)
    )


def _arrow(values: pd.Series) -> TextArray:
    arrow: TextArray = pa.array(values.array)
    return arrow


def _float_text(values: pd.Series) -> TextArray:
    """Whole numbers as integers ('5'), the rest as Python's repr ('2.5', '1e-05')."""
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    finite = np.isfinite(numbers)
    whole = finite & (numbers == np.floor(numbers)) & (np.abs(numbers) < 2.0**63)
    if whole.all():
        return pc.cast(pa.array(numbers.astype(np.int64)), pa.string())
    text = pc.cast(pa.array(numbers, from_pandas=True), pa.string())  # NaN: null
    if whole.any():
        integers = pc.cast(pa.array(np.where(whole, numbers, 0).astype(np.int64)), pa.string())
        text = pc.if_else(pa.array(whole), integers, text)
    # Arrow writes exponents and tiny numbers its own way: Python's repr for those
    odd = ~whole & (np.abs(numbers) < 1e-4)
    if _has_byte(text, b"e"):
        odd |= np.asarray(pc.match_substring(text, "e").to_numpy(zero_copy_only=False), dtype=bool)
        odd &= ~whole & ~np.isnan(numbers)
    if not odd.any():
        return text
    patched = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
    patched[odd] = [repr(x) for x in numbers[odd].tolist()]
    return pa.array(patched, type=pa.string())


def _has_byte(text: TextArray, byte: bytes) -> bool:
    """Whether any text of a (non-chunked) Arrow string array holds `byte` (a quick scan of
    its data buffer; a null's bytes count too, so True may be wrong, False never is)."""
    data = text.buffers()[2]
    return data is not None and bool((np.frombuffer(data, dtype=np.uint8) == byte[0]).any())


def _has_nanoseconds(values: pd.Series) -> bool:
    return values.dtype == np.dtype("datetime64[ns]") and bool(
        (values.dt.nanosecond.fillna(0) != 0).any()
    )


def _datetime_text(values: pd.Series) -> TextArray:
    """'2024-05-01' at midnight, '2024-05-01 10:00:00', or with '.123000' microseconds."""
    stamps = values.astype("datetime64[us]")
    full = pc.cast(pa.array(stamps.to_numpy(), from_pandas=True), pa.string())
    midnight = (stamps == stamps.dt.normalize()).to_numpy()
    whole = (stamps.dt.microsecond == 0).to_numpy()
    seconds = pc.if_else(whole, pc.utf8_slice_codeunits(full, 0, 19), full)
    text: TextArray = pc.if_else(midnight, pc.utf8_slice_codeunits(full, 0, 10), seconds)
    return text
