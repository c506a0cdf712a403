"""Type coercion of raw column values to a column's declared datatype, vectorised.

Values that cannot be parsed become null and are flagged, so the column's null strategy decides
what happens to them and the run report counts them.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..metadata.model import Datatype
from . import regex

INTEGERS = {Datatype.INTEGER, Datatype.LONG, Datatype.SHORT}
FLOATS = {Datatype.DECIMAL, Datatype.DOUBLE, Datatype.FLOAT}
TEXTUAL = {Datatype.STRING, Datatype.JSON, Datatype.BINARY}
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_TRUE = {"true", "t", "1", "yes", "y", "да", "д"}
_FALSE = {"false", "f", "0", "no", "n", "нет", "н"}

# Tried in order on the values still unparsed; ISO first so 2026-06-01 is never read day-first.
DATE_FORMATS = (
    "ISO8601",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y/%m/%d",
    "%Y.%m.%d",
)


def coerce(values: pd.Series, datatype: Datatype) -> tuple[pd.Series, pd.Series]:
    """(coerced values, mask of values that were present but could not be parsed).

    A blank text (empty or only spaces) in a column that is not text is a missing value, not a
    parse failure: CSV files read as text hold '' for every empty cell.
    """
    if datatype in FLOATS and _is_text(values):
        numbers = _plain_numbers(values)
        if numbers is not None:  # every value parsed: none failed
            return numbers, pd.Series(False, index=values.index)
    convert = _CONVERTERS.get(datatype, _to_string)
    result = convert(values)
    present = values.notna()
    if datatype not in TEXTUAL and (_is_text(values) or _may_hold_text(values)):
        present &= _text(values).ne("").fillna(True).astype(bool)
    failed = present & result.isna()
    return result, failed


def _is_text(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.StringDtype)


def _objects_of(values: pd.Series) -> str:
    """What an object column holds ('decimal', 'date', 'string', 'mixed', ...), else ''."""
    if values.dtype != object:
        return ""
    return str(pd.api.types.infer_dtype(values, skipna=True))


def _may_hold_text(values: pd.Series) -> bool:
    """Whether an object column may hold a blank text (a database's Decimals or dates do not)."""
    return values.dtype == object and _objects_of(values) not in _NEVER_TEXT


_NEVER_TEXT = {"decimal", "date", "datetime", "integer", "floating", "boolean"}


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip()


def _to_string(values: pd.Series) -> pd.Series:
    return values.astype("string")


def _to_integer(values: pd.Series) -> pd.Series:
    if values.dtype.kind == "i":  # numpy and nullable signed integers
        return values.astype("Int64")
    if values.dtype.kind == "f":
        return _whole(_to_float(values))
    # Text (and uint64, Decimal, Python int objects): digits are parsed exactly, since a
    # bigint ID above 2**53 must not go through a float; '3.0' or '1e3' still may.
    text = _number_text(values)
    digits = text.str.fullmatch(r"[+-]?\d+").fillna(False).astype(bool)
    result = _whole(_from_number_text(text.where(~digits)))
    positions = np.flatnonzero(digits.to_numpy())
    exact = [int(t) for t in text.iloc[positions]]
    fits = np.array([_INT64_MIN <= n <= _INT64_MAX for n in exact], dtype=bool)
    if fits.any():
        result.iloc[positions[fits]] = pd.array(
            [n for n, ok in zip(exact, fits, strict=True) if ok], dtype="Int64"
        )
    return result


def _whole(numbers: pd.Series) -> pd.Series:
    """Float64 values that are whole numbers within int64, as Int64 (others null)."""
    whole = numbers.notna() & (numbers.round() == numbers) & (numbers.abs() < 2**63)
    result = numbers.where(whole).astype("Float64")
    return result.round().astype("Int64")


def _to_float(values: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        return values.astype("Float64")
    if _objects_of(values) == "decimal":
        # a database's numeric column: float(Decimal) rounds as parsing its text does
        objects = values.to_numpy(object)
        present = ~pd.isna(objects)
        floats = np.full(len(objects), math.nan)
        floats[present] = [float(v) for v in objects[present]]
        return pd.Series(floats, index=values.index).astype("Float64")
    return _from_number_text(_number_text(values))


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """Text that is plain number text throughout ('-12.50': digits, an optional minus and
    decimal point, as a database's numeric column reads as text) parsed by Arrow in one pass;
    None if some value is spelled otherwise (blanks, commas, exponents), for the full clean-up.
    Arrow's parse rounds correctly, as `float(Decimal(text))` and `pd.to_numeric` do."""
    text = pa.array(values.array)
    if not regex.plain_numbers(
        text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    ):
        return None
    numbers = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(numbers, index=values.index).astype("Float64")


def _number_text(values: pd.Series) -> pd.Series:
    """Number text in one spelling: no spaces, '.' as the decimal point, ASCII minus.

    '1 234,5' and '1.234,5' become '1234.5', '1,234.5' becomes '1234.5'; a lone comma is a
    decimal comma ('1,5' is 1.5), as in Russian spelling.
    """
    if _objects_of(values) == "decimal":
        # a database's numeric column: Decimal's text has no blanks, commas or other minus
        return values.astype("string")
    text = _text(values).str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    text = text.str.replace("\u2212", "-", regex=False)
    comma, dot = text.str.rfind(","), text.str.rfind(".")
    decimal_comma = (comma > dot).fillna(False).astype(bool)
    grouping_comma = ((dot > comma) & (comma >= 0)).fillna(False).astype(bool)
    european = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    text = text.mask(decimal_comma, european)
    text = text.mask(grouping_comma, text.str.replace(",", "", regex=False))
    return text


def _from_number_text(text: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(text, errors="coerce")
    return pd.Series(numbers, index=text.index).astype("Float64")


def _to_boolean(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean")
    text = _text(values).str.lower()
    result = pd.Series(pd.NA, index=values.index, dtype="boolean")
    result[text.isin(_TRUE).fillna(False)] = True
    result[text.isin(_FALSE).fillna(False)] = False
    return result


def parse_datetimes(values: pd.Series) -> pd.Series:
    """Parse mixed date/time formats into one datetime64 column (naive UTC for aware input)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _naive_utc(values)
    if _objects_of(values) == "date":  # a database's date column: Arrow converts in bulk
        days = _only_dates(values)
        if days is not None:
            stamps = days.cast(pa.timestamp("us")).to_numpy(zero_copy_only=False)
            return pd.Series(stamps, index=values.index)
    if values.dtype == object and values.map(lambda v: hasattr(v, "year")).all():
        return _naive_utc(pd.to_datetime(values, errors="coerce", utc=True))
    text = _text(values)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    pending = text.notna()
    for fmt in DATE_FORMATS:
        if not pending.any():
            break
        parsed = pd.to_datetime(text[pending], format=fmt, errors="coerce", utc=True)
        parsed = _naive_utc(parsed)
        hit = parsed.notna()
        result.loc[hit[hit].index] = parsed[hit]
        pending.loc[hit[hit].index] = False
    return result


def _only_dates(values: pd.Series) -> pa.Array | None:
    """The values as Arrow dates if every one is a plain date; None if some also carry a time
    of day (pandas calls a column of dates mixed with datetimes 'date' too)."""
    objects = values.to_numpy(object)
    if set(map(type, objects[~pd.isna(objects)])) != {datetime.date}:
        return None  # Arrow would cut a datetime after a date down to its day
    return pa.array(objects, type=pa.date32(), from_pandas=True)


def _naive_utc(values: pd.Series) -> pd.Series:
    series = pd.Series(values)
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    return series.astype("datetime64[us]")


def _to_date(values: pd.Series) -> pd.Series:
    parsed = parse_datetimes(values)
    result: pd.Series = parsed.dt.normalize()
    return result


def _to_time(values: pd.Series) -> pd.Series:
    text = _text(values)
    parsed = pd.to_datetime(text, format="mixed", errors="coerce")
    return parsed.dt.strftime("%H:%M:%S").astype("string")


def _to_duration(values: pd.Series) -> pd.Series:
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        return values
    result: pd.Series = pd.to_timedelta(_text(values), errors="coerce")
    return result


def _to_object(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), None)


_CONVERTERS: dict[Datatype, Callable[[pd.Series], pd.Series]] = {
    **{d: _to_integer for d in INTEGERS},
    **{d: _to_float for d in FLOATS},
    Datatype.BOOLEAN: _to_boolean,
    Datatype.DATE: _to_date,
    Datatype.DATETIME: parse_datetimes,
    Datatype.TIME: _to_time,
    Datatype.DURATION: _to_duration,
    Datatype.STRING: _to_string,
    Datatype.JSON: _to_string,
    Datatype.BINARY: _to_object,
}
